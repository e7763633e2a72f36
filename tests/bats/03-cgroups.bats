#!/usr/bin/env bats
# Chapter 2.3 cgroups: bin/cgroups on this machine's real cgroups (and on
# fake trees), checked by what the kernel counted and enforced.  Every
# cgroup is minirunc/bats-*; teardown fails the test if one is left.

load helpers

CG="$BIN/cgroups"

# The host's own cgroup2 root, which no test may change (on this hybrid
# host it is /sys/fs/cgroup/unified, and tests reach it with --cgroup-root).
host_v2_root() { cat /sys/fs/cgroup/unified/cgroup.subtree_control 2>/dev/null || true; }

setup() {
    make_scratch
    BG_PID=
    HOST_V2_ROOT=$(host_v2_root)
}

# A test that failed between freeze and thaw leaves its process frozen, and
# on v1 a frozen task dies of SIGKILL only once thawed: thaw ours first.
thaw_ours() {
    local f
    for f in /sys/fs/cgroup/freezer/minirunc/bats-*/freezer.state; do
        [ -e "$f" ] && echo THAWED >"$f" 2>/dev/null || true
    done
    for f in /sys/fs/cgroup/unified/minirunc/bats-*/cgroup.freeze /sys/fs/cgroup/minirunc/bats-*/cgroup.freeze; do
        [ -e "$f" ] && echo 0 >"$f" 2>/dev/null || true
    done
}

teardown() {
    thaw_ours
    if [ -n "$BG_PID" ]; then kill -9 "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; fi
    if [ "$(host_v2_root)" != "$HOST_V2_ROOT" ]; then
        echo "CHANGED the host's cgroup2 root: subtree_control '$HOST_V2_ROOT' -> '$(host_v2_root)'" >&2
        remove_scratch
        return 1
    fi
    local left
    left=$(find /sys/fs/cgroup -maxdepth 3 -type d -path '*/minirunc*' 2>/dev/null || true)
    if [ -n "$left" ]; then
        echo "LEFT BEHIND: $left" >&2
        # Remove only our own, deepest first, so the next test starts clean.
        find /sys/fs/cgroup -maxdepth 3 -depth -type d -path '*/minirunc*' -exec rmdir {} \; 2>/dev/null || true
        remove_scratch
        return 1
    fi
    remove_scratch
}

has_v1() { "$CG" info | grep -qE "^$1 +v1$"; }

@test "info: says which kind of host this is and where each controller lives" {
    run "$CG" info
    assert_success
    assert_line --regexp '^host: +(cgroup v1|cgroup v2 \(unified\)|hybrid \(cgroup v1 controllers and a cgroup2 mount\))$'
    assert_line --regexp '^memory +v[12]$'
    if grep -q ' /sys/fs/cgroup/unified cgroup2 ' /proc/self/mounts && grep -q ' cgroup cgroup ' /proc/self/mounts; then
        assert_line --index 0 "host:     hybrid (cgroup v1 controllers and a cgroup2 mount)"
    fi
}

@test "a memory hog over --memory 32M is OOM-killed and the stats say so" {
    run "$CG" run --name bats-oom --memory 32M --memory-swap 32M --stats -- sh -c 'head -c 200M /dev/zero | tail > /dev/null'
    assert_failure
    # tail is killed first; while its memory is being reclaimed the kernel
    # may kill head too (seen once in a full run): one kill or more.
    assert_line --regexp '^oom_kills +[1-9][0-9]*$'
    assert_line --regexp '^memory.peak +3[0-9]{7} bytes'
}

@test "a fork bomb under --pids 20 is contained, and the host is fine" {
    run "$CG" run --name bats-bomb --pids 20 --stats -- sh -c 'i=0; while [ $i -lt 200 ]; do sleep 5 & i=$((i+1)); done 2>/dev/null'
    assert_line "pids.peak        20"
    assert_line --regexp '^pids.limit_hits +[1-9][0-9]*$'
    # What the bomb left running was killed with its cgroup; the host forks.
    run sh -c 'echo fine'
    assert_output fine
}

