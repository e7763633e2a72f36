#!/usr/bin/env bats
# Chapter 2.2 namespace: bin/namespace, checked by what the command sees
# inside and what the host still sees outside.

load helpers

NS="$BIN/namespace"

setup() {
    make_scratch
    BG_PID=
}

teardown() {
    if [ -n "$BG_PID" ]; then kill "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; fi
    remove_scratch
}

# Start CMD in the background; set BG_PID (bin/namespace) and INNER (the
# command, once it runs: the namespace tool's child, or with --pid the
# init's child).
start_bg() {
    "$NS" "$@" &
    BG_PID=$!
    INNER=
    for _ in $(seq 100); do
        local c
        c=$(cat "/proc/$BG_PID/task/$BG_PID/children" 2>/dev/null | awk '{print $1}')
        if [ -n "$c" ] && [ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ]; then INNER=$c; return 0; fi
        if [ -n "$c" ]; then
            local g
            g=$(cat "/proc/$c/task/$c/children" 2>/dev/null | awk '{print $1}')
            if [ -n "$g" ] && [ "$(cat "/proc/$g/comm" 2>/dev/null)" = sleep ]; then INNER=$g; return 0; fi
        fi
        sleep 0.05
    done
    return 1
}

@test "uts: the hostname changes inside and not outside" {
    local before
    before=$(hostname)
    run "$NS" --uts --hostname minirunc-box --domainname lab -- sh -c 'hostname; domainname'
    assert_success
    assert_output "minirunc-box
lab"
    assert_equal "$(hostname)" "$before"
}

@test "pid: the command is PID 1 with --no-init, PID 2 under minirunc-init otherwise" {
    run "$NS" --pid --mnt --no-init -- sh -c 'echo $$'
    assert_output "1"
    run "$NS" --pid --mnt -- sh -c 'echo $$; cat /proc/1/comm'
    assert_output "2
minirunc-init"
}

@test "pid + mnt: ps sees only the container" {
    run "$NS" --pid --mnt -- ps -e -o pid=,comm=
    assert_success
    assert_equal "${#lines[@]}" 2
    assert_line --regexp '^ +1 minirunc-init$'
    assert_line --regexp '^ +2 ps$'
    # The host's /proc was not touched.
    [ -d /proc/$$ ]
}

@test "ipc: a message queue made inside is invisible outside" {
    local before
    before=$(ipcs -q | grep -c '^0x' || true)
    run "$NS" --ipc -- sh -c 'ipcmk -Q >/dev/null && ipcs -q | grep -c "^0x"'
    assert_success
    assert_output "1"
    assert_equal "$(ipcs -q | grep -c '^0x' || true)" "$before"
}

@test "net: only lo, up, and loopback works" {
    run "$NS" --net -- cat /proc/net/dev
    assert_success
    assert_equal "$(tail -n +3 <<<"$output" | wc -l)" 1
    assert_output --regexp 'lo:'
    run "$NS" --net -- ip -o link
    assert_equal "${#lines[@]}" 1
    assert_output --regexp '^1: lo: <LOOPBACK,UP'
    run "$NS" --net -- busybox ping -c 1 -W 2 127.0.0.1
    assert_success
    assert_output --partial "1 packets received"
}

@test "user --map-root: uid 0 inside, an unprivileged uid on the host" {
    run "$NS" --user --map-root -- sh -c 'id -u; cat /proc/self/uid_map'
    assert_success
    assert_line --index 0 "0"
    start_bg --user --map-root -- sleep 30
    local host_uid
    host_uid=$(awk '$1 == "Uid:" {print $2}' "/proc/$INNER/status")
    if [ "$(id -u)" = 0 ]; then
        assert_equal "$host_uid" 100000
    else
        assert_equal "$host_uid" "$(id -u)"
    fi
    run "$NS" --user --uid-map 0:200000:10 --gid-map 0:200000:10 -- cat /proc/self/uid_map
    assert_output --regexp '^ +0 +200000 +10$'
}

@test "time: a monotonic offset changes CLOCK_MONOTONIC inside only" {
    local host inside
    host=$("$TOOLS/clockmono")
    run "$NS" --time --time-offset monotonic=86400 -- "$TOOLS/clockmono"
    assert_success
    inside=$output
    [ "$((inside - host))" -ge 86390 ] && [ "$((inside - host))" -le 86410 ]
    [ "$(( $("$TOOLS/clockmono") - host ))" -lt 10 ]
    run "$NS" --time --time-offset boottime=3600 -- cat /proc/uptime
    [ "${output%%.*}" -ge "$(( $(cut -d. -f1 /proc/uptime) + 3590 ))" ]
}

@test "show: shared and new namespaces are marked" {
    start_bg --uts --ipc -- sleep 30
    run "$NS" show "$INNER"
    assert_success
    assert_line --regexp '^uts +uts:\[[0-9]+\] +uts:\[[0-9]+\] +new$'
    assert_line --regexp '^ipc .* new$'
    assert_line --regexp '^mnt .* shared$'
    assert_line --regexp '^net .* shared$'
}

