# Chapter 2.3's checks (tests/lab/check.sh sources this), on cgroup trees
# of plain directories (--cgroup-root): a v2 tree (a cgroup.controllers
# file) and a v1 forest (a directory per controller).  Nothing of the
# machine's cgroups is touched, and no root is needed.
LEVELS="create limit attach remove"

# fake_trees NAME: $V2 and $V1, two new fake hosts for one check.
fake_trees() {
    V2=$WORK/$1-v2 V1=$WORK/$1-v1
    mkdir -p "$V2" "$V1/memory" "$V1/pids" "$V1/cpu"
    echo "cpu cpuset io memory pids" >"$V2/cgroup.controllers"
}

check_create() {
    fake_trees create
    lab_run "$BIN/cgroups" --trace --cgroup-root "$V2" create lab-c
    expect_no_todo &&
        expect_line "^\[03-cgroups\] mkdir $V2/minirunc/lab-c\$" "the trace line: [03-cgroups] mkdir $V2/minirunc/lab-c" || return 1
    [ -d "$V2/minirunc/lab-c" ] || { expected="the directory $V2/minirunc/lab-c"; seen="none"; return 1; }
    expect_line "^\[03-cgroups\] echo \+memory > $V2/minirunc/cgroup.subtree_control\$" \
        "memory enabled for the cgroups below minirunc/ (v2): [03-cgroups] echo +memory > $V2/minirunc/cgroup.subtree_control" || return 1
    lab_run "$BIN/cgroups" --trace --cgroup-root "$V1" create lab-c
    expect_no_todo || return 1
    for c in memory pids cpu; do
        [ -d "$V1/$c/minirunc/lab-c" ] || { expected="v1: the directory $V1/$c/minirunc/lab-c"; seen="none"; return 1; }
    done
}

check_limit() {
    fake_trees limit
    lab_run "$BIN/cgroups" --trace --cgroup-root "$V2" create lab-l --memory 32M --pids 20
    expect_no_todo &&
        expect_line "^\[03-cgroups\] echo 33554432 > $V2/minirunc/lab-l/memory.max\$" \
            "the trace line: [03-cgroups] echo 33554432 > $V2/minirunc/lab-l/memory.max" || return 1
    [ "$(cat "$V2/minirunc/lab-l/pids.max" 2>/dev/null)" = 20 ] ||
        { expected="20 in $V2/minirunc/lab-l/pids.max"; seen="$(cat "$V2/minirunc/lab-l/pids.max" 2>&1)"; return 1; }
    lab_run "$BIN/cgroups" --trace --cgroup-root "$V1" create lab-l --memory 32M --pids 20
    [ "$(cat "$V1/memory/minirunc/lab-l/memory.limit_in_bytes" 2>/dev/null)" = 33554432 ] ||
        { expected="v1: 33554432 in $V1/memory/minirunc/lab-l/memory.limit_in_bytes"; seen="$(printf '%s\n' "$out" | grep -m1 -v '^\[' || echo 'no such file')"; return 1; }
}

check_attach() {
    fake_trees attach
    lab_run "$BIN/cgroups" --cgroup-root "$V2" create lab-a
    lab_run "$BIN/cgroups" --trace --cgroup-root "$V2" attach lab-a $$
    expect_no_todo &&
        expect_line "^\[03-cgroups\] echo $$ > $V2/minirunc/lab-a/cgroup.procs\$" \
            "the trace line: [03-cgroups] echo $$ > $V2/minirunc/lab-a/cgroup.procs" || return 1
    grep -qx "$$" "$V2/minirunc/lab-a/cgroup.procs" 2>/dev/null ||
        { expected="$$ in $V2/minirunc/lab-a/cgroup.procs"; seen="$(cat "$V2/minirunc/lab-a/cgroup.procs" 2>&1)"; return 1; }
}

check_remove() {
    fake_trees remove
    lab_run "$BIN/cgroups" --cgroup-root "$V2" create lab-r
    lab_run "$BIN/cgroups" --trace --cgroup-root "$V2" delete lab-r
    expect_no_todo &&
        expect_line "^\[03-cgroups\] rmdir $V2/minirunc/lab-r\$" "the trace line: [03-cgroups] rmdir $V2/minirunc/lab-r" || return 1
    [ ! -e "$V2/minirunc" ] ||
        { expected="$V2/minirunc/lab-r and the empty parent minirunc/ removed"; seen="$(cd "$V2" && find minirunc -type d | tr '\n' ' ')"; return 1; }
}

# The guide's exercises (docs/03-cgroups.md#exercises): on this machine's
# own cgroups, so as root only (minirunc/lab-ex*, removed by `run`).
EXERCISES="1 2 3 4 5"
EX1="what happens here to a process past --memory 32M without --memory-swap (killed, or swaps)"
EX2="cpu.time, in whole seconds, of two busy loops for 3 s under --cpus 1"
EX3="the ratio of cpu.time, --cpu-shares 1024 to 512, both on CPU 0 (whole number)"
EX4="whether the process can still read /dev/null under --device-deny 'c 1:3 w' (yes/no)"
EX5="the State: letter of a sleep in a frozen v1 freezer cgroup"

