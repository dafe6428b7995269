#!/usr/bin/env bash
# make bench-activity: issue 16's reads. A person with ACTIVITY_INTERACTIONS
# interactions (10,000) among ACTIVITY_PEOPLE (100,000) people: the first and the last
# page of their timeline; ACTIVITY_TASKS tasks (1,000,000; every hundredth the owner's):
# the owner's open tasks due this week. Each beside the same SELECT run straight on the
# database in the same run, with the ratio of the two: on SQLite Python's sqlite3 on one
# connection (bench/activity_sql.py), on PostgreSQL pgbench with BENCH_CONNECTIONS
# clients and prepared statements.
#   BENCH_BACKEND (sqlite or postgres), ACTIVITY_BIN (target/release/crm, built when
#   unset), BENCH_CONNECTIONS (32), BENCH_SECONDS (10)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
interactions=${ACTIVITY_INTERACTIONS:-10000}
tasks=${ACTIVITY_TASKS:-1000000}
people=${ACTIVITY_PEOPLE:-100000}
backend=${BENCH_BACKEND:-sqlite}
conns=${BENCH_CONNECTIONS:-32}
secs=${BENCH_SECONDS:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ -z "${ACTIVITY_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${ACTIVITY_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database a.db
echo "seeding $people people on $backend…"
"$bin" seed --people "$people" --database-url "$url" >"$work/seed.json"
person=$(jq -r '.sample_ids[0]' "$work/seed.json")
owner_email=$(jq -r .owner_email "$work/seed.json")
org=$(jq -r .org_id "$work/seed.json")
echo "seeding $interactions interactions with one person and $tasks tasks…"
if [ "$backend" = postgres ]; then
  owner=$(psql -tAq "$url" -c "SELECT id FROM users WHERE email = '$owner_email'")
  psql -q "$url" -v org="$org" -v person="$person" -v owner="$owner" \
    -v interactions="$interactions" -v tasks="$tasks" -f bench/activity_seed.sql
else
  owner=$(python3 bench/activity_seed.py "$work/a.db" "$person" "$owner_email" "$interactions" "$tasks")
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner_email\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
get() { curl -sf "http://127.0.0.1:$port$1" -H "Authorization: Bearer $token"; }
# The cursor of the timeline's last page, by walking it.
path="/v1/people/$person/timeline?limit=50"; cursor=""; last=""
while :; do
  next=$(get "$path${cursor:+&cursor=$cursor}" | jq -r .next_cursor)
  [ "$next" = null ] && break
  last=$cursor; cursor=$next
done
last_path="$path&cursor=$cursor"
read -r monday sunday < <(python3 -c 'import datetime as d; t=d.datetime.now(d.timezone.utc).replace(hour=0,minute=0,second=0,microsecond=0); m=t-d.timedelta(days=t.weekday()); print(m.isoformat(timespec="microseconds"), (m+d.timedelta(days=7)).isoformat(timespec="microseconds"))')
week=$(python3 -c 'import sys,urllib.parse as u; print(u.quote(sys.argv[1]))' "${monday/+00:00/Z}")
weekend=$(python3 -c 'import sys,urllib.parse as u; print(u.quote(sys.argv[1]))' "${sunday/+00:00/Z}")
tasks_path="/v1/tasks?assignee=me&status=open&due_after=$week&due_before=$weekend&sort=due_at"
echo "a page of the owner's week holds $(get "$tasks_path" | jq '.data | length') tasks"
echo "token = \"$token\"" >"$work/h.lua"
cat >>"$work/h.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer " .. token
LUA
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
api() { # path → req/s p99-ms
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/h.lua" "http://127.0.0.1:$port$1" >"$work/wrk.txt"
  echo "$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$work/wrk.txt") $(awk '$1=="99%"{print $2}' "$work/wrk.txt" | to_ms) $(awk '/Non-2xx/{print $NF}' "$work/wrk.txt")"
}
declare -A rps p99 errs
for w in timeline_first:"$path" timeline_last:"$last_path" tasks_week:"$tasks_path"; do
  read -r rps[${w%%:*}] p99[${w%%:*}] errs[${w%%:*}] < <(api "${w#*:}")
done
kill -STOP "$pid"
if [ "$backend" = postgres ]; then
  bash bench/activity_pg.sh "$url" "$org" "$person" "$owner" "$monday" "$sunday" "$secs" "$conns" "$work" >"$work/sql.txt"
else
  python3 bench/activity_sql.py "$work/a.db" "$person" "$owner" "$monday" "$sunday" "$secs" >"$work/sql.txt"
fi
kill -CONT "$pid"
printf '\n%s, %s people, %s interactions with one person, %s tasks, %s connections, %ss each\n' "$backend" "$people" "$interactions" "$tasks" "$conns" "$secs"
printf '%-16s %9s %8s %6s | %9s %8s | %6s\n' workload "api req/s" "p99 ms" errors "sql q/s" "p99 ms" ratio
while read -r name qps q99; do
  printf '%-16s %9s %8s %6s | %9s %8s | %6s\n' "$name" "${rps[$name]}" "${p99[$name]}" "${errs[$name]:-0}" "$qps" "$q99" \
    "$(awk -v a="${rps[$name]}" -v b="$qps" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')"
done <"$work/sql.txt"
