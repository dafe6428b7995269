#!/usr/bin/env bash
# Every migration runs up from empty, all the way down, and up again, on SQLite and on
# the PostgreSQL server whose base URL is $1.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=$target/debug/crm; tools=$target/tools
pgbase=${1:?postgres base url}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
psql -q "$pgbase/postgres" -c "CREATE DATABASE crm_roundtrip"
n=$("$bin" migrate status --database-url "sqlite://$work/r.db?mode=rwc" | wc -l)
for url in "sqlite://$work/r.db?mode=rwc" "$pgbase/crm_roundtrip"; do
  "$bin" migrate up --database-url "$url"
  "$bin" migrate down --steps "$n" --database-url "$url"
  "$bin" migrate status --database-url "$url" | grep -q applied && { echo "down left migrations applied on $url"; exit 1; }
  "$bin" migrate up --database-url "$url"
  echo "$n migration(s) ran up, down and up on ${url%%:*}"
done
