#!/usr/bin/env bash
# Sourced by the shell test steps (tools/aot-check.sh, tools/consumer-check.sh): writes one test result as a one-test .trx that
# tools/trx-totals.py counts in tools/test.sh's closing "N passed, N failed" line.
#
#   write_trx_result <file.trx> <run-name> <test-name> Passed|Failed|NotExecuted <message>
# Prints the result; returns non-zero for Failed.

write_trx_result() {
  local file=$1 run_name=$2 test_name=$3 outcome=$4 message
  message=$(printf '%s' "$5" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g')
  cat >"$file" <<XML
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="$(cat /proc/sys/kernel/random/uuid)" name="$run_name" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testId="$(cat /proc/sys/kernel/random/uuid)" testName="$test_name" outcome="$outcome">
      <Output><StdOut>$message</StdOut></Output>
    </UnitTestResult>
  </Results>
</TestRun>
XML
  echo "$run_name: $outcome: $test_name: $5"
  [ "$outcome" != Failed ]
}
