#!/usr/bin/env bats
# What a runtime must defend against: the known escape classes of runc,
# each tried from inside a container against bin/minirunc, the way its
# public advisory describes.  The probes write nothing outside their test.

load helpers

MR="$BIN/minirunc"

setup() { bundle_setup; }

teardown() {
    delete_all_containers
    remove_scratch
}

# again_if_busy CMD...: CMD, and again (5 tries in all) while it fails with
# "Text file busy".  exeprobe keeps trying to open every binary it has seen
# for writing; each try counts for an instant as a writer of the
# container's /bin/busybox (the kernel takes write access, then the
# read-only mount refuses the open), and an execve of busybox in that
# instant fails with ETXTBSY.  A nuisance the probe makes, not a way out.
again_if_busy() {
    local try out rc
    for try in 1 2 3 4 5; do
        rc=0
        out=$("$@" 2>&1) || rc=$?
        if [ "$rc" -eq 0 ] || [[ $out != *"Text file busy"* ]]; then break; fi
    done
    printf '%s' "$out"
    return "$rc"
}

@test "CVE-2019-5736: a container never gets a writable handle on the runtime's binary during exec" {
    # The attacker: root in the container with runc's default spec (three
    # capabilities, read-only root), grabbing /proc/PID/exe of every
    # process that appears and trying to reopen it for writing.
    cp "$TOOLS/exeprobe" "$B/rootfs/exeprobe"
    update_config '.process.args = ["/exeprobe", "/probe-stop"] | .root.readonly = true'
    mr_bg run --bundle "$B" -d probe
    for _ in $(seq 50); do grep -q watching "$T/init.out" && break; sleep 0.1; done
    # Each exec'd process lives a moment (sleep 0.1), so that the probe sees
    # every one even on a loaded machine; the window it races for comes
    # before the sleep.
    for _ in $(seq 30); do again_if_busy mr exec probe sleep 0.1; done
    touch "$B/rootfs/probe-stop"
    for _ in $(seq 50); do grep -q '^exeprobe: seen' "$T/init.out" && break; sleep 0.1; done
    run cat "$T/init.out"
    # The probe was really there: it saw every exec and held a handle on
    # what each one ran (so the test can fail: before the fix, those were
    # the host's bin/minirunc, writable 30 times out of 30).
    assert_line --regexp '^exeprobe: seen (3[0-9]|[4-9][0-9]) processes, ([2-9][0-9]) exe handles, 0 writable$'
    refute_line --partial WRITABLE
    # Every handle it got is on the container's own program, never on ours:
    # non-dumpable until execve, /proc/PID/exe of our helper cannot be opened.
    refute_line --partial "$(basename "$MR")"
    assert_line --regexp '^handle pid [0-9]+: /bin/busybox$'
}

@test "CVE-2019-5736 windows: run into a shared PID namespace, with a hook and --preserve-fds" {
    # The probe's PID namespace is shared by a second container
    # (linux.namespaces with a path): each of its inits, its startContainer
    # hook and its preserved fd appear where the probe watches.
    cp "$TOOLS/exeprobe" "$B/rootfs/exeprobe"
    update_config '.process.args = ["/exeprobe", "/probe-stop"] | .root.readonly = true'
    mr_bg run --bundle "$B" -d probe
    for _ in $(seq 50); do grep -q watching "$T/init.out" && break; sleep 0.1; done
    local ppid
    ppid=$(mr state probe | jq .pid)
    mkdir -p "$T/b2"
    jq --arg root "$B/rootfs" --arg pidns "/proc/$ppid/ns/pid" '.root = {"path": $root, "readonly": true}
        | .linux.namespaces |= map(if .type == "pid" then .path = $pidns else . end)
        | .process.args = ["sh", "-c", "ls /proc/self/fd | sort -n | tr \"\\n\" \" \"; sleep 0.1"]
        | .hooks = {"startContainer": [{"path": "/bin/sleep", "args": ["sleep", "0.1"]}]}' \
        "$B/config.json" >"$T/b2/config.json"
    echo secret >"$T/fd3"
    local i
    for i in $(seq 10); do
        run again_if_busy bash -c "'$MR' --root '$S' run --bundle '$T/b2' --preserve-fds 1 shared$i 3<'$T/fd3' </dev/null"
        assert_success
        # The preserved fd and stdio, nothing of ours (ls's own is 4).
        assert_output "0 1 2 3 4 "
    done
    touch "$B/rootfs/probe-stop"
    for _ in $(seq 50); do grep -q '^exeprobe: seen' "$T/init.out" && break; sleep 0.1; done
    run cat "$T/init.out"
    # 10 inits, 10 hooks, 10 sh and their children: many processes seen and
    # grabbed, none writable, none of them our binary (nor its memfd copy).
    assert_line --regexp '^exeprobe: seen ([2-9][0-9]|[1-9][0-9][0-9]) processes, ([1-9][0-9]+) exe handles, 0 writable$'
    refute_line --partial WRITABLE
    refute_line --partial "$(basename "$MR")"
}

