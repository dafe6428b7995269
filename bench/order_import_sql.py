"""The raw baseline and the file of bench/order_import.sh.

`order_import_sql.py csv N OUT`: writes N one-line orders of a shop's history as CSV
(external_id, the buyer's email among the 10,000 seeded people, the product SKU, a
quantity of 1 to 5, EUR, a date within two years, paid).

`order_import_sql.py sql BACKEND N ORG PEOPLE OUT`: writes the same N orders as the rows
they are (one `orders` row and one `order_lines` row each, every amount computed as the
server would: 99.00 EUR a unit, 20% tax), as multi-row INSERTs of 1,000 rows in one
transaction per 1,000 orders, for `sqlite` (uuids as blobs) or `postgres`. PEOPLE is a
file of `email<TAB>person id` lines.
"""

import os
import sys
import time
import uuid
from datetime import date, timedelta

UNIT = 990_000  # 99.00 in ten-thousandths
START = date(2025, 1, 1)


_last = [0, 0]


def uuid7():
    """A time-ordered UUID (version 7) as the server makes them, so both sides insert
    their keys in the same order (random keys would make the baseline slower)."""
    ms = int(time.time() * 1000)
    if ms <= _last[0]:
        ms, seq = _last[0], _last[1] + 1
    else:
        seq = 0
    _last[0], _last[1] = ms, seq
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    n = (ms << 80) | (0x7 << 76) | ((seq & 0xFFF) << 64) | (0b10 << 62) | rand
    return str(uuid.UUID(int=n))


def order(i):
    qty = i % 5 + 1
    gross = qty * UNIT
    tax = gross // 5
    day = START + timedelta(days=i % 730)
    return qty, gross, tax, day


def csv(n, out):
    with open(out, "w") as f:
        f.write("external_id,person.email,line.sku,line.quantity,currency,order_date,status\n")
        for i in range(n):
            qty, _, _, day = order(i)
            f.write(f"ord-{i},person{i % 10000}@seed.example,SEAT,{qty},EUR,{day},paid\n")


def sql(backend, n, org, people, out):
    by_email = dict(line.rstrip("\n").split("\t") for line in open(people))
    ids = [by_email[f"person{i}@seed.example"] for i in range(10000)]
    if backend == "sqlite":
        lit = lambda u: "X'" + uuid.UUID(u).hex + "'"
    else:
        lit = lambda u: "'" + str(uuid.UUID(u)) + "'"
    org = lit(org)
    # The product's id (order lines have no foreign key to products).
    product = lit(uuid7())
    now = "'2026-12-07T12:00:00+00:00'"
    with open(out, "w") as f:
        if backend == "sqlite":
            # The server's settings (crm_persistence::db): WAL, synchronous NORMAL, a
            # 16 MiB page cache, reads through a 256 MiB mapping, foreign keys checked.
            f.write(
                "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nPRAGMA cache_size=-16384;\n"
                "PRAGMA mmap_size=268435456;\nPRAGMA foreign_keys=ON;\n"
            )
        for start in range(0, n, 1000):
            orders, lines = [], []
            for i in range(start, min(n, start + 1000)):
                qty, gross, tax, day = order(i)
                oid = lit(uuid7())
                orders.append(
                    f"({oid},{org},{lit(ids[i % 10000])},'paid','EUR','{day}',{gross},0,{tax},"
                    f"{gross + tax},0,'ord-{i}',{now},{now},{now},1)"
                )
                lines.append(
                    f"({lit(uuid7())},{org},{oid},0,{product},'SEAT','Seat',{qty * 10000},{UNIT},"
                    f"'product',{gross},0,{gross},'standard',200000,{tax},{gross + tax})"
                )
            f.write("BEGIN;\n")
            f.write(
                "INSERT INTO orders (id, org_id, person_id, status, currency, order_date,"
                " subtotal_units, discount_units, tax_units, total_units, refunded_units,"
                " external_id, paid_at, created_at, updated_at, version) VALUES\n"
                + ",\n".join(orders)
                + ";\n"
            )
            f.write(
                "INSERT INTO order_lines (id, org_id, order_id, position, product_id, sku, description,"
                " quantity_units, unit_price_units, price_source, gross_units, discount_units,"
                " net_units, tax_category, tax_rate_units, tax_units, total_units) VALUES\n"
                + ",\n".join(lines)
                + ";\n"
            )
            f.write("COMMIT;\n")


if __name__ == "__main__":
    if sys.argv[1] == "csv":
        csv(int(sys.argv[2]), sys.argv[3])
    else:
        sql(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6])
