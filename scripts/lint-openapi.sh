#!/usr/bin/env bash
# Lints docs/openapi.yaml and checks the typed client against it:
#   1. Spectral (.spectral.yaml: spectral:oas all rules + OWASP), failing on errors;
#   2. Redocly (redocly.yaml: recommended);
#   3. openapi-typescript: docs/openapi.yaml -> tests/contract/generated/api.d.ts (gitignored);
#   4. tsc -p tests/contract (type-checks tests/contract/client.ts; nothing runs).
# Every step runs; the script fails if any did. Installs node_modules with `npm ci` when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

spec=docs/openapi.yaml
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

[[ -d node_modules ]] || npm ci --no-audit --no-fund

failed=()
step() {
  local name=$1
  shift
  echo "==> $name"
  if "$@"; then
    echo "--> $name: ok"
  else
    echo "--> $name: FAILED" >&2
    failed+=("$name")
  fi
}

step spectral npx --no-install spectral lint "$spec" --ruleset .spectral.yaml --fail-severity=error
step redocly npx --no-install redocly lint "$spec" --config redocly.yaml
step openapi-typescript npx --no-install openapi-typescript "$spec" -o tests/contract/generated/api.d.ts
if [[ " ${failed[*]} " == *" openapi-typescript "* ]]; then
  echo "--> tsc: skipped (no generated types)" >&2
  failed+=(tsc)
else
  step tsc npx --no-install tsc -p tests/contract
fi

if ((${#failed[@]})); then
  echo "lint-openapi: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "lint-openapi: all passed"
