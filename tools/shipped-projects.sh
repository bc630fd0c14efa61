#!/usr/bin/env bash
# Prints the directory (relative to the repository root) of every shipped project, one a line: the projects for
# which MSBuild evaluates ChronosShipped=true (the rule lives in Directory.Build.props, nowhere else). Used by
# tools/pack.sh and tools/update-public-api.sh, so a new runtime/adapter/kit project is packed and API-checked
# without editing a list.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
find runtime adapters tests -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | sort | while read -r csproj; do
  # An evaluation only (no build, no restore): about half a second per project.
  if [ "$(dotnet msbuild "$csproj" -getProperty:ChronosShipped)" = "true" ]; then
    dirname "$csproj"
  fi
done
