#!/usr/bin/env bash
# Prints every shipped project's directory relative to the repository (ChronosShipped in Directory.Build.props), one a
# line, sorted: the one list tools/pack.sh and tools/update-public-api.sh use, so a new package cannot be forgotten.
# One MSBuild evaluation of every project file in the tree (no restore, no build): a few seconds.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PROBE=$(mktemp -d)
trap 'rm -rf "$PROBE"' EXIT
{
  echo '<Project><ItemGroup>'
  find runtime adapters tests -name '*.csproj' | sort | sed "s|.*|<P Include=\"$ROOT/&\" />|"
  echo '</ItemGroup><Target Name="List">'
  echo '<MSBuild Projects="@(P)" Targets="ChronosShippedProject" BuildInParallel="true"><Output TaskParameter="TargetOutputs" ItemName="S" /></MSBuild>'
  echo '<WriteLinesToFile File="$(Out)" Lines="@(S)" Overwrite="true" />'
  echo '</Target></Project>'
} >"$PROBE/probe.proj"
dotnet msbuild "$PROBE/probe.proj" -t:List -nologo -v:q -p:Out="$PROBE/shipped.txt" >/dev/null
sed "s|^$ROOT/||" "$PROBE/shipped.txt" | sort
