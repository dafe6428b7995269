#!/usr/bin/env bash
# make bench-order-import (also part of make bench): issue 18's order import. A shop's
# history of BENCH_ORDER_ROWS (1,000,000) one-line orders as CSV (each naming its buyer by
# email among 10,000 seeded people and its product by SKU, priced from the catalogue with
# a 20% tax rate, paid), imported through POST /v1/imports on the release server until
# completed, against the raw bulk insert of the rows those orders are (one `orders` and
# one `order_lines` row each, amounts precomputed) as multi-row INSERTs of 1,000 rows, one
# transaction per 1,000 orders, on a database seeded alike. Then the customers' stored
# spend is checked against a SQL sum over the imported orders.
#   BENCH_BACKEND (sqlite or postgres), ORDERS_BIN (target/release/crm, built when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ORDER_ROWS:-1000000}
backend=${BENCH_BACKEND:-sqlite}
if [ -z "${ORDERS_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${ORDERS_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
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
  pgurl=$(BENCH_DURABLE=1 scripts/pg.sh start "$pgdir")
  psql -q "$pgurl" -c "CREATE DATABASE crm_raw" -c "CREATE DATABASE crm_import"
  raw_url=${pgurl%/postgres}/crm_raw
  url=${pgurl%/postgres}/crm_import
else
  raw_url="sqlite://$work/raw.db?mode=rwc"
  url="sqlite://$work/import.db?mode=rwc"
fi
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

echo "seeding 10,000 people twice on $backend, writing $rows orders as CSV and as SQL…"
"$bin" seed --people 10000 --database-url "$raw_url" >"$work/raw.json"
"$bin" seed --people 10000 --database-url "$url" >"$work/seed.json"
python3 bench/order_import_sql.py csv "$rows" "$work/orders.csv"
if [ "$backend" = postgres ]; then
  psql -qAt -F $'\t' "$raw_url" -c "SELECT address, person_id FROM person_emails" >"$work/people.tsv"
else
  python3 - "$work/raw.db" >"$work/people.tsv" <<'PY'
import sqlite3, sys, uuid
for a, p in sqlite3.connect(sys.argv[1]).execute("SELECT address, person_id FROM person_emails"):
    print(f"{a}\t{uuid.UUID(bytes=p)}")
PY
fi
python3 bench/order_import_sql.py sql "$backend" "$rows" "$(jq -r .org_id "$work/raw.json")" \
  "$work/people.tsv" "$work/orders.sql"

echo "raw bulk insert of $rows orders and their lines…"
t0=$(now)
if [ "$backend" = postgres ]; then
  psql -q -v ON_ERROR_STOP=1 "$raw_url" -f "$work/orders.sql" >/dev/null
else
  python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1], isolation_level=None).executescript(open(sys.argv[2]).read())' \
    "$work/raw.db" "$work/orders.sql"
fi
raw=$(since "$t0")

owner=$(jq -r .owner_email "$work/seed.json")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn ${BENCH_WRAP:-} "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
call() { curl -sf "http://127.0.0.1:$port$2" -X "$1" -H "Authorization: Bearer $token" -H 'content-type: application/json' ${3:+-d "$3"}; }
call PUT /v1/tax-rates '{"rates": [{"category": "standard", "rate": "20"}]}' >/dev/null
call POST /v1/products '{"sku": "SEAT", "name": "Seat", "tax_category": "standard", "prices": [{"amount": "99", "currency": "EUR"}]}' >/dev/null
size=$(du -m "$work/orders.csv" | cut -f1)
echo "importing the same $rows orders ($size MiB of CSV) through POST /v1/imports…"
t0=$(now)
id=$(curl -sf -X POST "http://127.0.0.1:$port/v1/imports" -H "Authorization: Bearer $token" \
  -F 'options={"resource": "orders"};type=application/json' \
  -F "file=@$work/orders.csv;type=text/csv" | jq -r .id)
uploaded=$(since "$t0")
while :; do
  body=$(curl -sf "http://127.0.0.1:$port/v1/imports/$id" -H "Authorization: Bearer $token")
  status=$(jq -r .status <<<"$body")
  case $status in completed|failed|cancelled) break ;; esac
  sleep 0.2
done
took=$(since "$t0")
rss=$(awk '/VmHWM/{printf "%.0f MiB", $2/1024}' "/proc/$pid/status")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
# The customers' stored spend against a SQL sum over their purchases.
check="SELECT (SELECT CAST(SUM(spent_units) AS BIGINT) FROM customer_purchases),
  (SELECT CAST(SUM(total_units - refunded_units) AS BIGINT) FROM orders
   WHERE status IN ('paid', 'fulfilled') AND deleted_at IS NULL)"
if [ "$backend" = postgres ]; then
  sums=$(psql -qAt -F ' ' "$url" -c "$check")
else
  sums=$(python3 -c 'import sqlite3, sys; print(*sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone())' "$work/import.db" "$check")
fi
printf '\n%s, %s one-line orders\n' "$backend" "$rows"
printf '%-34s %8ss\n' "raw bulk insert (orders + lines)" "$raw"
printf '%-34s %8ss  (upload %ss)  status %s, progress %s\n' "POST /v1/imports to completed" "$took" "$uploaded" "$status" "$(jq -c .progress <<<"$body")"
printf '%-34s %8s\n' "ratio (target at most 3)" "$(awk -v a="$took" -v b="$raw" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')"
echo "server peak memory (VmHWM): $rss"
read -r stored summed <<<"$sums"
echo "spend stored $stored, SQL sum over the orders $summed (ten-thousandths)"
[ "$stored" = "$summed" ] || { echo "the stored spend differs from the orders' sum" >&2; exit 1; }
