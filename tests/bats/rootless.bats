#!/usr/bin/env bats
# Every chapter's tool, and minirunc --upto 1..5, run by a student without
# root: a user this file creates (and removes), as a class on a shared
# machine has.  Each test asserts what the process inside sees (uid 0
# inside, the student's uid outside, its root, PID 1, the exit status), or
# the clear refusal where the kernel needs root, and that nothing is left.

load helpers

STUDENT=mr-student

setup_file() {
    # A leftover of an interrupted run is ours: start from a fresh one.
    userdel "$STUDENT" 2>/dev/null || true
    useradd --system --user-group --no-create-home --shell /bin/sh "$STUDENT"
    # A range of ids of the student's own, for newuidmap/newgidmap (userdel
    # removes it again).
    usermod --add-subuids 400000-465535 --add-subgids 400000-465535 "$STUDENT"
}

teardown_file() {
    userdel "$STUDENT" 2>/dev/null || true
    getent group "$STUDENT" >/dev/null && groupdel "$STUDENT" 2>/dev/null || true
}

setup() {
    make_scratch
    chmod 755 "$T"
    S=$T/home
    mkdir -p "$S/run"
    chown -R "$STUDENT:$STUDENT" "$S"
    chmod 700 "$S/run"
    SUID=$(id -u "$STUDENT")
    SGID=$(id -g "$STUDENT")
    # The student's rootfs, made by the student.
    as_student "$BIN/rootfs" busybox "$S/r" >/dev/null
    mounts_before=$(wc -l </proc/self/mountinfo)
    cgroups_before=$(find /sys/fs/cgroup -maxdepth 2 -name minirunc | sort)
}

teardown() {
    # rootless podman leaves a process holding its user namespace (its pid
    # in the student's runtime dir): ours to end, before userdel, which
    # refuses a user with processes.
    local pause
    if [ -d "$S/.config/containers" ]; then
        as_student env USER="$STUDENT" timeout 60 podman --runtime "$TOP/bin/minirunc" rm -a -f -t 0 \
            </dev/null >/dev/null 2>&1 || true
    fi
    pause=$(cat "$S/run/libpod/tmp/pause.pid" 2>/dev/null || true)
    if [ -n "$pause" ]; then
        kill "$pause" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pause" 2>/dev/null || break; sleep 0.1; done
    fi
    remove_scratch
}

# CMD as the student, in its home, with a clean environment.
as_student() {
    setpriv --reuid="$STUDENT" --regid="$STUDENT" --clear-groups \
        env -i PATH=/usr/bin:/bin HOME="$S" XDG_RUNTIME_DIR="$S/run" \
        ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} ${LSAN_OPTIONS:+LSAN_OPTIONS=$LSAN_OPTIONS} \
        sh -c 'cd "$HOME" && exec "$@"' sh "$@"
}

nothing_left() {
    assert_equal "$(wc -l </proc/self/mountinfo)" "$mounts_before"
    # (a process just killed may still be on its way out, or not yet reaped)
    for _ in $(seq 50); do pgrep -u "$STUDENT" >/dev/null || break; sleep 0.1; done
    run pgrep -u "$STUDENT" -a
    assert_output ""
    run sh -c 'find /sys/fs/cgroup -maxdepth 2 -name minirunc | sort'
    assert_output "$cgroups_before"
}

@test "rootfs run without root: a user namespace first, the table bound where it cannot be mounted, pivot_root" {
    run as_student "$BIN/rootfs" --trace run "$S/r" -- sh -c 'cat /proc/self/uid_map; ls /; grep -c " /sys " /proc/self/mounts; echo hi >/dev/null && echo null-ok; exit 7'
    assert_equal "$status" 7
    assert_line --index 0 "[01-rootfs] unshare --user --map-root-user   # no root: a user namespace first, in which uid $SUID and gid $SGID are 0"
    assert_line "[01-rootfs] mount --rbind /proc $S/r/proc"
    assert_line "[01-rootfs] mount -t devpts -o rw,nosuid,noexec,relatime,newinstance,mode=620,ptmxmode=666 devpts $S/r/dev/pts"
    assert_line "[01-rootfs] # mknod is not allowed here: bind mount the host's /dev/null instead"
    assert_line --regexp "^ +0 +$SUID +1$"
    assert_line linuxrc
    refute_line home/user   # ls / of the rootfs, not the host's
    assert_line null-ok
    nothing_left
}

@test "rootfs run without root: the read-only paths hold" {
    run as_student "$BIN/rootfs" run "$S/r" -- sh -c 'echo 1 > /proc/sys/kernel/ctrl-alt-del'
    assert_failure
    assert_output --partial "Read-only file system"
    nothing_left
}

