#!/usr/bin/env bats
# containerd drives bin/minirunc through its runc shim (containerd-shim-
# runc-v2), the path Kubernetes takes: `ctr run --runc-binary`.  A private
# containerd per file: config, root, state and sockets in a temp dir,
# started here and stopped (by its pid) at the end.  The image is the
# busybox rootfs, imported into podman and saved as an OCI archive.

load helpers
load podman

setup_file() {
    BATS_NO_PARALLELIZE_WITHIN_FILE=true
    CT=$(mktemp -d /tmp/mr-containerd.XXXXXX)
    export CT
    # containerd makes these itself, outside its root; they are removed at
    # the end only if they were not there before (and are empty).
    local d
    for d in /run/containerd /run/containerd/fifo /run/containerd/s; do
        [ -e "$d" ] || echo "$d" >>"$CT/made-dirs"
    done
    {
        echo 'version = 2'
        echo "root = \"$CT/root\""
        echo "state = \"$CT/state\""
        echo 'disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",'
        echo '  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper",'
        echo '  "io.containerd.snapshotter.v1.aufs", "io.containerd.internal.v1.tracing",'
        echo '  "io.containerd.tracing.processor.v1.otlp"]'
        echo '[grpc]'
        echo "  address = \"$CT/containerd.sock\""
        echo '[ttrpc]'
        echo "  address = \"$CT/containerd.sock.ttrpc\""
        echo '[debug]'
        echo "  address = \"$CT/debug.sock\""
    } >"$CT/config.toml"
    # In a guest /tmp is the host's, over 9p, where the overlay snapshotter
    # cannot put its upper directories: its root on a tmpfs there
    # (teardown_file unmounts whatever is mounted under $CT).
    if [ -n "${MINIRUNC_VM:-}" ]; then
        mkdir -p "$CT/root"
        mount -t tmpfs -o mode=700 mr-containerd "$CT/root"
    fi
    containerd --config "$CT/config.toml" >"$CT/containerd.log" 2>&1 3>&- &
    echo $! >"$CT/containerd.pid"
    for _ in $(seq 100); do [ -S "$CT/containerd.sock" ] && break; sleep 0.1; done
    # The image: busybox through podman, saved as an OCI archive.
    podman_setup
    pm save --format oci-archive -o "$CT/busybox-oci.tar" localhost/busybox:latest >/dev/null 2>&1
    podman_teardown
    ctr_ images import --base-name localhost/busybox "$CT/busybox-oci.tar" >/dev/null
}

