#!/bin/bash
# Run the unit tests (cmocka) and the integration tests (bats) against the
# sanitized build, and close with one line: "tests: N passed, M failed".
# Usage: tests/run.sh [unit|bats|doctest|fuzz|vm|all]
#
# vm: the suites that touch cgroups and the runtime again, in a pure
# cgroup v2 guest and in a v1-only guest (tests/vm/guest.sh): this host is
# hybrid, learners' hosts mostly are not; and --systemd-cgroup's suite in
# guests that boot systemd as PID 1 (pure v2, with podman's and containerd's
# systemd cgroup managers; and systemd's hybrid layout).
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
    MINIRUNC_DIAG=$(mktemp)
    export MINIRUNC_DIAG
    # No test may stall the run: each gets at most 5 minutes (bats then
    # ends the test's own processes and reports "# timeout"), and commands
    # that drive podman or containerd have shorter bounds of their own; the
    # whole run ends within 70 minutes, well inside CI's limit.  stdin is
    # /dev/null: the tests never read the caller's, and a terminal there
    # changes what podman does.
    MINIRUNC_BIN="$san/bin" MINIRUNC_TOOLS="$san/tests" BATS_TEST_TIMEOUT=300 \
        timeout -k 30 4200 bats --timing --formatter tap --print-output-on-failure "$top/tests/bats" \
        </dev/null | tee "$log"
    rc=${PIPESTATUS[0]}
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "== bats stopped: out of time"; fi
    passed=$((passed + p))
    failed=$((failed + f))
    # The failures again at the end, where a truncated CI log still shows them.
    if [ "$f" -ne 0 ]; then
        echo "== failed:"
        grep -E '^not ok ' "$log" || true
        cat "$MINIRUNC_DIAG"
    fi
    rm -f "$log" "$MINIRUNC_DIAG"
fi

# The guides' transcripts (tests/doctest): every console block of
# README.md and docs/*.md run again, its output compared with the guide's.
# They use bin/ (the build a reader has) and the helpers in build/asan.
if [ "$what" = doctest ] || [ "$what" = all ]; then
    log=$(mktemp)
    bash "$top/tests/doctest/run.sh" </dev/null | tee "$log"
    rc=${PIPESTATUS[0]}
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "== failed:"
        grep -E '^FAIL ' "$log" || true
    fi
    rm -f "$log"
fi

# libFuzzer targets (tests/fuzz): each from its seed corpus, for
# FUZZ_SECONDS (10 in make test; make fuzz runs longer).  Every input in
# tests/fuzz/corpus runs first: a crash once found and added there stays
# a regression test.
if [ "$what" = fuzz ] || [ "$what" = all ]; then
    secs=${FUZZ_SECONDS:-10}
    mkdir -p "$top/build/fuzz/crashes"
    for t in "$top"/build/fuzz/tests/fuzz_*; do
        name=${t##*/fuzz_}
        work=$(mktemp -d)
        mkdir "$work/corpus"
        echo "== fuzz: $name, ${secs}s"
        "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/" \
            "$work/corpus" "$top/tests/fuzz/corpus/$name" >"$work/log" 2>&1
        rc=$?
        grep -E '^#[0-9]+[[:space:]]+DONE' "$work/log" | tail -1
        if [ "$rc" -eq 0 ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            tail -40 "$work/log"
            for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
                [ -e "$a" ] || continue
                cp "$a" "$top/build/fuzz/crashes/$name-${a##*/}"
                echo "== fuzz: $name: kept $top/build/fuzz/crashes/$name-${a##*/} (add it to tests/fuzz/corpus/$name once fixed)"
            done
        fi
        rm -rf "$work"
    done
fi

# The suites whose outcome depends on the host's cgroup layout, run again in
# each other host shape.  CI has 90 minutes, and the guests are most of them
# (each test costs seconds under emulation), so a suite runs only where its
# host shape matters: security's checks do not depend on the cgroup layout
# (the host runs them); podman's cgroupfs manager writes v1 controllers and
# the cgroupfs driver on this hybrid host, and on a pure v2 host the
# learners' podman uses the systemd manager (the systemd guest runs podman).
VM_SUITES="01-rootfs 03-cgroups combined rootless"
if [ "$what" = vm ] || [ "$what" = all ]; then
    for shape in v2 v1 systemd systemd-hybrid; do
        suites=$VM_SUITES
        # systemd as PID 1 (pure v2): --systemd-cgroup's suite, and podman
        # and containerd with their systemd cgroup managers; on systemd's
        # hybrid layout, --systemd-cgroup's suite.
        [ "$shape" = systemd ] && suites="systemd podman containerd"
        [ "$shape" = systemd-hybrid ] && suites="systemd"
        echo "== integration in a $shape guest: $suites"
        log=$(mktemp)
        files=()
        for s in $suites; do files+=("tests/bats/$s.bats"); done
        # Guest code runs several times slower under TCG: more room per test.
        bash "$top/tests/vm/guest.sh" "$shape" env MINIRUNC_BIN="$san/bin" MINIRUNC_TOOLS="$san/tests" \
            BATS_TEST_TIMEOUT=900 bats --timing --formatter tap --print-output-on-failure "${files[@]}" \
            2>&1 | sed -u "s/^\(ok\|not ok\) /\1 [$shape] /" | tee "$log"
        rc=${PIPESTATUS[0]}
        p=$(grep -c '^ok ' "$log")
        f=$(grep -c '^not ok ' "$log")
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "== the $shape guest failed (status $rc)"; fi
        if [ "$f" -ne 0 ]; then
            echo "== failed in the $shape guest:"
            grep -E '^not ok ' "$log" || true
        fi
        passed=$((passed + p))
        failed=$((failed + f))
        rm -f "$log"
    done
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
