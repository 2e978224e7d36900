#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test project against
# real RabbitMQ, PostgreSQL and anvil instances the fixtures start themselves, and ends with the
# line "N passed, N failed". Exit code: 0 only when every test passed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

./eng/prereqs.sh

results=.artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
export INDIEGENT_TEST_LOGS="$PWD/$results"

configuration=${CONFIGURATION:-Release}
dotnet build IndieGent.Cloud.sln -c "$configuration" -nologo -clp:ErrorsOnly
# The TypeScript SDK, built as it is published: its tests (driven by IndieGent.Platform.Tests) load dist/.
(cd sdk/js && npm run --silent build)

# Test projects run on Microsoft.Testing.Platform (global.json opts dotnet test into it); each
# also writes a TRX report. The outer timeout turns a hung run into a failure.
set +e
timeout --kill-after=30s "${TEST_TIMEOUT:-40m}" \
  dotnet test --solution IndieGent.Cloud.sln -c "$configuration" --no-build \
  --results-directory "$results" --report-xunit-trx 2>&1 | tee "$results/dotnet-test.log"
status=${PIPESTATUS[0]}
set -e

# The run's own summary counts every test project. (TRX files are named by their start time, and
# two test hosts starting together can write the same file, so they are only the fallback for a
# run that ended before its summary.)
summary() { sed -n "s/^  $1: \([0-9]*\)$/\1/p" "$results/dotnet-test.log" | tail -n 1; }
passed=$(summary succeeded) failed=$(summary failed) skipped=$(summary skipped)
if [ -z "$passed" ] || [ -z "$failed" ]; then
  passed=0 failed=0 skipped=0
  shopt -s nullglob
  for trx in "$results"/*.trx; do
    counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
    value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    passed=$((passed + $(value passed)))
    failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
    skipped=$((skipped + $(value notExecuted)))
  done
fi
skipped=${skipped:-0}

# Each test host prints its whole standard output after its failures, which can push them out of
# sight; repeat every failure (name, message, the first frames) just above the counts.
if grep -q '^failed ' "$results/dotnet-test.log"; then
  echo
  echo "Failed tests:"
  awk '/^failed / { n = 14 } /^(Running tests|\/)/ { n = 0 } n > 0 { print; n-- }' "$results/dotnet-test.log"
  echo
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run broke before a test could report (build of a test host, crash, hang): count it.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
