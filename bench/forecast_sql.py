"""The raw-SQL baseline of bench/forecast.sh on SQLite: the two grouped SELECTs a
forecast by owner over 2027 amounts to, run straight on the file on one connection for
SECONDS seconds. Prints `forecast queries_per_second p99_ms`.

Usage: forecast_sql.py DB ORG SECONDS
"""

import sqlite3
import sys
import time
import uuid

CELLS = (
    "SELECT substr(o.expected_close_date, 1, 7), o.owner_id, o.currency, o.status, s.probability,"
    " CAST(SUM(o.amount_units) AS BIGINT), COUNT(*) FROM opportunities o"
    " JOIN pipeline_stages s ON s.id = o.stage_id"
    " WHERE o.org_id = ? AND o.deleted_at IS NULL AND o.amount_units IS NOT NULL"
    " AND o.expected_close_date >= '2027-01-01' AND o.expected_close_date <= '2027-12-31'"
    " GROUP BY 1, 2, 3, 4, 5"
)
OWNERS = (
    "SELECT owner_id, status, COUNT(*), CAST(SUM(CAST(strftime('%s', closed_at) AS INTEGER)"
    " - CAST(strftime('%s', created_at) AS INTEGER)) AS BIGINT) FROM opportunities"
    " WHERE org_id = ? AND deleted_at IS NULL AND status IN ('won', 'lost')"
    " AND closed_at >= '2027-01-01T00:00:00.000000+00:00' AND closed_at < '2028-01-01T00:00:00.000000+00:00'"
    " GROUP BY owner_id, status"
)


def main():
    db, org, seconds = sys.argv[1], uuid.UUID(sys.argv[2]).bytes, float(sys.argv[3])
    c = sqlite3.connect(db)
    lat = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        c.execute(CELLS, (org,)).fetchall()
        c.execute(OWNERS, (org,)).fetchall()
        lat.append(time.perf_counter() - t0)
    lat.sort()
    print(f"forecast {len(lat) / seconds:.0f} {lat[int(len(lat) * 0.99) - 1] * 1000:.2f}")


if __name__ == "__main__":
    main()
