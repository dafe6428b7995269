#!/usr/bin/env bash
# make bench-orders: issue 18's order creation. POST /v1/orders of two lines (a product
# priced from the catalogue with its tax rate, and a line with its price given), paid, for
# a random one of 10,000 people, with BENCH_CONNECTIONS clients; beside the rows such an
# order is (one `orders` row and two `order_lines` rows) inserted straight in one
# transaction per order in the same run, and the ratio of the two. On SQLite Python's
# sqlite3 on one connection (bench/orders_sql.py; SQLite has one writer), on PostgreSQL
# pgbench with BENCH_CONNECTIONS clients and prepared statements.
#   BENCH_BACKEND (sqlite or postgres), ORDERS_BIN (target/release/crm, built when unset),
#   BENCH_CONNECTIONS (8), BENCH_SECONDS (10)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
backend=${BENCH_BACKEND:-sqlite}
conns=${BENCH_CONNECTIONS:-8}
secs=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ -z "${ORDERS_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${ORDERS_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database o.db
echo "seeding 10,000 people on $backend…"
"$bin" seed --people 10000 --database-url "$url" >"$work/seed.json"
owner_email=$(jq -r .owner_email "$work/seed.json")
org=$(jq -r .org_id "$work/seed.json")
jq .sample_ids "$work/seed.json" >"$work/people.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
  ${BENCH_WRAP:-} "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
call() { curl -sf "http://127.0.0.1:$port$2" -X "$1" -H "Authorization: Bearer $token" -H 'content-type: application/json' ${3:+-d "$3"}; }
call PUT /v1/tax-rates '{"rates": [{"category": "standard", "rate": "20"}]}' >/dev/null
seat=$(call POST /v1/products '{"sku": "SEAT", "name": "Seat", "tax_category": "standard", "prices": [{"amount": "99", "currency": "EUR"}]}' | jq -r .id)
lua_ids=$(jq -r '"{" + (map("\"" + . + "\"") | join(",")) + "}"' "$work/people.json")
cat >"$work/order.lua" <<LUA
local ids = $lua_ids
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function()
  return wrk.format(nil, nil, nil, string.format(
    '{"person_id":"%s","currency":"EUR","status":"paid","channel":"web","lines":[{"product_id":"$seat","quantity":"%d"},{"description":"Item","quantity":"%d","unit_price":{"amount":"99.00","currency":"EUR"},"tax_category":"standard"}]}',
    ids[math.random(#ids)], math.random(5), math.random(5)))
end
LUA
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/order.lua" "http://127.0.0.1:$port/v1/orders" >"$work/wrk.txt"
rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%"{print $2}' "$work/wrk.txt" | to_ms)
errs=$(awk '/Non-2xx/{print $NF}' "$work/wrk.txt")
echo "the API stored $(call GET '/v1/orders?limit=1&include=total' | jq .total) orders"
kill -STOP "$pid"
if [ "$backend" = postgres ]; then
  person=$(jq -r '.[0]' "$work/people.json")
  cat >"$work/orders.sql" <<SQL
\set qty random(1, 5)
BEGIN;
INSERT INTO orders (id, org_id, person_id, status, currency, order_date, channel, subtotal_units,
 discount_units, tax_units, total_units, refunded_units, paid_at, created_at, updated_at, version)
 VALUES (gen_random_uuid(), :org, :person, 'paid', 'EUR', current_date, 'web', :qty * 1980000, 0,
 :qty * 396000, :qty * 2376000, 0, now(), now(), now(), 1) RETURNING id \gset o_
INSERT INTO order_lines (id, org_id, order_id, position, description, quantity_units, unit_price_units,
 price_source, gross_units, discount_units, net_units, tax_category, tax_rate_units, tax_units, total_units)
 VALUES (gen_random_uuid(), :org, :o_id, 0, 'Seat', :qty * 10000, 990000, 'product', :qty * 990000, 0,
 :qty * 990000, 'standard', 200000, :qty * 198000, :qty * 1188000),
 (gen_random_uuid(), :org, :o_id, 1, 'Item', :qty * 10000, 990000, 'given', :qty * 990000, 0,
 :qty * 990000, 'standard', 200000, :qty * 198000, :qty * 1188000);
COMMIT;
SQL
  pgbench=$(pgbench_path)
  rm -f "$work"/pgb.*
  "$pgbench" -n -M prepared -c "$conns" -j 2 -T "$secs" -f "$work/orders.sql" -l --log-prefix="$work/pgb" \
    -D org="$org" -D person="$person" "$url" >"$work/pgbench.txt" 2>&1 || { cat "$work/pgbench.txt" >&2; exit 1; }
  read -r _ qps q99 < <(cat "$work"/pgb.* | awk '{print $3}' | sort -n |
    awk -v secs="$secs" '{l[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "orders %.0f %.2f\n", NR/secs, l[i]/1000}')
else
  read -r _ qps q99 < <(python3 bench/orders_sql.py "$work/o.db" "$org" "$work/people.json" "$secs")
fi
kill -CONT "$pid"
printf '\n%s, %s connections, %ss\n' "$backend" "$conns" "$secs"
printf '%-12s %9s %8s %6s | %9s %8s | %6s\n' workload "api req/s" "p99 ms" errors "sql tx/s" "p99 ms" ratio
printf '%-12s %9s %8s %6s | %9s %8s | %6s\n' "POST order" "$rps" "$p99" "${errs:-0}" "$qps" "$q99" \
  "$(awk -v a="$rps" -v b="$qps" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')"
