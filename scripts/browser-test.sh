#!/usr/bin/env bash
# The page's end-to-end test (tests/browser/serve.test.mjs): `annex-audit serve` in headless
# Chromium with the with-errors sample. Installs Chromium (and a Chinese font, for a readable
# docs/serve-page.png) when missing, the test's npm packages from package-lock.json, builds the
# debug binary and runs the test, which ends with `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && apt-get install -y chromium fonts-noto-cjk
fi
(cd tests/browser && npm ci --no-audit --no-fund)
cargo build --quiet
ANNEX_AUDIT_BIN="${CARGO_TARGET_DIR:-target}/debug/annex-audit" node tests/browser/serve.test.mjs
