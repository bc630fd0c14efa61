#!/usr/bin/env bash
# The package consumer (issue 14 §2, §4), run by tools/test.sh. Packs every shipped project into a local feed with a
# version suffix unique to this run (NuGet's global packages folder caches by id+version, so a stale package can never
# be used), then, in a temporary directory OUTSIDE the repository (no Directory.Build.props, Directory.Packages.props
# or project reference of ours can help), builds tools/consumer/* from the packages alone:
#
#   Consumer.Pack               the packages exist; Chronos.Storage carries the generator, analyzers and code fixes
#   Consumer.Build              the app (own [StorageEntity] + notes.schema.yaml, no MSBuild of its own) builds
#   Consumer.Run.sqlite         its own entity and every built-in entity round-trip on SQLite via chronos.yaml
#   Consumer.Run.postgres       the same on the PostgreSQL test server (CHRONOS_TEST_POSTGRES)
#   Consumer.ToolInstall        `dotnet tool install Chronos.Cli` from the feed; the installed chronos migrates a new
#                               SQLite file and reports it current (status --json)
#   Consumer.Drift              a record property missing from the spec fails the build with CHR2001 at its
#                               file:line:column, and with no other error
#   Consumer.AotPublish         NativeAOT publish, -p:TrimmerSingleWarn=false: 0 IL2xxx/IL3xxx from Chronos assemblies
#   Consumer.AotRun.sqlite|postgres   the native binary runs the same round trip
#   Consumer.ConformanceKit     a test project outside the repository runs the packaged conformance kit on the
#                               packaged SQLite adapter
#   Consumer.VectorKit          ...and the packaged vector conformance kit on the packaged embedded SQLite vector store
#   Consumer.OutsideAdapter     a backend written outside the repository (tools/consumer/adapter: an in-memory
#                               StorageEngine against the Chronos.Storage package alone) passes the packaged kit and
#                               opens from chronos.yaml by its own backend name
#   Consumer.Agents.Build       tools/consumer/agents (issue 18): Chronos.Agents + Chronos.VectorData from the feed,
#                               with MAF's ChatClientAgent and an MEVD record mapped by the packaged generator
#   Consumer.Agents.Run         on a fresh SQLite file, run 1 starts a conversation and saves the session, run 2
#                               restores session and chat history; both refuse a stale save and run MEVD
#                               upsert/search/filtered get on the embedded SQLite vector store
#   Consumer.Agents.AotPublish  NativeAOT publish: 0 IL2xxx/IL3xxx from Chronos assemblies (MAF's own are counted)
#   Consumer.Agents.AotRun      the native binary does the same two runs
#
#   bash tools/consumer-check.sh [results-dir]    writes results-dir/consumer-*.trx and logs under results-dir/consumer
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${1:-$ROOT/artifacts/test-results}
LOGS=$RESULTS/consumer
mkdir -p "$LOGS"
rm -f "$RESULTS"/consumer-*.trx
# shellcheck source=tools/trx-result.sh
source "$ROOT/tools/trx-result.sh"
result() { write_trx_result "$RESULTS/consumer-$1.trx" consumer-check "Consumer.$1" "$2" "$3"; }

WORK=$(mktemp -d)
case "$WORK/" in "$ROOT/"*) echo "consumer-check: $WORK is inside the repository"; exit 1 ;; esac
VERSION_SUFFIX="consumer.$(date -u +%Y%m%d%H%M%S).$$"
VERSION=$(sed -n 's|.*<VersionPrefix>\(.*\)</VersionPrefix>.*|\1|p' "$ROOT/Directory.Build.props")-$VERSION_SUFFIX
PACKAGES=${NUGET_PACKAGES:-$HOME/.nuget/packages}
cleanup() {
  rm -rf "$WORK"
  # This run's Chronos packages in the global cache: unique to the run, never used again.
  for dir in "$PACKAGES"/chronos.*/"$VERSION"; do [ -d "$dir" ] && rm -rf "$dir"; done
}
trap cleanup EXIT
failed=0
fail() { failed=1; }

