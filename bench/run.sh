#!/usr/bin/env bash
# make bench: seeds BENCH_USERS staff users, serves the release build, drives each
# workload with wrk (BENCH_CONNECTIONS connections for BENCH_SECONDS), and runs the same
# SQL straight on the database in the same run, printing the API/SQL ratio.
# BENCH_BACKEND=postgres runs on a private PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
users=${BENCH_USERS:-100000}
people=${BENCH_PEOPLE:-100000}
conns=${BENCH_CONNECTIONS:-32}
secs=${BENCH_SECONDS:-10}
backend=${BENCH_BACKEND:-sqlite}
# The server's pool: as shipped (CRM_DB_MAX_CONNECTIONS' default, 16) unless BENCH_POOL
# is set. A pool as large as the 32 client connections put 32 SQLite worker threads on
# 2 cores: the same throughput, a p99 of one person between 15 and 90 ms.
pool_env=()
[ -n "${BENCH_POOL:-}" ] && pool_env=(CRM_DB_MAX_CONNECTIONS="$BENCH_POOL")
pool_label=${BENCH_POOL:-16 (default)}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
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
bench_database bench.db
echo "seeding $users users on $backend…"
t0=$SECONDS
"$bin" seed --users "$users" --database-url "$url" >"$work/seed.json"
echo "seeded in $((SECONDS - t0))s"
org=$(jq -r .org_id "$work/seed.json")
owner=$(jq -r .owner_email "$work/seed.json")
middle=$(jq -r .middle_id "$work/seed.json")
jq -r '.sample_ids[]' "$work/seed.json" >"$work/ids.txt"
echo "$middle" >"$work/middle.txt"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env "${pool_env[@]}" CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
cursor=$(api_cursor_after "$port" "$token" /v1/users "$middle")

