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
