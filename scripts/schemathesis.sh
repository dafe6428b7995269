#!/usr/bin/env bash
# Runs schemathesis (all default checks) against a live `crm serve` on a fresh SQLite
# file, authenticated as the owner of a new organisation. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=$target/debug/crm; tools=$target/tools
st=${SCHEMATHESIS:-"$tools"/venv/bin/schemathesis}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export CRM_LISTEN=127.0.0.1:$port CRM_DATABASE_URL="sqlite://$work/st.db?mode=rwc" CRM_LOG=warn \
  CRM_RATE_LIMIT=1000000 CRM_ORG_RATE_LIMIT=1000000 CRM_ANON_RATE_LIMIT=1000000 CRM_LOGIN_RATE_LIMIT=1000000 \
  CRM_RUN_JOBS=false
# No worker: the webhook endpoints schemathesis makes name hosts of the internet, and
# tests send traffic to 127.0.0.1 only (the webhook tests deliver to a loopback receiver).
"$bin" serve >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done
# The owner's credentials are the ones the document's examples show, so the examples
# phase signs in for real.
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/signup" -H 'content-type: application/json' \
  -d '{"organisation_name":"Acme Ltd","name":"Ada Lovelace","email":"ada@example.com","password":"correct horse battery staple"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
PYTHONPATH="$(pwd)/scripts${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks \
  "$st" --config-file schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
  --url "http://127.0.0.1:$port" \
  -H "Authorization: Bearer $token" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-50}" \
  --seed "${SCHEMATHESIS_SEED:-1}" \
  --no-color
