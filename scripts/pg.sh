#!/usr/bin/env bash
# Starts or stops a private PostgreSQL server for the tests, on loopback only.
#   scripts/pg.sh start DIR   -> prints the maintenance URL; the server runs until `stop`
#   scripts/pg.sh stop DIR
set -euo pipefail

action=${1:?start|stop}
dir=${2:?data directory}

bindir=""
for c in /usr/lib/postgresql/*/bin; do [ -x "$c/initdb" ] && bindir=$c; done
if [ -z "$bindir" ] && command -v initdb >/dev/null; then bindir=$(dirname "$(command -v initdb)"); fi
if [ -z "$bindir" ]; then
  echo "PostgreSQL is not installed. On Debian: apt-get install -y postgresql" >&2
  exit 3
fi

# initdb refuses to run as root: run the server as the postgres user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    # Tests skip durability for speed; BENCH_DURABLE=1 keeps it, as production runs.
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ -n "${BENCH_DURABLE:-}" ] && fast=""
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $fast -c max_connections=200" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
