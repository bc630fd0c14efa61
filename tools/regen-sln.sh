#!/usr/bin/env bash
# Rebuilds Chronos.Gen.sln from every project file in the tree. Parallel branches each add projects to the .sln,
# and its GUID blocks do not merge; regenerating it from the files on disk is exact and conflict-free.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -f Chronos.Gen.sln
dotnet new sln -n Chronos.Gen --format sln >/dev/null
find generators runtime adapters cli tests samples -name '*.csproj' 2>/dev/null | sort | xargs dotnet sln Chronos.Gen.sln add >/dev/null
echo "Chronos.Gen.sln: $(grep -c '^Project(' Chronos.Gen.sln) projects"
