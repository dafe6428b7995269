#!/usr/bin/env bash
# PostgreSQL over TLS, as CRM_DATABASE_URL asks for it: a private server with a
# certificate from a throwaway certificate authority that accepts TLS connections only;
# `crm` must connect with sslmode=require and verify-full (the authority given as
# sslrootcert), must be refused without TLS, and must refuse a server its authority did
# not sign under verify-full.
#   scripts/pg-tls.sh BIN
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?the crm binary}
export CRM_LOG=warn
dir=$(mktemp -d /tmp/crm-pgtls.XXXXXX)
trap 'scripts/pg.sh stop "$dir/pg"; rm -rf "$dir"' EXIT
certs=$dir/certs; mkdir -p $certs
chmod 755 $dir $certs

# A certificate authority, a server certificate it signs for localhost and 127.0.0.1,
# and a second authority that signed nothing here.
authority() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
    -keyout $certs/$1.key -out $certs/$1.crt 2>/dev/null
}
authority ca "crm test CA"
authority other "someone else's CA"
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout $certs/server.key -out $certs/server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > $certs/san.ext
openssl x509 -req -in $certs/server.csr -CA $certs/ca.crt -CAkey $certs/ca.key -CAcreateserial \
  -days 2 -extfile $certs/san.ext -out $certs/server.crt 2>/dev/null

url=$(scripts/pg.sh start "$dir/pg")
port=${url##*:}; port=${port%%/*}
[ "$(id -u)" = 0 ] && chown postgres $certs/server.key $certs/server.crt
chmod 600 $certs/server.key
hba=$(psql -Atq "$url" -c "SHOW hba_file")
# TLS only, over TCP: a connection without it is refused.
printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n' > $dir/hba
cp $dir/hba "$hba"
psql -q "$url" -c "ALTER SYSTEM SET ssl = on" \
  -c "ALTER SYSTEM SET ssl_cert_file = '$certs/server.crt'" \
  -c "ALTER SYSTEM SET ssl_key_file = '$certs/server.key'"
psql -q "$url" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1

ok() { printf 'ok: %s\n' "$1"; }
fail() { printf 'FAILED: %s\n' "$1" >&2; exit 1; }
at() { echo "postgres://postgres@$1:$port/postgres?$2"; }

"$bin" migrate up --database-url "$(at 127.0.0.1 sslmode=require)" >/dev/null \
  && ok "sslmode=require connects and migrates" || fail "sslmode=require"
"$bin" migrate status --database-url "$(at localhost "sslmode=verify-full&sslrootcert=$certs/ca.crt")" >/dev/null \
  && ok "sslmode=verify-full with the authority connects" || fail "sslmode=verify-full"
if "$bin" migrate status --database-url "$(at 127.0.0.1 sslmode=disable)" >/dev/null 2>&1; then
  fail "a connection without TLS was accepted"
fi
ok "a connection without TLS is refused by the server"
if "$bin" migrate status --database-url "$(at localhost "sslmode=verify-full&sslrootcert=$certs/other.crt")" >/dev/null 2>&1; then
  fail "verify-full accepted a server another authority signed"
fi
ok "verify-full refuses a server its authority did not sign"

# The server itself, not only the migrations: ready on verify-full.
listen=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CRM_LOG=warn "$bin" serve --listen 127.0.0.1:$listen \
  --database-url "$(at localhost "sslmode=verify-full&sslrootcert=$certs/ca.crt")" > $dir/serve.log 2>&1 &
pid=$!
ready=""
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$listen/health/ready >/dev/null && { ready=1; break; }; sleep 0.1; done
kill $pid; wait $pid 2>/dev/null || true
[ -n "$ready" ] && ok "crm serve is ready over verify-full" || { cat $dir/serve.log >&2; fail "serve over TLS"; }
