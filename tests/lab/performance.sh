# docs/performance.md's exercises (tests/lab/check.sh runs them last).
# What they measure takes minutes and depends on the moment (make bench);
# the checks measure the quick parts and compare the rest with the guide.
LEVELS=""
EXERCISES="1 2 3 4"
EX1="which is steadier from run to run: the medians or the ratios"
EX2="what the first write of a pid into cgroup.procs waits for"
EX3="system calls of one run with linux.resources minus without (within 10%)"
EX4="what bounds twenty parallel starts on two cores"

exercise_1() {
    answer_sha a57fa114a36ae2d3382c1e56f354ac8c9c8172ddec8ea14708d3750bb2f238ff \
               f904bd3eb6cb8fd74fd2d601a1c4c9922b05da70d889e288d0406e3a7adb215a
}

exercise_2() {
    answer_sha a1e5234931b40b9466117b2543efd2ad7837bee7ec0bec0e78b65ba09b7903a7 \
               d78d3ab16c50fa6c0f4dafe2b6da00a5fdfbe300d7a39db1baaf03be2a5a0fce \
               3b200a55dcee9a8177e3f11c5ab4d1396ba0f0c25ac2f813ce5c165168b79a0a \
               b8db55c5b3b74d1ea2e99e8063ebb86dde5f050227114339a2d9f8edf7310aec
}

# strace -f -c of one run: the total number of calls.
syscalls_of_run() {
    strace -f -c -o "$WORK/strace.out" "$BIN/minirunc" --root "$WORK/state" run --bundle "$1" "$2" \
        </dev/null >/dev/null 2>&1
    awk '$NF == "total" { print $(NF-2) }' "$WORK/strace.out"
}

exercise_3() {
    [ "$ME" -eq 0 ] || { skip="needs root: linux.resources are root's cgroups"; return 2; }
    command -v strace >/dev/null || { skip="strace is not installed"; return 2; }
    local B=$WORK/perf with without
    mkdir -p "$B" && "$BIN/rootfs" busybox "$B/rootfs" >/dev/null && "$BIN/minirunc" spec --bundle "$B" &&
        jq '.process.args = ["true"] | .linux.resources = {"memory": {"limit": 67108864}, "pids": {"limit": 50}}' \
            "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
    with=$(syscalls_of_run "$B" lab-perf1)
    jq 'del(.linux.resources)' "$B/config.json" >"$B/c" && mv "$B/c" "$B/config.json"
    without=$(syscalls_of_run "$B" lab-perf2)
    [ -n "$with" ] && [ -n "$without" ] || { expected="two strace counts"; seen="$(tail -2 "$WORK/strace.out")"; return 1; }
    [ -n "${LAB_DEBUG:-}" ] && echo "performance/3: $with - $without" >&2
    answer_near "$((with - without))" 10
}

exercise_4() {
    answer_sha 68ab84f7c6d0f5781585eb1b5289499fb29081b918f71ebddb5f72021c9ef9c5 \
               77a6bc6f96522fb501519739bca08b2c94a38a565b66dcc8b99ffd7ca20508d3 \
               7da5364278d66e7e6e4b3ff99b99e44fb531e3c6da669e1797a77b85815d75ce
}
