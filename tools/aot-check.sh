#!/usr/bin/env bash
# NativeAOT check, run by tools/test.sh: publishes samples/Chronos.AotApp (which sets PublishAot=true itself), fails if
# any IL2xxx/IL3xxx (trim/AOT) warning comes from our assemblies (Chronos.*), then runs the binary's workload on every
# backend whose test server is configured, each opened from a YAML file through the generated backend registry, and
# the MEVD workload (Chronos.VectorData: generated record mapping, dynamic collection) on the embedded vector store.
# Each part is one test result: AotCheck.Publish, then AotCheck.Workload.<backend>.
#
#   bash tools/aot-check.sh [results-dir]     writes results-dir/aot-check-*.trx and the publish log
#
# Warnings from third-party assemblies are listed but do not fail the check (they are not ours to fix); our own
# compiler warnings already fail the normal Release build.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${1:-$ROOT/artifacts/test-results}
APP_DIR=$ROOT/samples/Chronos.AotApp
APP=$APP_DIR/Chronos.AotApp.csproj
OUT=$RESULTS/aot-publish
LOG=$RESULTS/aot-publish.log
TEST_NAME="AotCheck.Publish"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/aot-check*.trx

# write_result Passed|Failed|NotExecuted message: the check's one-test trx, read by tools/trx-totals.py.
# shellcheck source=tools/trx-result.sh
source "$ROOT/tools/trx-result.sh"
write_result() { write_trx_result "$RESULTS/aot-check-${TEST_NAME##*.}.trx" aot-check "$TEST_NAME" "$1" "$2"; }

if [ ! -f "$APP" ]; then
  write_result Failed "$APP does not exist"
  exit 1
fi

# PublishAot must be set in the app's project, not with -p:PublishAot=true: a global property reaches every referenced
# project, and the generator (netstandard2.0, referenced as an analyzer) then fails with NETSDK1207.
if ! grep -qE '<PublishAot>[[:space:]]*true' "$APP"; then
  write_result Failed "$APP must set <PublishAot>true</PublishAot> (also turns on the AOT analyzers at build time)"
  exit 1
fi

# shellcheck source=tools/aot-publish.sh
source "$ROOT/tools/aot-publish.sh"
aot_publish "$APP" "$OUT" "$LOG"
echo "aot-check: ${#diagnostics[@]} trim/AOT diagnostics in total, ${#ours[@]} from our assemblies (log: $LOG)"
[ ${#others[@]} -eq 0 ] || printf '  third-party (not counted): %s\n' "${others[@]}" | head -20

if [ ${#ours[@]} -gt 0 ]; then
  printf '  ours: %s\n' "${ours[@]}"
  write_result Failed "${#ours[@]} IL2xxx/IL3xxx diagnostics from our assemblies:
$(printf '%s\n' "${ours[@]}")"
  exit 1
fi
if [ $publish -ne 0 ]; then
  tail -n 30 "$LOG"
  write_result Failed "dotnet publish (PublishAot) failed (exit $publish); see $LOG"
  exit 1
fi

write_result Passed "published with 0 trim/AOT warnings from our assemblies ($(du -h "$OUT/Chronos.AotApp" | cut -f1) binary)"

# The workload, once per backend, each opened from YAML through the registry the generator built into the binary.
# SQLite always runs; a server backend runs when its test server variable is set, and is a failure when
# CHRONOS_REQUIRE_SERVERS=1 demands it (as tools/test.sh does).
BINARY=$OUT/Chronos.AotApp
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
run_workload() { # backend env-var-or-empty yaml-storage-section
  local backend=$1 var=$2 section=$3
  TEST_NAME="AotCheck.Workload.$backend"
  if [ -n "$var" ] && [ -z "${!var:-}" ]; then
    if [ "${CHRONOS_REQUIRE_SERVERS:-}" = 1 ]; then
      write_result Failed "$var is not set but CHRONOS_REQUIRE_SERVERS=1: the $backend server did not start"; failed=1
    else
      write_result NotExecuted "set $var to run the $backend workload (tools/test.sh does)"
    fi
    return
  fi
  printf 'agents:\n  - id: aot-%s\n    storage: %s\n' "$backend" "$section" >"$WORK/$backend.yaml"
  if "$BINARY" "$WORK/$backend.yaml" "aot-$backend" >"$RESULTS/aot-run-$backend.log" 2>&1; then
    write_result Passed "$(tail -n 1 "$RESULTS/aot-run-$backend.log")"
  else
    cat "$RESULTS/aot-run-$backend.log"
    write_result Failed "the AOT binary failed the $backend workload; output in $RESULTS/aot-run-$backend.log"; failed=1
  fi
}
# The MEVD workload (Chronos.VectorData): generated record mapping + dynamic collection on the embedded vector store.
TEST_NAME="AotCheck.Workload.vectordata"
if "$BINARY" vectordata "$WORK/vectors.db" >"$RESULTS/aot-run-vectordata.log" 2>&1; then
  write_result Passed "$(tail -n 1 "$RESULTS/aot-run-vectordata.log")"
else
  cat "$RESULTS/aot-run-vectordata.log"
  write_result Failed "the AOT binary failed the vectordata workload; output in $RESULTS/aot-run-vectordata.log"; failed=1
fi
prefix="aot-$(date +%s)-$$:"
run_workload sqlite "" "{ backend: sqlite, dsn: $WORK/aot.db }"
run_workload postgres CHRONOS_TEST_POSTGRES '{ backend: postgres, dsn: "${CHRONOS_TEST_POSTGRES}" }'
run_workload mysql CHRONOS_TEST_MYSQL '{ backend: mysql, dsn: "${CHRONOS_TEST_MYSQL}" }'
run_workload redis CHRONOS_TEST_REDIS "{ backend: redis, dsn: \"\${CHRONOS_TEST_REDIS}\", options: { key_prefix: \"$prefix\" } }"
run_workload mongo CHRONOS_TEST_MONGO '{ backend: mongo, dsn: "${CHRONOS_TEST_MONGO}", options: { database: "chronos_aot" } }'
AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-chronosaot} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-chronosaot} run_workload dynamo CHRONOS_TEST_DYNAMO "{ backend: dynamo, dsn: \"dynamodb://us-east-1/chronos-aot-$(date +%s)-$$?endpoint=\${CHRONOS_TEST_DYNAMO}\" }"
exit $failed