need_root() { [ "$ME" -eq 0 ] || { skip="needs root: the machine's cgroups are root's"; return 2; }; lab_cgroups_cleanup; }

# The exercises' own cgroups (minirunc/lab-ex*), whatever happened to
# them: their processes killed, the directories removed, and minirunc/
# when it is left empty.  Nothing else is touched.
lab_cgroups_cleanup() {
    local d p
    for d in /sys/fs/cgroup/*/minirunc/lab-ex* /sys/fs/cgroup/minirunc/lab-ex*; do
        [ -d "$d" ] || continue
        [ -f "$d/freezer.state" ] && echo THAWED >"$d/freezer.state" 2>/dev/null
        [ -f "$d/cgroup.freeze" ] && echo 0 >"$d/cgroup.freeze" 2>/dev/null
        for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    done
    sleep 0.1
    for d in /sys/fs/cgroup/*/minirunc/lab-ex* /sys/fs/cgroup/minirunc/lab-ex*; do
        [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
    for d in /sys/fs/cgroup/*/minirunc /sys/fs/cgroup/minirunc; do
        [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
    return 0
}

lab_chapter_cleanup() { [ "$ME" -ne 0 ] || lab_cgroups_cleanup; }

stat_value() {   # KEY: a line of --stats from $out
    printf '%s\n' "$out" | awk -v k="$1" '$1 == k { print $2; exit }'
}

exercise_1() {
    need_root || return 2
    lab_run "$BIN/cgroups" run --name lab-ex1 --memory 32M --stats -- sh -c 'head -c 200M /dev/zero | tail > /dev/null'
    if [ "$(stat_value oom_kills)" != 0 ] && [ -n "$(stat_value oom_kills)" ]; then
        answer_is killed "it is killed" oom "oom kill" "the oom killer kills it" "killed by the oom killer"
    else
        answer_is swaps "it swaps" swap "it pages" paging
    fi
}

exercise_2() {
    need_root || return 2
    lab_run "$BIN/cgroups" run --name lab-ex2 --cpus 1 --stats -- timeout 3 sh -c 'while :; do :; done & while :; do :; done'
    local t
    t=$(stat_value cpu.time)
    [ -n "$t" ] || { expected="cpu.time in the stats"; seen="$out"; return 1; }
    answer_is "$(printf '%.0f' "$t")"
}

exercise_3() {
    need_root || return 2
    local a b
    "$BIN/cgroups" run --name lab-ex3a --cpu-shares 1024 --cpuset-cpus 0 --stats -- timeout 3 sh -c 'while :; do :; done' \
        >"$WORK/$chapter-ex3a" 2>&1 &
    "$BIN/cgroups" run --name lab-ex3b --cpu-shares 512 --cpuset-cpus 0 --stats -- timeout 3 sh -c 'while :; do :; done' \
        >"$WORK/$chapter-ex3b" 2>&1
    wait
    a=$(awk '$1 == "cpu.time" { print $2 }' "$WORK/$chapter-ex3a")
    b=$(awk '$1 == "cpu.time" { print $2 }' "$WORK/$chapter-ex3b")
    [ -n "$a" ] && [ -n "$b" ] || { expected="cpu.time of both"; seen="$(cat "$WORK/$chapter-ex3a" "$WORK/$chapter-ex3b" | tail -2)"; return 1; }
    answer_is "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", a / b }')"
}

exercise_4() {
    need_root || return 2
    lab_run "$BIN/cgroups" run --name lab-ex4 --device-allow a --device-deny 'c 1:3 w' -- \
        sh -c 'cat /dev/null && echo read-ok; echo x > /dev/null || echo write-denied'
    expect_line '^write-denied$' "the write to /dev/null denied" || return 1
    if printf '%s\n' "$out" | grep -qx read-ok; then answer_is yes; else answer_is no; fi
}

exercise_5() {
    need_root || return 2
    [ -d /sys/fs/cgroup/freezer ] || { skip="this host has no v1 freezer hierarchy"; return 2; }
    "$BIN/cgroups" create lab-ex5 >/dev/null 2>&1 || { expected="a cgroup lab-ex5"; seen="create failed"; return 1; }
    sleep 30 &
    local pid=$! state
    "$BIN/cgroups" attach lab-ex5 $pid >/dev/null 2>&1 && "$BIN/cgroups" freeze lab-ex5 >/dev/null 2>&1
    sleep 0.3
    state=$(awk '/^State:/ { print $2 }' /proc/$pid/status)
    "$BIN/cgroups" thaw lab-ex5 >/dev/null 2>&1
    kill $pid; wait $pid 2>/dev/null
    "$BIN/cgroups" delete --force lab-ex5 >/dev/null 2>&1
    answer_is "$(printf '%s' "$state" | tr 'A-Z' 'a-z')"
}