@test "CVE-2019-5736: the runtime runs from a read-only clone of itself, non-dumpable before it enters" {
    update_config '.process.args = ["sleep", "30"]'
    local sum pid mounts
    sum=$(sha256_of "$MR")
    mounts=$(grep -c "$(basename "$MR")" /proc/self/mountinfo || true)
    mr_bg --trace create --bundle "$B" sealed
    run cat "$T/init.out"
    assert_line --partial 'execveat(open_tree(/proc/self/exe, OPEN_TREE_CLONE) + mount_setattr(MOUNT_ATTR_RDONLY))'
    assert_line --partial 'prctl(PR_SET_DUMPABLE, 0)'
    # From the host, the created init's exe is the detached read-only
    # mount (its root is the file itself), in no mount table, and even
    # root cannot open it for writing.
    pid=$(mr state sealed | jq .pid)
    run readlink "/proc/$pid/exe"
    assert_output '/'
    run bash -c "echo x >/proc/$pid/exe"
    assert_failure
    assert_output --partial 'Read-only file system'
    assert_equal "$(sha256_of "$MR")" "$sum"
    # (a guest's own mounts may name the checkout: none more than before)
    run grep -c "$(basename "$MR")" /proc/self/mountinfo
    assert_output "$mounts"
    mr start sealed
    run mr --trace exec sealed true
    assert_success
    # The dumpable flag comes before the first setns: order matters.
    local dump setns
    dump=$(grep -n 'PR_SET_DUMPABLE' <<<"$output" | head -1 | cut -d: -f1)
    setns=$(grep -n 'setns(' <<<"$output" | head -1 | cut -d: -f1)
    [ -n "$dump" ] && [ -n "$setns" ] && [ "$dump" -lt "$setns" ]
}

@test "CVE-2019-5736: without open_tree (before Linux 5.2, or denied), a sealed memfd copy" {
    update_config '.process.args = ["sleep", "30"]'
    "$TOOLS/nosys" open_tree "$MR" --root "$S" --trace create --bundle "$B" memfd </dev/null >>"$T/init.out" 2>&1
    run cat "$T/init.out"
    assert_line --partial 'fexecve(memfd_create("minirunc", MFD_ALLOW_SEALING) + cp /proc/self/exe + F_SEAL_WRITE'
    local pid
    pid=$(mr state memfd | jq .pid)
    run readlink "/proc/$pid/exe"
    assert_output '/memfd:minirunc (deleted)'
    run bash -c "echo x >/proc/$pid/exe"
    assert_failure
}

