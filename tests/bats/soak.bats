#!/usr/bin/env bats
# A thousand containers in a row (issue: reliability): minirunc's own fds
# and memory must not grow, nothing may pile up on the host, and under the
# test build every run is also a LeakSanitizer run (ASan checks for leaks
# at exit and fails the run with status 23 if it finds one).
#
# Not in the guests (tests/run.sh VM_SUITES): a thousand runs under TCG
# would take most of CI's time, and nothing here depends on the cgroup
# shape that the suites run there do not already cover.

load helpers

MR="$BIN/minirunc"

setup() {
    bundle_setup
    jq '.process.args = ["true"] | .process.terminal = false' "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
}

teardown() {
    delete_all_containers
    remove_scratch
}

# What the host holds of minirunc's: our cgroups, processes, mounts.
residue() {
    find /sys/fs/cgroup -maxdepth 3 -type d -path '*/minirunc/*' 2>/dev/null | sort
    pgrep -af '^minirunc:\[' || true
    grep -c -e "$T" -e minirunc /proc/self/mountinfo || true
}

# stats FIELD FROM TO: the largest value of FIELD in report lines FROM..TO.
stats() {
    sed -n "$2,$3p" "$T/report" | grep -o "$1=[0-9-]*" | cut -d= -f2 | sort -n | tail -1
}

@test "1000 containers one after another: no fd kept, no memory growth, no leak, nothing left" {
    local before i n=1000 id
    before=$(residue)
    export MINIRUNC_SELFCHECK="$T/report"
    for i in $(seq "$n"); do
        id="s$i"
        # Every tenth goes through create, state, start, delete; the rest run.
        # (3>&-: bats's own fd is not the runtime's to count.)
        if [ $((i % 10)) -eq 0 ]; then
            { mr create --bundle "$B" "$id" && mr state "$id" >/dev/null && mr start "$id" &&
                mr delete --force "$id"; } </dev/null >"$T/out" 2>&1 3>&- || {
                cat "$T/out"; fail "container $i (create/state/start/delete) failed"; }
        else
            mr run --bundle "$B" "$id" </dev/null >"$T/out" 2>&1 3>&- || {
                cat "$T/out"; fail "container $i (run) failed"; }
        fi
        # Any sanitizer report, even one that did not change the status.
        if grep -q 'Sanitizer' "$T/out"; then cat "$T/out"; fail "container $i: sanitizer report"; fi
    done
    unset MINIRUNC_SELFCHECK
    # Every run reported (900 runs + 100 x 4 commands), and none kept an fd.
    assert_equal "$(wc -l <"$T/report")" 1300
    run awk '{ split($2, a, "="); split($3, b, "="); if (b[2] != a[2]) print }' "$T/report"
    assert_output ""
    # Peak memory: the last hundred containers' no higher than the first
    # hundred's (with 5% for the allocator's noise).
    local first last
    first=$(stats hwm_kb 1 130)
    last=$(stats hwm_kb 1171 1300)
    echo "# peak RSS of one minirunc command: first 100 containers ${first} kB, last 100 ${last} kB" >&3
    [ "$last" -le $((first + first / 20)) ] || fail "peak RSS grew from $first kB to $last kB"
    # Nothing left: state, cgroups, processes, mounts as before.
    run ls -A "$S"
    assert_output ""
    assert_equal "$(residue)" "$before"
}
