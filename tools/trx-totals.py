#!/usr/bin/env python3
"""Totals across every .trx file in a folder: one line per file, then exactly one last line
'N passed, N failed, N skipped'. Exit 0 only when at least one test ran and none failed.

Counts UnitTestResult outcomes: Passed; NotExecuted (xunit's skip) as skipped; every other outcome (Failed, Error,
Timeout, Aborted, ...) as failed, so a crash never reads as a pass. Standard library only (python3 3.11)."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def count(path: Path) -> tuple[int, int, int]:
    passed = failed = skipped = 0
    results = ET.parse(path).getroot().find(f"{NS}Results")
    for result in results if results is not None else []:
        if result.tag != f"{NS}UnitTestResult":
            continue
        outcome = result.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            failed += 1
    return passed, failed, skipped


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    totals = [0, 0, 0]
    broken = 0
    for path in sorted(folder.rglob("*.trx")):
        try:
            counts = count(path)
        except ET.ParseError as error:
            print(f"  {path.name}: unreadable ({error})")
            broken += 1
            continue
        print(f"  {path.stem}: {counts[0]} passed, {counts[1]} failed, {counts[2]} skipped")
        totals = [t + c for t, c in zip(totals, counts)]
    passed, failed, skipped = totals
    failed += broken
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and passed + failed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
