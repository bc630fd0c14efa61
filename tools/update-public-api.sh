#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every shipped project (tools/shipped-projects.sh: ChronosShipped in
# Directory.Build.props) from the current code, from the RS0016 diagnostics of Microsoft.CodeAnalysis.PublicApiAnalyzers. Run it after merging branches that change public API,
# review the diff (git diff '*PublicAPI*'), commit. Idempotent: a second run on the same tree changes nothing.
#
#   bash tools/update-public-api.sh [project-dir ...]     default: every shipped project
#
# PublicAPI.Shipped.txt is only edited by hand at a release (move the Unshipped lines there); a line there that no
# longer exists fails the build (RS0017) until it is removed by hand, which is the point: a shipped API stays put.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
if [ $# -gt 0 ]; then projects=("$@"); else mapfile -t projects < <(bash tools/shipped-projects.sh); fi
[ ${#projects[@]} -gt 0 ] || { echo "update-public-api.sh: no shipped projects found" >&2; exit 1; }

LIST=$(mktemp -d)
trap 'rm -rf "$LIST"' EXIT
dotnet new sln --format slnx -n ChronosPublicApi -o "$LIST" >/dev/null
for project in "${projects[@]}"; do
  dir=$ROOT/${project#"$ROOT"/}
  dir=${dir%/}
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' >"$dir/PublicAPI.Shipped.txt"
  # Start from an empty Unshipped file so that removed or renamed members disappear and nothing stale survives.
  printf '#nullable enable\n' >"$dir/PublicAPI.Unshipped.txt"
  dotnet sln "$LIST/ChronosPublicApi.slnx" add "$dir/$(basename "$dir").csproj" >/dev/null
  echo "$dir/$(basename "$dir").csproj" >>"$LIST/projects"
done
dotnet restore "$LIST/ChronosPublicApi.slnx" -v:q >/dev/null
# Every line comes from one build with RS0016 as a warning: its message quotes the exact PublicAPI line ("Symbol
# '<line>' is not part of the declared public API") and the "[project.csproj]" suffix says whose file it belongs in.
# This also covers what the Chronos generator emits (XxxJson, XxxIndexes, ...), which `dotnet format analyzers` cannot
# fix (it skips source-generated documents), and takes one build instead of one format run per project (~10 min).
dotnet build "$LIST/ChronosPublicApi.slnx" -c Release --no-restore --nologo -v:q -p:TreatWarningsAsErrors=false \
  -p:WarningsAsErrors= >"$LIST/build.log" 2>&1 || { cat "$LIST/build.log" >&2; exit 1; }
python3 - "$LIST/build.log" <<'PY'
import re, sys
found = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"warning RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.+\.csproj)\]\s*$", line)
    if m:
        found.setdefault(m.group(2).rsplit("/", 1)[0], set()).add(m.group(1))
for directory, lines in found.items():
    with open(directory + "/PublicAPI.Unshipped.txt", "a", encoding="utf-8") as unshipped:
        unshipped.writelines(symbol + "\n" for symbol in sorted(lines))
    print(f"  {directory}: {len(lines)} generated public API lines added from the build")
PY
for project in "${projects[@]}"; do
  dir=$ROOT/${project#"$ROOT"/}
  dir=${dir%/}
  # The code fix appends; sorted lines make the file independent of the order the fixes ran in (stable diffs).
  { head -n1 "$dir/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } >"$LIST/sorted"
  cp "$LIST/sorted" "$dir/PublicAPI.Unshipped.txt"
  printf '  %-60s %5d public API lines\n' "${dir#"$ROOT"/}" $(($(wc -l <"$dir/PublicAPI.Unshipped.txt") - 1))
done
