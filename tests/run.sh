#!/bin/bash
# Run the unit tests (cmocka) and the integration tests (bats) against the
# sanitized build, and close with one line: "tests: N passed, M failed".
# Usage: tests/run.sh [unit|bats|all]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
san="$top/build/asan"
what=${1:-all}
passed=0
failed=0

if [ "$what" = unit ] || [ "$what" = all ]; then
    for t in "$san"/tests/test_*; do
        echo "== unit: $(basename "$t")"
        out=$("$t" 2>&1)
        rc=$?
        printf '%s\n' "$out"
        p=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
        # cmocka names a failed test twice (as it fails, and in the summary).
        f=$(printf '%s\n' "$out" | grep '^\[  FAILED  \] test_' | sort -u | wc -l)
        # A crash (sanitizer report, signal) counts as a failure too.
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        passed=$((passed + p))
        failed=$((failed + f))
    done
fi

if [ "$what" = bats ] || [ "$what" = all ]; then
    echo "== integration: bats"
    log=$(mktemp)
    MINIRUNC_BIN="$san/bin" MINIRUNC_TOOLS="$san/tests" \
        bats --formatter tap --print-output-on-failure "$top/tests/bats" | tee "$log"
    rc=${PIPESTATUS[0]}
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
    rm -f "$log"
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
