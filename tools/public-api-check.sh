#!/usr/bin/env bash
# Proves that the public API check is ON (issue 14 §3) and that XML docs are required on shipped projects (issue 15): a
# copy of the smallest shipped project (Chronos.Storage.Extensions.DependencyInjection) with one added, documented but
# undeclared public member and one declared but undocumented public member must FAIL to build with RS0016 naming the
# first and CS1591 naming the second, and with no other error. One build proves both. The copy lives in a temporary directory whose Directory.Build.props /
# Directory.Packages.props import the repository's, so it gets exactly the settings a shipped project gets; it
# references the repository's Chronos.Storage project (already built by tools/test.sh's build step: cheap).
#
#   bash tools/public-api-check.sh [results-dir]     writes public-api-check.trx and xml-docs-check.trx there
#                                                     (counted by tools/test.sh)
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${1:-$ROOT/artifacts/test-results}
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
source "$ROOT/tools/trx-result.sh"
result() { write_trx_result "$RESULTS/public-api-check.trx" public-api-check PublicApi.UndeclaredChangeFailsBuild "$1" "$2"; }
docs_result() { write_trx_result "$RESULTS/xml-docs-check.trx" xml-docs-check XmlDocs.UndocumentedPublicMemberFailsBuild "$1" "$2"; }

NAME=Chronos.Storage.Extensions.DependencyInjection
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The path contains /runtime/ like the original, so Directory.Build.props treats the copy as shipped.
COPY=$WORK/runtime/$NAME
mkdir -p "$COPY"
cp "$ROOT/runtime/$NAME"/*.cs "$ROOT/runtime/$NAME"/PublicAPI.*.txt "$ROOT/runtime/$NAME"/README.md "$COPY/"
sed "s|\.\./Chronos.Storage/Chronos.Storage.csproj|$ROOT/runtime/Chronos.Storage/Chronos.Storage.csproj|" \
  "$ROOT/runtime/$NAME/$NAME.csproj" >"$COPY/$NAME.csproj"
for props in Directory.Build.props Directory.Packages.props; do
  printf '<Project>\n  <Import Project="%s" />\n</Project>\n' "$ROOT/$props" >"$WORK/$props"
done
cp "$ROOT/global.json" "$WORK/" 2>/dev/null || true
cat >"$COPY/UndeclaredApi.cs" <<'CS'
namespace Chronos.Storage.Extensions.DependencyInjection;

/// <summary>A public type that is not in PublicAPI.Unshipped.txt: the build must refuse it.</summary>
public static class UndeclaredApi
{
    /// <summary>Undeclared public member.</summary>
    public static int Probe() => 42;
}
CS
cat >"$COPY/UndocumentedApi.cs" <<'CS'
namespace Chronos.Storage.Extensions.DependencyInjection;

/// <summary>A declared public type with one undocumented member: the build must refuse it (CS1591).</summary>
public static class UndocumentedApi
{
    public static int Probe() => 42;
}
CS
printf '%s\n' 'Chronos.Storage.Extensions.DependencyInjection.UndocumentedApi' \
  'static Chronos.Storage.Extensions.DependencyInjection.UndocumentedApi.Probe() -> int' >>"$COPY/PublicAPI.Unshipped.txt"

log=$WORK/build.log
dotnet build "$COPY/$NAME.csproj" -c Release --nologo -v:q -clp:ErrorsOnly -p:BaseOutputPath="$WORK/bin/" >"$log" 2>&1
code=$?
errors=$(grep -oE 'error [A-Z]+[0-9]+' "$log" | sort -u | tr '\n' ' ')
if [ $code -eq 0 ]; then
  result Failed "the copy with an undeclared public type BUILT: the public API check is off"
  docs_result Failed "the copy with an undocumented public member BUILT: XML docs are not required"
elif [ "$errors" != "error CS1591 error RS0016 " ]; then
  result Failed "expected exactly CS1591 and RS0016, got: $errors: $(head -c 2000 "$log")"
  docs_result Failed "expected exactly CS1591 and RS0016, got: $errors: $(head -c 2000 "$log")"
else
  if grep -q "error RS0016.*UndeclaredApi" "$log"; then
    result Passed "build failed with RS0016: $(grep -m1 -oE "error RS0016[^[]*" "$log")"
  else
    result Failed "RS0016 reported, but not for UndeclaredApi: $(head -c 2000 "$log")"
  fi
  if [ "$(grep -c "error CS1591" "$log")" -ge 1 ] && ! grep "error CS1591" "$log" | grep -qv "UndocumentedApi.Probe()"; then
    docs_result Passed "build failed with CS1591: $(grep -m1 -oE "error CS1591[^[]*" "$log")"
  else
    docs_result Failed "CS1591 reported for something other than UndocumentedApi.Probe(): $(grep "error CS1591" "$log" | head -c 2000)"
  fi
fi
