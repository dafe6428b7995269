#!/usr/bin/env bash
# make bench-ab: the same workloads against two release builds, alternated round
# by round on one machine, so a change's cost is not confused with the machine's mood
# on another day. Prints req/s and the server's CPU µs per request for each workload.
#   AB_OLD_BIN, AB_NEW_BIN  the two binaries (build the old one from a worktree)
#   AB_OLD_EMAIL            the old build's email input key (`value` before stop 21)
#   AB_PEOPLE (200000), AB_ROUNDS (2), AB_SECONDS (8)
#   AB_BACKEND              sqlite (default) or postgres: one private server with fsync
#                           on, a database seeded for each build, stopped at the end
# SQLite databases are kept in $AB_DIR (/tmp/crm-ab) between runs; delete it to reseed.
set -u
cd "$(dirname "$0")/.."
backend=${AB_BACKEND:-sqlite}
people=${AB_PEOPLE:-200000}
rounds=${AB_ROUNDS:-2}
secs=${AB_SECONDS:-8}
root=${AB_DIR:-/tmp/crm-ab}
pgdir=""
if [ "$backend" = postgres ]; then
  pgdir=$(mktemp -d /tmp/crm-ab-pg.XXXXXX)
  pgurl=$(BENCH_DURABLE=1 scripts/pg.sh start "$pgdir")
  trap 'scripts/pg.sh stop "$pgdir"' EXIT
  root=$root-pg
  rm -rf "$root"
  # One seeded database for both builds: the new one is a copy (TEMPLATE) of the old
  # one's, and the new build migrates it when it starts.
  psql -q "$pgurl" -c "CREATE DATABASE ab_old"
  mkdir -p $root/old $root/new
  ${AB_OLD_BIN:?the old build} seed --people $people --database-url "${pgurl%/postgres}/ab_old" > $root/old/p.json 2>/dev/null
  psql -q "$pgurl" -c "CREATE DATABASE ab_new TEMPLATE ab_old"
  cp $root/old/p.json $root/new/
fi
rm -f $root/rounds.txt; mkdir -p $root
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# SQLite: one seeded file for both builds, seeded by the old one; the new build migrates
# its copy when it starts. Files seeded separately differed by more than the builds did
# (a read whose code had not changed came out 12-16% apart).
if [ "$backend" = sqlite ] && [ ! -f $root/new/p.json ]; then
  mkdir -p $root/old $root/new
  if [ ! -f $root/old/p.json ]; then
    rm -f $root/old/p.db*
    ${AB_OLD_BIN:?the old build} seed --people $people --database-url "sqlite://$root/old/p.db?mode=rwc" > $root/old/p.json 2>/dev/null
  fi
  cp $root/old/p.db* $root/old/p.json $root/new/
fi
# Odd rounds run old then new, even rounds new then old: a machine that slows (or
# warms) during the run weighs on both builds alike.
for round in $(seq 1 "$rounds"); do
order="old new"; [ $((round % 2)) = 0 ] && order="new old"
for name in $order; do
  if [ $name = old ]; then bin=${AB_OLD_BIN:?the old build}; else bin=${AB_NEW_BIN:?the new build}; fi
  dir=$root/$name; mkdir -p $dir
  url="sqlite://$dir/p.db"
  [ "$backend" = postgres ] && url=${pgurl%/postgres}/ab_$name
  if [ ! -f $dir/p.json ]; then
    rm -f $dir/p.db*
    seed_url=$url; [ "$backend" = sqlite ] && seed_url="$url?mode=rwc"
    $bin seed --people $people --database-url "$seed_url" > $dir/p.json 2>/dev/null
  fi
  CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 $bin serve --listen 127.0.0.1:$port --database-url "$url" > $dir/serve.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$port/health/ready >/dev/null && break; sleep 0.1; done
  owner=$(jq -r .owner_email $dir/p.json)
  token=$(curl -sf -X POST http://127.0.0.1:$port/v1/auth/login -H 'content-type: application/json' -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
  ids=$(jq -r '.sample_ids[]' $dir/p.json | awk 'BEGIN{printf "{"} {printf "%s\"%s\"", (NR>1?",":""), $1} END{printf "}"}')
  email_field=address; [ $name = old ] && email_field=${AB_OLD_EMAIL:-address}
  cat > $dir/read.lua <<LUA
local ids = $ids
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format("GET", "/v1/people/" .. ids[math.random(#ids)]) end
LUA
  cat > $dir/page.lua <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
  cat > $dir/search.lua <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"filter":{"all":[{"field":"lifecycle_stage","op":"eq","value":"customer"},{"field":"tags","op":"contains","value":"vip"}]},"limit":50}'
LUA
  cat > $dir/patch.lua <<LUA
local ids = $ids
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function() return wrk.format(nil, "/v1/people/" .. ids[math.random(#ids)], nil, '{"last_name":"P' .. math.random(1000000) .. '"}') end
LUA
  cat > $dir/create.lua <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.format('{"first_name":"B","last_name":"W%d-%d","emails":[{"$email_field":"w%d-%d-r$round@bench.example"}],"tags":["bench"]}', tid, n, tid, n))
end
LUA
  line="$name r$round:"
  for w in "read /" "page /v1/people?limit=50" "search /v1/people/search" "create /v1/people" "patch /"; do
    set -- $w
    c0=$(awk '{print $14+$15}' /proc/$pid/stat)
    wrk -t2 -c32 -d${secs}s -s $dir/$1.lua http://127.0.0.1:$port$2 > $dir/wrk.txt
    c1=$(awk '{print $14+$15}' /proc/$pid/stat)
    n=$(awk '/requests in/{print $1}' $dir/wrk.txt)
    non=$(awk '/Non-2xx/{print $NF}' $dir/wrk.txt)
    line="$line $1 $(awk '/^Requests\/sec/{printf "%.0f", $2}' $dir/wrk.txt)/$(( (c1-c0)*10000 / n ))us${non:+ ERR$non}"
  done
  echo "$line" | tee -a $root/rounds.txt
  kill $pid; wait $pid 2>/dev/null
done
done
python3 bench/ab_summary.py $root/rounds.txt
