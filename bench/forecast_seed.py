"""Seeds bench/forecast.sh's opportunities: COUNT opportunities of ORG in the stages of
the pipeline in PIPELINE_JSON (as the API returned it), owned in turn by OWNERS
(comma-separated ids) and nobody, with the people in PEOPLE_JSON (the seed's
`sample_ids`), amounts in EUR and USD, expected close dates over 2026-2028, and the won
and lost ones closed 5 to 120 days after they were created. Into a SQLite file
(`sqlite:PATH`) or as two CSV files for PostgreSQL's COPY (`csv:DIR`), the same rows.

Usage: forecast_seed.py OUT ORG PIPELINE_JSON OWNERS PEOPLE_JSON COUNT
"""

import csv
import json
import random
import sqlite3
import sys
import uuid
from datetime import date, datetime, timedelta, timezone

COLUMNS = (
    "id, org_id, name, person_id, company_id, pipeline_id, stage_id, status, amount_units,"
    " currency, expected_close_date, owner_id, source, next_step, close_reason, closed_at,"
    " stage_entered_at, external_id, created_by, created_at, updated_at, version, deleted_at"
)
MOVES = "id, org_id, opportunity_id, from_stage_id, to_stage_id, moved_at, moved_by, seconds_in_stage"


def rows(org, pipeline, owners, people, count):
    rnd = random.Random(18)
    stages = [(s["id"], s["kind"]) for s in pipeline["stages"]]
    owner_ids = owners.split(",") + [None]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    ts = lambda d: d.isoformat(timespec="microseconds")
    for i in range(count):
        sid, kind = stages[i % len(stages)]
        created = start + timedelta(seconds=rnd.randrange(0, 365 * 86400))
        closed = created + timedelta(days=rnd.randrange(5, 120)) if kind != "open" else None
        close_date = date(2026, 1, 1) + timedelta(days=rnd.randrange(0, 3 * 365))
        oid = str(uuid.uuid4())
        yield (
            (oid, org, f"Deal {i}", people[i % len(people)], None, pipeline["id"], sid, kind,
             rnd.randrange(1, 5_000_000) * 100, "EUR" if i % 3 else "USD", close_date.isoformat(),
             owner_ids[i % len(owner_ids)], "bench", None, None, ts(closed) if closed else None,
             ts(created), None, None, ts(created), ts(created), 1, None),
            (str(uuid.uuid4()), org, oid, None, sid, ts(created), None, None),
        )


def main():
    out, org, pipeline_json, owners, people_json, count = sys.argv[1:7]
    pipeline = json.load(open(pipeline_json))
    people = json.load(open(people_json))
    made = list(rows(org, pipeline, owners, people, int(count)))
    kind, _, where = out.partition(":")
    if kind == "csv":
        for name, part in (("opportunities", 0), ("moves", 1)):
            with open(f"{where}/{name}.csv", "w", newline="") as f:
                w = csv.writer(f)
                for r in made:
                    w.writerow(["" if v is None else v for v in r[part]])
        return
    blob = lambda v: uuid.UUID(v).bytes if isinstance(v, str) and len(v) == 36 and v.count("-") == 4 else v
    c = sqlite3.connect(where)
    c.executemany(f"INSERT INTO opportunities ({COLUMNS}) VALUES ({','.join('?' * 23)})",
                  [tuple(blob(v) for v in r[0]) for r in made])
    c.executemany(f"INSERT INTO opportunity_stage_moves ({MOVES}) VALUES ({','.join('?' * 8)})",
                  [tuple(blob(v) for v in r[1]) for r in made])
    c.commit()
    c.execute("ANALYZE")


if __name__ == "__main__":
    main()
