#!/usr/bin/env bash
# Webhook faults against a real receiver on loopback (scripts/webhook_receiver.py, which
# checks every signature with the `standardwebhooks` package): endpoints answering 500,
# 429 with Retry-After, 410, one slower than the 15 s timeout, one down until it comes
# up; then the server is SIGKILLed mid-batch and restarted. Every event must reach every
# live endpoint at least once, each request correctly signed. Args: a database URL
# (sqlite://… or postgres://…, a database that may be created from empty).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=${CRM_BIN:-$target/debug/crm}; tools=${CRM_TOOLS:-$target/tools}
db=${1:?database url}
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port); port=$(free_port)
echo '{}' >"$work/secrets.json"; : >"$work/log.jsonl"
"$tools"/venv/bin/python scripts/webhook_receiver.py "$rport" "$work/secrets.json" "$work/log.jsonl" &
rpid=$!
pid=""
cleanup() { kill $rpid $pid 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
serve() {
  CRM_LOG=warn CRM_WEBHOOK_ALLOW_PRIVATE=1 "$bin" serve --listen "127.0.0.1:$port" \
    --database-url "$db" >>"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "$api/health/ready" >/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$work/serve.log"; exit 1
}
api=http://127.0.0.1:$port
hooks=http://127.0.0.1:$rport
serve
token=$(curl -sf -X POST "$api/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"organisation_name":"Hooks","name":"H","email":"h@example.com","password":"correct horse battery"}' | jq -r .access_token)
auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
endpoint() { # path, event types (JSON)[, base URL] → id; the secret goes to the receivers
  local id
  id=$(curl -sf -X POST "$api/v1/webhook-endpoints" "${auth[@]}" \
    -d "{\"url\":\"${3:-$hooks}$1\",\"event_types\":$2}" | jq -r .id)
  jq --arg p "$1" --arg s "$(curl -sf "$api/v1/webhook-endpoints/$id/secret" "${auth[@]}" | jq -r .secret)" \
    '. + {($p): $s}' "$work/secrets.json" >"$work/s.tmp" && mv "$work/s.tmp" "$work/secrets.json"
  echo "$id"
}
people() { # how many, in batches of 100
  local n=$1
  while [ "$n" -gt 0 ]; do
    local k=$(( n < 100 ? n : 100 ))
    jq -nc --argjson k "$k" '{items: [range($k) | {action: "create", person: {first_name: "P\(.)"}}]}' \
      | curl -sf -X POST "$api/v1/people/batch" "${auth[@]}" -d @- >/dev/null
    n=$(( n - k ))
  done
}
# Distinct events a path got with a 2xx answer.
delivered() { jq -r --arg p "$1" 'select(.path == $p and .status == 200) | .id' "$work/log.jsonl" | sort -u | wc -l; }
wait_for() { # path, count, seconds
  for _ in $(seq 1 $(( $3 * 5 ))); do [ "$(delivered "$1")" -ge "$2" ] && return; sleep 0.2; done
  echo "$1 got $(delivered "$1") of $2 events within $3 s"; tail -20 "$work/serve.log"; exit 1
}

for p in /ok /flaky /busy /gone; do endpoint "$p" '["person.created"]' >/dev/null; done
endpoint /slow '["company.created"]' >/dev/null
# An endpoint nothing listens on yet: a second receiver comes up on its port later.
dport=$(free_port)
down=$(endpoint /late '["company.created"]' "http://127.0.0.1:$dport")
gone=$(curl -sf "$api/v1/webhook-endpoints" "${auth[@]}" | jq -r '.data[] | select(.url | endswith("/gone")) | .id')
people 200
for n in 1 2 3; do
  curl -sf -X POST "$api/v1/companies" "${auth[@]}" -d "{\"name\":\"Company $n\"}" >/dev/null
done
# The first attempts to /late find nobody; its receiver starts before the retry (5 s).
for _ in $(seq 1 50); do
  first=$(curl -sf "$api/v1/webhook-endpoints/$down/deliveries" "${auth[@]}" | jq -r '.data[0].last_error')
  [ "$first" != null ] && break; sleep 0.1
done
case "$first" in "could not connect"*) ;; *) echo "the endpoint that is down logged: $first"; exit 1 ;; esac
"$tools"/venv/bin/python scripts/webhook_receiver.py "$dport" "$work/secrets.json" "$work/log.jsonl" &
rpid="$rpid $!"
wait_for /ok 200 30
wait_for /flaky 200 40   # each first attempt 500, retried after 5 s
wait_for /busy 200 40    # each first attempt 429 + Retry-After: 1
wait_for /slow 3 60      # each first attempt past the 15 s timeout, retried after 5 s
wait_for /late 3 30      # refused at first, delivered by the retry once it listens
[ "$(curl -sf "$api/v1/webhook-endpoints/$gone" "${auth[@]}" | jq -r .enabled)" = false ] \
  || { echo "410 did not disable /gone"; exit 1; }
# Requests already in flight when the first 410 came are answered 410 too; after the
# endpoint is disabled nothing more is sent to it.
gone_n=$(jq -r --arg p /gone 'select(.path == $p) | .id' "$work/log.jsonl" | wc -l)
people 50
wait_for /ok 250 30
[ "$(jq -r --arg p /gone 'select(.path == $p) | .id' "$work/log.jsonl" | wc -l)" -eq "$gone_n" ] \
  || { echo "/gone was sent events after it answered 410"; exit 1; }
echo "500, 429, 410, timeout and a receiver down: every event delivered, 410 disabled its endpoint"

# SIGKILL mid-batch: the claims of the killed process are sent again after the restart.
endpoint /ok2 '["person.created"]' >/dev/null
people 400
for _ in $(seq 1 200); do [ "$(delivered /ok2)" -ge 20 ] && break; sleep 0.05; done
got=$(delivered /ok2)
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
echo "SIGKILL with /ok2 at $got of 400 events"
serve
wait_for /ok2 400 120
dups=$(jq -r --arg p /ok2 'select(.path == $p) | .id' "$work/log.jsonl" | sort | uniq -d | wc -l)
bad=$(jq -r 'select(.verified | not) | .path' "$work/log.jsonl" | wc -l)
[ "$bad" -eq 0 ] || { echo "$bad requests failed the standardwebhooks signature check"; exit 1; }
echo "after SIGKILL and restart: /ok2 got all 400 events ($dups sent twice, at least once holds); every signature verified"
