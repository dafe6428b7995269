#!/usr/bin/env bash
# make bench-instructions: instructions executed per request (valgrind's callgrind) for
# bench-ab's five workloads on two builds. A count does not move with the machine's
# load the way req/s does (req/s of one binary moved 2x within a session here), so a
# few-percent difference between builds can be told from noise.
#   INS_OLD_BIN, INS_NEW_BIN  the two binaries (release builds)
#   INS_OLD_EMAIL            the old build's email input key (`value` before stop 21)
#   INS_PEOPLE (20000), INS_REQUESTS (300), INS_WARMUP (50), INS_DIR (/tmp/crm-ins)
# Requests go one at a time on one connection, after a warm-up; every thread's
# instructions count (the server's workers and SQLite's). SQLite only.
set -eu
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions needs valgrind (apt-get install valgrind)" >&2; exit 1; }
root=${INS_DIR:-/tmp/crm-ins}
people=${INS_PEOPLE:-20000}
mkdir -p $root/seed
if [ ! -f $root/seed/p.json ]; then
  rm -f $root/seed/p.db*
  ${INS_OLD_BIN:?the old build} seed --people $people --database-url "sqlite://$root/seed/p.db?mode=rwc" > $root/seed/p.json 2>/dev/null
fi
for name in old new; do
  if [ $name = old ]; then bin=$INS_OLD_BIN; email=${INS_OLD_EMAIL:-address}; else bin=${INS_NEW_BIN:?the new build}; email=address; fi
  dir=$root/$name; rm -rf $dir; mkdir -p $dir
  cp $root/seed/p.db* $dir/
  url="sqlite://$dir/p.db"
  CRM_LOG=warn $bin migrate up --database-url "$url" > $dir/migrate.log 2>&1 || CRM_DATABASE_URL=$url CRM_LOG=warn $bin migrate up > $dir/migrate.log 2>&1 || true
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
    valgrind --tool=callgrind --callgrind-out-file=$dir/cg.out.%p --dump-instr=no \
    $bin serve --listen 127.0.0.1:$port --database-url "$url" > $dir/serve.log 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf http://127.0.0.1:$port/health/ready >/dev/null && break; sleep 0.5; done
  owner=$(jq -r .owner_email $root/seed/p.json)
  token=$(curl -sf -X POST http://127.0.0.1:$port/v1/auth/login -H 'content-type: application/json' \
    -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
  echo "$name: $(python3 bench/instructions.py $port $pid $token $root/seed/p.json $dir $email)" | tee -a $root/counts.txt
  kill $pid; wait $pid 2>/dev/null || true
done