@test "--cpus 0.5 caps a busy loop near half a core" {
    run "$CG" run --name bats-cpu --cpus 0.5 --stats -- timeout 2 sh -c 'while :; do :; done'
    local t
    t=$(awk '$1 == "cpu.time" {print $2}' <<<"$output")
    # 2 s of wall time at half a core: about 1 s of CPU.  Generous bounds:
    # a busy machine gives less, and in an emulated guest the bandwidth
    # timer can fire late (1.5 s was seen there); a full core would be 2 s.
    awk -v t="$t" 'BEGIN { exit !(t > 0.1 && t < 1.75) }'
    run "$CG" run --name bats-cpu2 --stats -- timeout 1 sh -c 'while :; do :; done'
    t=$(awk '$1 == "cpu.time" {print $2}' <<<"$output")
    awk -v t="$t" 'BEGIN { exit !(t > 0.3) }'
}

@test "freeze stops a process and thaw resumes it (step by step commands)" {
    run "$CG" create bats-freeze
    assert_success
    # 3>&-: bats waits for every holder of its fd 3 before it reports.
    sh -c "while :; do echo x >> '$T/ticks'; sleep 0.05; done" 3>&- &
    BG_PID=$!
    run "$CG" attach bats-freeze "$BG_PID"
    assert_success
    sleep 0.3
    run "$CG" freeze bats-freeze
    assert_success
    local a b c
    a=$(wc -l <"$T/ticks"); sleep 0.5; b=$(wc -l <"$T/ticks")
    assert_equal "$a" "$b"
    run "$CG" thaw bats-freeze
    assert_success
    sleep 0.5; c=$(wc -l <"$T/ticks")
    [ "$c" -gt "$b" ]
    run "$CG" stats bats-freeze
    assert_line --regexp '^pids.current +[1-9]'
    # A cgroup with processes is not deleted without --force.
    run "$CG" delete bats-freeze
    assert_failure
    assert_output --partial "still has processes"
    run "$CG" delete --force bats-freeze
    assert_success
    wait "$BG_PID" || true
    BG_PID=
}

@test "freeze and thaw on the real cgroup2 mount (cgroup.freeze), via --cgroup-root" {
    requires cgroup2
    local v2
    v2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/self/mounts)
    run "$CG" --cgroup-root "$v2" create bats-v2
    assert_success
    [ -f "$v2/minirunc/bats-v2/cgroup.freeze" ]
    sleep 30 3>&- &
    BG_PID=$!
    "$CG" --cgroup-root "$v2" attach bats-v2 "$BG_PID"
    grep -q "^0::/minirunc/bats-v2$" "/proc/$BG_PID/cgroup"
    run "$CG" --cgroup-root "$v2" freeze bats-v2
    assert_success
    grep -q '^frozen 1$' "$v2/minirunc/bats-v2/cgroup.events"
    run "$CG" --cgroup-root "$v2" thaw bats-v2
    grep -q '^frozen 0$' "$v2/minirunc/bats-v2/cgroup.events"
    run "$CG" --cgroup-root "$v2" delete --force bats-v2
    assert_success
    BG_PID=
}

@test "a device rule denies /dev/null writes and allows reads, on v1 (devices.deny) and v2 (a program)" {
    # Where the devices controller is (v1), the rules go to devices.deny;
    # on the cgroup2 tree (pure v2 hosts, and here the unified mount of a
    # hybrid one) they become a BPF program on the cgroup.
    local roots=("") v2
    v2=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
    if has_v1 devices && [ -n "$v2" ]; then roots+=("$v2"); fi
    for root in "${roots[@]}"; do
        local opt=()
        [ -n "$root" ] && opt=(--cgroup-root "$root")
        run "$CG" "${opt[@]}" --trace run --name bats-dev --device-allow a --device-deny 'c 1:3 w' -- sh -c 'echo x > /dev/null'
        assert_failure
        assert_output --partial "Operation not permitted"
        if [ -n "$root" ] || ! has_v1 devices; then
            assert_output --partial "bpf(BPF_PROG_ATTACH, "
        else
            assert_output --partial "devices.deny"
        fi
        run "$CG" "${opt[@]}" run --name bats-dev2 --device-allow a --device-deny 'c 1:3 w' -- sh -c 'cat /dev/null && echo read-ok'
        assert_output "read-ok"
    done
    # A mknod'ed device the rules do not allow cannot be opened.
    run "$CG" run --name bats-dev3 --device-deny a --device-allow 'c 1:3 rwm' --device-allow 'c *:* m' -- \
        sh -c "mknod $T/kmsg c 1 11 && (: <$T/kmsg) && echo opened"
    assert_failure
    assert_output --partial "Operation not permitted"
    refute_output --partial opened
    [ ! -e /sys/fs/cgroup/minirunc/bats-dev3 ]
}