@test "namespace without root: --user --map-root with pid, uts, mnt, net" {
    run as_student "$BIN/namespace" --user --map-root --uts --hostname box --pid --mnt --net -- sh -c 'id -u; hostname; echo $$; cat /proc/self/uid_map'
    assert_success
    assert_line --index 0 0
    assert_line --index 1 box
    assert_line --index 2 2
    assert_line --regexp "^ +0 +$SUID +1$"
    nothing_left
}

@test "capability run without root: the default set in a user namespace of its own; another uid refused" {
    run as_student "$BIN/capability" run --default -- grep -E '^Cap(Eff|Bnd)' /proc/self/status
    assert_success
    assert_line --regexp '^CapEff:\s+00000000a80425fb$'
    assert_line --regexp '^CapBnd:\s+00000000a80425fb$'
    run as_student "$BIN/capability" run --default --user 1000:1000 -- id
    assert_failure
    assert_output "capability: --user 1000:1000: a user namespace made without root maps only your own uid and gid, as 0 (more need root, or newuidmap and /etc/subuid)"
    nothing_left
}

@test "procenv without root: chroot, umask, rlimits in a user namespace; an unmapped user refused" {
    # After the chroot there is no /proc for LeakSanitizer's exit check
    # (05-env.bats does the same).
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
    run as_student "$BIN/procenv" --root "$S/r" --umask 027 --rlimit nofile=512:1024 -- sh -c 'id; echo $HOME; umask; ulimit -n; pwd'
    assert_success
    assert_line --index 0 "uid=0(root) gid=0(root)"
    assert_line --index 1 /root
    assert_line --index 2 0027
    assert_line --index 3 512
    assert_line --index 4 /
    run as_student "$BIN/procenv" --root "$S/r" --user user -- id
    assert_failure
    assert_output "procenv: setgid(1000): Invalid argument (id 1000 is not mapped in this user namespace: without root only your own id is, as 0; more need root, or newuidmap and /etc/subuid)"
    nothing_left
}

@test "cgroups without root: refused, saying why, nothing made" {
    run as_student "$BIN/cgroups" run --memory 32M -- true
    assert_failure
    assert_output --partial "Permission denied (the cgroup tree is root's: cgroups need root, or a cgroup v2 subtree delegated to you, a cgroup above your own that you own with its cgroup.procs)"
    nothing_left
}

@test "minirunc --upto 1..5 without root, on spec --rootless: each layer runs, state removed" {
    mkdir "$S/b"
    mv "$S/r" "$S/b/rootfs"
    chown "$STUDENT:" "$S/b"
    as_student "$BIN/minirunc" spec --rootless --bundle "$S/b"
    cat >"$T/args.jq" <<'EOF'
.process.args = ["sh", "-c", "id -u; hostname; echo $$"]
EOF
    as_student sh -c "jq -f $T/args.jq b/config.json > c && mv c b/config.json"
    run as_student "$BIN/minirunc" --upto 1 run --bundle "$S/b" u1 </dev/null
    assert_success
    assert_line --index 0 0
    assert_line --index 1 "$(hostname)"
    refute_line --index 2 1
    for n in 2 3 4 5; do
        run as_student "$BIN/minirunc" --upto "$n" run --bundle "$S/b" "u$n" </dev/null
        assert_success
        assert_line --index 0 0
        assert_line --index 1 minirunc
        assert_line --index 2 1
    done
    run ls -A "$S/run/minirunc"
    assert_output ""
    nothing_left
}

@test "wider id maps without root: newuidmap and newgidmap write the student's /etc/subuid range" {
    run as_student "$BIN/namespace" --trace --user --uid-map "0:$SUID:1" --uid-map 1:400000:65536 \
        --gid-map "0:$SGID:1" --gid-map 1:400000:65536 --pid --mnt -- cat /proc/self/uid_map /proc/self/gid_map
    assert_success
    assert_line "[02-namespace] newuidmap ${lines[0]##*= } 0 $SUID 1 1 400000 65536   # ranges beyond our own id: a setuid helper checks them against /etc/subuid"
    assert_line --regexp "^ +1 +400000 +65536$"
    assert_equal "$(grep -cE '^ +1 +400000 +65536$' <<<"$output")" 2
    # A container whose process is uid 1000 inside: 401000 - 1 + 1 outside.
    mkdir "$S/b"
    mv "$S/r" "$S/b/rootfs"
    chown "$STUDENT:" "$S/b"
    as_student "$BIN/minirunc" spec --rootless --bundle "$S/b"
    cat >"$T/maps.jq" <<'EOF'
.linux.uidMappings += [{"containerID": 1, "hostID": 400000, "size": 65536}]
| .linux.gidMappings += [{"containerID": 1, "hostID": 400000, "size": 65536}]
| .process.user = {"uid": 1000, "gid": 1000}
| .process.args = ["sh", "-c", "id; touch /tmp/made"]
EOF
    as_student sh -c "jq -f $T/maps.jq b/config.json > c && mv c b/config.json"
    run as_student "$BIN/minirunc" run --bundle "$S/b" w1 </dev/null
    assert_success
    assert_output "uid=1000(user) gid=1000(user)"
    assert_equal "$(stat -c %u:%g "$S/b/rootfs/tmp/made")" 400999:400999
    # A range that is not the student's: newuidmap refuses, and minirunc says so.
    sed -i 's/"hostID": 400000/"hostID": 500000/' "$S/b/config.json"
    run as_student "$BIN/minirunc" run --bundle "$S/b" w2 </dev/null
    assert_failure
    assert_output --partial "newuidmap"
    assert_output --partial "is each range yours in /etc/subuid?"
    run ls -A "$S/run/minirunc"
    assert_output ""
    nothing_left
}

