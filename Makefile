# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
API := src/MovieDiscovery.Api
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: run test lint bench build format format-check migrations clean openapi import export \
	cluster-up cluster-down cluster-status cluster-promote bench-cluster

## run: build and start the API on http://127.0.0.1:8080 with SQLite under ./data/
run:
	ASPNETCORE_URLS=$${ASPNETCORE_URLS:-http://127.0.0.1:8080} ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} \
	Database__ConnectionString="$${Database__ConnectionString:-Data Source=$(CURDIR)/data/movies.db}" \
	dotnet run --project $(API) -c Release

# The feed commands use the database `make run` uses unless Database__* say otherwise (docs/operations.md).
FEED_ENV = ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} \
	Database__ConnectionString="$${Database__ConnectionString:-Data Source=$(CURDIR)/data/movies.db}"
yes = $(filter 1 true yes,$(1))

## import FILE=catalogue.jsonl [DRY_RUN=1] [STRICT=1]: upsert a catalogue feed (JSON Lines, one movie a line,
##        docs/operations.md; sample: docs/feed/sample-catalogue.jsonl) by external_id; exits non-zero if a line was rejected
import:
	@test -n "$(FILE)" || { echo "usage: make import FILE=catalogue.jsonl [DRY_RUN=1] [STRICT=1]" >&2; exit 2; }
	$(FEED_ENV) dotnet run --project $(API) -c Release -- --import "$(abspath $(FILE))" \
		$(if $(call yes,$(DRY_RUN)),--dry-run) $(if $(call yes,$(STRICT)),--strict)

## export FILE=out.jsonl: write the catalogue in the feed's format
export:
	@test -n "$(FILE)" || { echo "usage: make export FILE=out.jsonl" >&2; exit 2; }
	$(FEED_ENV) dotnet run --project $(API) -c Release -- --export "$(abspath $(FILE))"

## test: the whole suite: format check; unit and HTTP tests on SQLite, a throwaway PostgreSQL and local
##       clusters (scripts/run-tests.sh stops whatever they leave running); OpenAPI lint and typed client;
##       the curl examples of README.md and docs/ and the /docs page against a running server; every
##       relative link of the Markdown files
test: format-check
	bash scripts/run-tests.sh dotnet test MovieDiscovery.slnx -c Release --logger "console;verbosity=normal"
	$(MAKE) lint
	bash scripts/check-examples.sh
	bash scripts/check-docs-page.sh
	bash scripts/check-links.sh

## lint: Spectral (OAS + OWASP) and Redocly on docs/openapi.yaml, a client generated from it type-checked, the container files
lint:
	bash scripts/lint-openapi.sh
	bash scripts/check-container-files.sh

build:
	dotnet build MovieDiscovery.slnx -c Release

format:
	dotnet format MovieDiscovery.slnx

format-check:
	dotnet format MovieDiscovery.slnx --verify-no-changes

## migrations NAME=AddSomething: add a migration for both providers
migrations:
	dotnet tool restore
	dotnet ef migrations add $(NAME) --project $(API) --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite
	dotnet ef migrations add $(NAME) --project $(API) --context PostgresAppDbContext --output-dir Data/Migrations/Postgres

clean:
	dotnet clean MovieDiscovery.slnx
	rm -rf data

## openapi: regenerate docs/openapi.yaml from the code (then commit it)
openapi:
	UPDATE_OPENAPI=1 dotnet test tests/MovieDiscovery.Api.Tests --filter "FullyQualifiedName~OpenApiDocumentSpec"

## bench: the 1M-movie benchmark (bench/README.md); appends its figures to bench/RESULTS.md
bench:
	bash bench/run.sh

## cluster-up: HAProxy on CLUSTER_PORT (8080), 3 API instances, PostgreSQL primary + standby, Redis, on
##             loopback, state in .cluster/ (docs/cluster.md); service settings given here reach every instance
cluster-up:
	bash deploy/local/cluster.sh up

## cluster-down: stop every process of the cluster
cluster-down:
	bash deploy/local/cluster.sh down

## cluster-status: one JSON object with the balancer, the instances, the databases, Redis and their pids
cluster-status:
	@bash deploy/local/cluster.sh status

## cluster-promote: stop the primary and promote the standby (pg_ctl promote)
cluster-promote:
	bash deploy/local/cluster.sh promote

## bench-cluster: the balancer's overhead and standby vs primary reads, on a cluster of its own (bench/README.md)
bench-cluster:
	bash bench/cluster-figures.sh
