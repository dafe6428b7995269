#!/usr/bin/env bash
# Proves the dependency rules of the architecture (as Lemmy does with `cargo tree`):
# the kernel and domain crates know nothing of the ORM, HTTP or OpenAPI; migrations do
# not import entities; handlers never name sea_orm; no domain crate depends on another;
# no repository filters by organisation outside the record layer.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
forbid() { # crate, dependency
  if cargo tree -p "$1" -e normal --prefix none --format '{p}' 2>/dev/null | awk '{print $1}' | grep -qx "$2"; then
    echo "rule broken: $1 depends on $2"; fail=1
  fi
}
# Every crate of the workspace, present and future, read from cargo rather than listed:
# the adapters (persistence, api), the migrations and the tests may name the ORM; every
# other crate is shared (the kernel, and crm-records: what every area's records share)
# or a domain crate, which names none of it and no other domain crate.
outer="crm-persistence crm-api crm-migrations crm-tests"
shared="crm-core crm-records"
crates=$(cargo metadata --no-deps --format-version 1 --locked | jq -r '.packages[].name')
domains=()
for c in $crates; do
  case " $outer $shared " in *" $c "*) ;; *) domains+=("$c") ;; esac
done
for c in $crates; do
  case " $outer " in *" $c "*) continue ;; esac
  for d in sea-orm sea-query sqlx actix-web utoipa $outer; do forbid "$c" "$d"; done
  for d in "${domains[@]}"; do [ "$d" = "$c" ] || forbid "$c" "$d"; done
done
for c in $shared; do
  for d in "${domains[@]}"; do forbid "$c" "$d"; done
done
echo "checked ${#domains[@]} domain crates (${domains[*]}) and the shared $shared"
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
# Organisation scoping lives in one place: no repository writes its own org filter.
if grep -rn 'OrgId\.eq(' crates --include='*.rs' | grep -v '^crates/crm-persistence/src/record/'; then
  echo "rule broken: an organisation filter written by hand; start the query with record::scoped (above)"; fail=1
fi
# A query on a tenant table outside the record layer starts with record::scoped (or
# in_org, scoped_update, update_in, delete_in); a plain Entity::find/update_many/
# delete_many/find_by_id/delete_by_id there needs a "// across organisations: why" on the
# line before. The job queue and the sessions serve every organisation by design.
# (`person + tags` also declares `person::tags`, its tag links: `tags::Entity` is checked too.)
tenants=$(sed -n '/tenant_tables!($/,/^);/p' crates/crm-persistence/src/entities/mod.rs \
  | grep -oE '^\s+[a-z_]+( \+ [a-z_]+)?,' | tr -d ' ,' | tr '+' '\n' | sort -u | paste -sd'|')
[ -n "$tenants" ] || { echo "no tenant_tables!( list found in crates/crm-persistence/src/entities/mod.rs"; exit 1; }
unscoped=$(grep -rnE -B1 "\b($tenants)::Entity::(find|update_many|delete_many|find_by_id|delete_by_id)\(" \
  crates/crm-persistence/src --include='*.rs' \
  | grep -vE '^crates/crm-persistence/src/(record/|repos/jobs\.rs|repos/sessions\.rs)' \
  | awk '/across organisations/ {skip=1; next} /::Entity::/ {if (!skip) print; skip=0; next} {skip=0}')
if [ -n "$unscoped" ]; then
  printf '%s\n' "$unscoped"
  echo "rule broken: a query on a tenant table not started by the record layer (above)"; fail=1
fi
# Event types are declared by their area's catalogue (`events.rs`), never made up inline.
if grep -rn 'EventType::new(' crates --include='*.rs' | grep -vE '^crates/[^/]+/src/events\.rs:'; then
  echo "rule broken: an event type declared outside its area's events.rs (above)"; fail=1
fi
[ $fail = 0 ] && echo "dependency rules hold"
exit $fail
