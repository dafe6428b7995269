#!/usr/bin/env bash
# Installs the external checkers under target/tools (once): schemathesis,
# openapi-spec-validator, openapi-python-client, standardwebhooks (the webhook
# receiver's signature check) and aiosmtpd (the email fault script's SMTP server) from PyPI; Spectral, and
# openapi-typescript with openapi-fetch and TypeScript for the SDK smoke test, from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$(pwd)/target}; bin=$target/debug/crm; tools=$target/tools
mkdir -p "$tools"
if [ ! -x "$tools"/venv/bin/schemathesis ] || [ ! -x "$tools"/venv/bin/openapi-spec-validator ] \
  || [ ! -x "$tools"/venv/bin/openapi-python-client ] \
  || ! "$tools"/venv/bin/python -c 'import standardwebhooks, aiosmtpd' 2>/dev/null; then
  python3 -m venv "$tools"/venv
  "$tools"/venv/bin/pip install -q --disable-pip-version-check 'schemathesis>=4,<5' \
    'openapi-spec-validator>=0.7' 'openapi-python-client>=0.29,<0.30' \
    'standardwebhooks>=1.3,<2' 'aiosmtpd>=1.4,<2'
fi
if [ ! -x "$tools"/node/node_modules/.bin/spectral ]; then
  npm install --prefix "$tools"/node --no-audit --no-fund --loglevel=error '@stoplight/spectral-cli@6'
fi
if [ ! -x "$tools"/ts/node_modules/.bin/openapi-typescript ] || [ ! -x "$tools"/ts/node_modules/.bin/tsc ]; then
  npm install --prefix "$tools"/ts --no-audit --no-fund --loglevel=error \
    'openapi-typescript@7' 'openapi-fetch@0' 'typescript@5' '@types/node@20'
fi
echo "checkers: $("$tools"/venv/bin/schemathesis --version), spectral $("$tools"/node/node_modules/.bin/spectral --version)"
