#!/usr/bin/env bash
# make bench-import (also the last part of make bench): a CSV of BENCH_IMPORT_ROWS people
# in the shape `crm seed --people` writes (names, an email, an external id, a stage, the
# tag vip on every tenth, the custom field tier), timed two ways on fresh databases:
# the raw bulk insert of those rows (`crm seed --people N`: multi-row INSERTs, nothing
# else) and POST /v1/imports through the release server until the import is completed,
# with the server's peak memory. BENCH_BACKEND=postgres runs on a private PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_IMPORT_ROWS:-1000000}
backend=${BENCH_BACKEND:-sqlite}
cargo build --release --locked -p crm-api
bin=${CARGO_TARGET_DIR:-target}/release/crm
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$backend" = postgres ]; then
  pgdir=$(mktemp -d /tmp/crm-bench-pg.XXXXXX)
  pgurl=$(scripts/pg.sh start "$pgdir")
  psql -q "$pgurl" -c "CREATE DATABASE crm_raw" -c "CREATE DATABASE crm_import"
  raw_url=${pgurl%/postgres}/crm_raw
  url=${pgurl%/postgres}/crm_import
else
  raw_url="sqlite://$work/raw.db?mode=rwc"
  url="sqlite://$work/import.db?mode=rwc"
fi
python3 - "$rows" >"$work/people.csv" <<'PY'
import sys
n = int(sys.argv[1])
stages = ["lead", "marketing_qualified", "customer", "churned"]
out = sys.stdout
out.write("first_name,last_name,email,external_id,lifecycle_stage,tags,Tier\n")
for i in range(n):
    tag = "vip" if i % 10 == 0 else ""
    tier = "gold" if i % 5 == 0 else ""
    out.write(f"Person{i},Seed{i % 997},person{i}@import.example,imp-{i},{stages[i % 4]},{tag},{tier}\n")
PY
size=$(du -m "$work/people.csv" | cut -f1)
now() { date +%s.%N; }

echo "raw bulk insert of $rows people on $backend…"
"$bin" migrate up --database-url "$raw_url" >/dev/null 2>&1
t0=$(now)
"$bin" seed --people "$rows" --database-url "$raw_url" >/dev/null
raw=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')

"$bin" seed --people 0 --database-url "$url" >"$work/seed.json"
owner=$(jq -r .owner_email "$work/seed.json")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn ${BENCH_WRAP:-} "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
echo "importing the same $rows rows ($size MiB of CSV) through POST /v1/imports…"
t0=$(now)
id=$(curl -sf -X POST "http://127.0.0.1:$port/v1/imports" -H "Authorization: Bearer $token" \
  -F 'options={"mapping": {"first_name": "first_name", "last_name": "last_name", "email": "email", "external_id": "external_id", "lifecycle_stage": "lifecycle_stage", "tags": "tags", "Tier": "custom_fields.tier"}};type=application/json' \
  -F "file=@$work/people.csv;type=text/csv" | jq -r .id)
uploaded=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
while :; do
  body=$(curl -sf "http://127.0.0.1:$port/v1/imports/$id" -H "Authorization: Bearer $token")
  status=$(jq -r .status <<<"$body")
  case $status in completed|failed|cancelled) break ;; esac
  sleep 0.1
done
took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
rss=$(awk '/VmHWM/{printf "%.0f MiB", $2/1024}' "/proc/$pid/status")
ratio=$(awk -v a="$took" -v b="$raw" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')
printf '\n%s, %s rows\n' "$backend" "$rows"
printf '%-34s %8ss\n' "raw bulk insert (crm seed)" "$raw"
printf '%-34s %8ss  (upload %ss)  status %s, progress %s\n' "POST /v1/imports to completed" "$took" "$uploaded" "$status" "$(jq -c .progress <<<"$body")"
printf '%-34s %8s\n' "ratio (target at most 3)" "$ratio"
echo "server peak memory (VmHWM): $rss"
