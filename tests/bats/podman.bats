#!/usr/bin/env bats
# podman --runtime bin/minirunc: the tool people use drives our runtime
# through runc's command line (create/start/state/kill/delete, exec,
# pause/resume, --console-socket, --log-format json).  A private podman
# set-up per file (tests/bats/podman.bash); every check is what the
# container, or podman, actually reports.

load helpers
load podman

setup_file() {
    BATS_NO_PARALLELIZE_WITHIN_FILE=true
}

setup() {
    podman_setup
}

teardown() {
    podman_teardown
    # Our parents (minirunc/, minirunc.slice) and podman's scopes under
    # systemd; not every name with minirunc in it (in the systemd guest the
    # test itself runs in minirunc-job.service).
    local left
    left=$(find /sys/fs/cgroup -maxdepth 4 -type d \( -name minirunc -o -name 'minirunc*.slice' -o -name 'libpod-*' \) 2>/dev/null || true)
    if [ -n "$left" ]; then echo "LEFT BEHIND: $left" >&2; return 1; fi
}

@test "podman run --rm: stdout, stderr and exit codes come back; the container is gone" {
    run pm_run --rm localhost/busybox echo hello from minirunc
    assert_success
    assert_output "hello from minirunc"
    run pm_run --rm localhost/busybox sh -c 'echo to-stderr >&2; exit 7'
    assert_equal "$status" 7
    assert_output --partial to-stderr
    run -127 pm_run --rm --cidfile "$PM/cid" localhost/busybox /no/such/command
    assert_output --partial "/no/such/command"
    run pm ps -a --format '{{.Names}}'
    assert_output ""
    # podman deleted it through us: no state left in minirunc's --root.
    run test -e "/run/minirunc/$(cat "$PM/cid")"
    assert_failure
}

@test "podman run -d: the container ends, conmon's clean-up deletes its runtime state" {
    run pm_run -d --name short localhost/busybox true
    assert_success
    local id=$output
    run pm wait short
    assert_output 0
    for _ in $(seq 50); do [ -e "/run/minirunc/$id" ] || break; sleep 0.1; done
    run test -e "/run/minirunc/$id"
    assert_failure
}

@test "podman run: -e, --workdir, --user, --hostname reach the process" {
    run pm_run --rm -e FOO=bar --workdir /tmp --user 1000:1000 --hostname podbox \
        localhost/busybox sh -c 'echo $FOO; pwd; id -u; id -g; hostname'
    assert_success
    assert_output "bar
/tmp
1000
1000
podbox"
}

@test "podman run: --memory and --pids-limit land in the container's own cgroup" {
    # The container's own cgroup is the root of its cgroup namespace view:
    # v1 has a directory per controller, v2 one directory with them all.
    run pm_run --rm --memory 64m --pids-limit 42 localhost/busybox sh -c '
        if [ -d /sys/fs/cgroup/memory ]; then
            cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max
        else
            cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max
        fi'
    assert_success
    assert_output "67108864
42"
}

@test "podman run --device and --privileged: the nodes are there and usable" {
    run pm_run --rm --device /dev/null:/dev/mynull:rwm localhost/busybox \
        sh -c 'stat -c "%t:%T" /dev/mynull; echo x >/dev/mynull && echo write-ok'
    assert_success
    assert_line 1:3
    assert_line write-ok
    # --privileged: every capability we have (this machine's bounding set
    # lacks CAP_SYS_RESOURCE), the host's devices, no device rules.
    local ours
    ours=$(awk '/^CapBnd/ {print $2}' /proc/self/status)
    run pm_run --rm --privileged localhost/busybox \
        sh -c 'grep CapEff /proc/self/status; test -c /dev/zero && test -c /dev/tty && echo devices-ok'
    assert_success
    assert_line --regexp "^CapEff:\s+$ours\$"
    assert_line devices-ok
}

@test "podman run --uidmap: root in the container is an unprivileged uid outside" {
    run pm_run --rm --uidmap 0:100000:65536 --gidmap 0:100000:65536 localhost/busybox \
        sh -c 'id -u; cat /proc/self/uid_map | tr -s " "'
    assert_success
    assert_line 0
    assert_line --regexp '^ ?0 100000 65536$'
}

@test "podman run: --cap-drop/--cap-add shape the capability sets" {
    run pm_run --rm --cap-drop all --cap-add NET_ADMIN localhost/busybox grep -E '^Cap(Eff|Bnd)' /proc/self/status
    assert_success
    # CAP_NET_ADMIN is bit 12
    assert_line --regexp '^CapEff:\s+0000000000001000$'
    assert_line --regexp '^CapBnd:\s+0000000000001000$'
    run pm_run --rm --cap-drop CHOWN localhost/busybox chown 1 /tmp
    assert_failure
    assert_output --partial "Operation not permitted"
}

@test "podman run: --read-only root, with writable tmpfs /tmp (tmpcopyup); -v bind mounts" {
    run pm_run --rm --read-only localhost/busybox sh -c 'touch /x || echo root-ro; touch /tmp/x && echo tmp-rw'
    assert_success
    assert_line --partial "Read-only file system"
    assert_line root-ro
    assert_line tmp-rw
    echo "on the host" >"$PM/vol/file"
    run pm_run --rm -v "$PM/vol:/data" localhost/busybox sh -c 'cat /data/file; echo from-container >/data/new'
    assert_success
    assert_output "on the host"
    run cat "$PM/vol/new"
    assert_output from-container
    run pm_run --rm -v "$PM/vol:/data:ro" localhost/busybox touch /data/nope
    assert_failure
}

