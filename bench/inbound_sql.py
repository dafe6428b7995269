"""The raw baseline of bench/inbound.sh: per message, one transaction on one SQLite
connection (WAL, synchronous=NORMAL, as the server runs) inserting what filing it
needs at least: the interaction, its link to the person, the inbound row, and a case
(for a new conversation) or a history row (for a reply). Prints JSON."""

import json
import sqlite3
import sys
import time
import uuid

path, count, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(path, isolation_level=None)
db.executescript("""
PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
CREATE TABLE interactions (id TEXT PRIMARY KEY, org_id TEXT, channel TEXT, direction TEXT,
  occurred_at TEXT, subject TEXT, body TEXT, external_id TEXT, created_at TEXT);
CREATE TABLE interaction_links (interaction_id TEXT, kind TEXT, target_id TEXT, org_id TEXT,
  position INTEGER, occurred_at TEXT, PRIMARY KEY (interaction_id, kind, target_id));
CREATE TABLE inbound_emails (id TEXT PRIMARY KEY, org_id TEXT, message_id TEXT, case_id TEXT,
  from_address TEXT, received_at TEXT);
CREATE UNIQUE INDEX ux ON inbound_emails (org_id, message_id);
CREATE TABLE cases (id TEXT PRIMARY KEY, org_id TEXT, number INTEGER, subject TEXT, status TEXT,
  created_at TEXT);
CREATE TABLE case_history (id TEXT PRIMARY KEY, org_id TEXT, case_id TEXT, kind TEXT, at TEXT);
""")
org, person, now = str(uuid.uuid4()), str(uuid.uuid4()), "2026-12-07T09:30:00Z"
cases = []
started = time.monotonic()
for i in range(count):
    iid, eid = str(uuid.uuid4()), str(uuid.uuid4())
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO interactions VALUES (?,?,?,?,?,?,?,?,?)",
               (iid, org, "email", "inbound", now, f"Problem {i}", "body", f"m{i}", now))
    db.execute("INSERT INTO interaction_links VALUES (?,?,?,?,?,?)",
               (iid, "person", person, org, 0, now))
    if i < threads:
        cid = str(uuid.uuid4())
        cases.append(cid)
        db.execute("INSERT INTO cases VALUES (?,?,?,?,?,?)", (cid, org, i + 1, f"Problem {i}", "new", now))
    else:
        cid = cases[i % threads]
        db.execute("INSERT INTO case_history VALUES (?,?,?,?,?)", (str(uuid.uuid4()), org, cid, "email", now))
    db.execute("INSERT INTO inbound_emails VALUES (?,?,?,?,?,?)", (eid, org, f"m{i}", cid, "a@b.c", now))
    db.execute("COMMIT")
seconds = time.monotonic() - started
print(json.dumps({"seconds": round(seconds, 2), "per_second": round(count / seconds, 1)}))