teardown_file() {
    local pid d
    ctr_ images rm localhost/busybox:latest >/dev/null 2>&1 || true
    pid=$(cat "$CT/containerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    grep " $CT" /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r m; do
        umount -l "$m" || true
    done
    if [ -f "$CT/made-dirs" ]; then
        for d in $(sort -r "$CT/made-dirs"); do rmdir "$d" 2>/dev/null || true; done
    fi
    rm -rf "$CT"
}

# ctr, bounded in time, with stdin /dev/null (ctr run attaches it).
ctr_() { bounded 60 ctr --address "$CT/containerd.sock" "$@" </dev/null; }

# ctr run with minirunc as the runc binary and its state under $CT.
ctr_run() { ctr_ run --runc-binary "$BIN/minirunc" --runc-root "$CT/runc" "$@"; }

# The cgroupsPath for container ID: ours, under minirunc/.
cg_for() { echo "/minirunc/ctr-${CT##*.}/$1"; }

teardown() {
    local id left
    for id in $(ctr_ containers ls -q 2>/dev/null); do
        ctr_ task kill -s KILL "$id" >/dev/null 2>&1 || true
        ctr_ task delete --force "$id" >/dev/null 2>&1 || true
        ctr_ containers delete "$id" >/dev/null 2>&1 || true
    done
    # a systemd host: the slice the SystemdCgroup test's scope was put in
    if [ -d /run/systemd/system ]; then systemctl stop minirunc.slice 2>/dev/null || true; fi
    left=$(find /sys/fs/cgroup -maxdepth 4 -type d \( -name minirunc -o -name 'minirunc*.slice' \) 2>/dev/null || true)
    if [ -n "$left" ]; then echo "LEFT BEHIND: $left" >&2; return 1; fi
}

@test "ctr run --rm: stdout and the exit code come back through the shim" {
    run ctr_run --rm --cgroup "$(cg_for r1)" localhost/busybox:latest r1 sh -c 'echo hello from minirunc; exit 3'
    assert_equal "$status" 3
    assert_output "hello from minirunc"
    run ctr_ containers ls -q
    assert_output ""
    run ls -A "$CT/runc/default"
    assert_output ""
}

@test "ctr run: --env and --cwd reach the process, in a cgroup of ours" {
    run ctr_run --rm --cgroup "$(cg_for r2)" --env FOO=bar --cwd /tmp localhost/busybox:latest r2 \
        sh -c 'echo $FOO; pwd; grep -m1 -e ":memory:" -e "^0::" /proc/self/cgroup'
    assert_success
    assert_line --index 0 bar
    assert_line --index 1 /tmp
    # memory's line on v1 and hybrid hosts, the one line on pure v2
    assert_line --index 2 --regexp ":(memory)?:$(cg_for r2)\$"
}

@test "a detached task: task exec, pause/resume, kill, delete" {
    run ctr_run -d --cgroup "$(cg_for d1)" localhost/busybox:latest d1 sleep 1000
    assert_success
    run ctr_ task ls
    assert_line --regexp '^d1 +[0-9]+ +RUNNING$'
    run ctr_ task exec --exec-id e1 d1 sh -c 'echo from-exec; exit 2'
    assert_equal "$status" 2
    assert_output from-exec
    run ctr_ task pause d1
    assert_success
    run ctr_ task ls
    assert_line --regexp '^d1 +[0-9]+ +PAUSED$'
    run ctr_ task resume d1
    assert_success
    run ctr_ task ls
    assert_line --regexp '^d1 +[0-9]+ +RUNNING$'
    run ctr_ task kill -s KILL d1
    assert_success
    for _ in $(seq 50); do ctr_ task ls | grep -q 'd1 .*STOPPED' && break; sleep 0.1; done
    run ctr_ task ls
    assert_line --regexp '^d1 +[0-9]+ +STOPPED$'
    run ctr_ task delete d1
    assert_success
    run ctr_ containers delete d1
    assert_success
    run ls -A "$CT/runc/default"
    assert_output ""
}

@test "SystemdCgroup: the shim runs minirunc with --systemd-cgroup, a scope of systemd's" {
    [ -d /run/systemd/system ] || skip "systemd is not PID 1 here (tests/vm/guest.sh systemd runs this)"
    # --runc-systemd-cgroup sets the runc options' SystemdCgroup, the field
    # CRI's `SystemdCgroup = true` sets for Kubernetes; the cgroupsPath is
    # then slice:prefix:name.
    local unit="minirunc_ctr-${CT##*.}-s1.scope" pid
    run ctr_run -d --runc-systemd-cgroup --cgroup "minirunc.slice:minirunc_ctr-${CT##*.}:s1" \
        --memory-limit 67108864 localhost/busybox:latest s1 sleep 1000
    assert_success
    pid=$(ctr_ task ls | awk '$1 == "s1" {print $2}')
    run cat "/proc/$pid/cgroup"
    assert_output "0::/minirunc.slice/$unit"
    run systemctl show -p MemoryMax -p Delegate "$unit"
    assert_line MemoryMax=67108864
    assert_line Delegate=yes
    assert_equal "$(cat "/sys/fs/cgroup/minirunc.slice/$unit/memory.max")" 67108864
    # an exec joins the scope too (no cgroup namespace in ctr's spec: the
    # path is the host's)
    run ctr_ task exec --exec-id e1 s1 cat /proc/self/cgroup
    assert_output "0::/minirunc.slice/$unit"
    run ctr_ task kill -s KILL s1
    assert_success
    for _ in $(seq 50); do ctr_ task ls | grep -q 's1 .*STOPPED' && break; sleep 0.1; done
    run ctr_ task delete s1
    assert_success
    run ctr_ containers delete s1
    assert_success
    # the unit and its cgroup are gone; the slice was made for it
    run systemctl is-active "$unit"
    refute_output active
    run test -e "/sys/fs/cgroup/minirunc.slice/$unit"
    assert_failure
    systemctl stop minirunc.slice
}

@test "a runtime failure reaches ctr as minirunc's own message (--log-format json)" {
    run ctr_run --rm --cgroup "$(cg_for f1)" localhost/busybox:latest f1 /no/such/command
    assert_failure
    # the shim reads minirunc's --log (json) and shows its message
    assert_output --partial "OCI runtime create failed: /no/such/command: no such file"
    run ctr_ containers ls -q
    assert_output ""
}