@test "join: enters a running process's namespaces (user first), as runc exec does" {
    start_bg --uts --hostname joined-box --net -- sleep 30
    run "$NS" join "$INNER" -- hostname
    assert_success
    assert_output "joined-box"
    run "$NS" join "$INNER" --net -- cat /proc/net/dev
    assert_equal "$(tail -n +3 <<<"$output" | wc -l)" 1
    run "$NS" --trace join "$INNER" --uts -- true
    assert_line "[02-namespace] setns(/proc/$INNER/ns/uts, CLONE_NEWUTS)"
    run "$NS" join 999999999 -- true
    assert_failure
}

@test "init reaps orphaned zombies; without it they stay" {
    run "$NS" --pid --mnt -- "$TOOLS/zombies"
    assert_success
    assert_output "zombies=0"
    run "$NS" --pid --mnt --no-init -- "$TOOLS/zombies"
    assert_success
    assert_output "zombies=1"
}

@test "exit codes and signals propagate; PID 1 ignores signals it has no handler for" {
    run "$NS" --pid --mnt -- sh -c 'exit 3'
    assert_equal "$status" 3
    run "$NS" --pid --mnt -- sh -c 'kill -TERM $$; sleep 5'
    assert_equal "$status" 143
    run "$NS" --pid --mnt --no-init -- sh -c 'kill -TERM $$; echo still here'
    assert_success
    assert_output "still here"
    # From outside: SIGTERM to bin/namespace reaches the command through the init.
    start_bg --pid --mnt -- sleep 30
    kill -TERM "$BG_PID"
    local rc=0
    wait "$BG_PID" || rc=$?
    BG_PID=
    assert_equal "$rc" 143
}

@test "--trace: clone3, map writes, release, set-up, in order" {
    run "$NS" --trace --user --map-root --uts --hostname t --pid --mnt -- true
    assert_success
    assert_line --index 0 --regexp '^\[02-namespace\] clone3\(\{flags=CLONE_NEWUSER\|CLONE_NEWUTS\|CLONE_NEWPID\|CLONE_NEWNS, exit_signal=SIGCHLD\}\) = [0-9]+$'
    assert_line --regexp "^\[02-namespace\] echo '0 [0-9]+ [0-9]+' > /proc/[0-9]+/uid_map$"
    assert_line --regexp "^\[02-namespace\] echo '0 [0-9]+ [0-9]+' > /proc/[0-9]+/gid_map$"
    assert_line "[02-namespace] # release the child (write one byte to the sync pipe)"
    assert_line "[02-namespace] hostname t"
    assert_line "[02-namespace] mount -t proc -o nosuid,nodev,noexec proc /proc"
    assert_line "[02-namespace] exec true"
}

@test "bad flags and maps fail clearly" {
    run "$NS" --user -- true
    assert_equal "$status" 2
    assert_output --partial "--user needs --map-root or --uid-map/--gid-map"
    run "$NS" --user --uid-map 0:1 --gid-map 0:1:1 -- true
    assert_equal "$status" 1
    assert_output "namespace: --uid-map 0:1: expected INSIDE:OUTSIDE:COUNT, e.g. 0:100000:65536"
    run "$NS" --hostname x -- true
    assert_equal "$status" 2
    assert_output --partial "need --uts"
    run "$NS" --time --time-offset realtime=5 -- true
    assert_equal "$status" 1
    assert_output --partial "the clock is monotonic or boottime"
    run "$NS" --bogus -- true
    assert_equal "$status" 2
    run -127 "$NS" --uts -- /no/such/cmd
    assert_output --partial "exec /no/such/cmd: No such file or directory"
    run "$NS" show abc
    assert_equal "$status" 2
}

@test "the trace is a script: its clone3 as unshare, its commands run as written, the same container" {
    local probe='hostname; ip -o link show lo | grep -c "state UNKNOWN\|UP"; ps -o pid= | head -1; ls /proc | grep -c "^[0-9]"'
    run "$NS" --trace --uts --hostname box --pid --mnt --net --ipc --no-init -- sh -c "$probe"
    assert_success
    grep -v '^\[02-namespace\]' <<<"$output" >"$T/want"
    # clone3's flags, as unshare's options; the lines after it that are
    # commands (not comments, not the final exec), as they are.
    local flags opts=""
    flags=$(sed -n 's/^\[02-namespace\] clone3({flags=\([A-Z_|]*\),.*/\1/p' <<<"$output")
    for f in ${flags//|/ }; do
        case $f in
        CLONE_NEWIPC) opts="$opts --ipc" ;; CLONE_NEWUTS) opts="$opts --uts" ;;
        CLONE_NEWNET) opts="$opts --net" ;; CLONE_NEWPID) opts="$opts --pid --fork" ;;
        CLONE_NEWNS) opts="$opts --mount" ;; *) fail "no unshare option for $f" ;;
        esac
    done
    sed -n 's/^\[02-namespace\] //p' <<<"$output" | grep -v '^#\|^clone3\|^exec ' >"$T/script.sh"
    echo "$probe" >>"$T/script.sh"
    run unshare $opts bash -e "$T/script.sh"
    assert_success
    assert_equal "$output" "$(cat "$T/want")"
}
