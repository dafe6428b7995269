"""The raw-SQL baselines of bench/activity.sh: the SELECTs the API's reads amount to, run
straight on the SQLite file on one connection for SECONDS seconds each. Prints
`name queries_per_second p99_ms` per workload.

Usage: activity_sql.py DB PERSON_ID OWNER_ID WEEK_START WEEK_END SECONDS
"""

import sqlite3
import sys
import time
import uuid

TIMELINE = (
    "SELECT l.interaction_id, i.occurred_at, i.channel, i.direction, i.subject, i.outcome"
    " FROM interaction_links l JOIN interactions i ON i.id = l.interaction_id"
    " WHERE l.org_id = ? AND l.kind = 'person' AND l.target_id = ? AND i.deleted_at IS NULL {after}"
    " ORDER BY l.occurred_at DESC, l.interaction_id DESC LIMIT 51"
)
TASKS = (
    "SELECT * FROM tasks WHERE org_id = ? AND assignee_id = ? AND status = 'open'"
    " AND due_at >= ? AND due_at < ? AND deleted_at IS NULL ORDER BY due_at, id LIMIT 51"
)


def timed(c, name, sql, args, seconds):
    lat = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        c.execute(sql, args).fetchall()
        lat.append(time.perf_counter() - t0)
    lat.sort()
    p99 = lat[int(len(lat) * 0.99) - 1] * 1000
    print(f"{name} {len(lat) / seconds:.0f} {p99:.2f}")


def main():
    db, person, owner, week_start, week_end, seconds = sys.argv[1:7]
    seconds = float(seconds)
    c = sqlite3.connect(db)
    pid, oid = uuid.UUID(person).bytes, uuid.UUID(owner).bytes
    (org,) = c.execute("SELECT org_id FROM people WHERE id = ?", (pid,)).fetchone()
    timed(c, "timeline_first", TIMELINE.format(after=""), (org, pid), seconds)
    n = c.execute(
        "SELECT count(*) FROM interaction_links WHERE org_id = ? AND kind = 'person' AND target_id = ?",
        (org, pid)).fetchone()[0]
    at, iid = c.execute(
        "SELECT occurred_at, interaction_id FROM interaction_links WHERE org_id = ? AND kind = 'person'"
        " AND target_id = ? ORDER BY occurred_at DESC, interaction_id DESC LIMIT 1 OFFSET ?",
        (org, pid, max(n - 51, 0))).fetchone()
    after = "AND (l.occurred_at, l.interaction_id) < (?, ?)"
    timed(c, "timeline_last", TIMELINE.format(after=after), (org, pid, at, iid), seconds)
    timed(c, "tasks_week", TASKS, (org, oid, week_start, week_end), seconds)


if __name__ == "__main__":
    main()