# CMD as the student, started in the cgroup D/shell: root moves the shell
# there first (a user may only move processes within what is delegated to
# it), as systemd starts a user's sessions below user@UID.service.
as_student_in() {
    local d=$1
    shift
    sh -c 'echo $$ > "$0/shell/cgroup.procs" && exec "$@"' "$d" \
        setpriv --reuid="$STUDENT" --regid="$STUDENT" --clear-groups \
        env -i PATH=/usr/bin:/bin HOME="$S" XDG_RUNTIME_DIR="$S/run" \
        ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} ${LSAN_OPTIONS:+LSAN_OPTIONS=$LSAN_OPTIONS} \
        sh -c 'cd "$HOME" && exec "$@"' sh "$@"
}

@test "a cgroup v2 subtree delegated to the student: limits, pause, resume, update and delete without root" {
    [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] || skip "needs a pure cgroup v2 host (the v2 guest runs it)"
    # What systemd's Delegate=yes does for user@UID.service: a cgroup the
    # user owns, with the controllers passed down to it.
    local D=/sys/fs/cgroup/minirunc/delegated-$$ c
    mkdir -p /sys/fs/cgroup/minirunc "$D/shell"
    for c in memory pids; do echo "+$c" >/sys/fs/cgroup/minirunc/cgroup.subtree_control; done
    chown "$STUDENT:" "$D" "$D/cgroup.procs" "$D/cgroup.subtree_control" "$D/cgroup.threads" \
        "$D/shell" "$D/shell/cgroup.procs"
    mkdir "$S/b"
    mv "$S/r" "$S/b/rootfs"
    chown "$STUDENT:" "$S/b"
    as_student "$BIN/minirunc" spec --rootless --bundle "$S/b"
    cat >"$T/res.jq" <<'JQ'
.linux.resources = {"memory": {"limit": 67108864}, "pids": {"limit": 20}}
| .process.args = ["sh", "-c", "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max; cat /proc/self/cgroup"]
JQ
    as_student sh -c "jq -f $T/res.jq b/config.json > c && mv c b/config.json"
    run as_student_in "$D" "$BIN/minirunc" --trace run --bundle "$S/b" d1 </dev/null
    assert_success
    assert_line "[03-cgroups] # no root: $D is delegated to us (ours, with its cgroup.procs): our cgroups go below it"
    assert_line "[03-cgroups] echo 67108864 > $D/minirunc/d1/memory.max"
    assert_line 67108864
    assert_line 20
    assert_line "0::/"
    # bin/cgroups uses the same subtree.
    run as_student_in "$D" "$BIN/cgroups" run --memory 32M -- sh -c 'cat /proc/self/cgroup; cat "/sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)/memory.max"'
    assert_success
    assert_line --regexp "^0::${D#/sys/fs/cgroup}/minirunc/run-[0-9]+$"
    assert_line 33554432
    # A long-running one: pause, resume, update, delete, as the student.
    jq '.process.args = ["sleep", "100"]' "$S/b/config.json" >"$T/c" && cat "$T/c" >"$S/b/config.json"
    # (its output not captured: the detached sleep would hold bats' pipe)
    as_student_in "$D" "$BIN/minirunc" run -d --bundle "$S/b" d2 </dev/null >/dev/null 2>"$T/err" ||
        fail "run -d: $(cat "$T/err")"
    run as_student_in "$D" "$BIN/minirunc" pause d2
    assert_success
    assert_equal "$(cat "$D/minirunc/d2/cgroup.freeze")" 1
    run as_student_in "$D" sh -c "$BIN/minirunc state d2 | jq -r .status"
    assert_output paused
    run as_student_in "$D" "$BIN/minirunc" resume d2
    assert_success
    run as_student_in "$D" "$BIN/minirunc" update --pids-limit 30 d2
    assert_success
    assert_equal "$(cat "$D/minirunc/d2/pids.max")" 30
    run as_student_in "$D" "$BIN/minirunc" delete --force d2
    assert_success
    run ls -A "$S/run/minirunc"
    assert_output ""
    [ ! -e "$D/minirunc" ] || fail "$D/minirunc is left"
    rmdir "$D/shell" "$D"
    rmdir /sys/fs/cgroup/minirunc 2>/dev/null || true
}

