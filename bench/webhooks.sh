#!/usr/bin/env bash
# make bench-webhooks (also part of make bench): issue 17's webhook delivery.
# 1. Throughput: BENCH_WEBHOOK_EVENTS (20,000) `person.created` events wait in the outbox
#    (written with the worker off); a `crm worker` then relays and delivers them to a
#    loopback receiver (bench/webhook_sink.py: asyncio, keep-alive, every 50th signature
#    checked): deliveries a second from the worker's start to the last receipt, and the
#    worker's peak RSS.
# 2. Lag: `crm serve` with its worker, people written at BENCH_WEBHOOK_RATE (1,000) events
#    a second for 20 s (batches of 50); the lag of each event from its record's
#    `created_at` (in the transaction that commits it) to its receipt: p50, p99, max.
#   BENCH_BACKEND (sqlite or postgres), WEBHOOKS_BIN (target/release/crm, built when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
events=${BENCH_WEBHOOK_EVENTS:-20000}
rate=${BENCH_WEBHOOK_RATE:-1000}
backend=${BENCH_BACKEND:-sqlite}
if [ -z "${WEBHOOKS_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${WEBHOOKS_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database webhooks.db
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); sink=$(free_port)
api=http://127.0.0.1:$port
now() { date +%s.%N; }
serve() { # run_jobs
  CRM_LOG=warn CRM_RUN_JOBS=$1 CRM_WEBHOOK_ALLOW_PRIVATE=1 CRM_RATE_LIMIT=1000000 CRM_ORG_RATE_LIMIT=1000000 \
    "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >>"$work/serve.log" 2>&1 &
  server=$!; pids+=("$server")
  for _ in $(seq 1 100); do curl -sf "$api/health/ready" >/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$work/serve.log"; exit 1
}
received() { local n; n=$(cat "$work/sink.jsonl.count" 2>/dev/null || true); echo "${n:-0}"; }

serve false
token=$(curl -sf -X POST "$api/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"organisation_name":"Bench","name":"B","email":"b@example.com","password":"correct horse battery"}' | jq -r .access_token)
auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
id=$(curl -sf -X POST "$api/v1/webhook-endpoints" "${auth[@]}" \
  -d "{\"url\":\"http://127.0.0.1:$sink/hook\",\"event_types\":[\"person.created\"]}" | jq -r .id)
secret=$(curl -sf "$api/v1/webhook-endpoints/$id/secret" "${auth[@]}" | jq -r .secret)
python3 bench/webhook_sink.py "$sink" "$secret" "$work/sink.jsonl" &
sinkpid=$!; pids+=("$sinkpid")
echo "writing $events events with the worker off ($backend)…"
python3 bench/webhook_load.py "$port" "$token" 1000000 100000 >/dev/null &
loader=$!
while [ "$(curl -sf "$api/v1/people?limit=1&include=total" "${auth[@]}" | jq -r .total)" -lt "$events" ]; do sleep 0.5; done
kill "$loader"; wait "$loader" 2>/dev/null || true
kill "$server"; wait "$server" 2>/dev/null || true
serve false
total=$(curl -sf "$api/v1/people?limit=1&include=total" "${auth[@]}" | jq -r .total)
kill "$server"; wait "$server" 2>/dev/null || true

t0=$(now)
CRM_LOG=warn CRM_WEBHOOK_ALLOW_PRIVATE=1 "$bin" worker --database-url "$url" >"$work/worker.log" 2>&1 &
worker=$!; pids+=("$worker")
rss=0
while [ "$(received)" -lt "$total" ]; do
  r=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status" 2>/dev/null || echo 0); [ "${r:-0}" -gt "$rss" ] && rss=$r
  sleep 0.1
  awk -v a="$t0" -v b="$(now)" 'BEGIN{exit !(b-a > 600)}' && { echo "not delivered in 600 s: $(received) of $total"; exit 1; }
done
t1=$(now)
kill "$worker"; wait "$worker" 2>/dev/null || true
awk -v n="$total" -v a="$t0" -v b="$t1" -v rss="$rss" \
  'BEGIN{printf "throughput: %d deliveries in %.1f s = %.0f/s (worker peak RSS %.0f MiB)\n", n, b-a, n/(b-a), rss/1024}'

before=$(received)
serve true
t2=$(now)
sent=$(python3 bench/webhook_load.py "$port" "$token" "$rate" 20)
t3=$(now)
while [ "$(received)" -lt $(( before + sent )) ]; do
  sleep 0.1
  awk -v a="$t3" -v b="$(now)" 'BEGIN{exit !(b-a > 120)}' && { echo "lag phase: $(received) of $(( before + sent ))"; exit 1; }
done
kill "$sinkpid"; wait "$sinkpid" 2>/dev/null || true
[ -n "${BENCH_KEEP:-}" ] && cp "$work/sink.jsonl" "$BENCH_KEEP"
python3 - "$work/sink.jsonl" "$before" "$sent" "$t2" "$t3" "$rate" <<'PY'
import json, sys
from datetime import datetime
path, before, sent, t2, t3, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
rows = [json.loads(l) for l in open(path)]
bad = rows[-1]["bad_signatures"]
lag = sorted(r["at"] - datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")).timestamp() for r in rows[before:-1])
q = lambda p: lag[min(len(lag) - 1, int(p * len(lag)))] * 1000
print(f"lag: {sent} events written at {sent / (t3 - t2):.0f}/s (asked {rate}/s): commit to receipt p50 {q(0.5):.0f} ms, p99 {q(0.99):.0f} ms, max {lag[-1] * 1000:.0f} ms")
print(f"signatures checked: {len(rows[:-1]) // 50}, bad {bad}")
first = rows[:before]
if first:
    span = max(r["at"] for r in first) - min(r["at"] for r in first)
    print(f"throughput check: the backlog's {len(first)} receipts spread over {span:.1f} s at the receiver")
# Lag by 5-second window of receipt, to tell a steady backlog from a stall.
start = min(r["at"] for r in rows[before:-1])
windows = {}
for r in rows[before:-1]:
    w = int((r["at"] - start) // 5)
    windows.setdefault(w, []).append(r["at"] - datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")).timestamp())
for w, l in sorted(windows.items()):
    l.sort()
    print(f"  {w * 5:3d}-{w * 5 + 5:3d} s: {len(l):5d} received, lag p50 {l[len(l) // 2] * 1000:.0f} ms, max {l[-1] * 1000:.0f} ms")
if bad:
    sys.exit("bad signatures")
PY
