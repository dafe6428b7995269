-- Seeds the activity workloads of bench/activity.sh on PostgreSQL, as activity_seed.py
-- does on SQLite: :interactions interactions with one person (one an hour back from
-- now) and :tasks tasks (every hundredth the owner's, the rest unassigned; due times
-- spread over two years; three in ten open).
-- Usage: psql URL -v org=… -v person=… -v owner=… -v interactions=N -v tasks=N -f this
\set ON_ERROR_STOP on
BEGIN;
WITH i AS (
  INSERT INTO interactions (id, org_id, channel, direction, occurred_at, duration_seconds,
                            subject, body, outcome, logged_by, created_at, updated_at, version)
  SELECT gen_random_uuid(), :'org', 'call', 'outbound', now() - make_interval(hours => g), 300,
         'Call ' || g, NULL, 'Interested', :'owner', now(), now(), 1
  FROM generate_series(1, :interactions) g
  RETURNING id, occurred_at
)
INSERT INTO interaction_links (interaction_id, kind, target_id, org_id, position, occurred_at)
SELECT id, 'person', :'person', :'org', 0, occurred_at FROM i;
INSERT INTO tasks (id, org_id, title, due_at, time_zone, assignee_id, priority, status,
                   created_at, updated_at, version)
SELECT gen_random_uuid(), :'org', 'Task ' || g,
       date_trunc('minute', now() - interval '365 days' + random() * interval '730 days'), 'UTC',
       CASE WHEN g % 100 = 0 THEN :'owner'::uuid END, 'normal',
       CASE WHEN random() < 0.3 THEN 'open' ELSE 'done' END, now(), now(), 1
FROM generate_series(0, :tasks - 1) g;
COMMIT;
ANALYZE;
