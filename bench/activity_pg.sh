#!/usr/bin/env bash
# The raw-SQL baselines of bench/activity.sh on PostgreSQL: the SELECTs the API's reads
# amount to (as bench/activity_sql.py runs them on SQLite), each run by pgbench from
# CONNECTIONS clients with prepared statements for SECONDS seconds. Prints
# `name queries_per_second p99_ms` per workload.
# Usage: activity_pg.sh URL ORG PERSON OWNER WEEK_START WEEK_END SECONDS CONNECTIONS WORKDIR
set -euo pipefail
url=$1 org=$2 person=$3 owner=$4 monday=$5 sunday=$6 secs=$7 conns=$8 work=$9
source "$(dirname "$0")/lib.sh"
pgbench=$(pgbench_path)
timeline="SELECT l.interaction_id, i.occurred_at, i.channel, i.direction, i.subject, i.outcome
 FROM interaction_links l JOIN interactions i ON i.id = l.interaction_id
 WHERE l.org_id = :org AND l.kind = 'person' AND l.target_id = :person AND i.deleted_at IS NULL"
order="ORDER BY l.occurred_at DESC, l.interaction_id DESC LIMIT 51"
# The last page starts after the entry 51 from the end, as the API's cursor says.
read -r at iid < <(psql -tAq -F ' ' "$url" -c "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), interaction_id
  FROM interaction_links WHERE org_id = '$org' AND kind = 'person' AND target_id = '$person'
  ORDER BY occurred_at DESC, interaction_id DESC
  OFFSET greatest((SELECT count(*) FROM interaction_links WHERE org_id = '$org' AND target_id = '$person') - 51, 0) LIMIT 1")
printf '%s\n' "$timeline $order;" >"$work/timeline_first.sql"
printf '%s\n' "$timeline AND (l.occurred_at, l.interaction_id) < (:at, :iid) $order;" >"$work/timeline_last.sql"
printf '%s\n' "SELECT * FROM tasks WHERE org_id = :org AND assignee_id = :owner AND status = 'open'
 AND due_at >= :monday AND due_at < :sunday AND deleted_at IS NULL ORDER BY due_at, id LIMIT 51;" >"$work/tasks_week.sql"
for name in timeline_first timeline_last tasks_week; do
  rm -f "$work"/pgb.*
  "$pgbench" -n -M prepared -c "$conns" -j 2 -T "$secs" -f "$work/$name.sql" -l --log-prefix="$work/pgb" \
    -D org="$org" -D person="$person" -D owner="$owner" -D at="$at" -D iid="$iid" \
    -D monday="$monday" -D sunday="$sunday" "$url" >"$work/pgbench.txt" 2>&1 \
    || { cat "$work/pgbench.txt" >&2; exit 1; }
  # Each log line: client, transaction, latency in microseconds, …
  cat "$work"/pgb.* | awk -v name="$name" -v secs="$secs" '{print $3}' | sort -n |
    awk -v name="$name" -v secs="$secs" '{l[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "%s %.0f %.2f\n", name, NR/secs, l[i]/1000}'
done