@test "podman run -d, exec (with and without -t, -i), top, stop, rm" {
    run pm_run -d --name d1 localhost/busybox sleep 1000
    assert_success
    run pm exec d1 sh -c 'echo pid=$$; hostname; exit 3'
    assert_equal "$status" 3
    assert_line --regexp '^pid=[0-9]+$'
    run pm exec -t d1 tty
    assert_success
    assert_output --regexp '^/dev/pts/[0-9]+'
    run bash -c "echo 'echo via-stdin' | env $(pm_env) timeout -k 10 60 podman exec -i d1 sh"
    assert_success
    assert_output via-stdin
    run pm top d1
    assert_success
    assert_line --regexp 'sleep 1000'
    run pm stop --time 1 d1
    assert_success
    run pm inspect --format '{{.State.Status}} {{.State.ExitCode}}' d1
    assert_output "exited 137"
    run pm rm d1
    assert_success
}

@test "podman run -it: a terminal of the container's own devpts, relayed by conmon" {
    # ptyrun: podman on a terminal of its own, where nobody types.
    run "$TOOLS/ptyrun" 90 env $(pm_env) podman run --rm -it $(pm_cgroup_args) \
        localhost/busybox sh -c 'tty; ls -l /dev/console; exit 5'
    [ "$status" -ne 124 ] || show_stuck "after 90s: podman run -it"
    assert_equal "$status" 5
    assert_output --partial "/dev/pts/0"
    assert_output --regexp "136, +0 .* /dev/console"
}

@test "podman exec -it: a second pty in the running container" {
    pm_run -d --name d2 localhost/busybox sleep 1000 >/dev/null
    run "$TOOLS/ptyrun" 90 env $(pm_env) podman exec -it d2 sh -c 'tty; exit 4'
    [ "$status" -ne 124 ] || show_stuck "after 90s: podman exec -it"
    assert_equal "$status" 4
    assert_output --regexp "/dev/pts/[0-9]+"
    pm rm -f -t 0 d2 >/dev/null
}

@test "podman kill, pause/unpause" {
    pm_run -d --name d3 localhost/busybox sh -c 'trap "echo got-usr1" USR1; while :; do sleep 0.1; done' >/dev/null
    run pm pause d3
    assert_success
    run pm inspect --format '{{.State.Status}}' d3
    assert_output paused
    run pm unpause d3
    assert_success
    run pm inspect --format '{{.State.Status}}' d3
    assert_output running
    run pm kill --signal USR1 d3
    assert_success
    sleep 0.5
    run pm logs d3
    assert_output --partial got-usr1
    run pm kill d3
    assert_success
    run pm wait d3
    assert_output 137
    pm rm d3 >/dev/null
}

@test "podman's default on a systemd host: --systemd-cgroup, a scope in machine.slice, its limits" {
    pm_systemd || skip "systemd is not PID 1 here (tests/vm/guest.sh systemd runs this)"
    run pm info --format '{{.Host.CgroupManager}}'
    assert_output systemd
    run pm_run -d --name sd1 --memory 64m --pids-limit 42 localhost/busybox sleep 1000
    assert_success
    local id=$output pid unit
    unit="libpod-$id.scope"
    # podman ran minirunc with --systemd-cgroup and machine.slice:libpod:<id>:
    # the init is in systemd's scope, which carries the limits.
    pid=$(pm inspect --format '{{.State.Pid}}' sd1)
    run cat "/proc/$pid/cgroup"
    assert_output "0::/machine.slice/$unit"
    run systemctl is-active "$unit"
    assert_output active
    run systemctl show -p MemoryMax -p TasksMax -p Delegate "$unit"
    assert_line MemoryMax=67108864
    assert_line TasksMax=42
    assert_line Delegate=yes
    run cat "/sys/fs/cgroup/machine.slice/$unit/memory.max" "/sys/fs/cgroup/machine.slice/$unit/pids.max"
    assert_output "67108864
42"
    run pm rm --force --time 0 sd1
    assert_success
    # the unit and its cgroup are gone
    run systemctl is-active "$unit"
    refute_output active
    run test -e "/sys/fs/cgroup/machine.slice/$unit"
    assert_failure
}

@test "a runtime failure reaches podman as minirunc's own message" {
    run pm_run --rm localhost/busybox true
    assert_success
    # A memory limit too small for the init to start: the kernel kills it,
    # and podman shows minirunc's explanation (from its --log-format json
    # log: scripts/podman-env.sh lists minirunc in runtime_supports_json).
    run pm_run --rm --memory 1k localhost/busybox true
    assert_failure
    assert_output --partial "OCI runtime error: minirunc: the container's init was killed"
    assert_output --partial "linux.resources.memory.limit 1024 bytes is likely too low"
    # A command that is not there: podman maps the message to 127.
    run -127 pm_run --rm localhost/busybox /no/such/command
    assert_output --partial "minirunc: /no/such/command: no such file or directory"
}