# ---- pack ----
FEED=$WORK/feed
if bash "$ROOT/tools/pack.sh" "$FEED" "$VERSION_SUFFIX" >"$LOGS/pack.log" 2>&1; then
  runtime=$FEED/Chronos.Storage.$VERSION.nupkg
  listing=$(unzip -l "$runtime" 2>/dev/null)
  missing=()
  for entry in analyzers/dotnet/cs/Chronos.Storage.Generators.dll analyzers/dotnet/cs/Chronos.Storage.CodeFixes.dll \
               buildTransitive/Chronos.Storage.targets lib/net10.0/Chronos.Storage.dll lib/net10.0/Chronos.Storage.xml README.md; do
    grep -q " $entry\$" <<<"$listing" || missing+=("$entry")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    result Pack Passed "$(ls "$FEED"/*.nupkg | wc -l) packages $VERSION; Chronos.Storage has the generator, analyzers, code fixes and buildTransitive targets"
  else
    result Pack Failed "Chronos.Storage.$VERSION.nupkg lacks: ${missing[*]}"; fail
  fi
else
  tail -n 30 "$LOGS/pack.log"
  result Pack Failed "tools/pack.sh failed; see $LOGS/pack.log"
  exit 1
fi

# ---- the consumer app, outside the repository ----
APP=$WORK/app
mkdir -p "$APP"
sed -e "s|@FEED@|$FEED|" -e "s|@PACKAGES@|$PACKAGES|" "$ROOT/tools/consumer/nuget.config.in" >"$WORK/nuget.config"
sed -e "s|@VERSION@|$VERSION|g" "$ROOT/tools/consumer/Consumer.csproj.in" >"$APP/Consumer.csproj"
cp "$ROOT/tools/consumer/Program.cs" "$ROOT/tools/consumer/Note.cs" "$ROOT/tools/consumer/notes.schema.yaml" "$APP/"

if dotnet build "$APP/Consumer.csproj" -c Release --nologo >"$LOGS/build.log" 2>&1; then
  result Build Passed "built from packages $VERSION only"
else
  grep -E ' error ' "$LOGS/build.log" | sort -u | head -20
  result Build Failed "the consumer did not build; see $LOGS/build.log"; fail
fi

# run_workload <test-name> <command...>: runs the round trip on SQLite and on PostgreSQL (when its server is set).
run_round_trips() { # kind command...
  local kind=$1; shift
  printf 'defaults:\n  storage: { backend: sqlite, dsn: %s }\nagents:\n  - id: consumer-sqlite\n' "$WORK/$kind.db" >"$WORK/sqlite.yaml"
  if "$@" "$WORK/sqlite.yaml" consumer-sqlite >"$LOGS/$kind-sqlite.log" 2>&1; then
    result "$kind.sqlite" Passed "$(tail -n 1 "$LOGS/$kind-sqlite.log")"
  else
    cat "$LOGS/$kind-sqlite.log"; result "$kind.sqlite" Failed "$(tail -n 3 "$LOGS/$kind-sqlite.log")"; fail
  fi
  if [ -z "${CHRONOS_TEST_POSTGRES:-}" ]; then
    if [ "${CHRONOS_REQUIRE_SERVERS:-}" = 1 ]; then
      result "$kind.postgres" Failed "CHRONOS_TEST_POSTGRES is not set but CHRONOS_REQUIRE_SERVERS=1"; fail
    else
      result "$kind.postgres" NotExecuted "set CHRONOS_TEST_POSTGRES to run (tools/test.sh does)"
    fi
    return
  fi
  printf 'agents:\n  - id: consumer-postgres\n    storage: { backend: postgres, dsn: "${CHRONOS_TEST_POSTGRES}" }\n' >"$WORK/postgres.yaml"
  if "$@" "$WORK/postgres.yaml" consumer-postgres >"$LOGS/$kind-postgres.log" 2>&1; then
    result "$kind.postgres" Passed "$(tail -n 1 "$LOGS/$kind-postgres.log")"
  else
    cat "$LOGS/$kind-postgres.log"; result "$kind.postgres" Failed "$(tail -n 3 "$LOGS/$kind-postgres.log")"; fail
  fi
}
run_round_trips Run dotnet "$APP/bin/Release/net10.0/Consumer.dll"