@test "devices: the v2 program for a rule list, listed; bad rules named" {
    run "$CG" devices --device-deny a --device-allow 'c 1:3 rwm' --device-allow 'c 136:* rw'
    assert_success
    assert_line --regexp '^program: BPF_PROG_TYPE_CGROUP_DEVICE, 20 instructions$'
    assert_line --regexp '^ +; rule 2: allow c 136:\* rw$'
    assert_line --regexp '^ +10: if r4 != 136 goto \+2 +# not this major: next rule$'
    assert_line --regexp '^ +; rule 0: deny a \*:\* rwm$'
    run "$CG" devices --device-allow 'q 1:3 rwm'
    assert_failure
    assert_output --partial '"q 1:3 rwm"'
    run "$CG" devices --device-allow 'c 1:3 rwx'
    assert_failure
    run "$CG" devices extra
    assert_equal "$status" 2
}

@test "limits land in the v1 and v2 files of fake trees (create, set, delete)" {
    mkdir -p "$T/v1/memory" "$T/v1/cpu,cpuacct" "$T/v1/pids"
    run "$CG" --cgroup-root "$T/v1" --trace create bats-f --memory 64M --cpus 1.5 --pids 7
    assert_success
    assert_line "[03-cgroups] echo 67108864 > $T/v1/memory/minirunc/bats-f/memory.limit_in_bytes"
    assert_equal "$(cat "$T/v1/cpu,cpuacct/minirunc/bats-f/cpu.cfs_quota_us")" 150000
    run "$CG" --cgroup-root "$T/v1" set bats-f --cpu-weight 100
    assert_equal "$(cat "$T/v1/cpu,cpuacct/minirunc/bats-f/cpu.shares")" 2597
    # A cgroup that exists in one hierarchy is someone's: refused, and
    # undoing the attempt removes only what the attempt made.
    rm -r "$T/v1/memory/minirunc/bats-f" "$T/v1/cpu,cpuacct/minirunc/bats-f"
    run "$CG" --cgroup-root "$T/v1" --trace create bats-f
    assert_failure
    assert_output --partial "cgroup minirunc/bats-f already exists ($T/v1/pids/minirunc/bats-f)"
    assert_equal "$(cat "$T/v1/pids/minirunc/bats-f/pids.max")" 7
    [ ! -e "$T/v1/memory/minirunc/bats-f" ]
    [ ! -e "$T/v1/cpu,cpuacct/minirunc/bats-f" ]
    run "$CG" --cgroup-root "$T/v1" delete bats-f
    assert_success
    [ ! -e "$T/v1/pids/minirunc" ]

    mkdir "$T/v2"
    echo "cpuset cpu io memory pids" >"$T/v2/cgroup.controllers"
    run "$CG" --cgroup-root "$T/v2" create bats-g --memory 64M --memory-swap 96M --cpus 0.25 --cpu-shares 512
    assert_success
    assert_equal "$(cat "$T/v2/minirunc/bats-g/memory.max")" 67108864
    assert_equal "$(cat "$T/v2/minirunc/bats-g/memory.swap.max")" 33554432
    assert_equal "$(cat "$T/v2/minirunc/bats-g/cpu.max")" "25000 100000"
    assert_equal "$(cat "$T/v2/minirunc/bats-g/cpu.weight")" 20
    run "$CG" --cgroup-root "$T/v2" delete bats-g
    [ ! -e "$T/v2/minirunc" ]
}

@test "invalid sizes, unknown controllers and bad names fail clearly, leaving nothing" {
    run "$CG" run --memory 32X -- true
    assert_equal "$status" 1
    assert_output "cgroups: --memory 32X: unknown unit 'X' (K, M, G or T)"
    run "$CG" run --frobnicate 3 -- true
    assert_equal "$status" 2
    assert_output --partial "unknown option '--frobnicate'"
    mkdir -p "$T/v1/memory"
    run "$CG" --cgroup-root "$T/v1" run --name bats-n --pids 5 -- true
    assert_equal "$status" 1
    assert_output --partial "--pids: this host has no pids controller"
    [ ! -e "$T/v1/memory/minirunc" ]
    run "$CG" create ../../escape
    assert_equal "$status" 1
    assert_output --partial 'no ".."'
    run "$CG" delete bats-never-made
    assert_equal "$status" 1
    assert_output "cgroups: cgroup minirunc/bats-never-made does not exist"
    run "$CG" run --cpu-shares 100 --cpu-weight 5 -- true
    assert_equal "$status" 2
    run -127 "$CG" run --name bats-nocmd -- /no/such/cmd
    assert_output --partial "exec /no/such/cmd: No such file or directory"
}

