#!/usr/bin/env bash
# make bench-forecast: issue 18's forecast read. FORECAST_OPPORTUNITIES opportunities
# (100,000) of 10 owners and nobody, over three years of close dates in EUR and USD:
# a year's forecast by month and owner (GET /v1/forecasts), beside the same two grouped
# SELECTs run straight on the database in the same run, with the ratio of the two: on
# SQLite Python's sqlite3 on one connection (bench/forecast_sql.py), on PostgreSQL
# pgbench with BENCH_CONNECTIONS clients and prepared statements.
#   BENCH_BACKEND (sqlite or postgres), FORECAST_BIN (target/release/crm, built when
#   unset), BENCH_CONNECTIONS (8), BENCH_SECONDS (10)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
count=${FORECAST_OPPORTUNITIES:-100000}
backend=${BENCH_BACKEND:-sqlite}
conns=${BENCH_CONNECTIONS:-8}
secs=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ -z "${FORECAST_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${FORECAST_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${FORECAST_KEEP:-}" ] && trap - EXIT
bench_database f.db
echo "seeding 10,000 people on $backend…"
"$bin" seed --people 10000 --database-url "$url" >"$work/seed.json"
owner_email=$(jq -r .owner_email "$work/seed.json")
org=$(jq -r .org_id "$work/seed.json")
jq .sample_ids "$work/seed.json" >"$work/people.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
call() { curl -sf "http://127.0.0.1:$port$2" -X "$1" -H "Authorization: Bearer $token" -H 'content-type: application/json' ${3:+-d "$3"}; }
call POST /v1/pipelines '{"name": "Sales"}' >"$work/pipeline.json"
owners=""
for i in $(seq 1 10); do
  id=$(call POST /v1/users "{\"email\": \"rep$i@bench.example\", \"name\": \"Rep $i\", \"role\": \"sales\", \"password\": \"correct horse battery staple\"}" | jq -r .id)
  owners="$owners${owners:+,}$id"
done
echo "seeding $count opportunities…"
if [ "$backend" = postgres ]; then
  python3 bench/forecast_seed.py "csv:$work" "$org" "$work/pipeline.json" "$owners" "$work/people.json" "$count"
  psql -q "$url" -c "\\copy opportunities (id, org_id, name, person_id, company_id, pipeline_id, stage_id, status, amount_units, currency, expected_close_date, owner_id, source, next_step, close_reason, closed_at, stage_entered_at, external_id, created_by, created_at, updated_at, version, deleted_at) FROM '$work/opportunities.csv' CSV" \
    -c "\\copy opportunity_stage_moves (id, org_id, opportunity_id, from_stage_id, to_stage_id, moved_at, moved_by, seconds_in_stage) FROM '$work/moves.csv' CSV" \
    -c "ANALYZE opportunities" -c "ANALYZE pipeline_stages"
else
  python3 bench/forecast_seed.py "sqlite:$work/f.db" "$org" "$work/pipeline.json" "$owners" "$work/people.json" "$count"
fi
path="/v1/forecasts?period=month&group_by=owner&from=2027-01-01&to=2027-12-31"
echo "the forecast holds $(call GET "$path" | jq '.rows | length') rows and $(call GET "$path" | jq '.owners | length') owners"
echo "token = \"$token\"" >"$work/h.lua"
echo 'wrk.headers["Authorization"] = "Bearer " .. token' >>"$work/h.lua"
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/h.lua" "http://127.0.0.1:$port$path" >"$work/wrk.txt"
rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%"{print $2}' "$work/wrk.txt" | to_ms)
errs=$(awk '/Non-2xx/{print $NF}' "$work/wrk.txt")
[ -n "${FORECAST_KEEP:-}" ] && { kill "$pid"; echo "kept $work"; exit 0; }
kill -STOP "$pid"
if [ "$backend" = postgres ]; then
  cat >"$work/forecast.sql" <<SQL
SELECT to_char(o.expected_close_date, 'YYYY-MM'), o.owner_id, o.currency, o.status, s.probability,
 CAST(SUM(o.amount_units) AS BIGINT), COUNT(*) FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
 WHERE o.org_id = :org AND o.deleted_at IS NULL AND o.amount_units IS NOT NULL
 AND o.expected_close_date >= '2027-01-01' AND o.expected_close_date <= '2027-12-31' GROUP BY 1, 2, 3, 4, 5;
SELECT owner_id, status, COUNT(*), CAST(SUM(EXTRACT(EPOCH FROM (closed_at - created_at))) AS BIGINT)
 FROM opportunities WHERE org_id = :org AND deleted_at IS NULL AND status IN ('won', 'lost')
 AND closed_at >= '2027-01-01' AND closed_at < '2028-01-01' GROUP BY owner_id, status;
SQL
  pgbench=$(pgbench_path)
  rm -f "$work"/pgb.*
  "$pgbench" -n -M prepared -c "$conns" -j 2 -T "$secs" -f "$work/forecast.sql" -l --log-prefix="$work/pgb" \
    -D org="$org" "$url" >"$work/pgbench.txt" 2>&1 || { cat "$work/pgbench.txt" >&2; exit 1; }
  read -r _ qps q99 < <(cat "$work"/pgb.* | awk '{print $3}' | sort -n |
    awk -v secs="$secs" '{l[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "forecast %.0f %.2f\n", NR/secs, l[i]/1000}')
else
  read -r _ qps q99 < <(python3 bench/forecast_sql.py "$work/f.db" "$org" "$secs")
fi
kill -CONT "$pid"
printf '\n%s, %s opportunities, %s connections, %ss\n' "$backend" "$count" "$conns" "$secs"
printf '%-10s %9s %8s %6s | %9s %8s | %6s\n' workload "api req/s" "p99 ms" errors "sql q/s" "p99 ms" ratio
printf '%-10s %9s %8s %6s | %9s %8s | %6s\n' forecast "$rps" "$p99" "${errs:-0}" "$qps" "$q99" \
  "$(awk -v a="$rps" -v b="$qps" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')"
