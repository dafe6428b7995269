"""The raw-SQL baseline of bench/orders.sh on SQLite: what an order of two lines is as
rows (one `orders` row and two `order_lines` rows, all values given), inserted in one
transaction per order, committed each time, on one connection (SQLite has one writer)
for SECONDS seconds. Prints `orders inserts_per_second p99_ms`.

Usage: orders_sql.py DB ORG PEOPLE_JSON SECONDS
"""

import json
import random
import sqlite3
import sys
import time
import uuid
from datetime import datetime, timezone

ORDER = (
    "INSERT INTO orders (id, org_id, person_id, company_id, opportunity_id, status, currency,"
    " order_date, channel, code, price_list_id, subtotal_units, discount_units, tax_units,"
    " total_units, refunded_units, notes, external_id, paid_at, fulfilled_at, cancelled_at,"
    " created_by, created_at, updated_at, version, deleted_at)"
    " VALUES (?, ?, ?, NULL, NULL, 'paid', 'EUR', ?, 'web', NULL, NULL, ?, 0, ?, ?, 0, NULL,"
    " NULL, ?, NULL, NULL, NULL, ?, ?, 1, NULL)"
)
LINE = (
    "INSERT INTO order_lines (id, org_id, order_id, position, product_id, sku, description,"
    " quantity_units, unit_price_units, price_source, price_list_id, gross_units,"
    " discount_percent_units, discount_units, net_units, tax_category, tax_rate_units,"
    " tax_units, total_units) VALUES (?, ?, ?, ?, NULL, NULL, 'Item', ?, ?, 'given', NULL,"
    " ?, NULL, 0, ?, 'standard', 200000, ?, ?)"
)


def main():
    db, org, people, seconds = sys.argv[1], uuid.UUID(sys.argv[2]).bytes, sys.argv[3], float(sys.argv[4])
    ids = [uuid.UUID(p).bytes for p in json.load(open(people))]
    c = sqlite3.connect(db, isolation_level=None)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=NORMAL")
    rnd = random.Random(7)
    lat = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        oid = uuid.uuid4().bytes
        qty = rnd.randrange(1, 6)
        gross = qty * 99_000_0
        tax = gross // 5
        c.execute("BEGIN IMMEDIATE")
        c.execute(ORDER, (oid, org, rnd.choice(ids), now[:10], gross * 2, tax * 2, (gross + tax) * 2, now, now, now))
        for pos in (0, 1):
            c.execute(LINE, (uuid.uuid4().bytes, org, oid, pos, qty * 10_000, 99_000_0, gross, gross, tax, gross + tax))
        c.execute("COMMIT")
        lat.append(time.perf_counter() - t0)
    lat.sort()
    print(f"orders {len(lat) / seconds:.0f} {lat[int(len(lat) * 0.99) - 1] * 1000:.2f}")


if __name__ == "__main__":
    main()
