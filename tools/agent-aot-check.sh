#!/usr/bin/env bash
# Agent quickstart NativeAOT check (issue 18), run by tools/test.sh beside tools/aot-check.sh: publishes
# samples/Chronos.AgentChat (PublishAot=true in its project; MAF ChatClientAgent + Chronos.Agents + the embedded
# SQLite vector store through Chronos.VectorData), fails on any IL2xxx/IL3xxx diagnostic from our assemblies (Chronos.*), counts the Microsoft
# Agent Framework / Microsoft.Extensions.AI ones separately (listed, not failed: not ours to fix), then runs the binary
# twice in an empty directory: the second run must continue the first run's conversation.
# Results: AgentAotCheck.Publish and AgentAotCheck.Resume (one-test trx files).
#
#   bash tools/agent-aot-check.sh [results-dir]
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${1:-$ROOT/artifacts/test-results}
APP_DIR=$ROOT/samples/Chronos.AgentChat
APP=$APP_DIR/Chronos.AgentChat.csproj
OUT=$RESULTS/agent-aot-publish
LOG=$RESULTS/agent-aot-publish.log
TEST_NAME="AgentAotCheck.Publish"
mkdir -p "$RESULTS"
rm -f "$RESULTS"/agent-aot-check*.trx

# shellcheck source=tools/trx-result.sh
source "$ROOT/tools/trx-result.sh"
write_result() { write_trx_result "$RESULTS/agent-aot-check-${TEST_NAME##*.}.trx" agent-aot-check "$TEST_NAME" "$1" "$2"; }

grep -qE '<PublishAot>[[:space:]]*true' "$APP" || { write_result Failed "$APP must set <PublishAot>true</PublishAot>"; exit 1; }

# shellcheck source=tools/aot-publish.sh
source "$ROOT/tools/aot-publish.sh"
aot_publish "$APP" "$OUT" "$LOG"
# Of the third-party diagnostics, the Microsoft Agent Framework / Microsoft.Extensions.AI ones are counted apart.
maf=() rest=()
for line in "${others[@]}"; do
  if [[ $line =~ IL[23][0-9]{3}:\ Microsoft\.(Agents|Extensions\.AI) ]]; then maf+=("$line"); else rest+=("$line"); fi
done
others=("${rest[@]}")
summary="${#diagnostics[@]} trim/AOT diagnostics: ${#ours[@]} from Chronos, ${#maf[@]} from Microsoft Agent Framework / Microsoft.Extensions.AI, ${#others[@]} other"
echo "agent-aot-check: $summary (log: $LOG)"
[ ${#maf[@]} -eq 0 ] || printf '  MAF/MEAI (not counted): %s\n' "${maf[@]}" | head -20
[ ${#others[@]} -eq 0 ] || printf '  other (not counted): %s\n' "${others[@]}" | head -20
if [ ${#ours[@]} -gt 0 ]; then
  printf '  ours: %s\n' "${ours[@]}"
  write_result Failed "$summary:
$(printf '%s\n' "${ours[@]}")"
  exit 1
fi
if [ $publish -ne 0 ]; then
  tail -n 30 "$LOG"
  write_result Failed "dotnet publish (PublishAot) failed (exit $publish); see $LOG"
  exit 1
fi
write_result Passed "published: $summary ($(du -h "$OUT/Chronos.AgentChat" | cut -f1) binary)"

# Twice from an empty working directory: run 1 starts the conversation, run 2 must continue it from Chronos.
TEST_NAME="AgentAotCheck.Resume"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
first=$(cd "$WORK" && "$OUT/Chronos.AgentChat" 2>&1); first_code=$?
second=$(cd "$WORK" && "$OUT/Chronos.AgentChat" 2>&1); second_code=$?
printf '%s\n--- second run ---\n%s\n' "$first" "$second" >"$RESULTS/agent-aot-run.log"
if [ $first_code -eq 0 ] && [ $second_code -eq 0 ] \
  && grep -q '^Starting a new conversation\.' <<<"$first" \
  && grep -q '^Continuing the conversation: 4 earlier messages' <<<"$second" \
  && grep -q 'You first asked: "What is Chronos?"' <<<"$second"; then
  write_result Passed "$(tail -n 1 <<<"$second")"
else
  cat "$RESULTS/agent-aot-run.log"
  write_result Failed "the AOT binary did not continue its conversation on the second run (exit $first_code/$second_code); output in $RESULTS/agent-aot-run.log"
  exit 1
fi