# ---- the chronos tool from its package: dotnet tool install, then migrate and status on a new SQLite file ----
TOOL=$WORK/tool
printf 'agents:\n  - id: consumer-tool\n    storage: { backend: sqlite, dsn: %s }\n' "$WORK/tool.db" >"$WORK/tool.yaml"
if (cd "$WORK" && dotnet tool install Chronos.Cli --version "$VERSION" --tool-path "$TOOL") >"$LOGS/tool-install.log" 2>&1 \
  && "$TOOL/chronos" migrate --config "$WORK/tool.yaml" >>"$LOGS/tool-install.log" 2>&1 \
  && "$TOOL/chronos" status --json --config "$WORK/tool.yaml" >"$LOGS/tool-status.json" 2>>"$LOGS/tool-install.log" \
  && grep -q '"schema": "current' "$LOGS/tool-status.json"; then
  result ToolInstall Passed "dotnet tool install Chronos.Cli $VERSION; chronos migrate and status --json on SQLite: schema $(sed -n 's/.*"schema": "\(.*\)".*/\1/p' "$LOGS/tool-status.json")"
else
  tail -n 20 "$LOGS/tool-install.log"
  result ToolInstall Failed "installing or running the chronos tool from its package failed; see $LOGS/tool-install.log"; fail
fi

# ---- drift: a property the spec does not list ----
DRIFT=$WORK/drift
cp -r "$APP" "$DRIFT" && rm -rf "$DRIFT/bin" "$DRIFT/obj"
sed -i 's|    public DateTime WrittenAt { get; init; }|    public DateTime WrittenAt { get; init; }\n    public string Mood { get; init; } = "";|' "$DRIFT/Note.cs"
line=$(grep -n 'public string Mood' "$DRIFT/Note.cs" | cut -d: -f1)
column=$(( $(sed -n "${line}p" "$DRIFT/Note.cs" | awk '{ print index($0, "Mood") }') ))
expected="$DRIFT/Note.cs($line,$column): error CHR2001"
dotnet build "$DRIFT/Consumer.csproj" -c Release --nologo >"$LOGS/drift.log" 2>&1
drift_exit=$?
mapfile -t errors < <(grep -E ': error [A-Z]+[0-9]+' "$LOGS/drift.log" | sed -E 's/ \[[^]]*\]$//' | sort -u)
others=$(printf '%s\n' "${errors[@]}" | grep -v ': error CHR2001' || true)
printf '%s\n' "${errors[@]}" >"$LOGS/drift-errors.txt"
if [ $drift_exit -ne 0 ] && printf '%s\n' "${errors[@]}" | grep -qF "$expected" && [ -z "$others" ]; then
  result Drift Passed "build failed with only: ${errors[*]}"
else
  printf '  %s\n' "${errors[@]}"
  result Drift Failed "expected exactly '$expected...' (exit $drift_exit); got:
$(printf '%s\n' "${errors[@]}")"; fail
fi

# ---- NativeAOT ----
dotnet publish "$APP/Consumer.csproj" -c Release -r linux-x64 -o "$WORK/aot" --nologo -p:TrimmerSingleWarn=false >"$LOGS/aot-publish.log" 2>&1
publish=$?
mapfile -t ours < <(grep -E '(warning|error) IL[23][0-9]{3}' "$LOGS/aot-publish.log" | sed -E 's/ \[[^]]*\]$//' | sort -u \
  | grep -E 'IL[23][0-9]{3}: Chronos\.|/Chronos\.Storage' || true)
