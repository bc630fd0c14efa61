#!/usr/bin/env bash
# Sourced by the NativeAOT checks (tools/aot-check.sh, tools/agent-aot-check.sh, tools/cli-aot-check.sh): one honest
# NativeAOT publish and its trim/AOT diagnostics split into ours and third-party, written once so the three checks
# cannot drift apart in what they count as "ours".
#
#   aot_publish <project.csproj> <out-dir> <log> [extra dotnet publish arguments...]
# Sets: publish (dotnet publish's exit code), publish_seconds, diagnostics / ours / others (arrays of deduplicated
# diagnostic lines), third_party (counts per assembly-ish prefix, e.g. "48 MongoDB.Bson, 3 MongoDB.Driver").
# Needs ROOT (the repository root) set by the caller.

aot_publish() {
  local project=$1 out=$2 log=$3 start line
  shift 3
  # An unchanged app skips ILC on a second publish, and then its log has no trim/AOT warnings at all: clear the native
  # intermediate output so that every run compiles and counts honestly.
  rm -rf "$out" "$(dirname "$project")"/obj/Release/net10.0/linux-x64/native
  start=$SECONDS
  # Warnings stay warnings (TreatWarningsAsErrors=false) so that every trim/AOT warning is listed, not only the first.
  dotnet publish "$project" -c Release -r linux-x64 -o "$out" --nologo \
    -p:TrimmerSingleWarn=false -p:TreatWarningsAsErrors=false "$@" >"$log" 2>&1
  publish=$?
  publish_seconds=$((SECONDS - start))

  # Deduplicated (MSBuild repeats them in its summary). Ours: the member named after the code starts with "Chronos."
  # or the file is one of this repository's sources.
  mapfile -t diagnostics < <(grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u)
  ours=() others=()
  for line in "${diagnostics[@]}"; do
    if [[ $line =~ IL[23][0-9]{3}:\ Chronos\. ]] || [[ $line == "$ROOT/"* ]]; then ours+=("$line"); else others+=("$line"); fi
  done
  third_party=$( ((${#others[@]})) && printf '%s\n' "${others[@]}" \
    | sed -nE 's/.*IL[23][0-9]{3}: ([A-Za-z0-9_]+\.[A-Za-z0-9_]+).*/\1/p' | sort | uniq -c \
    | awk '{ printf "%s%s %s", sep, $1, $2; sep=", " }')
}
