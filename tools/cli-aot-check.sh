#!/usr/bin/env bash
# The chronos tool as one NativeAOT binary (issue 19), run by tools/test.sh beside tools/aot-check.sh: publishes
# cli/Chronos.Cli with -p:ChronosAot=true (the project turns PublishAot on itself: as a global property it would reach
# the generator, see tools/aot-check.sh), fails on any IL2xxx/IL3xxx diagnostic from our assemblies (Chronos.*, or a
# file of this repository), lists the third-party ones by assembly (the MongoDB driver's: not ours to fix), then runs
# the tool's process tests against the native binary (CHRONOS_TOOL=<binary>, which tests/Chronos.Cli.Tests/ChronosTool.cs
# starts instead of `dotnet chronos.dll`):
#   CliAotCheck.Publish                          one-test trx (cli-aot-check-Publish.trx)
#   tests/Chronos.Cli.Tests, except CopyResumeTests   every command's tests (cli-aot-Chronos.Cli.Tests.trx)
#   tests/Chronos.Cli.Inspector.Tests            the inspector in headless chromium (cli-aot-Chronos.Cli.Inspector.Tests.trx)
# so their counts join tools/test.sh's closing "N passed, N failed" line. CopyResumeTests (100,000 events copied,
# killed and resumed) runs against the managed tool only: minutes of work through the same commands the other tests
# already run natively.
#
#   bash tools/cli-aot-check.sh [results-dir]    expects the test projects built in Release (tools/test.sh builds them;
#                                                 otherwise dotnet test builds them first)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${1:-$ROOT/artifacts/test-results}
APP_DIR=$ROOT/cli/Chronos.Cli
APP=$APP_DIR/Chronos.Cli.csproj
OUT=$RESULTS/cli-aot-publish
LOG=$RESULTS/cli-aot-publish.log
BINARY=$OUT/chronos
TEST_NAME="CliAotCheck.Publish"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/cli-aot-*.trx

# shellcheck source=tools/trx-result.sh
source "$ROOT/tools/trx-result.sh"
write_result() { write_trx_result "$RESULTS/cli-aot-check-${TEST_NAME##*.}.trx" cli-aot-check "$TEST_NAME" "$1" "$2"; }

grep -qE '<PublishAot[^>]*ChronosAot[^>]*>[[:space:]]*true' "$APP" \
  || { write_result Failed "$APP must set <PublishAot> to true when ChronosAot is true"; exit 1; }

# shellcheck source=tools/aot-publish.sh
source "$ROOT/tools/aot-publish.sh"
aot_publish "$APP" "$OUT" "$LOG" -p:ChronosAot=true
summary="${#diagnostics[@]} trim/AOT diagnostics: ${#ours[@]} from Chronos, ${#others[@]} third-party${third_party:+ ($third_party)}"
echo "cli-aot-check: $summary; publish ${publish_seconds} s (log: $LOG)"
if [ ${#ours[@]} -gt 0 ]; then
  printf '  ours: %s\n' "${ours[@]}"
  write_result Failed "$summary:
$(printf '%s\n' "${ours[@]}")"
  exit 1
fi
if [ $publish -ne 0 ] || [ ! -x "$BINARY" ]; then
  tail -n 30 "$LOG"
  write_result Failed "dotnet publish -p:ChronosAot=true failed (exit $publish, binary $([ -x "$BINARY" ] && echo present || echo missing)); see $LOG"
  exit 1
fi
write_result Passed "published in ${publish_seconds} s: $summary; $(du -h "$BINARY" | cut -f1) binary"

# The process tests against the native binary, counted like every other test project (their own trx files).
failed=0
run_native_tests() { # project-name [filter]
  local name=$1 filter=${2:-} code
  local args=(test "$ROOT/tests/$name/$name.csproj" -c Release --nologo
    --logger "trx;LogFileName=cli-aot-$name.trx" --logger "console;verbosity=minimal"
    --results-directory "$RESULTS" --blame-hang-timeout 20m)
  [ -z "$filter" ] || args+=(--filter "$filter")
  start=$SECONDS
  CHRONOS_TOOL=$BINARY dotnet "${args[@]}"
  code=$?
  echo "cli-aot-check: $name against $BINARY: exit $code in $((SECONDS - start)) s"
  if [ ! -f "$RESULTS/cli-aot-$name.trx" ]; then
    TEST_NAME="CliAotCheck.$name"
    write_result Failed "$name did not build or run against the native tool (dotnet test exit $code, no trx)"; failed=1
  elif [ $code -ne 0 ]; then
    failed=1
  fi
}
run_native_tests Chronos.Cli.Tests "FullyQualifiedName!~CopyResumeTests"
run_native_tests Chronos.Cli.Inspector.Tests
exit $failed
