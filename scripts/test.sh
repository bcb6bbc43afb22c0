#!/usr/bin/env bash
# THE test command: prepares the test dependencies, builds, runs every test and ends with one line
# "N passed, N failed" (", N skipped" when some were skipped). Exits non-zero when a test failed or none ran.
#
#   scripts/test.sh [extra dotnet test options, e.g. --filter "FullyQualifiedName~Sessions" or --timeout 20m]
#
# What the tests get from here (their fixtures start their own Azurite instances on free ports):
#   IMAGESEARCH_AZURITE     absolute path of the pinned Azurite (tools/node_modules/.bin/azurite)
#   IMAGESEARCH_STAMPS_DIR  the demo images (Debian tuxpaint-stamps-default, extracted under .artifacts/)
#   IMAGESEARCH_SCREENSHOTS_DIR  where the browser tests save screenshots of the page (.artifacts/test-results/screenshots)
#   /usr/bin/chromium       for the browser tests
#   tools/node_modules      tsc, openapi-typescript and Redocly for the API contract tests (npm ci, like Azurite)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
# Whatever stops the run early (no chromium, a build error), the last line still says how many tests ran.
summary_printed=""
trap '[ -n "$summary_printed" ] || echo "0 passed, 0 failed"' EXIT

ensure_chromium
ensure_tools_installed
export IMAGESEARCH_AZURITE="$AZURITE_BIN"
IMAGESEARCH_STAMPS_DIR="$(ensure_demo_stamps "$ARTIFACTS_DIR/stamps")"
export IMAGESEARCH_STAMPS_DIR

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet restore ImageSearch.slnx
dotnet build ImageSearch.slnx --no-restore

results_dir="$ARTIFACTS_DIR/test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"
export IMAGESEARCH_SCREENSHOTS_DIR="$results_dir/screenshots" # the browser tests' screenshots of the page

set +e
dotnet test --project ImageSearch.Tests --no-build --no-ansi \
  --report-trx --report-trx-filename results.trx --results-directory "$results_dir" "$@"
test_exit=$?
set -e

# Sum the counters of every TRX (one per test module) rather than trusting the console summary.
count() { # <attribute>: its value in $counters, 0 when absent
  local value
  value="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters")"
  echo "${value:-0}"
}
passed=0 failed=0 skipped=0 trx_count=0
while IFS= read -r -d '' trx; do
  trx_count=$((trx_count + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done < <(find "$results_dir" -name '*.trx' -print0)

if [ "$trx_count" -eq 0 ]; then
  log "No TRX report in $results_dir: the test run did not complete (dotnet test exit code $test_exit)."
fi
if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  log "dotnet test exited with code $test_exit (see https://aka.ms/testingplatform/exitcodes)."
fi
if [ $((passed + failed)) -eq 0 ]; then
  log "No test ran."
fi
log "TRX report: $results_dir"
[ ! -d "$IMAGESEARCH_SCREENSHOTS_DIR" ] || log "Screenshots of the page: $IMAGESEARCH_SCREENSHOTS_DIR"

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
summary_printed=1
[ "$failed" -eq 0 ] && [ $((passed + failed)) -gt 0 ] && [ "$test_exit" -eq 0 ]
