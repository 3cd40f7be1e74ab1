#!/usr/bin/env bash
# Checks the container files without a Docker engine: dockerfilelint on the Dockerfile, and the
# compose files parsed and checked for the shape docs/operations.md and docs/cluster.md describe.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d node_modules ]] || npm ci --no-audit --no-fund
npx --no-install dockerfilelint Dockerfile
node tests/container/check-compose.mjs docker-compose.yml
node tests/container/check-cluster-compose.mjs deploy/compose.yaml
