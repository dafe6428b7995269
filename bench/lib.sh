# Sourced by the benchmark scripts: the database under test and the tools beside it.

# Sets `url` to a fresh database for `$backend` (and `pgdir`, `pgurl` on PostgreSQL,
# which the caller's cleanup stops): a SQLite file named $1 in `$work`, or a private
# PostgreSQL on loopback run as production runs it, with fsync and synchronous_commit
# on (the tests turn them off).
bench_database() {
  if [ "$backend" = postgres ]; then
    pgdir=$(mktemp -d /tmp/crm-bench-pg.XXXXXX)
    pgurl=$(BENCH_DURABLE=1 scripts/pg.sh start "$pgdir")
    psql -q "$pgurl" -c "CREATE DATABASE crm_bench"
    url=${pgurl%/postgres}/crm_bench
  else
    url="sqlite://$work/$1?mode=rwc"
  fi
}

# Prints the path of pgbench, which Debian installs beside the server, not on PATH.
pgbench_path() {
  local found=""
  for c in /usr/lib/postgresql/*/bin/pgbench; do [ -x "$c" ] && found=$c; done
  [ -n "$found" ] || found=$(command -v pgbench)
  echo "$found"
}

# api_cursor_after PORT TOKEN COLLECTION ID: the cursor of the page that starts right
# after record ID in COLLECTION's default order, obtained by walking the API (cursors
# are signed, so one cannot be written by hand).
api_cursor_after() {
  python3 - "$@" <<'PY'
import json, sys, urllib.request
port, token, collection, target = sys.argv[1:5]
def page(limit, cursor):
    url = f"http://127.0.0.1:{port}{collection}?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req))
cursor = None
while True:
    p = page(200, cursor)
    ids = [r["id"] for r in p["data"]]
    if target in ids:
        print(page(ids.index(target) + 1, cursor)["next_cursor"])
        break
    if not p.get("next_cursor"):
        sys.exit(f"{target} not found in {collection}")
    cursor = p["next_cursor"]
PY
}
