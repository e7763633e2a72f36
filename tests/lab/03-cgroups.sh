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
