"""Seeds the activity workloads of bench/activity.sh straight into a SQLite database that
`crm seed --people` made: INTERACTIONS interactions with one person (spread one an hour
back from now) and TASKS tasks (every hundredth the owner's, the rest unassigned; due
times spread over two years; three in ten open). Prints the person's id and the owner's.

Usage: activity_seed.py DB PERSON_ID OWNER_EMAIL INTERACTIONS TASKS
"""

import datetime as dt
import os
import random
import sqlite3
import sys
import uuid


def uuid7(ms: int) -> bytes:
    """A UUID v7 (time-ordered) for the millisecond `ms`, as the API stores it."""
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64
    value |= 0b10 << 62 | (rand & ((1 << 62) - 1))
    return value.to_bytes(16, "big")


def stamp(t: dt.datetime) -> str:
    """A time as the API stores it on SQLite."""
    return t.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def main() -> None:
    db, person, owner_email, interactions, tasks = sys.argv[1:6]
    c = sqlite3.connect(db)
    person_id = uuid.UUID(person).bytes
    (org,) = c.execute("SELECT org_id FROM people WHERE id = ?", (person_id,)).fetchone()
    (owner,) = c.execute("SELECT id FROM users WHERE email = ?", (owner_email,)).fetchone()
    now = dt.datetime.now(dt.timezone.utc)
    base_ms = int(now.timestamp() * 1000) - 10_000_000
    rows, links = [], []
    for i in range(int(interactions)):
        at = now - dt.timedelta(hours=i + 1)
        iid = uuid7(base_ms + i)
        rows.append((iid, org, "call", "outbound", stamp(at), 300, f"Call {i}", None,
                     "Interested", owner, stamp(now), stamp(now)))
        links.append((iid, "person", person_id, org, 0, stamp(at)))
    c.executemany(
        "INSERT INTO interactions (id, org_id, channel, direction, occurred_at, duration_seconds,"
        " subject, body, outcome, logged_by, created_at, updated_at, version)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,1)", rows)
    c.executemany(
        "INSERT INTO interaction_links (interaction_id, kind, target_id, org_id, position, occurred_at)"
        " VALUES (?,?,?,?,?,?)", links)
    batch = []
    start = now - dt.timedelta(days=365)
    rnd = random.Random(7)
    for i in range(int(tasks)):
        due = start + dt.timedelta(minutes=rnd.randrange(2 * 365 * 24 * 60))
        assignee = owner if i % 100 == 0 else None
        status = "open" if rnd.random() < 0.3 else "done"
        batch.append((uuid7(base_ms + 20_000 + i), org, f"Task {i}", stamp(due), "UTC", assignee,
                      "normal", status, stamp(now), stamp(now)))
        if len(batch) == 10_000:
            c.executemany(
                "INSERT INTO tasks (id, org_id, title, due_at, time_zone, assignee_id, priority,"
                " status, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)", batch)
            batch = []
    if batch:
        c.executemany(
            "INSERT INTO tasks (id, org_id, title, due_at, time_zone, assignee_id, priority,"
            " status, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)", batch)
    c.commit()
    c.execute("ANALYZE")
    c.close()
    print(uuid.UUID(bytes=owner))


if __name__ == "__main__":
    main()