@test "the command's exit status comes back; the child is in the cgroup before it runs" {
    run "$CG" run --name bats-st -- sh -c 'grep -c minirunc/bats-st /proc/self/cgroup; exit 5'
    assert_equal "$status" 5
    [ "${lines[0]}" -ge 1 ]
}

@test "--io-max, --memory-reservation and --hugetlb land in this host's files" {
    local dev
    dev=$(cat /sys/block/*/dev 2>/dev/null | head -1)
    [ -n "$dev" ] || skip "no block device to name"
    run "$CG" --trace create bats-lim --io-max "$dev wbps=1048576 riops=300" --memory-reservation 16M
    assert_success
    if has_v1 blkio; then
        assert_output --partial "echo '$dev 1048576' > /sys/fs/cgroup/blkio/minirunc/bats-lim/blkio.throttle.write_bps_device"
        assert_equal "$(cat /sys/fs/cgroup/blkio/minirunc/bats-lim/blkio.throttle.write_bps_device)" "$dev 1048576"
        assert_equal "$(cat /sys/fs/cgroup/blkio/minirunc/bats-lim/blkio.throttle.read_iops_device)" "$dev 300"
    else
        assert_output --partial "echo '$dev wbps=1048576' > /sys/fs/cgroup/minirunc/bats-lim/io.max"
        assert_equal "$(cat /sys/fs/cgroup/minirunc/bats-lim/io.max)" "$dev rbps=max wbps=1048576 riops=300 wiops=max"
    fi
    if has_v1 memory; then
        assert_equal "$(cat /sys/fs/cgroup/memory/minirunc/bats-lim/memory.soft_limit_in_bytes)" 16777216
    else
        assert_equal "$(cat /sys/fs/cgroup/minirunc/bats-lim/memory.low)" 16777216
    fi
    run "$CG" delete bats-lim
    assert_success

    [ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || return 0
    run "$CG" create bats-huge --hugetlb 2MB=4M
    if has_v1 hugetlb; then
        assert_success
        assert_equal "$(cat /sys/fs/cgroup/hugetlb/minirunc/bats-huge/hugetlb.2MB.limit_in_bytes)" 4194304
    elif grep -qw hugetlb /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
        assert_success
        assert_equal "$(cat /sys/fs/cgroup/minirunc/bats-huge/hugetlb.2MB.max)" 4194304
    else
        # This hybrid host: hugetlb is on cgroup2, not enabled at its root,
        # which is the host's: refused, clearly, nothing made.
        assert_failure
        assert_output --partial "the hugetlb controller is not enabled for minirunc/"
        [ ! -e /sys/fs/cgroup/unified/minirunc/bats-huge ]
    fi
    "$CG" delete bats-huge 2>/dev/null || true
    run "$CG" create bats-bad --io-max "$dev speed=1"
    assert_failure
    assert_output --partial "keys are rbps, wbps, riops and wiops"
    run "$CG" create bats-bad --hugetlb 2M=1M
    assert_failure
    assert_output --partial "expected PAGESIZE=LIMIT"
}

@test "--net-classid and --net-prio: v1 net_cls and net_prio where mounted, a clear refusal elsewhere" {
    run "$CG" --trace create bats-net --net-classid 1048577 --net-prio lo=3
    if has_v1 net_cls && has_v1 net_prio; then
        assert_success
        assert_output --partial "echo 1048577 > "
        local cls prio
        cls=$(ls -d /sys/fs/cgroup/net_cls*/minirunc/bats-net | head -1)
        prio=$(ls -d /sys/fs/cgroup/net_prio*/minirunc/bats-net | head -1)
        assert_equal "$(cat "$cls/net_cls.classid")" 1048577
        grep -qx "lo 3" "$prio/net_prio.ifpriomap"
        run "$CG" delete bats-net
        assert_success
    else
        # This hybrid host has no net_cls hierarchy mounted; cgroup v2 has none.
        assert_failure
        assert_output --partial "--net-classid: this host has no cgroup v1 net_cls hierarchy"
    fi
    run "$CG" create bats-net2 --net-prio 'eth/0=1'
    assert_failure
    assert_output --partial "expected IFNAME=PRIORITY"
}

