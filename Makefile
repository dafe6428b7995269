# The project's commands. `make test` is what CI runs.
.PHONY: serve test ci unit lint openapi bench bench-import bench-rename bench-ab bench-instructions bench-activity bench-inbound bench-forecast bench-orders bench-order-import bench-scoring bench-webhooks bench-emails help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-19s %s\n", $$1, $$2}'

serve: ## serve the API on ./crm.db at 127.0.0.1:8080
	cargo run -- serve

test: ## every check: lints, both databases, OpenAPI drift and lint, schemathesis, README
	bash scripts/test.sh

ci: test ## what .ci/run runs

unit: ## the test suite on SQLite only
	CRM_TEST_BACKEND=sqlite cargo nextest run --workspace

lint: ## format check and clippy
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

openapi: ## regenerate openapi/openapi.json
	cargo run -q -- openapi > openapi/openapi.json

bench: ## benchmarks against a seeded database, then the import, activity, inbound, forecast, order, order-import, scoring, webhook and email benchmarks
	bash bench/run.sh
	bash bench/import.sh
	bash bench/activity.sh
	bash bench/inbound.sh
	bash bench/forecast.sh
	bash bench/orders.sh
	bash bench/order_import.sh
	bash bench/scoring.sh
	bash bench/webhooks.sh
	BENCH_BACKEND=postgres bash bench/webhooks.sh
	bash bench/emails.sh
	BENCH_BACKEND=postgres bash bench/emails.sh

bench-import: ## import BENCH_IMPORT_ROWS people from CSV against the raw bulk insert
	bash bench/import.sh

bench-rename: ## the longest write stall while a tag of BENCH_PEOPLE/10 carriers is renamed
	bash bench/rename.sh

bench-activity: ## a 10,000-entry timeline's first and last page, a user's week among 1,000,000 tasks
	bash bench/activity.sh

bench-inbound: ## 10,000 inbound emails (2,000 new conversations, then threaded replies) against raw inserts
	bash bench/inbound.sh

bench-forecast: ## a year's forecast by month and owner over FORECAST_OPPORTUNITIES (100,000) opportunities against raw SQL
	bash bench/forecast.sh

bench-orders: ## POST /v1/orders of two priced lines against inserting its three rows in one transaction
	bash bench/orders.sh

bench-order-import: ## import BENCH_ORDER_ROWS (1,000,000) one-line orders from CSV against the raw bulk insert of their rows
	bash bench/order_import.sh

bench-scoring: ## every score recomputed after a scoring rule is written, over BENCH_SCORING_PEOPLE (1,000,000) people
	bash bench/scoring.sh

bench-webhooks: ## webhook deliveries a second to a loopback receiver, and the commit-to-receipt lag at BENCH_WEBHOOK_RATE (1,000) events a second
	bash bench/webhooks.sh

bench-emails: ## messages a second sent from the email queue to a loopback SMTP server, against smtplib alone
	bash bench/emails.sh

bench-ab: ## two release builds (AB_OLD_BIN, AB_NEW_BIN) on the same workloads, alternated
	bash bench/ab.sh

bench-instructions: ## instructions per request (callgrind) of two release builds (INS_OLD_BIN, INS_NEW_BIN)
	bash bench/instructions.sh
