#!/usr/bin/env bash
# Are the packages reproducible? Packs the current commit twice and compares every .nupkg and .snupkg entry by entry
# (entry names and bytes; zip timestamps and entry order ignored):
#   1. in this working tree, as it is (incremental: whatever bin/obj hold);
#   2. in a fresh clone of the same commit at another path (no bin/obj: a clean rebuild, and a different source root).
# Prints each package as identical or with the entries that differ; exit 1 when any differs. Not part of
# tools/test.sh: it builds every shipped project twice (minutes on two cores); run it before a release.
#
#   bash tools/pack-repro.sh [work-dir]      work-dir default: a new mktemp -d, removed at the end
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! git -C "$ROOT" diff --quiet HEAD --; then
  echo "pack-repro.sh: the working tree has uncommitted changes; commit them so both packs build the same sources" >&2
  exit 2
fi
WORK=${1:-$(mktemp -d)}
[ $# -gt 0 ] || trap 'rm -rf "$WORK"' EXIT
SUFFIX=repro
COMMIT=$(git -C "$ROOT" rev-parse HEAD)
# SourceLink writes the branch into each nuspec (<repository branch=...>): check the clone out on the same branch name.
BRANCH=$(git -C "$ROOT" symbolic-ref --quiet --short HEAD || true)

start=$SECONDS
bash "$ROOT/tools/pack.sh" "$WORK/incremental" "$SUFFIX" >"$WORK/incremental.log" 2>&1 || { cat "$WORK/incremental.log"; exit 1; }
echo "pack in the working tree: $((SECONDS - start)) s"

git clone --quiet --no-hardlinks "$ROOT" "$WORK/clone"
if [ -n "$BRANCH" ]; then git -C "$WORK/clone" checkout --quiet -B "$BRANCH" "$COMMIT"; else git -C "$WORK/clone" checkout --quiet "$COMMIT"; fi
start=$SECONDS
bash "$WORK/clone/tools/pack.sh" "$WORK/clean" "$SUFFIX" >"$WORK/clean.log" 2>&1 || { cat "$WORK/clean.log"; exit 1; }
echo "pack in a clean clone:    $((SECONDS - start)) s"

python3 - "$WORK/incremental" "$WORK/clean" <<'PY'
import os, sys, zipfile

def entries(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}

first, second = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(first) if n.endswith((".nupkg", ".snupkg")))
missing = sorted(set(n for n in os.listdir(second) if n.endswith((".nupkg", ".snupkg"))) ^ set(names))
differing = 0
for name in names:
    if not os.path.exists(os.path.join(second, name)):
        continue
    a, b = entries(os.path.join(first, name)), entries(os.path.join(second, name))
    diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    if diff:
        differing += 1
        print(f"  DIFFERS   {name}: " + ", ".join(diff))
    else:
        print(f"  identical {name} ({len(a)} entries)")
if missing:
    print("  only in one pack: " + ", ".join(missing))
print(f"{len(names) - differing} of {len(names)} packages identical")
sys.exit(1 if differing or missing else 0)
PY
