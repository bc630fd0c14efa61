#!/usr/bin/env bash
# Packs every shipped project (ChronosShipped in Directory.Build.props: runtime/*, adapters/*, the conformance
# kits; listed by tools/shipped-projects.sh) and the chronos tool (cli/*) into one folder feed, with symbols (.snupkg), and prints each package's size.
#
#   bash tools/pack.sh [out-dir] [version-suffix]
#     out-dir         default artifacts/packages (emptied first)
#     version-suffix  e.g. ci.20261206.1234; appended to the one version in Directory.Build.props (VersionPrefix).
#                     tools/consumer-check.sh passes a unique one per run so NuGet's global cache (keyed by id+version)
#                     can never serve a stale package.
#
# The generator and code fixes ship inside Chronos.Storage (analyzers/dotnet/cs); they are not packages of their own.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/artifacts/packages}
SUFFIX=${2:-}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/*.nupkg "$OUT"/*.snupkg

# Derived, not listed: every project MSBuild evaluates as ChronosShipped (tools/shipped-projects.sh).
mapfile -t PROJECTS < <(bash "$ROOT/tools/shipped-projects.sh")
[ ${#PROJECTS[@]} -gt 0 ] || { echo "pack.sh: no shipped projects found" >&2; exit 1; }
# The command-line tools (cli/*, PackAsTool: dotnet tool install Chronos.Cli) pack too; they declare no library API.
mapfile -t -O "${#PROJECTS[@]}" PROJECTS < <(cd "$ROOT" && find cli -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' -exec dirname {} \; | sort)
# One MSBuild invocation over a throw-away solution of the shipped projects: each project builds once (a dotnet pack
# per project re-walks the shared graph every time, which costs minutes).
LIST=$(mktemp -d)
trap 'rm -rf "$LIST"' EXIT
dotnet new sln --format slnx -n ChronosPack -o "$LIST" >/dev/null
# The code fixes are built (not referenced) by Chronos.Storage, which packs their output with the generator's.
dotnet sln "$LIST/ChronosPack.slnx" add "${PROJECTS[@]/#/$ROOT/}" >/dev/null
args=(-c Release --nologo -v:q -clp:ErrorsOnly -p:PackageOutputPath="$OUT" -p:ContinuousIntegrationBuild=true)
[ -n "$SUFFIX" ] && args+=(-p:VersionSuffix="$SUFFIX")
dotnet pack "$LIST/ChronosPack.slnx" "${args[@]}"

echo "packages in $OUT:"
for package in "$OUT"/*.nupkg; do
  printf '  %-60s %8s\n' "$(basename "$package")" "$(du -k "$package" | cut -f1) KiB"
done
