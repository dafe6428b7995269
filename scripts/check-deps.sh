#!/usr/bin/env bash
# Proves the dependency rules of the architecture (as Lemmy does with `cargo tree`):
# the kernel and domain crates know nothing of the ORM, HTTP or OpenAPI; migrations do
# not import entities; handlers never name sea_orm.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
forbid() { # crate, dependency
  if cargo tree -p "$1" -e normal --prefix none --format '{p}' 2>/dev/null | awk '{print $1}' | grep -qx "$2"; then
    echo "rule broken: $1 depends on $2"; fail=1
  fi
}
for c in crm-core crm-accounts; do
  for d in sea-orm sea-query sqlx actix-web utoipa crm-persistence crm-api; do forbid "$c" "$d"; done
done
forbid crm-migrations crm-persistence
forbid crm-persistence actix-web
forbid crm-persistence utoipa
if grep -rnE '(sea_orm|sea_query|sqlx)::|use (sea_orm|sea_query|sqlx)' crates/crm-api/src; then
  echo "rule broken: the API crate names the ORM (above)"; fail=1
fi
if grep -rn 'entities' migrations/src; then
  echo "rule broken: a migration imports entities (above)"; fail=1
fi
if grep -rnE '\.route\(' crates/crm-api/src/routes; then
  echo "rule broken: a route registered with route() is missing from the OpenAPI document"; fail=1
fi
[ $fail = 0 ] && echo "dependency rules hold"
exit $fail
