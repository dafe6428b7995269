#!/usr/bin/env bash
# make bench-scoring (also part of make bench): issue 18's lead scoring. Seeds
# BENCH_SCORING_PEOPLE (1,000,000) people (a quarter each lead, marketing qualified,
# customer, churned), then times, on the release server, how long after a scoring rule is
# written every score is recomputed (the `scores.rule` job done): a new rule giving 20
# points to customers (250,000 scores move), then the same rule changed to give 40
# points to everyone (a condition every seeded person meets: all 1,000,000 scores move).
# Against the simplest raw SQL with the same scores: one `INSERT … SELECT` of the
# matched people's score rows into a scratch table, on the same database. PostgreSQL's
# tables are vacuumed and analysed after the seed, as autovacuum leaves a settled
# database (the seed is one bulk load).
#   BENCH_BACKEND (sqlite or postgres), SCORING_BIN (target/release/crm, built when unset)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
people=${BENCH_SCORING_PEOPLE:-1000000}
backend=${BENCH_BACKEND:-sqlite}
if [ -z "${SCORING_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${SCORING_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database scoring.db
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
sql() {
  if [ "$backend" = postgres ]; then
    psql -qAt -v ON_ERROR_STOP=1 "$url" -c "$1"
  else
    python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); r = c.execute(sys.argv[2]).fetchone(); print(*(r or ()))' \
      "$work/scoring.db" "$1"
  fi
}

echo "seeding $people people on $backend…"
t0=$(now)
"$bin" seed --people "$people" --database-url "$url" >"$work/seed.json"
echo "seeded in $(since "$t0")s"
[ "$backend" = postgres ] && psql -q "$url" -c "VACUUM ANALYZE"
owner=$(jq -r .owner_email "$work/seed.json")
org=$(jq -r .org_id "$work/seed.json")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn ${BENCH_WRAP:-} "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$owner\",\"password\":\"correct horse battery staple\"}" | jq -r .access_token)
call() { curl -sf "http://127.0.0.1:$port$2" -X "$1" -H "Authorization: Bearer $token" -H 'content-type: application/json' ${3:+-d "$3"}; }
# Waits until no `scores.rule` job is queued or running; prints the seconds since $1.
settled() {
  while :; do
    busy=$(call GET "/v1/jobs?kind=scores.rule&limit=100" | jq '[.data[] | select(.state == "queued" or .state == "running")] | length')
    [ "$busy" = 0 ] && break
    sleep 0.2
  done
  since "$1"
}

echo "a new rule: 20 points for customers…"
t0=$(now)
rule=$(call POST /v1/scoring-rules '{"name": "Customers", "points": 20, "condition": {"field": "lifecycle_stage", "op": "eq", "value": "customer"}}')
first=$(settled "$t0")
moved1=$(sql "SELECT COUNT(*) FROM person_scores WHERE score = 20")
echo "the rule changed: 40 points for everyone…"
t0=$(now)
call PATCH "/v1/scoring-rules/$(jq -r .id <<<"$rule")" \
  '{"points": 40, "condition": {"field": "lifecycle_stage", "op": "neq", "value": "other"}}' >/dev/null
second=$(settled "$t0")
moved2=$(sql "SELECT COUNT(*) FROM person_scores WHERE score = 40")
rss=$(awk '/VmHWM/{printf "%.0f MiB", $2/1024}' "/proc/$pid/status")
dead=$(call GET "/v1/jobs?kind=scores.rule&state=dead" | jq '.data | length')
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

echo "raw SQL: the matched people's score rows in one INSERT … SELECT…"
if [ "$backend" = postgres ]; then
  org_lit="'$org'"
else
  org_lit="X'$(tr -d - <<<"$org")'"
fi
sql "CREATE TABLE raw_scores (person_id $( [ "$backend" = postgres ] && echo uuid || echo blob ) PRIMARY KEY, score BIGINT NOT NULL)" >/dev/null
t0=$(now)
sql "INSERT INTO raw_scores SELECT id, 20 FROM people WHERE org_id = $org_lit AND deleted_at IS NULL AND lifecycle_stage = 'customer'" >/dev/null
raw1=$(since "$t0")
t0=$(now)
sql "INSERT INTO raw_scores SELECT id, 40 FROM people WHERE org_id = $org_lit AND deleted_at IS NULL AND lifecycle_stage <> 'other' ON CONFLICT (person_id) DO UPDATE SET score = excluded.score" >/dev/null
raw2=$(since "$t0")
raw_rows=$(sql "SELECT COUNT(*) FROM raw_scores")

printf '\n%s, %s people\n' "$backend" "$people"
printf '%-44s %8ss  (%s scores at 20)\n' "new rule to every score recomputed" "$first" "$moved1"
printf '%-44s %8ss  (%s scores at 40)\n' "rule change to every score recomputed" "$second" "$moved2"
printf '%-44s %8ss / %ss  (%s rows)\n' "raw INSERT … SELECT (first / second)" "$raw1" "$raw2" "$raw_rows"
printf '%-44s %8s / %s\n' "ratio to raw (first / second)" \
  "$(awk -v a="$first" -v b="$raw1" 'BEGIN{printf "%.1f", (b>0? a/b : 0)}')" \
  "$(awk -v a="$second" -v b="$raw2" 'BEGIN{printf "%.1f", (b>0? a/b : 0)}')"
echo "target: every score recomputed in under 60 s; server peak memory (VmHWM): $rss"
[ "$dead" = 0 ] || { echo "a rescore job died" >&2; exit 1; }
[ "$moved1" = $((people / 4)) ] || { echo "expected $((people / 4)) customers scored" >&2; exit 1; }
[ "$moved2" = "$people" ] || { echo "expected all $people people scored 40" >&2; exit 1; }
