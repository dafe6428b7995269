#!/usr/bin/env bash
# Runs the README's curl walkthrough, exactly as written, against `crm serve` started
# with no configuration at all in an empty directory (so on 127.0.0.1:8080 and SQLite).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}; bin=$target/debug/crm; tools=$target/tools
work=$(mktemp -d)
if curl -s -o /dev/null http://127.0.0.1:8080/health/live; then
  echo "something already listens on 127.0.0.1:8080; stop it to check the README" >&2
  exit 1
fi
awk '/<!-- walkthrough:start -->/{on=1; next} /<!-- walkthrough:end -->/{on=0} on && !/^```/' \
  "$root/README.md" >"$work/walkthrough.sh"
[ -s "$work/walkthrough.sh" ] || { echo "no walkthrough found in README.md" >&2; exit 1; }
cd "$work"
env -u CRM_DATABASE_URL -u CRM_LISTEN "$bin" serve >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8080/health/ready >/dev/null && break; sleep 0.1; done
bash -euo pipefail "$work/walkthrough.sh" >"$work/out.txt"
# The walkthrough ran to the end: the last step printed the audit log.
grep -q '"updated": 1' "$work/out.txt" && grep -q '"field": "E-mail"' "$work/out.txt" &&
  grep -qx '"Dijkstra"' "$work/out.txt" && grep -q '"name": "key-account"' "$work/out.txt" &&
  grep -q '"person.merged"' "$work/out.txt" && grep -qx '304' "$work/out.txt" &&
  grep -q '"status": "closed"' "$work/out.txt" && grep -q '"resource": "interactions"' "$work/out.txt" &&
  grep -q '"outcome": "Voicemail"' "$work/out.txt" &&
  grep -q '{"name":"Needs analysis","retired":true}' "$work/out.txt" &&
  grep -q '{"status":"open","amount":{"amount":"12000.00","currency":"EUR"},"next_step":"Send the quote"}' "$work/out.txt" &&
  grep -q '"close_reason":"Best total cost"' "$work/out.txt" &&
  grep -q '"items":\[{"amount":"270.00","currency":"EUR"}\]' "$work/out.txt" &&
  grep -q '"total":{"amount":"12312.00","currency":"EUR"}' "$work/out.txt" &&
  grep -q '{"status":"paid","total":{"amount":"12312.00","currency":"EUR"},"refunded":{"amount":"307.80","currency":"EUR"}}' "$work/out.txt" &&
  grep -q '"price_source":"price_list"' "$work/out.txt" &&
  grep -q '{"resource":"orders","status":"completed","progress":{"rows_done":2,"created":2,"updated":0,"failed":0}}' "$work/out.txt" &&
  grep -q '{"currencies":\[{"spent":{"amount":"13084.20","currency":"EUR"},"order_count":3}\],"products":\[{"sku":"SEAT-1Y","quantity":"43"}\]}' "$work/out.txt" &&
  grep -q '{"score":23,"parts":\[{"rule_name":"Big spenders","points":20},{"rule_name":"Pricing page","points":3}\]}' "$work/out.txt" || { cat "$work/out.txt"; echo "walkthrough output is not what the README promises" >&2; exit 1; }
[ -f "$work/crm.db" ] || { echo "crm serve did not create ./crm.db" >&2; exit 1; }
# The webhooks block, against a server that may reach loopback, in a directory of its own.
kill $pid; wait $pid 2>/dev/null || true
awk '/<!-- webhooks:start -->/{on=1; next} /<!-- webhooks:end -->/{on=0} on && !/^```/' \
  "$root/README.md" >"$work/webhooks.sh"
[ -s "$work/webhooks.sh" ] || { echo "no webhooks block found in README.md" >&2; exit 1; }
mkdir "$work/hooks" && cd "$work/hooks"
env -u CRM_DATABASE_URL -u CRM_LISTEN CRM_WEBHOOK_ALLOW_PRIVATE=1 "$bin" serve >"$work/serve-hooks.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8080/health/ready >/dev/null && break; sleep 0.1; done
bash -euo pipefail "$work/webhooks.sh" >"$work/hooks.txt"
grep -qx 'person.created Alan verified' "$work/hooks.txt" &&
  grep -q '{"event_type":"person.created","status":"succeeded","attempts":1,"response_status":204}' "$work/hooks.txt" \
  || { cat "$work/hooks.txt"; echo "the webhooks block's output is not what the README promises" >&2; exit 1; }
cd "$work"
echo "README walkthrough ran as pasted ($(grep -c '' "$work/walkthrough.sh") lines, $(grep -c '^curl\|curl -s' "$work/walkthrough.sh") requests)"