@test "CVE-2021-30465: a mount destination swapped for a symlink during set-up still lands inside the root" {
    # The attacker shares a directory with the rootfs (a volume) and
    # exchanges a directory and a symlink out of the root as fast as it can,
    # while the runtime mounts onto the directory's path.  The mount must
    # land inside the root whichever it meets: the directory, or the
    # symlink followed as if the root were / (inside the root, that is).
    mkdir -p "$T/outside" "$B/rootfs/vol/x" "$B/rootfs$T/outside"
    ln -s "../../../../../../../../../../..$T/outside" "$B/rootfs/vol/y"
    # Run in the container's mount namespace before pivot_root, where the
    # host's tree is still in view: where did our tmpfs go?
    printf '#!/bin/sh\ncat >/dev/null\ngrep -- " - tmpfs swaptest " /proc/self/mountinfo | cut -d" " -f5 >>"%s/where"\n' "$T" >"$T/hook.sh"
    chmod 755 "$T/hook.sh"
    update_config ".process.args = [\"true\"] | .mounts += [{\"destination\": \"/vol/x\", \"type\": \"tmpfs\", \"source\": \"swaptest\"}]
        | .hooks = {\"createContainer\": [{\"path\": \"$T/hook.sh\"}]}"
    "$TOOLS/swapper" "$B/rootfs/vol/x" "$B/rootfs/vol/y" "$T/swap-stop" >"$T/swapper.out" 2>&1 &
    local swapper=$! i failed=0 runs=0
    # At least 30 runs, and on until one has met the symlink (it is a race:
    # 30 were not always enough), at most 200.
    for i in $(seq 200); do
        mr run --bundle "$B" "race$i" </dev/null >>"$T/runs.out" 2>&1 || failed=$((failed + 1))
        runs=$i
        [ "$i" -ge 30 ] && grep -qx "$B/rootfs$T/outside" "$T/where" 2>/dev/null && break
    done
    touch "$T/swap-stop"
    wait "$swapper"
    run cat "$T/swapper.out"
    assert_output --regexp '^swapper: [0-9]+ exchanges$'
    run cat "$T/where"
    # Never outside the root; each run that got so far saw one mount.
    refute_line "$T/outside"
    [ "$(grep -vc "^$B/rootfs/" "$T/where")" -eq 0 ]
    [ "$(wc -l <"$T/where")" -eq $((runs - failed)) ]
    # The race was real: some runs met the symlink and followed it, inside.
    assert_line "$B/rootfs$T/outside"
    run ls -A "$T/outside"
    assert_output ""
    run grep -c " $T/outside " /proc/self/mountinfo
    assert_output 0
}

@test "CVE-2024-21626: no fd of the runtime leaks in, and a cwd through /proc/self/fd is refused" {
    update_config '.process.args = ["sh", "-c", "ls /proc/self/fd | tr \"\\n\" \" \""]'
    run mr run --bundle "$B" fds
    assert_success
    # 0 1 2, and the fd ls itself reads the directory with (3).
    assert_output "0 1 2 3 "
    local n
    for n in 3 4 5 6 7 8 9; do
        update_config ".process.cwd = \"/proc/self/fd/$n\" | .process.args = [\"sh\", \"-c\", \"cd ..; ls\"]"
        run mr run --bundle "$B" "cwd$n"
        # Either the cwd does not exist in the container, or it is not
        # outside it: never a host directory.
        refute_output --partial "bundle"
        refute_output --partial "minirunc-bats"
        [ "$status" -ne 0 ]
    done
    update_config '.process.cwd = "/" | .process.args = ["sleep", "30"]'
    mr_bg run --bundle "$B" -d fdx
    run mr exec fdx sh -c 'ls /proc/self/fd | tr "\n" " "'
    assert_output "0 1 2 3 "
    run mr exec --cwd /proc/self/fd/5 fdx sh -c 'cd ..; ls'
    assert_failure
    refute_output --partial "bundle"
}

@test "CVE-2025-52565: /dev/console is bound from the pty itself, never through a /dev/pts path" {
    # A config whose /dev/pts is a directory the attacker filled: ptmx leads
    # to a real devpts, but the names pts/N are symlinks to a file of the
    # attacker's choice.  A runtime that binds "/dev/pts/N" by name binds
    # that file over /dev/console instead of the terminal.
    mkdir -p "$T/evilpts"
    ln -s ../ptsreal/ptmx "$T/evilpts/ptmx"
    for n in 0 1 2 3; do ln -s /etc/victim "$T/evilpts/$n"; done
    echo untouched >"$B/rootfs/etc/victim"
    update_config '.process.terminal = true
        | .mounts |= map(select(.destination != "/dev/pts"))
        | .mounts += [{"destination": "/dev/ptsreal", "type": "devpts", "source": "devpts",
                       "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
                      {"destination": "/dev/pts", "type": "bind", "source": "'"$T/evilpts"'", "options": ["rbind"]}]
        | .process.args = ["sh", "-c", "stat -c %t:%T /dev/console; cat /etc/victim"]'
    run script -qec "'$MR' --root '$S' run --bundle '$B' console1" /dev/null </dev/null
    run bash -c 'tr -d "\r" | sed "s/\^@//g"' <<<"$output"
    # 136:0 (0x88): the console is the pty; the victim file is what it was.
    assert_line --index 0 88:0
    assert_line --index 1 untouched
    assert_equal "$(cat "$B/rootfs/etc/victim")" untouched
}

@test "CVE-2025-52565: a /dev/console that is a symlink is refused, not followed" {
    # The image's own /dev (no tmpfs over it) with /dev/console pointing
    # elsewhere: the terminal must not be bound over the symlink's target.
    mkdir -p "$B/rootfs/dev"
    mknod -m 666 "$B/rootfs/dev/null" c 1 3
    ln -sfn pts/ptmx "$B/rootfs/dev/ptmx"
    ln -sfn /etc/victim "$B/rootfs/dev/console"
    echo untouched >"$B/rootfs/etc/victim"
    update_config '.process.terminal = true | .mounts |= map(select(.destination != "/dev"))
        | .process.args = ["true"]'
    run script -qec "'$MR' --root '$S' run --bundle '$B' console2" /dev/null </dev/null
    assert_failure
    assert_output --partial "/dev/console in the container is a symlink"
    assert_equal "$(cat "$B/rootfs/etc/victim")" untouched
    run ls -A "$S"
    assert_output ""
}

@test "CVE-2022-29162: the process gets no inheritable or ambient capabilities it was not given" {
    update_config '.process.args = ["grep", "-E", "^Cap(Inh|Amb)", "/proc/self/status"]'
    run mr run --bundle "$B" inh
    assert_success
    assert_line --regexp '^CapInh:\s+0000000000000000$'
    assert_line --regexp '^CapAmb:\s+0000000000000000$'
}

@test "CVE-2025-31133: a /dev/null that is not the null device is never bound over a masked path" {
    # No /dev tmpfs: the rootfs's own /dev is used, and its null is a
    # symlink to a file a write to which would matter.
    update_config 'del(.mounts[] | select(.destination == "/dev"))'
    rm -f "$B/rootfs/dev/null"
    ln -s /proc/sys/kernel/core_pattern "$B/rootfs/dev/null"
    run mr run --bundle "$B" null1
    assert_failure
    assert_output --partial "/dev/null"
    assert_output --partial "not the null device"
    [ -z "$(ls "$S" 2>/dev/null)" ]
}

@test "CVE-2025-52881: a sysctl write is refused when a mount stands on its path" {
    # The config binds a decoy over /proc/sys/kernel/domainname (and leaves
    # /proc/sys writable): the sysctl must not land in the decoy.
    echo original >"$T/decoy"
    update_config ".linux.readonlyPaths = [] | .linux.sysctl = {\"kernel.domainname\": \"evil\"} |
        .mounts += [{\"destination\": \"/proc/sys/kernel/domainname\", \"type\": \"bind\", \"source\": \"$T/decoy\", \"options\": [\"bind\"]}]"
    run mr run --bundle "$B" sys1
    assert_failure
    assert_output --partial "linux.sysctl kernel.domainname"
    assert_output --partial "mounted on the way"
    assert_equal "$(cat "$T/decoy")" original
    # Without the decoy the same sysctl goes through.
    update_config 'del(.mounts[] | select(.destination == "/proc/sys/kernel/domainname")) | .process.args = ["cat", "/proc/sys/kernel/domainname"]'
    run mr run --bundle "$B" sys2
    assert_success
    assert_output evil
}

@test "without openat2 (Linux < 5.6, or a profile denying it): paths still resolve inside the root, /proc writes still refuse mounts" {
    # nosys openat2 makes openat2 fail with ENOSYS for minirunc and all it
    # starts: the in-root walk (common/inroot_walk.c) and /proc's walk take
    # over, and must keep the same promises.
    mkdir -p "$T/outside" "$B/rootfs/vol" "$B/rootfs$T/outside"
    ln -s "../../../../../../../../../../..$T/outside" "$B/rootfs/vol/y"
    printf '#!/bin/sh\ncat >/dev/null\ngrep -- " - tmpfs walktest " /proc/self/mountinfo | cut -d" " -f5 >>"%s/where"\n' "$T" >"$T/hook.sh"
    chmod 755 "$T/hook.sh"
    update_config ".process.args = [\"cat\", \"/proc/sys/kernel/domainname\"] | .linux.sysctl = {\"kernel.domainname\": \"walked\"}
        | .mounts += [{\"destination\": \"/vol/y\", \"type\": \"tmpfs\", \"source\": \"walktest\"}]
        | .hooks = {\"createContainer\": [{\"path\": \"$T/hook.sh\"}]}"
    run "$TOOLS/nosys" openat2 "$MR" --root "$S" --trace run --bundle "$B" walk1
    assert_success
    assert_line --partial "openat2 is not available here (Function not implemented)"
    assert_line walked
    # The symlink was followed as the container sees it: inside the root.
    run cat "$T/where"
    assert_output "$B/rootfs$T/outside"
    run ls -A "$T/outside"
    assert_output ""
    # A decoy mounted on the way to the sysctl is refused, as with openat2.
    echo original >"$T/decoy"
    update_config ".linux.readonlyPaths = [] | .hooks = {} |
        .mounts += [{\"destination\": \"/proc/sys/kernel/domainname\", \"type\": \"bind\", \"source\": \"$T/decoy\", \"options\": [\"bind\"]}]"
    run "$TOOLS/nosys" openat2 "$MR" --root "$S" run --bundle "$B" walk2
    assert_failure
    assert_output --partial "mounted on the way"
    assert_equal "$(cat "$T/decoy")" original
    assert_equal "$(ls -A "$S")" ""
}
