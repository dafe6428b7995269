#!/usr/bin/env bash
# make bench-inbound: issue 16's email-to-case target (10,000 inbound emails threaded in
# under 60 s) on SQLite, or PostgreSQL with BENCH_BACKEND=postgres: INBOUND_THREADS (2,000) new conversations from 500 senders,
# then replies up to INBOUND_COUNT (10,000) threaded by References, posted raw by the
# relay's API key from BENCH_CONNECTIONS (16) workers. Beside it, the same rows written
# straight into the database (per message one transaction with the interaction, its
# link, the inbound row and the case or history row: bench/inbound_sql.py on SQLite,
# bench/inbound_pg.sh through pgbench on PostgreSQL) in the same run.
#   INBOUND_BIN (target/release/crm, built when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
count=${INBOUND_COUNT:-10000}
threads=${INBOUND_THREADS:-2000}
conns=${BENCH_CONNECTIONS:-16}
backend=${BENCH_BACKEND:-sqlite}
if [ -z "${INBOUND_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${INBOUND_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database i.db
"$bin" seed --people 1000 --database-url "$url" >"$work/seed.json"
owner_email=$(jq -r .owner_email "$work/seed.json")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
key=$(curl -sf -X POST "http://127.0.0.1:$port/v1/api-keys" -H "Authorization: Bearer $token" \
  -H 'content-type: application/json' -d '{"name": "relay", "role": "support"}' | jq -r .secret)
api=$(python3 bench/inbound_send.py 127.0.0.1 "$port" "$key" "$count" "$threads" 500 "$conns")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
if [ "$backend" = postgres ]; then
  raw=$(bash bench/inbound_pg.sh "$pgurl" "$count" "$threads" "$conns" "$work")
else
  raw=$(python3 bench/inbound_sql.py "$work/raw.db" "$count" "$threads")
fi
python3 - "$api" "$raw" "$count" "$backend" <<'PY'
import json, sys
api, raw, n, backend = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"inbound email, {backend}: {n} messages in {api['seconds']} s "
      f"({api['per_second']}/s; the {api['outcomes'].get('opened', 0)} openings took {api['opening_seconds']} s), "
      f"outcomes {api['outcomes']}, failures {api['failures']} {api['first_failure']}")
print(f"raw rows, same database kind: {raw['per_second']}/s; API/raw {api['per_second'] / raw['per_second']:.2f}; "
      f"target: under 60 s ({'met' if api['seconds'] < 60 and api['failures'] == 0 else 'NOT met'})")
PY
