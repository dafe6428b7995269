"""Drives one server under callgrind: for each workload, a warm-up, counters zeroed,
N requests one after another on one keep-alive connection, a dump; prints the
instructions per request (Ir) from the dump's totals. Used by bench/instructions.sh."""

import glob
import http.client
import json
import os
import subprocess
import sys

port, pid, token, ids_file, outdir, email_field = sys.argv[1:7]
n = int(os.environ.get("INS_REQUESTS", "300"))
warm = int(os.environ.get("INS_WARMUP", "50"))
ids = json.load(open(ids_file))["sample_ids"]
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)
auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
seq = [0]


def call(method, path, body=None):
    conn.request(method, path, body=body, headers=auth)
    r = conn.getresponse()
    r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status}")


def read(i):
    call("GET", f"/v1/people/{ids[i % len(ids)]}")


def page(i):
    call("GET", "/v1/people?limit=50")


def search(i):
    call("POST", "/v1/people/search", json.dumps({"filter": {"all": [
        {"field": "lifecycle_stage", "op": "eq", "value": "customer"},
        {"field": "tags", "op": "contains", "value": "vip"}]}, "limit": 50}))


def create(i):
    seq[0] += 1
    k = seq[0]
    call("POST", "/v1/people", json.dumps({"first_name": "B", "last_name": f"W{k}",
         "emails": [{email_field: f"w{k}@bench.example"}], "tags": ["bench"]}))


def patch(i):
    seq[0] += 1
    call("PATCH", f"/v1/people/{ids[(i * 7) % len(ids)]}", json.dumps({"last_name": f"P{seq[0]}"}))


def totals(path):
    for line in open(path):
        if line.startswith("totals:") or line.startswith("summary:"):
            return int(line.split()[1])
    raise SystemExit(f"no totals in {path}")


out = []
for name, fn in [("read", read), ("page", page), ("search", search), ("create", create), ("patch", patch)]:
    for i in range(warm):
        fn(i)
    subprocess.run(["callgrind_control", "-z", pid], check=True, capture_output=True)
    for i in range(n):
        fn(warm + i)
    before = set(glob.glob(f"{outdir}/cg.out.{pid}*"))
    subprocess.run(["callgrind_control", "-d", pid], check=True, capture_output=True)
    new = sorted(set(glob.glob(f"{outdir}/cg.out.{pid}*")) - before)
    ir = totals(new[-1])
    out.append(f"{name} {ir // n}")
print(" ".join(out))
