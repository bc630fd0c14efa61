#!/usr/bin/env bash
# The project's test command (README): bash tools/test.sh
#
# On a Debian 12 machine as root: installs and starts the test servers (tools/test-servers), requires every server
# test to run (CHRONOS_REQUIRE_SERVERS=1: a missing server fails, it never skips), builds Chronos.Gen.sln in Release,
# runs every test project with a trx logger, runs the NativeAOT checks (library app, agent quickstart, chronos tool),
# and ends with exactly one line "N passed, N failed, N skipped" totalled from every trx file. Exits non-zero if a test failed, a test project did
# not build or run, the servers did not start, or no test ran. Servers are stopped on exit.
#
# Environment: CHRONOS_TEST_RESULTS (results folder, default artifacts/test-results); the test-server script's
# PG_PORT, REDIS_PORT, DDB_PORT, MONGO_PORT, SERVERS_ROOT to move the servers.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1
RESULTS=${CHRONOS_TEST_RESULTS:-$ROOT/artifacts/test-results}
SOLUTION=Chronos.Gen.sln
problems=()   # what went wrong outside the test counts (build, servers, a project that did not run)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

start_servers() {
  step "test servers"
  # shellcheck source=test-servers/test-servers.sh
  source "$ROOT/tools/test-servers/test-servers.sh"
  trap servers_stop EXIT
  servers_install || { problems+=("test servers: install failed"); return 1; }
  servers_start || { problems+=("test servers: start failed (see $SERVERS_ROOT/*/log* and $SERVERS_ROOT/run/*.log)"); return 1; }
  echo "PostgreSQL :$PG_PORT, Redis :$REDIS_PORT, DynamoDB Local :$DDB_PORT, MongoDB-wire :$MONGO_PORT"
}

# Projects of the solution that are test projects (they reference the test SDK).
test_projects() {
  dotnet sln "$SOLUTION" list | grep -E '\.csproj$' | tr '\\' '/' | while read -r project; do
    grep -qE 'Include="Microsoft\.NET\.Test\.Sdk"|<IsTestProject>[[:space:]]*true' "$project" && echo "$project"
  done
}

run_tests() {
  local built=$1 project name code
  local projects
  mapfile -t projects < <(test_projects)
  [ ${#projects[@]} -gt 0 ] || { problems+=("no test project in $SOLUTION"); return; }
  for project in "${projects[@]}"; do
    name=$(basename "$project" .csproj)
    step "test $name"
    local build_flag=(--no-build)
    [ "$built" = yes ] || build_flag=()
    dotnet test "$project" -c Release "${build_flag[@]}" --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$RESULTS" --blame-hang-timeout 20m
    code=$?
    if [ ! -f "$RESULTS/$name.trx" ]; then
      problems+=("$name: did not build or run (dotnet test exit $code, no trx)")
    elif [ $code -ne 0 ] && ! grep -q 'outcome="Failed"' "$RESULTS/$name.trx"; then
      problems+=("$name: dotnet test exit $code without a failed test (test host crash?)")
    fi
  done
}

# ---- NativeAOT check hook (the lead owns tools/aot-check.sh; it writes its own one-test trx into $RESULTS) ----
aot_check() {
  [ -f "$ROOT/tools/aot-check.sh" ] || { echo "tools/aot-check.sh not found: AOT check not run"; return; }
  step "NativeAOT check"
  bash "$ROOT/tools/aot-check.sh" "$RESULTS" || [ -f "$RESULTS/aot-check.trx" ] || problems+=("aot-check: failed without a result")
}

# ---- The agent quickstart as NativeAOT (issue 18): publish, count trim/AOT warnings, run twice and resume ----
agent_aot_check() {
  step "agent quickstart NativeAOT check"
  bash "$ROOT/tools/agent-aot-check.sh" "$RESULTS" || ls "$RESULTS"/agent-aot-check-*.trx >/dev/null 2>&1 || problems+=("agent-aot-check: failed without a result")
}

# ---- The chronos tool as NativeAOT (issue 19): publish, count trim/AOT warnings, its process tests against the binary ----
cli_aot_check() {
  step "chronos tool NativeAOT check"
  bash "$ROOT/tools/cli-aot-check.sh" "$RESULTS" || ls "$RESULTS"/cli-aot-check-*.trx >/dev/null 2>&1 || problems+=("cli-aot-check: failed without a result")
}

# ---- The package consumer outside the repository (tools/consumer-check.sh writes one trx per case into $RESULTS) ----
consumer_check() {
  step "package consumer (outside the repository)"
  bash "$ROOT/tools/consumer-check.sh" "$RESULTS" || ls "$RESULTS"/consumer-*.trx >/dev/null 2>&1 || problems+=("consumer-check: failed without a result")
}

# ---- The public API check is on and XML docs are required: an undeclared or undocumented public member fails the build (public-api-check.trx, xml-docs-check.trx) ----
public_api_check() {
  step "public API check (an undeclared public member must fail the build)"
  bash "$ROOT/tools/public-api-check.sh" "$RESULTS" || [ -f "$RESULTS/public-api-check.trx" ] || problems+=("public-api-check: failed without a result")
}

# ---- The core's folders import each other without a cycle (tools/core-deps.py; writes core-deps.trx) ----
core_deps_check() {
  step "core folder dependencies (no import cycle)"
  # shellcheck source=trx-result.sh
  source "$ROOT/tools/trx-result.sh"
  local output outcome=Passed
  output=$(python3 "$ROOT/tools/core-deps.py" 2>&1) || outcome=Failed
  echo "$output" | tail -n 20
  write_trx_result "$RESULTS/core-deps.trx" core-deps CoreFolders.NoImportCycle "$outcome" "$(echo "$output" | tail -n 5)"
}

main() {
  rm -rf "$RESULTS" && mkdir -p "$RESULTS"
  # Required even when the servers did not start: then every server test fails and says why, none skips.
  export CHRONOS_REQUIRE_SERVERS=1
  start_servers

  local built=no
  step "restore and build $SOLUTION (Release)"
  if dotnet restore "$SOLUTION" --nologo && dotnet build "$SOLUTION" -c Release --no-restore --nologo -v:q -clp:ErrorsOnly; then
    built=yes
  else
    problems+=("build of $SOLUTION failed (each test project is built on its own below)")
  fi

  run_tests "$built"
  core_deps_check
  public_api_check
  aot_check
  agent_aot_check
  cli_aot_check
  consumer_check

  step "totals"
  local p
  for p in "${problems[@]}"; do echo "FAILED: $p"; done
  python3 "$ROOT/tools/trx-totals.py" "$RESULTS"
  local totals=$?
  [ $totals -eq 0 ] && [ ${#problems[@]} -eq 0 ]
}

main
