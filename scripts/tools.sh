#!/usr/bin/env bash
# Installs the external checkers under target/tools (once): schemathesis and
# openapi-spec-validator from PyPI, Spectral from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=$target/debug/crm; tools=$target/tools
mkdir -p "$tools"
if [ ! -x "$tools"/venv/bin/schemathesis ] || [ ! -x "$tools"/venv/bin/openapi-spec-validator ]; then
  python3 -m venv "$tools"/venv
  "$tools"/venv/bin/pip install -q --disable-pip-version-check 'schemathesis>=4,<5' 'openapi-spec-validator>=0.7'
fi
if [ ! -x "$tools"/node/node_modules/.bin/spectral ]; then
  npm install --prefix "$tools"/node --no-audit --no-fund --loglevel=error '@stoplight/spectral-cli@6'
fi
echo "checkers: $("$tools"/venv/bin/schemathesis --version), spectral $("$tools"/node/node_modules/.bin/spectral --version)"