@test "rootless podman drives minirunc: run, run -d, exec, rm as the student (vfs, no network)" {
    command -v podman >/dev/null || skip "no podman"
    # The normal build (make test built bin/ first): LeakSanitizer's exit
    # check attaches to its own process with ptrace, and in podman's user
    # namespace a non-dumpable runtime (exec) belongs to the host's root:
    # the attach never succeeds and the check spins (conmon passes no
    # ASAN_OPTIONS on to switch it off).  The sanitized build runs every
    # other test here.
    local MR=$TOP/bin/minirunc
    [ -x "$MR" ] || skip "no $MR (make builds it)"
    # podman's own set-up for a user: vfs storage in the student's home,
    # the cgroupfs manager (there is no systemd here), no ulimits above ours.
    mkdir -p "$S/.config/containers"
    printf '[storage]\ndriver = "vfs"\n' >"$S/.config/containers/storage.conf"
    printf '[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n[containers]\ndefault_ulimits = []\n' \
        >"$S/.config/containers/containers.conf"
    tar -C "$S/r" -cf "$S/bb.tar" .
    chown -R "$STUDENT:" "$S/.config" "$S/bb.tar"
    pm_student() { as_student env USER="$STUDENT" timeout 120 podman --runtime "$MR" "$@" </dev/null; }
    run pm_student import -q bb.tar localhost/bb
    assert_success
    run pm_student run --rm --network none localhost/bb sh -c 'id -u; tr -s " " </proc/self/uid_map'
    assert_success
    assert_line --index 0 0
    assert_line --index 1 " 0 $SUID 1"
    assert_line --index 2 " 1 400000 65536"
    run pm_student run -d --name web --network none localhost/bb sleep 1000
    assert_success
    run pm_student exec web ps
    assert_success
    assert_line --regexp '^ +1 root +sleep 1000$'
    run pm_student rm -f -t 0 web
    assert_success
    run ls -A "$S/run/minirunc"
    assert_output ""
    # podman keeps a process holding its user namespace: ours to end.
    local pause
    pause=$(cat "$S/run/libpod/tmp/pause.pid")
    kill "$pause"
    for _ in $(seq 50); do kill -0 "$pause" 2>/dev/null || break; sleep 0.1; done
    nothing_left
}

@test "the runtime's commands without root: create, state, start, list, ps, exec, kill, delete" {
    mkdir "$S/b"
    mv "$S/r" "$S/b/rootfs"
    chown "$STUDENT:" "$S/b"
    as_student "$BIN/minirunc" spec --rootless --bundle "$S/b"
    cat >"$T/sleep.jq" <<'EOF2'
.process.args = ["sleep", "100"]
EOF2
    as_student sh -c "jq -f $T/sleep.jq b/config.json > c && mv c b/config.json"
    # (the init keeps create's stdio for the process: not bats' pipe)
    as_student "$BIN/minirunc" create --bundle "$S/b" c1 </dev/null >/dev/null 2>"$T/err" ||
        fail "create: $(cat "$T/err")"
    run as_student sh -c "$BIN/minirunc state c1 | jq -r .status"
    assert_output created
    run as_student "$BIN/minirunc" start c1
    assert_success
    run as_student "$BIN/minirunc" list
    assert_line --regexp "^c1 +[0-9]+ +running +$S/b +[^ ]+ +$STUDENT$"
    # No cgroup without root here: ps lists the init's PID namespace.
    run as_student "$BIN/minirunc" ps c1
    assert_success
    assert_line --regexp $'^[0-9]+\tsleep$'
    # exec's runtime is non-dumpable, so LeakSanitizer's exit check
    # (ptrace) cannot attach to it without root: off for this one.
    run as_student env ASAN_OPTIONS=detect_leaks=0 "$BIN/minirunc" exec c1 sh -c 'id -u; echo $$'
    assert_success
    assert_line --index 0 0
    refute_line --index 1 1
    run as_student "$BIN/minirunc" pause c1
    assert_failure
    assert_output --partial 'has no cgroup'
    run as_student "$BIN/minirunc" kill c1 KILL
    assert_success
    for _ in $(seq 50); do
        [ "$(as_student "$BIN/minirunc" state c1 | jq -r .status)" = stopped ] && break
        sleep 0.1
    done
    run as_student "$BIN/minirunc" delete c1
    assert_success
    run ls -A "$S/run/minirunc"
    assert_output ""
    nothing_left
}