lua_ids=$(awk 'BEGIN{printf "{"} {printf "%s\"%s\"", (NR>1?",":""), $1} END{printf "}"}' "$work/ids.txt")
cat >"$work/by_id.lua" <<LUA
local ids = $lua_ids
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format("GET", "/v1/users/" .. ids[math.random(#ids)]) end
LUA
cat >"$work/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA

# The server is stopped while the same SQL runs straight on the database, so the two do
# not share the cores. Requests wrk left in flight finish first; after a stop, the
# server settles before the next workload (a request frozen mid-acquire would otherwise
# time out and count as an error of the next run).
pause_server() { sleep 1; kill -STOP "$pid"; }
resume_server() {
  kill -CONT "$pid"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
  sleep 2
}

# Every script reports p99.9 and the socket errors besides wrk's own lines.
summary_lua='
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("p999_us %d\nsocket_errors %d\n", latency:percentile(99.9),
    e.connect + e.read + e.write + e.timeout))
end'
# wrk's latency lines are in us, ms or s: print milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
# The server's CPU time so far, in clock ticks (user + system).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))
run_wrk() { # path lua: req/s p50 p99 p99.9 errors cpu-us-per-request
  [ -n "$(grep -l '^done = ' "$2")" ] || echo "$summary_lua" >>"$2"
  local c0; c0=$(cpu_ticks)
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$2" "http://127.0.0.1:$port$1" >"$work/wrk.txt"
  local c1; c1=$(cpu_ticks)
  rps=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$work/wrk.txt")
  total=$(awk '/requests in/{print $1}' "$work/wrk.txt")
  p50=$(awk '$1=="50%"{print $2}' "$work/wrk.txt" | to_ms)
  p99=$(awk '$1=="99%"{print $2}' "$work/wrk.txt" | to_ms)
  p999=$(awk '$1=="p999_us"{printf "%.2f", $2/1000}' "$work/wrk.txt")
  errs=$(awk '/Non-2xx/{print $NF}' "$work/wrk.txt"); errs=${errs:-0}
  serrs=$(awk '$1=="socket_errors"{print $2}' "$work/wrk.txt"); errs=$((errs + ${serrs:-0}))
  cpu=$(awk -v d="$((c1 - c0))" -v t="$tick_us" -v n="${total:-0}" 'BEGIN{printf "%.0f", (n>0? d*t/n : 0)}')
  echo "$rps $p50 $p99 $p999 $errs $cpu"
}
run_sql() { # query ids-file [extra bench-sql flags]
  "$bin" bench-sql --query "$1" --org-id "$org" --ids-file "$2" --concurrency "$conns" --seconds "$secs" \
    --database-url "$url" ${3:-} | jq -r '"\(.per_second|floor) \(.p50_ms*100|round/100) \(.p99_ms*100|round/100)"'
}

printf '\n%s, %s users, %s connections, server pool %s, %ss per workload\n' "$backend" "$users" "$conns" "$pool_label" "$secs"
printf '%-26s %9s %8s %8s %8s %6s %7s | %9s %8s %8s | %6s\n' workload "api req/s" "p50 ms" "p99 ms" "p99.9 ms" errors "cpu us" "sql q/s" "p50 ms" "p99 ms" ratio
row() { # name path lua query ids
  read -r rps p50 p99 p999 errs cpu < <(run_wrk "$2" "$3")
  pause_server
  read -r qps q50 q99 < <(run_sql "$4" "$5")
  resume_server
  ratio=$(awk -v a="$rps" -v b="$qps" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')
  printf '%-26s %9s %8s %8s %8s %6s %7s | %9s %8s %8s | %6s\n' "$1" "$rps" "$p50" "$p99" "$p999" "$errs" "$cpu" "$qps" "$q50" "$q99" "$ratio"
}
row "GET /v1/users/{id}" "/" "$work/by_id.lua" user_by_id "$work/ids.txt"
row "GET /v1/users (page 1)" "/v1/users?limit=50" "$work/get.lua" users_first_page "$work/ids.txt"
row "GET /v1/users (deep page)" "/v1/users?limit=50&cursor=$cursor" "$work/get.lua" users_deep_page "$work/middle.txt"
read -r rps p50 p99 p999 errs cpu < <(run_wrk "/health/live" "$work/get.lua")
printf '%-26s %9s %8s %8s %8s %6s %7s | %s\n' "GET /health/live" "$rps" "$p50" "$p99" "$p999" "$errs" "$cpu" "(no database)"
rss=$(awk '/VmHWM/{print $2/1024 " MiB"}' "/proc/$pid/status")
echo "server peak memory (VmHWM): $rss"

if [ "$people" -gt 0 ]; then
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo
  echo "seeding $people people on $backend…"
  t0=$SECONDS
  "$bin" seed --people "$people" --database-url "$url" >"$work/people.json"
  echo "seeded in $((SECONDS - t0))s"
  org=$(jq -r .org_id "$work/people.json")
  owner=$(jq -r .owner_email "$work/people.json")
  jq -r '.sample_ids[]' "$work/people.json" >"$work/pids.txt"
  jq -r .middle_id "$work/people.json" >"$work/pmiddle.txt"
  jq -r .tier_field_id "$work/people.json" >"$work/tier.txt"
  env "${pool_env[@]}" CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
    "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
  token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
  cursor=$(api_cursor_after "$port" "$token" /v1/people "$(cat "$work/pmiddle.txt")")
  lua_ids=$(awk 'BEGIN{printf "{"} {printf "%s\"%s\"", (NR>1?",":""), $1} END{printf "}"}' "$work/pids.txt")
  cat >"$work/person.lua" <<LUA
local ids = $lua_ids
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format("GET", "/v1/people/" .. ids[math.random(#ids)]) end
LUA
  cat >"$work/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
  cat >"$work/search.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"filter":{"all":[{"field":"lifecycle_stage","op":"eq","value":"customer"},{"field":"tags","op":"contains","value":"vip"},{"field":"custom_fields.tier","op":"eq","value":"gold"}]},"limit":50}'
LUA
  printf '\n%s, %s people, %s connections, server pool %s, %ss per workload\n' "$backend" "$people" "$conns" "$pool_label" "$secs"
  # Each workload beside the bare row query and beside the same SQL the API sends (the
  # rows with their addresses, profiles and card: emails, phones, tags, consent, custom
  # values; decision 0014).
  printf '%-26s %9s %8s %8s %8s %6s %7s | %9s %6s | %9s %8s %8s | %6s\n' workload "api req/s" "p50 ms" "p99 ms" "p99.9 ms" errors "cpu us" "rows q/s" ratio "same q/s" "p50 ms" "p99 ms" ratio
  prow() { # name path lua query ids [writes]
    read -r rps p50 p99 p999 errs cpu < <(run_wrk "$2" "$3")
    pause_server
    read -r qps q50 q99 < <(run_sql "$4" "$5")
    if [ -n "${6:-}" ]; then
      # A write's baseline is one single-row statement: there is no "same SQL" column.
      read -r fps f50 f99 <<<"- $q50 $q99"
    else
      read -r fps f50 f99 < <(run_sql "$4" "$5" --as-api)
    fi
    resume_server
    r1=$(awk -v a="$rps" -v b="$qps" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')
    r2=$(awk -v a="$rps" -v b="$fps" 'BEGIN{printf "%.2f", (b>0? a/b : 0)}')
    [ -n "${6:-}" ] && r2=-
    printf '%-26s %9s %8s %8s %8s %6s %7s | %9s %6s | %9s %8s %8s | %6s\n' "$1" "$rps" "$p50" "$p99" "$p999" "$errs" "$cpu" "$qps" "$r1" "$fps" "$f50" "$f99" "$r2"
  }
  prow "GET /v1/people/{id}" "/" "$work/person.lua" person_by_id "$work/pids.txt"
  prow "GET /v1/people (page 1)" "/v1/people?limit=50" "$work/get.lua" people_first_page "$work/pids.txt"
  prow "GET /v1/people (deep page)" "/v1/people?limit=50&cursor=$cursor" "$work/get.lua" people_deep_page "$work/pmiddle.txt"
  prow "POST /v1/people/search" "/v1/people/search" "$work/search.lua" people_filtered "$work/tier.txt"
  cat >"$work/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"first_name":"Bench","last_name":"W%d-%d","emails":[{"address":"w%d-%d@bench.example"}],"tags":["bench"]}',
    tid, n, tid, n))
end
LUA
  cat >"$work/update.lua" <<LUA
local ids = $lua_ids
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/people/" .. ids[math.random(#ids)], nil,
    string.format('{"last_name":"Updated %d"}', n))
end
LUA
  prow "POST /v1/people" "/v1/people" "$work/create.lua" person_insert "$work/pids.txt" writes
  prow "PATCH /v1/people/{id}" "/" "$work/update.lua" person_update "$work/pids.txt" writes
  # Issue 16: logging a call with one of the people (the interaction, its link to the
  # person, its audit and outbox rows) beside a single-row INSERT of the interaction.
  cat >"$work/interaction.lua" <<LUA
local ids = $lua_ids
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"channel":"call","direction":"outbound","subject":"Bench call %d","person_ids":["%s"]}',
    n, ids[math.random(#ids)]))
end
LUA
  prow "POST /v1/interactions" "/v1/interactions" "$work/interaction.lua" interaction_insert "$work/pids.txt" writes
  rss=$(awk '/VmHWM/{print $2/1024 " MiB"}' "/proc/$pid/status")
  anon=$(awk '/RssAnon/{print $2/1024 " MiB"}' "/proc/$pid/status")
  # On SQLite the peak counts the database file's pages mapped by mmap_size (shared,
  # reclaimable page cache); RssAnon is the server's own memory.
  echo "server peak memory (VmHWM): $rss, own memory now (RssAnon): $anon"
fi
