# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
API := src/MovieDiscovery.Api
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: run test lint bench build format format-check migrations clean openapi

## run: build and start the API on http://127.0.0.1:8080 with SQLite under ./data/
run:
	ASPNETCORE_URLS=$${ASPNETCORE_URLS:-http://127.0.0.1:8080} ASPNETCORE_ENVIRONMENT=$${ASPNETCORE_ENVIRONMENT:-Development} \
	Database__ConnectionString="$${Database__ConnectionString:-Data Source=$(CURDIR)/data/movies.db}" \
	dotnet run --project $(API) -c Release

## test: the whole suite: format check; unit and HTTP tests on SQLite and a throwaway PostgreSQL;
##       OpenAPI lint and typed client; the curl examples of README.md and docs/ and the /docs page
##       against a running server; every relative link of the Markdown files
test: format-check
	dotnet test MovieDiscovery.slnx -c Release --logger "console;verbosity=normal"
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
