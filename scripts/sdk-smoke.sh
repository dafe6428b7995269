#!/usr/bin/env bash
# Generates a TypeScript client (openapi-typescript + openapi-fetch, type-checked with
# tsc --strict) and a Python client (openapi-python-client) from the committed
# openapi/openapi.json, and runs sdk/typescript/smoke.ts and sdk/python/smoke.py
# against a live `crm serve` on a fresh SQLite file. Tools come from scripts/tools.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}; bin=$target/debug/crm; tools=$target/tools
work=$(mktemp -d)

ts=$tools/ts/work
rm -rf "$ts" && mkdir -p "$ts"
cp sdk/typescript/smoke.ts sdk/typescript/tsconfig.json "$ts"/
echo '{"type": "module"}' >"$ts"/package.json
"$tools"/ts/node_modules/.bin/openapi-typescript openapi/openapi.json -o "$ts"/schema.d.ts >/dev/null
(cd "$ts" && ../node_modules/.bin/tsc -p tsconfig.json)
echo "typescript client generated and type-checked (tsc --strict)"

py=$work/py
"$tools"/venv/bin/openapi-python-client generate --path openapi/openapi.json \
  --output-path "$py"/crm_client --meta none --config sdk/python/config.yml >/dev/null
echo "python client generated"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LISTEN=127.0.0.1:$port CRM_DATABASE_URL="sqlite://$work/sdk.db?mode=rwc" CRM_LOG=warn \
  "$bin" serve >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.1; done

CRM_URL=http://127.0.0.1:$port node "$ts"/out/smoke.js
CRM_URL=http://127.0.0.1:$port PYTHONPATH="$py" "$tools"/venv/bin/python sdk/python/smoke.py
