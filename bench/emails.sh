#!/usr/bin/env bash
# make bench-emails (also part of make bench): issue 17's email sending.
# BENCH_EMAIL_ORGS (20) organisations each invite 100 staff users (the hourly limit of
# account emails an organisation sends) with the worker off: BENCH_EMAIL_ORGS × 100
# messages wait in the queue. A `crm worker` then sends them to a real SMTP server on
# loopback (scripts/smtp_sink.py, aiosmtpd): messages a second from the worker's start
# to the last one accepted. The raw figure: Python's smtplib sending the same number of
# messages of the same size to the same server over one connection.
#   BENCH_BACKEND (sqlite or postgres), EMAILS_BIN (target/release/crm, built when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
orgs=${BENCH_EMAIL_ORGS:-20}
backend=${BENCH_BACKEND:-sqlite}
if [ -z "${EMAILS_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${EMAILS_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
tools=${CRM_TOOLS:-${CARGO_TARGET_DIR:-target}/tools}
"$tools"/venv/bin/python -c 'import aiosmtpd' 2>/dev/null || scripts/tools.sh
work=$(mktemp -d)
pgdir=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database emails.db
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); smtp=$(free_port)
api=http://127.0.0.1:$port
now() { date +%s.%N; }
CRM_LOG=warn CRM_RUN_JOBS=false CRM_RATE_LIMIT=1000000 CRM_ORG_RATE_LIMIT=1000000 CRM_ANON_RATE_LIMIT=1000000 \
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >>"$work/serve.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 1 100); do curl -sf "$api/health/ready" >/dev/null && break; sleep 0.1; done
echo "queueing $(( orgs * 100 )) invitations with the worker off ($backend)…"
for o in $(seq 1 "$orgs"); do
  t=$(curl -sf -X POST "$api/v1/auth/signup" -H 'content-type: application/json' \
    -d "{\"organisation_name\":\"O$o\",\"name\":\"O\",\"email\":\"owner@o$o.test\",\"password\":\"correct horse battery\"}" | jq -r .access_token)
  seq 1 100 | xargs -P 8 -I{} curl -sf -o /dev/null -X POST "$api/v1/users" \
    -H "Authorization: Bearer $t" -H 'content-type: application/json' \
    -d "{\"email\":\"u{}@o$o.test\",\"name\":\"User {}\",\"role\":\"sales\"}"
done
kill "$server"; wait "$server" 2>/dev/null || true
total=$(( orgs * 100 ))

"$tools"/venv/bin/python scripts/smtp_sink.py "$smtp" "$work/mail.jsonl" &
pids+=("$!"); sleep 1
: >"$work/mail.jsonl"
t0=$(now)
CRM_LOG=warn CRM_SMTP_URL="smtp://127.0.0.1:$smtp" "$bin" worker --database-url "$url" >"$work/worker.log" 2>&1 &
worker=$!; pids+=("$worker")
while [ "$(wc -l <"$work/mail.jsonl")" -lt "$total" ]; do
  sleep 0.05
  awk -v a="$t0" -v b="$(now)" 'BEGIN{exit !(b-a > 600)}' && { echo "not sent in 600 s: $(wc -l <"$work/mail.jsonl") of $total"; exit 1; }
done
t1=$(now)
kill "$worker"; wait "$worker" 2>/dev/null || true
: >"$work/raw.jsonl"
raw=$(python3 - "$smtp" "$total" <<'PY'
import smtplib, sys, time
from email.message import EmailMessage
port, n = int(sys.argv[1]), int(sys.argv[2])
body = "Hello User 1,\n\nYou are invited to join O1. Choose your password here:\n\n" \
       "http://127.0.0.1:8080/accept-invitation?token=" + "x" * 43 + "\n\nThe link works once, for 7 days.\n"
t = time.time()
with smtplib.SMTP("127.0.0.1", port) as s:
    for i in range(n):
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "CRM <crm@localhost>", f"u{i}@o1.test", "You are invited to O1"
        m["Message-ID"] = f"<raw{i}@bench.invalid>"
        m.set_content(body)
        s.send_message(m)
print(f"{time.time() - t:.3f}")
PY
)
awk -v n="$total" -v a="$t0" -v b="$t1" -v raw="$raw" 'BEGIN{
  api = n / (b - a); r = n / raw;
  printf "emails: %d sent by the worker in %.1f s = %.0f/s; raw smtplib, one connection: %.0f/s; ratio %.2f\n", n, b - a, api, r, api / r }'
