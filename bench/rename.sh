#!/usr/bin/env bash
# make bench-rename: the longest write stall while a tag carried by BENCH_PEOPLE/10
# people is renamed. Seeds BENCH_PEOPLE people (every tenth tagged vip), serves the
# release build, runs BENCH_WRITERS writers that PATCH people who do not carry the tag
# back to back, renames vip, and reports the rename's own latency, the time until the
# carriers' cards are all refreshed, and the writers' longest and p99 latency over that
# window against the same writers' p99 before it. BENCH_BACKEND=postgres runs on a
# private PostgreSQL (fsync on).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
people=${BENCH_PEOPLE:-1000000}
writers=${BENCH_WRITERS:-4}
backend=${BENCH_BACKEND:-sqlite}
# BENCH_BIN measures another build (an earlier commit's) with the same workload.
if [ -z "${BENCH_BIN:-}" ]; then cargo build --release --locked -p crm-api; fi
bin=${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/crm}
work=$(mktemp -d)
pgdir=""
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT
bench_database bench.db
echo "seeding $people people on $backend…"
"$bin" seed --people "$people" --database-url "$url" >"$work/people.json"
owner=$(jq -r .owner_email "$work/people.json")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn CRM_RATE_LIMIT=100000000 CRM_ORG_RATE_LIMIT=100000000 \
  "$bin" serve --listen "127.0.0.1:$port" --database-url "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
python3 - "$port" "$owner" "$writers" "$backend" "$people" <<'PY'
import http.client, json, sys, threading, time
port, owner, writers, backend, people = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
def call(method, path, body=None, token=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    h = {"content-type": "application/json"}
    if token: h["authorization"] = "Bearer " + token
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, (json.loads(data) if data else None)
_, login = call("POST", "/v1/auth/login", {"email": owner, "password": "correct horse battery staple"})
token = login["access_token"]
_, tags = call("GET", "/v1/tags?q=vip", token=token)
vip = tags["data"][0]["id"]
# People who do not carry vip: every tenth carries it, so take those from a search.
_, page = call("POST", "/v1/people/search", {"filter": {"field": "tags", "op": "not_in", "value": ["vip"]}}, token)
targets = [p["id"] for p in page["data"]][:writers]
samples, stop = [], threading.Event()
def writer(pid):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = 0
    while not stop.is_set():
        n += 1
        t0 = time.perf_counter()
        c.request("PATCH", f"/v1/people/{pid}", json.dumps({"last_name": f"W{n}"}),
                  {"content-type": "application/json", "authorization": "Bearer " + token})
        r = c.getresponse(); r.read()
        samples.append((t0, time.perf_counter() - t0, r.status))
ts = [threading.Thread(target=writer, args=(p,)) for p in targets]
for t in ts: t.start()
time.sleep(3)
start = time.perf_counter()
st, _ = call("PATCH", f"/v1/tags/{vip}", {"name": "key-account"}, token)
answered = time.perf_counter() - start
assert st == 200, st
while True:
    st, jobs = call("GET", "/v1/jobs?kind=tag.cards&state=done", token=token)
    if st == 404: break  # a build without jobs refreshes the cards inside the rename
    if jobs and jobs["data"]: break
    time.sleep(0.05)
refreshed = time.perf_counter() - start
time.sleep(1)
stop.set()
for t in ts: t.join()
def pct(xs, q): xs = sorted(xs); return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0
before = [d for (t0, d, s) in samples if t0 < start]
during = [d for (t0, d, s) in samples if start <= t0 <= start + refreshed]
errors = sum(1 for (_, _, s) in samples if s >= 500)
print(f"{backend}, {people} people, {int(people)//10} carriers, {writers} writers")
print(f"rename answered in {answered*1000:.0f} ms; every card refreshed after {refreshed:.2f} s")
print(f"writes before: {len(before)}, p99 {pct(before,0.99)*1000:.1f} ms, max {max(before)*1000:.1f} ms")
print(f"writes during: {len(during)}, p99 {pct(during,0.99)*1000:.1f} ms, longest stall {max(during or [0])*1000:.1f} ms")
print(f"5xx: {errors}")
PY
