#!/usr/bin/env bash
# The whole test suite: format, lints, dependency rules, every test on SQLite and on a
# private PostgreSQL server, the OpenAPI drift check and lint, schemathesis against a
# live server, generated TypeScript and Python clients run live, and the README
# walkthrough. Installs what it needs first: PostgreSQL, jq, npm, python3-venv and
# cargo-nextest when missing (scripts/setup.sh), the Python and npm checkers under
# target/tools on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=$target/debug/crm; tools=$target/tools
step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

step "what the suite needs (scripts/setup.sh)"
scripts/setup.sh

step "format"
cargo fmt --all --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "dependency rules"
scripts/check-deps.sh

step "build"
cargo build --workspace --all-targets --locked

step "tests on SQLite"
CRM_TEST_BACKEND=sqlite cargo nextest run --workspace --locked --no-fail-fast

step "tests on PostgreSQL"
pgdir=$(mktemp -d /tmp/crm-pg.XXXXXX)
trap 'scripts/pg.sh stop "$pgdir"' EXIT
if ! pgurl=$(scripts/pg.sh start "$pgdir"); then
  echo "PostgreSQL is needed for the suite. On Debian: apt-get install -y postgresql" >&2
  exit 1
fi
base=${pgurl%/postgres}
psql -q "$pgurl" -c "CREATE DATABASE crm_template"
CRM_DATABASE_URL="$base/crm_template" "$bin" migrate up
CRM_DATABASE_URL="$base/crm_template" "$bin" migrate status
CRM_TEST_BACKEND=postgres CRM_TEST_PG_URL="$pgurl" cargo nextest run -p crm-tests --locked --no-fail-fast

step "PostgreSQL over TLS (sslmode=require and verify-full)"
scripts/pg-tls.sh "$bin"

step "migrations run down and up again on both databases"
scripts/migrations-roundtrip.sh "$base"

step "faults: the database goes away and comes back; SIGTERM with a request in flight"
scripts/resilience.sh "$pgurl" "$pgdir"

step "OpenAPI document is committed and current"
"$bin" openapi | diff -u openapi/openapi.json - && echo "openapi/openapi.json is current"

step "checkers"
scripts/tools.sh
step "OpenAPI lint (Spectral, openapi-spec-validator)"
"$tools"/node/node_modules/.bin/spectral lint openapi/openapi.json --fail-severity=warn
"$tools"/venv/bin/openapi-spec-validator openapi/openapi.json

step "webhook faults: 500, 429, 410, timeout, receiver down, SIGKILL mid-batch (SQLite, PostgreSQL)"
scripts/webhook-faults.sh "sqlite://$(mktemp -d)/hooks.db?mode=rwc"
psql -q "$pgurl" -c "CREATE DATABASE crm_hooks"
scripts/webhook-faults.sh "$base/crm_hooks"

step "email faults: SMTP down, 451, 550, SIGKILL mid-batch (SQLite, PostgreSQL)"
scripts/email-faults.sh "sqlite://$(mktemp -d)/mail.db?mode=rwc"
psql -q "$pgurl" -c "CREATE DATABASE crm_mail"
scripts/email-faults.sh "$base/crm_mail"

step "schemathesis (all default checks) against a live server"
scripts/schemathesis.sh

step "TypeScript and Python clients generated from the document, smoke-tested live"
scripts/sdk-smoke.sh

step "README walkthrough, as pasted"
scripts/readme-check.sh

printf '\nall checks passed in %ss\n' $((SECONDS - started))
