#!/usr/bin/env bash
# Email faults against a real SMTP server on loopback (scripts/smtp_sink.py, aiosmtpd):
# the SMTP server down when messages are queued, then up; a 451 to each first attempt;
# a 550 for one address; the server SIGKILLed mid-batch and restarted. Every message must
# reach its address, the 550 one must fail without a retry, and a kill may send again
# only the messages in flight (32), never a whole batch. Args: a database URL (sqlite://…
# or postgres://…, a database that may be created from empty).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=${CRM_BIN:-$target/debug/crm}; tools=${CRM_TOOLS:-$target/tools}
db=${1:?database url}
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sport=$(free_port); port=$(free_port)
: >"$work/mail.jsonl"; echo accept >"$work/mode"
pid=""; spid=""
cleanup() { kill $pid $spid 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
sql() { # one value
  case "$db" in
    sqlite://*) python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
      "$(echo "${db#sqlite://}" | cut -d'?' -f1)" "$1" ;;
    *) psql -At "$db" -c "$1" ;;
  esac
}
sink() { "$tools"/venv/bin/python scripts/smtp_sink.py "$sport" "$work/mail.jsonl" "$work/mode" & spid=$!; sleep 1; }
serve() { # [run jobs: true|false]
  CRM_RUN_JOBS=${1:-true} CRM_LOG=warn CRM_SMTP_URL="smtp://127.0.0.1:$sport" "$bin" serve --listen "127.0.0.1:$port" \
    --database-url "$db" >>"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "$api/health/ready" >/dev/null && return; sleep 0.1; done
  echo "the server did not start"; cat "$work/serve.log"; exit 1
}
api=http://127.0.0.1:$port
serve
org() { # name → an owner's token
  curl -sf -X POST "$api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"organisation_name\":\"$1\",\"name\":\"O\",\"email\":\"owner@$1.test\",\"password\":\"correct horse battery\"}" | jq -r .access_token
}
invite() { # token, address
  curl -sf -X POST "$api/v1/users" -H "Authorization: Bearer $1" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"name\":\"N\",\"role\":\"sales\"}" >/dev/null
}
received() { jq -r '.message_id' "$work/mail.jsonl" | sort -u | wc -l; }
wait_until() { # description, shell condition, seconds
  for _ in $(seq 1 $(( $3 * 5 ))); do eval "$2" && return; sleep 0.2; done
  echo "not within $3 s: $1 (received $(received))"; tail -20 "$work/serve.log"; exit 1
}

# Down: messages queued while nothing listens are tried, refused, and sent by the retry.
t=$(org down)
for n in $(seq 1 20); do invite "$t" "down$n@mail.test"; done
wait_until "20 first attempts fail" '[ "$(sql "SELECT COUNT(*) FROM email_messages WHERE attempts >= 1 AND last_error IS NOT NULL")" -ge 20 ]' 20
sink
wait_until "20 sent after the SMTP server came up" '[ "$(received)" -ge 20 ]' 30
echo "SMTP down: 20 messages refused at first, every one sent by the retry"

# Refusing: a 451 is retried, a 550 fails at once.
printf 'tempfail\nreject nobody@mail.test\n' >"$work/mode"
t=$(org refusing)
for n in $(seq 1 10); do invite "$t" "temp$n@mail.test"; done
invite "$t" nobody@mail.test
wait_until "10 sent after a 451" '[ "$(received)" -ge 30 ]' 30
wait_until "the 550 fails" '[ "$(sql "SELECT COUNT(*) FROM email_messages WHERE to_address = '"'"'nobody@mail.test'"'"' AND status = '"'"'failed'"'"'")" -eq 1 ]' 10
[ "$(sql "SELECT attempts FROM email_messages WHERE to_address = 'nobody@mail.test'")" -eq 1 ] \
  || { echo "the 550 was tried again"; exit 1; }
! grep -q nobody@mail.test "$work/mail.jsonl" || { echo "nobody@mail.test received mail"; exit 1; }
echo "451: 10 messages retried and sent; 550: failed after one attempt, never retried"

# SIGKILL mid-batch: 270 messages are queued by a server that runs no workers; one that
# does starts sending them and is killed once 20 are in.
echo accept >"$work/mode"
kill "$pid"; wait "$pid" 2>/dev/null || true
serve false
for o in k1 k2 k3; do
  t=$(org "$o")
  for n in $(seq 1 90); do invite "$t" "$o-$n@mail.test"; done
done
kill "$pid"; wait "$pid" 2>/dev/null || true
serve
wait_until "20 of the 270 in" '[ "$(received)" -ge 50 ]' 30
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
echo "SIGKILL with $(( $(received) - 30 )) of 270 messages in"
serve
wait_until "all 270 sent after the restart" '[ "$(received)" -ge 300 ]' 120
# Those the killed server had sent but not recorded wait out its 60 s lease and go again.
wait_until "every message recorded as sent" '[ "$(sql "SELECT COUNT(*) FROM email_messages WHERE status <> '"'"'succeeded'"'"' AND to_address <> '"'"'nobody@mail.test'"'"'")" -eq 0 ]' 120
total=$(wc -l <"$work/mail.jsonl"); repeats=$(( total - $(received) ))
[ "$repeats" -le 32 ] || { echo "$repeats messages were sent twice: more than the 32 in flight"; exit 1; }
echo "after SIGKILL and restart: every one of 300 messages sent, $repeats sent twice (at most the 32 in flight; each repeat carries its Message-ID)"
