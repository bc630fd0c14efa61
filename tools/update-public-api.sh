#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every shipped project (tools/shipped-projects.sh: ChronosShipped in
# Directory.Build.props) from the current code, with Microsoft.CodeAnalysis.PublicApiAnalyzers' own code fix (RS0016:
# add to the public API; RS0017: remove what no longer exists). Run it after merging branches that change public API,
# review the diff (git diff '*PublicAPI*'), commit. Idempotent: a second run on the same tree changes nothing.
#
#   bash tools/update-public-api.sh [project-dir ...]     default: every shipped project
#
# PublicAPI.Shipped.txt is only edited by hand at a release (move the Unshipped lines there); lines in it that no
# longer exist are removed by the RS0017 fix.
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
# One dotnet format per project: over a solution its fix-all writes the PublicAPI file of only ONE project per run
# (seen with SDK 10.0.401: Dynamo got its 89 lines, the 17 others stayed empty). Two at a time (~35 s each).
xargs -P 2 -I{} sh -c 'dotnet format analyzers "$1" --diagnostics RS0016 RS0017 --severity info --no-restore 2>&1 |
  grep -v "^$\|Warnings were encountered while loading" || true' _ {} <"$LIST/projects"
# dotnet format does not fix source-generated documents (not even with --include-generated), so the public members the
# Chronos generator emits (XxxJson, XxxIndexes, ...) are added from a build instead: with RS0016 as a warning, its
# message quotes the exact PublicAPI line ("Symbol '<line>' is not part of the declared public API"), and the
# "[project.csproj]" suffix says whose file it belongs in.
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
