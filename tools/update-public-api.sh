#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every shipped project (ChronosShipped in Directory.Build.props) from the
# current code, with Microsoft.CodeAnalysis.PublicApiAnalyzers' own code fix (RS0016: add to the public API; RS0017:
# remove what no longer exists). Run it after merging branches that change public API, review the diff, commit.
#
#   bash tools/update-public-api.sh [project-dir ...]     default: every shipped project
#
# PublicAPI.Shipped.txt is only edited by hand at a release (move the Unshipped lines there).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Environment variables are MSBuild properties: this turns the analyzer on for dotnet format's design-time build too.
export ChronosPublicApiCheck=true
if [ $# -gt 0 ]; then projects=("$@"); else
  mapfile -t projects < <(bash "$ROOT/tools/shipped-projects.sh")
fi
for project in "${projects[@]}"; do
  project=${project//[[:space:]]/}
  dir=$ROOT/${project#"$ROOT"/}
  csproj=$dir/$(basename "$dir").csproj
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' >"$dir/PublicAPI.Shipped.txt"
  # Start from an empty Unshipped file so that removed members disappear and nothing stale survives.
  printf '#nullable enable\n' >"$dir/PublicAPI.Unshipped.txt"
  echo "== $project"
  dotnet format analyzers "$csproj" --diagnostics RS0016 RS0017 --severity info 2>&1 | grep -v '^$' || true
  lines=$(($(wc -l <"$dir/PublicAPI.Unshipped.txt") - 1))
  echo "   $lines public API lines in PublicAPI.Unshipped.txt"
done
