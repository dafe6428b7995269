#!/usr/bin/env bash
# The raw baseline of bench/inbound.sh on PostgreSQL, as bench/inbound_sql.py is on
# SQLite: per message one transaction inserting what filing it needs at least (the
# interaction, its link to the person, the inbound row, and a case for a new
# conversation or a history row for a reply), run by pgbench from CONNECTIONS clients
# into tables of their own in a fresh database. Prints JSON.
# Usage: inbound_pg.sh MAINTENANCE_URL COUNT THREADS CONNECTIONS WORKDIR
set -euo pipefail
pgurl=$1 count=$2 threads=$3 conns=$4 work=$5
source "$(dirname "$0")/lib.sh"
pgbench=$(pgbench_path)
psql -q "$pgurl" -c "CREATE DATABASE inbound_raw"
url=${pgurl%/postgres}/inbound_raw
psql -q "$url" <<'SQL'
CREATE TABLE interactions (id uuid PRIMARY KEY, org_id uuid, channel text, direction text,
  occurred_at timestamptz, subject text, body text, external_id text, created_at timestamptz);
CREATE TABLE interaction_links (interaction_id uuid, kind text, target_id uuid, org_id uuid,
  position int, occurred_at timestamptz, PRIMARY KEY (interaction_id, kind, target_id));
CREATE TABLE inbound_emails (id uuid PRIMARY KEY, org_id uuid, message_id text, case_id uuid,
  from_address text, received_at timestamptz);
CREATE UNIQUE INDEX ux ON inbound_emails (org_id, message_id);
CREATE TABLE cases (id uuid PRIMARY KEY, org_id uuid, number bigint, subject text, status text,
  created_at timestamptz);
CREATE TABLE case_history (id uuid PRIMARY KEY, org_id uuid, case_id uuid, kind text, at timestamptz);
SQL
# One in COUNT/THREADS messages opens a case; the rest thread onto one.
cat >"$work/inbound.sql" <<SQL
\set r random(1, $count)
BEGIN;
INSERT INTO interactions VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'email', 'inbound', now(), 'Problem ' || :r, 'body', 'm' || :client_id || '-' || :r || '-' || random(), now()) RETURNING id \gset i_
INSERT INTO interaction_links VALUES (':i_id', 'person', '00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', 0, now());
\if :r <= $threads
INSERT INTO cases VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', :r, 'Problem ' || :r, 'new', now()) RETURNING id \gset c_
\else
INSERT INTO case_history VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', gen_random_uuid(), 'email', now()) RETURNING case_id AS id \gset c_
\endif
INSERT INTO inbound_emails VALUES (gen_random_uuid(), '00000000-0000-7000-8000-000000000001', 'm' || ':i_id', ':c_id', 'a@b.c', now());
COMMIT;
SQL
per_client=$(( (count + conns - 1) / conns ))
"$pgbench" -n -c "$conns" -j 2 -t "$per_client" -f "$work/inbound.sql" "$url" >"$work/pgbench.txt" 2>&1 \
  || { cat "$work/pgbench.txt" >&2; exit 1; }
tps=$(awk '/^tps = /{print $3; exit}' "$work/pgbench.txt")
python3 -c 'import json,sys; n, tps = int(sys.argv[1]), float(sys.argv[2]); print(json.dumps({"seconds": round(n / tps, 2), "per_second": round(tps, 1)}))' \
  "$((per_client * conns))" "$tps"
