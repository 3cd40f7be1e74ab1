#!/usr/bin/env bash
# Starts the API and checks its interactive docs page in headless Chromium (tests/browser/docs-page.mjs).
# The screenshot goes to artifacts/docs-page.png (artifacts/ is gitignored). Needs Chromium at /usr/bin/chromium
# (apt-get install chromium) or CHROMIUM_PATH.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -d node_modules ]] || npm ci --no-audit --no-fund
mkdir -p artifacts
OUT_DIR=artifacts exec scripts/with-server.sh node tests/browser/docs-page.mjs