if [ $publish -eq 0 ] && [ ${#ours[@]} -eq 0 ] && [ -x "$WORK/aot/Consumer" ]; then
  result AotPublish Passed "0 IL2xxx/IL3xxx from Chronos assemblies ($(grep -cE 'warning IL[23]' "$LOGS/aot-publish.log") in total); binary $(du -h "$WORK/aot/Consumer" | cut -f1)"
  run_round_trips AotRun "$WORK/aot/Consumer"
else
  printf '  %s\n' "${ours[@]}"; tail -n 20 "$LOGS/aot-publish.log"
  result AotPublish Failed "publish exit $publish; ${#ours[@]} trim/AOT diagnostics from Chronos:
$(printf '%s\n' "${ours[@]}")"; fail
fi

# ---- the conformance kits from their packages ----
# kit_result <name> <log>: one trx result from one `dotnet test` run's summary line.
kit_result() {
  local name=$1 log=$2 status=$3
  if [ "$status" -eq 0 ] && grep -qE 'Passed!' "$log"; then
    result "$name" Passed "$(grep -E 'Passed!' "$log" | tail -n 1)"
  else
    tail -n 30 "$log"
    result "$name" Failed "$(grep -E 'Failed!|error|No test matches' "$log" | head -n 5)"; fail
  fi
}
KIT=$WORK/kit
mkdir -p "$KIT"
sed -e "s|@VERSION@|$VERSION|g" "$ROOT/tools/consumer/kit/KitCheck.csproj.in" >"$KIT/KitCheck.csproj"
cp "$ROOT/tools/consumer/kit/"*.cs "$KIT/"
if dotnet build "$KIT/KitCheck.csproj" -c Release --nologo >"$LOGS/kit-build.log" 2>&1; then
  dotnet test "$KIT/KitCheck.csproj" -c Release --no-build --nologo --filter "FullyQualifiedName~KitCheck.PackagedSqliteConformanceTests" >"$LOGS/kit.log" 2>&1
  kit_result ConformanceKit "$LOGS/kit.log" $?
  dotnet test "$KIT/KitCheck.csproj" -c Release --no-build --nologo --filter "FullyQualifiedName~KitCheck.PackagedSqliteVectorConformanceTests" >"$LOGS/vector-kit.log" 2>&1
  kit_result VectorKit "$LOGS/vector-kit.log" $?
else
  grep -E ' error ' "$LOGS/kit-build.log" | sort -u | head -20
  result ConformanceKit Failed "the kit project did not build; see $LOGS/kit-build.log"; fail
  result VectorKit Failed "the kit project did not build; see $LOGS/kit-build.log"; fail
fi

# ---- a backend written outside the repository, against the packages alone ----
# tools/consumer/adapter: an in-memory StorageEngine that references only the Chronos.Storage package (its providers
# surface) and joins the YAML backend table by attribute; tools/consumer/adapter-tests runs the packaged kit on it.
mkdir -p "$WORK/adapter" "$WORK/adapter-tests"
sed -e "s|@VERSION@|$VERSION|g" "$ROOT/tools/consumer/adapter/TinyMemory.csproj.in" >"$WORK/adapter/TinyMemory.csproj"
cp "$ROOT/tools/consumer/adapter/"*.cs "$WORK/adapter/"
sed -e "s|@VERSION@|$VERSION|g" "$ROOT/tools/consumer/adapter-tests/TinyMemory.Tests.csproj.in" >"$WORK/adapter-tests/TinyMemory.Tests.csproj"
cp "$ROOT/tools/consumer/adapter-tests/"*.cs "$WORK/adapter-tests/"
dotnet test "$WORK/adapter-tests/TinyMemory.Tests.csproj" -c Release --nologo >"$LOGS/outside-adapter.log" 2>&1
kit_result OutsideAdapter "$LOGS/outside-adapter.log" $?

# ---- the agent stack: MAF stores and the MEVD collection from their packages (issue 18) ----
AGENTS=$WORK/agents
mkdir -p "$AGENTS"
# The Microsoft packages at the versions the repository builds against (one source: Directory.Packages.props).
package_version() { sed -n "s|.*<PackageVersion Include=\"$1\" Version=\"\([^\"]*\)\".*|\1|p" "$ROOT/Directory.Packages.props"; }
sed -e "s|@VERSION@|$VERSION|g" -e "s|@MAF_VERSION@|$(package_version Microsoft.Agents.AI)|" \
    -e "s|@MEAI_VERSION@|$(package_version Microsoft.Extensions.AI)|" \
    -e "s|@DI_VERSION@|$(package_version Microsoft.Extensions.DependencyInjection)|" \
    "$ROOT/tools/consumer/agents/AgentsConsumer.csproj.in" >"$AGENTS/AgentsConsumer.csproj"
cp "$ROOT/tools/consumer/agents/"*.cs "$AGENTS/"
# agent_runs <test-name> <command...>: run 1 then run 2 on a fresh SQLite file (history and vectors side by side).
agent_runs() {
  local name=$1; shift
  local dir=$WORK/$name-data
  rm -rf "$dir" && mkdir -p "$dir"
  printf 'defaults:\n  storage: { backend: sqlite, dsn: %s }\n  vector: { backend: sqlite, dsn: %s }\nagents:\n  - id: consumer-agent\n' \
    "$dir/agent.db" "$dir/vectors.db" >"$dir/chronos.yaml"
  if "$@" "$dir/chronos.yaml" consumer-agent first >"$LOGS/$name-first.log" 2>&1 \
     && "$@" "$dir/chronos.yaml" consumer-agent second >"$LOGS/$name-second.log" 2>&1; then
    result "$name" Passed "$(tail -n 1 "$LOGS/$name-second.log")"
  else
    cat "$LOGS/$name-first.log" "$LOGS/$name-second.log" 2>/dev/null
    result "$name" Failed "$(tail -n 3 "$LOGS/$name-first.log"; tail -n 3 "$LOGS/$name-second.log" 2>/dev/null)"; fail
  fi
}
if dotnet build "$AGENTS/AgentsConsumer.csproj" -c Release --nologo >"$LOGS/agents-build.log" 2>&1; then
  result Agents.Build Passed "built from packages $VERSION only"
  agent_runs Agents.Run dotnet "$AGENTS/bin/Release/net10.0/AgentsConsumer.dll"
else
  grep -E ' error ' "$LOGS/agents-build.log" | sort -u | head -20
  result Agents.Build Failed "the agents consumer did not build; see $LOGS/agents-build.log"; fail
fi
dotnet publish "$AGENTS/AgentsConsumer.csproj" -c Release -r linux-x64 -o "$WORK/agents-aot" --nologo -p:TrimmerSingleWarn=false >"$LOGS/agents-aot-publish.log" 2>&1
publish=$?
mapfile -t diagnostics < <(grep -E '(warning|error) IL[23][0-9]{3}' "$LOGS/agents-aot-publish.log" | sed -E 's/ \[[^]]*\]$//' | sort -u)
mapfile -t ours < <(printf '%s\n' "${diagnostics[@]}" | grep -E 'IL[23][0-9]{3}: Chronos\.|/Chronos\.|VectorRecordMapping' || true)
maf=$(printf '%s\n' "${diagnostics[@]}" | grep -cE 'IL[23][0-9]{3}: Microsoft\.(Agents|Extensions\.AI)' || true)
if [ $publish -eq 0 ] && [ ${#ours[@]} -eq 0 ] && [ -x "$WORK/agents-aot/AgentsConsumer" ]; then
  result Agents.AotPublish Passed "0 IL2xxx/IL3xxx from Chronos assemblies (${#diagnostics[@]} distinct in total, $maf from MAF/Microsoft.Extensions.AI); binary $(du -h "$WORK/agents-aot/AgentsConsumer" | cut -f1)"
  agent_runs Agents.AotRun "$WORK/agents-aot/AgentsConsumer"
else
  printf '  %s\n' "${ours[@]}"; tail -n 20 "$LOGS/agents-aot-publish.log"
  result Agents.AotPublish Failed "publish exit $publish; ${#ours[@]} trim/AOT diagnostics from Chronos:
$(printf '%s\n' "${ours[@]}")"; fail
  result Agents.AotRun Failed "not run: the AOT publish failed"
fi

exit $failed