@test "--io-weight-device: one device's weight in the file this kernel has, or the kernel's refusal named" {
    local dev
    dev=$(cat /sys/block/*/dev 2>/dev/null | head -1)
    [ -n "$dev" ] || skip "no block device to name"
    has_v1 blkio || "$CG" info | grep -qE '^io +v2$' || skip "no blkio or io controller"
    run "$CG" --trace create bats-iow --io-weight-device "$dev=300"
    if [ "$status" -eq 0 ]; then
        assert_output --regexp "echo '$dev (300|2930)' > /sys/fs/cgroup/.*(weight_device|io.weight)"
        run "$CG" delete bats-iow
        assert_success
    else
        # Per-device weights need the device's I/O scheduler to take them
        # (BFQ, CFQ or v2's iocost); a disk without one says so, and the
        # half-made cgroup is gone.
        assert_output --regexp "(weight_device|io.weight): (Operation not supported|No such device|Invalid argument)|no per-device weight"
        [ ! -e /sys/fs/cgroup/blkio/minirunc/bats-iow ] && [ ! -e /sys/fs/cgroup/minirunc/bats-iow ]
    fi
    run "$CG" create bats-iow2 --io-weight-device "$dev=5"
    assert_failure
    assert_output --partial "expected a whole number from 10 to 1000"
}

@test "--swappiness and --disable-oom-killer: v1 memory files; refused by name on v2" {
    run "$CG" create bats-swp --swappiness 10 --disable-oom-killer
    if has_v1 memory; then
        assert_success
        assert_equal "$(cat /sys/fs/cgroup/memory/minirunc/bats-swp/memory.swappiness)" 10
        grep -qx "oom_kill_disable 1" /sys/fs/cgroup/memory/minirunc/bats-swp/memory.oom_control
        run "$CG" delete bats-swp
        assert_success
    else
        assert_failure
        assert_output --partial "--swappiness: cgroup v2 has no memory.swappiness"
        [ ! -e /sys/fs/cgroup/minirunc/bats-swp ]
    fi
    run "$CG" create bats-swp2 --swappiness 101
    assert_failure
    assert_output --partial "--swappiness 101: expected a whole number from 0 to 100"
}

@test "--io-weight lands in the file this kernel has (blkio.weight, blkio.bfq.weight or io.weight)" {
    has_v1 blkio || "$CG" info | grep -qE '^io +v2$' || skip "no blkio or io controller"
    run "$CG" create bats-io --io-weight 500
    if [ "$status" -ne 0 ] && has_v1 blkio; then
        # A v1 kernel with neither CFQ nor BFQ (no disk at all, as in the
        # v1 guest) has no weight file: refused, clearly, nothing made.
        assert_output --partial "the blkio controller has no weight file"
        [ ! -e /sys/fs/cgroup/blkio/minirunc/bats-io ]
        return 0
    fi
    assert_success
    local f
    f=$(ls /sys/fs/cgroup/blkio/minirunc/bats-io/blkio.weight /sys/fs/cgroup/blkio/minirunc/bats-io/blkio.bfq.weight 2>/dev/null | head -1)
    if [ -n "$f" ]; then
        run cat "$f"
        assert_output --regexp '^(default )?500$'
    fi
    run "$CG" delete bats-io
    assert_success
}

@test "the trace is a script: typed by hand, it makes the same cgroups with the same limits" {
    # bats-rpa's trace, tags stripped, names changed to bats-rpb, run with
    # bash -e: every file it wrote must read back as bats-rpa's does.
    run "$CG" --trace create bats-rpa --memory 64M --pids 20 --cpu-shares 512
    assert_success
    sed -n 's/^\[03-cgroups\] //p' <<<"$output" | grep -v '^#' >"$T/a.sh"
    awk '$1 == "echo" { print $NF }' "$T/a.sh" | grep '/bats-rpa/' >"$T/files"
    assert [ "$(wc -l <"$T/files")" -ge 3 ]
    while read -r f; do echo "${f#/sys/fs/cgroup/} $(cat "$f")"; done <"$T/files" >"$T/want"
    "$CG" delete bats-rpa
    sed 's|/bats-rpa|/bats-rpb|g' "$T/a.sh" >"$T/b.sh"
    run bash -e "$T/b.sh"
    local rc=$status
    while read -r f; do f=${f/bats-rpa/bats-rpb}; echo "${f#/sys/fs/cgroup/} $(cat "$f")"; done <"$T/files" |
        sed 's|/bats-rpb/|/bats-rpa/|' >"$T/got"
    "$CG" delete bats-rpb
    assert_equal "$rc" 0
    run diff "$T/want" "$T/got"
    assert_success
}
