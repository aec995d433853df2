#!/usr/bin/env bash
# `npm test`: every test, in the order that fails fastest. Installs missing system packages first
# (Debian, as root), type-checks, builds dist/ once, runs the Vitest projects (unit + API + store
# contract) and the Playwright end-to-end tests against that build, then prints one closing line
# "tests: N passed, N failed, N skipped" summed over both runners.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

bash scripts/install-system-deps.sh || exit 1

echo "== typecheck"
npx tsc --noEmit || exit 1

echo "== build the extension into dist/"
npx vite build --logLevel warn || exit 1

echo "== vitest (unit, API, store contract, accounts on PGlite and PostgreSQL)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest-report.json
vitest_rc=$?

echo "== playwright (real Chromium with dist/ loaded)"
REELAY_DIST="$PWD/dist" PLAYWRIGHT_JSON_OUTPUT_NAME=.tmp/playwright-report.json \
  npx playwright test --reporter=list,json
playwright_rc=$?

node scripts/test-summary.mjs .tmp/vitest-report.json .tmp/playwright-report.json
summary_rc=$?
# A runner can fail with every test passed (Vitest's unhandled errors, Playwright's global setup):
# say which, since the count above will not.
[[ $vitest_rc -ne 0 && $summary_rc -eq 0 ]] && echo "vitest exited $vitest_rc with no failed test: look for \"Unhandled\" above"
[[ $playwright_rc -ne 0 && $summary_rc -eq 0 ]] && echo "playwright exited $playwright_rc with no failed test: look above for its own error"

[[ $vitest_rc -eq 0 && $playwright_rc -eq 0 && $summary_rc -eq 0 ]]
