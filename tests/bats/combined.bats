#!/usr/bin/env bats
# combined/: bin/minirunc as an OCI runtime, driven the way runc is, checked
# by what the container sees.  Every test has its own --root and bundle.

load helpers

MR="$BIN/minirunc"

setup() {
    bundle_setup
    CIDS=()
}

teardown() {
    delete_all_containers
    local left
    left=$(find /sys/fs/cgroup -maxdepth 3 -type d -path '*/minirunc*' 2>/dev/null || true)
    # A test's own host mounts (rootfsPropagation), even when it failed.
    if [ -n "${SHARE_MOUNTED:-}" ]; then umount -R "$T/share" 2>/dev/null || true; fi
    if [ -n "${IDM_MOUNTED:-}" ]; then umount "$T/idm" 2>/dev/null || true; fi
    if [ -n "${FULL_MOUNTED:-}" ]; then umount "$T/full" 2>/dev/null || true; fi
    if [ -n "${RO_MOUNTED:-}" ]; then umount "$T/ro" 2>/dev/null || true; fi
    remove_scratch
    if [ -n "$left" ]; then echo "LEFT BEHIND: $left" >&2; return 1; fi
}

args() { update_config ".process.args = $1"; }

@test "spec -> run round trip: the process's output and exit status, nothing left" {
    args '["sh", "-c", "echo hello from $(hostname); exit 3"]'
    run mr run --bundle "$B" c1
    assert_equal "$status" 3
    assert_output "hello from minirunc"
    run ls -A "$S"
    assert_output ""
    run "$MR" spec --bundle "$B"
    assert_failure
    assert_output --partial "exists. Remove it first"
}

@test "create, state created, start, state running, kill, state stopped, delete; pid-file" {
    args '["sleep", "30"]'
    mr_bg create --bundle "$B" --pid-file "$T/pid" c2
    run mr state c2
    assert_success
    assert_equal "$(jq -r .status <<<"$output")" created
    assert_equal "$(jq -r .pid <<<"$output")" "$(cat "$T/pid")"
    assert_equal "$(jq -r .bundle <<<"$output")" "$B"
    assert_equal "$(jq -r .ociVersion <<<"$output")" 1.0.2
    # Created: the process is waiting, not yet running sleep.
    grep -q 'minirunc:\[INIT\]' "/proc/$(cat "$T/pid")/comm" || [ "$(cat /proc/$(cat "$T/pid")/comm)" = "minirunc:[INIT]" ]
    # Named in ps as runc names its stages (the long name in the command line).
    assert_equal "$(tr '\0' ' ' <"/proc/$(cat "$T/pid")/cmdline" | sed 's/ *$//')" "minirunc:[1:INIT] c2"
    run mr start c2
    assert_success
    run mr state c2
    assert_equal "$(jq -r .status <<<"$output")" running
    sleep 0.2
    assert_equal "$(cat /proc/$(cat "$T/pid")/comm)" sleep
    run mr list
    assert_line --regexp '^c2 +[0-9]+ +running '
    run mr delete c2
    assert_failure
    assert_output --partial "is running"
    run mr kill c2 KILL
    assert_success
    sleep 0.3
    run mr state c2
    assert_equal "$(jq -r .status <<<"$output")" stopped
    run mr delete c2
    assert_success
    run mr state c2
    assert_failure
    assert_output 'minirunc: container "c2" does not exist'
}

@test "kill: signal names and numbers reach the process" {
    args '["sh", "-c", "trap \"exit 7\" TERM; while :; do sleep 0.1; done"]'
    mr_bg run --bundle "$B" --detach c3
    run mr kill c3 SIGTERM
    assert_success
    sleep 0.5
    run mr state c3
    assert_equal "$(jq -r .status <<<"$output")" stopped
    mr delete c3
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d c4
    run mr kill c4 9
    assert_success
    sleep 0.3
    assert_equal "$(mr state c4 | jq -r .status)" stopped
    run mr kill c4 NOSUCH
    assert_failure
    assert_output --partial 'unknown signal "NOSUCH"'
}

@test "each config section is seen from inside the container" {
    update_config '.hostname = "box" | .process.env += ["GREETING=hi"] | .process.cwd = "/tmp"
        | .process.user = {"uid": 1000, "gid": 1000, "additionalGids": [5]}
        | .process.rlimits = [{"type": "RLIMIT_NOFILE", "soft": 512, "hard": 512}]
        | .linux.sysctl = {"net.ipv4.ip_forward": "1"}
        | .root.readonly = true'
    args '["sh", "-c", "hostname; echo $GREETING; pwd; id; ulimit -n; cat /proc/sys/net/ipv4/ip_forward; grep -E \"CapEff|NoNewPrivs\" /proc/self/status; wc -c < /proc/keys; touch /x 2>&1; echo $$"]'
    run mr run --bundle "$B" c5
    assert_success
    assert_line --index 0 box
    assert_line --index 1 hi
    assert_line --index 2 /tmp
    assert_line --index 3 "uid=1000(user) gid=1000(user) groups=5(tty)"
    assert_line --index 4 512
    assert_line --index 5 1
    assert_line --regexp '^CapEff:\s+0000000000000000$'
    assert_line --regexp '^NoNewPrivs:\s+1$'
    assert_line --index 8 0
    assert_line --partial "Read-only file system"
    assert_line --index 10 1
}

@test "resources land in the container's cgroup" {
    update_config '.linux.resources.memory = {"limit": 67108864, "reservation": 33554432} | .linux.resources.pids = {"limit": 30} | .linux.cgroupsPath = "/minirunc/web"'
    local dev
    dev=$(cat /sys/block/*/dev 2>/dev/null | head -1)
    if [ -n "$dev" ]; then
        update_config ".linux.resources.blockIO.throttleWriteBpsDevice = [{\"major\": ${dev%:*}, \"minor\": ${dev#*:}, \"rate\": 2097152}]"
    fi
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d c6
    local pid
    pid=$(mr state c6 | jq -r .pid)
    grep -q ":/minirunc/web$" "/proc/$pid/cgroup"
    if [ -d /sys/fs/cgroup/memory/minirunc/web ]; then
        assert_equal "$(cat /sys/fs/cgroup/memory/minirunc/web/memory.limit_in_bytes)" 67108864
        assert_equal "$(cat /sys/fs/cgroup/pids/minirunc/web/pids.max)" 30
        assert_equal "$(cat /sys/fs/cgroup/memory/minirunc/web/memory.soft_limit_in_bytes)" 33554432
    else
        assert_equal "$(cat /sys/fs/cgroup/minirunc/web/memory.max)" 67108864
        assert_equal "$(cat /sys/fs/cgroup/minirunc/web/memory.low)" 33554432
    fi
    if [ -n "$dev" ] && [ -d /sys/fs/cgroup/blkio/minirunc/web ]; then
        assert_equal "$(cat /sys/fs/cgroup/blkio/minirunc/web/blkio.throttle.write_bps_device)" "$dev 2097152"
    elif [ -n "$dev" ]; then
        assert_equal "$(cat /sys/fs/cgroup/minirunc/web/io.max)" "$dev rbps=max wbps=2097152 riops=max wiops=max"
    fi
    mr delete --force c6
    [ ! -e /sys/fs/cgroup/pids/minirunc/web ]
}

@test "hooks run in order, each with the state on stdin" {
    mkdir "$T/log"
    local h='["sh", "-c", "read s; echo KIND $s >> LOG"]'
    hook() { jq -n --arg k "$1" --arg log "$2" '{"path": "/bin/sh", "args": ["sh", "-c", ("read s; echo " + $k + " $s >> " + $log)]}'; }
    update_config ".hooks = {
        \"prestart\": [$(hook prestart "$T/log/hooks")],
        \"createRuntime\": [$(hook createRuntime "$T/log/hooks")],
        \"createContainer\": [$(hook createContainer "$T/log/hooks")],
        \"startContainer\": [$(hook startContainer /log/hooks)],
        \"poststart\": [$(hook poststart "$T/log/hooks")],
        \"poststop\": [$(hook poststop "$T/log/hooks")]}
      | .mounts += [{\"destination\": \"/log\", \"source\": \"$T/log\", \"options\": [\"bind\"]}]"
    args '["true"]'
    run mr run --bundle "$B" c7
    assert_success
    run awk '{print $1}' "$T/log/hooks"
    assert_output "prestart
createRuntime
createContainer
startContainer
poststart
poststop"
    run grep -c '"id":"c7"' "$T/log/hooks"
    assert_output 6
}

@test "ps names the runtime's stage as runc does: minirunc:[0:PARENT] while it sets a container up" {
    # A prestart hook is the runtime's child: it reads its parent's names.
    printf '#!/bin/sh\ncat >/dev/null\ntr "\\0" " " </proc/$PPID/cmdline >"%s/parent"\necho >>"%s/parent"\ncat /proc/$PPID/comm >>"%s/parent"\n' "$T" "$T" "$T" >"$T/hook.sh"
    chmod 755 "$T/hook.sh"
    update_config ".hooks = {\"prestart\": [{\"path\": \"$T/hook.sh\"}]}"
    args '["true"]'
    run mr run --bundle "$B" st1
    assert_success
    run cat "$T/parent"
    assert_line --regexp '^minirunc:\[0:PARENT\] run st1 *$'
    assert_line minirunc
}

@test "a failing hook stops the container, with the hook named, and leaves nothing" {
    update_config '.hooks = {"createRuntime": [{"path": "/bin/false"}]}'
    run mr run --bundle "$B" c8
    assert_failure
    assert_output --partial "hook createRuntime /bin/false: failed (exit status 1)"
    run ls -A "$S"
    assert_output ""
    # A hook that cannot be run at all: the runtime names it and the
    # kernel's reason, once.
    update_config '.hooks = {"prestart": [{"path": "/no/such/hook"}]}'
    run mr run --bundle "$B" c8b
    assert_failure
    assert_line "minirunc: hook prestart /no/such/hook: exec: No such file or directory"
    assert_equal "${#lines[@]}" 1
    run ls -A "$S"
    assert_output ""
}

@test "seccomp denies a chosen syscall with EPERM" {
    update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
        "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
    args '["sh", "-c", "mkdir /tmp/d; ls -d /tmp"]'
    run mr run --bundle "$B" c9
    assert_output --partial "can't create directory '/tmp/d': Operation not permitted"
    assert_line /tmp
}

@test "seccomp is the last step: a profile denying the runtime's own calls still runs the container" {
    # What older default profiles look like to a runtime: they know nothing
    # of openat2, faccessat2 or close_range, and a container never needs to
    # mount, pivot_root, setns, unshare, load BPF or make a memfd.  All of
    # that is the runtime's work, done before the filter.
    update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
        "syscalls": [{"names": ["openat2", "faccessat2", "close_range", "memfd_create", "mount", "umount2",
                                "pivot_root", "setns", "unshare", "bpf", "sethostname", "keyctl"],
                      "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
    args '["sh", "-c", "echo hi; mkdir /tmp/d && rmdir /tmp/d && echo mkdir-ok; sleep 30"]'
    local nnp
    for nnp in true false; do
        update_config ".process.noNewPrivileges = $nnp"
        mr_bg --trace run --bundle "$B" -d "sc-$nnp"
        for _ in $(seq 50); do grep -q mkdir-ok "$T/init.out" && break; sleep 0.1; done
        run cat "$T/init.out"
        assert_line hi
        assert_line mkdir-ok
        refute_output --partial "Operation not permitted"
        # Only the exec (and, without no_new_privs, the final capability
        # sets) come after the filter.
        run bash -c "sed -n '/seccomp(SECCOMP_SET_MODE_FILTER/,\$p' '$T/init.out' | grep '^\[' | grep -v -e '\] export ' -e '\] exec ' -e '\] capset(' -e 'PR_SET_KEEPCAPS' -e 'PR_CAP_AMBIENT' -e 'PR_SET_NO_NEW_PRIVS' | grep -v seccomp"
        assert_output ""
        # The container itself is filtered: unshare is denied.
        run mr exec "sc-$nnp" sh -c 'unshare -m true 2>&1; echo exec-ok'
        assert_line exec-ok
        assert_output --partial "Operation not permitted"
        run mr exec "sc-$nnp" sh -c 'cd /tmp && echo in-tmp'
        assert_success
        assert_output in-tmp
        # Raised to load the filter, CAP_SYS_ADMIN (bit 21) is gone again,
        # for root and for another user.
        run mr exec --user 1000:1000 "sc-$nnp" sh -c 'id -u; e=$(grep CapEff /proc/self/status | cut -f2); echo sys_admin=$(( 0x$e >> 21 & 1 ))'
        assert_success
        assert_output $'1000\nsys_admin=0'
        run mr exec "sc-$nnp" sh -c 'e=$(grep CapEff /proc/self/status | cut -f2); echo sys_admin=$(( 0x$e >> 21 & 1 ))'
        assert_output sys_admin=0
        mr delete --force "sc-$nnp"
        : >"$T/init.out"
    done
}

@test "linux.devices: nodes are made with their mode and owner, and the device rules let them be used" {
    update_config '.linux.devices = [
            {"path": "/dev/mynull", "type": "c", "major": 1, "minor": 3, "fileMode": 432, "uid": 1000, "gid": 5},
            {"path": "/dev/sub/myzero", "type": "u", "major": 1, "minor": 5},
            {"path": "/dev/null", "type": "c", "major": 1, "minor": 3, "fileMode": 438},
            {"path": "/dev/myfifo", "type": "p"},
            {"path": "/dev/exp", "type": "c", "major": 240, "minor": 0}]'
    args '["sh", "-c", "stat -c \"%n %F %t:%T %a %u:%g\" /dev/mynull /dev/sub/myzero; stat -c \"%n %F %a\" /dev/myfifo; echo x > /dev/mynull && echo write-ok; head -c 3 /dev/sub/myzero | wc -c; (: </dev/exp) 2>&1; true"]'
    run mr run --bundle "$B" dev1
    assert_success
    # 432 = 0660, 438 = 0666.
    assert_line "/dev/mynull character special file 1:3 660 1000:5"
    assert_line "/dev/sub/myzero character special file 1:5 666 0:0"
    assert_line "/dev/myfifo fifo 666"
    assert_line write-ok
    assert_line 3
    # c 240:0 is in no default rule: the device rules let the open through
    # to the kernel, which has no such driver (rather than EPERM).
    assert_output --partial "No such device or address"
    refute_output --partial "Operation not permitted"
    # Bad entries are named, and nothing is left.
    local bad
    for bad in '{"path": "dev/rel", "type": "c", "major": 1, "minor": 3}' \
               '{"path": "/dev/../etc/x", "type": "c", "major": 1, "minor": 3}' \
               '{"path": "/dev/x", "type": "x", "major": 1, "minor": 3}' \
               '{"path": "/dev/x", "type": "c", "major": 1}'; do
        update_config ".linux.devices = [$bad]"
        run mr run --bundle "$B" dev2
        assert_failure
        assert_output --partial "linux.devices[0]"
    done
    run ls -A "$S"
    assert_output ""
}

@test "linux.rootfsPropagation: rslave lets the host's new mounts in, private does not; shared and unbindable are set on /" {
    # A shared mount of our own on the host, bound into the container.
    mkdir -p "$T/share"
    mount -t tmpfs mr-share "$T/share"
    SHARE_MOUNTED=1
    mount --make-shared "$T/share"
    mkdir "$T/share/sub"
    update_config ".mounts += [{\"destination\": \"/share\", \"type\": \"bind\", \"source\": \"$T/share\", \"options\": [\"rbind\"]}]"
    args '["sleep", "30"]'
    local p
    for p in rslave private; do
        update_config ".linux.rootfsPropagation = \"$p\""
        mr_bg run --bundle "$B" -d "prop-$p"
    done
    # A mount the host makes now, after both containers set up theirs.
    mount -t tmpfs mr-sub "$T/share/sub"
    echo from-the-host >"$T/share/sub/marker"
    run mr exec prop-rslave cat /share/sub/marker
    assert_output from-the-host
    run mr exec prop-private cat /share/sub/marker
    assert_failure
    # Nothing the container mounts reaches the host, slave or not.
    run mr exec --cap CAP_SYS_ADMIN prop-rslave mount -t tmpfs inside /share/sub
    assert_success
    run cat "$T/share/sub/marker"
    assert_output from-the-host
    umount "$T/share/sub"
    mr delete --force prop-rslave
    mr delete --force prop-private
    for p in rshared runbindable; do
        update_config ".linux.rootfsPropagation = \"$p\" | .process.args = [\"sh\", \"-c\", \"awk '\$5 == \\\"/\\\"' /proc/self/mountinfo\"]"
        run mr run --bundle "$B" "prop-$p"
        assert_success
        case $p in
        rshared) assert_output --regexp ' shared:[0-9]+ ' ;;
        runbindable) assert_output --partial ' unbindable ' ;;
        esac
    done
    update_config '.linux.rootfsPropagation = "sideways"'
    run mr run --bundle "$B" prop-bad
    assert_failure
    assert_output --partial 'linux.rootfsPropagation "sideways"'
}

@test "LSM labels: applied where the host has the module; refused where it has not, as runc; mountLabel ignored without SELinux" {
    args '["true"]'
    if [ -e /sys/kernel/security/apparmor ] || [ -e /sys/fs/selinux/enforce ]; then
        skip "this host runs AppArmor or SELinux: the refusals below are for hosts without them"
    fi
    update_config '.process.apparmorProfile = "docker-default"'
    run mr run --bundle "$B" lsm1
    assert_failure
    assert_output --partial 'process.apparmorProfile "docker-default": AppArmor is not enabled on this host'
    update_config 'del(.process.apparmorProfile) | .process.selinuxLabel = "system_u:system_r:container_t:s0"'
    run mr run --bundle "$B" lsm2
    assert_failure
    assert_output --partial 'process.selinuxLabel "system_u:system_r:container_t:s0": SELinux is disabled'
    # Refused before anything was made.
    [ ! -e "$S/lsm1" ] && [ ! -e "$S/lsm2" ]
    update_config 'del(.process.selinuxLabel) | .linux.mountLabel = "system_u:object_r:container_file_t:s0"'
    run mr --debug run --bundle "$B" lsm3
    assert_success
    assert_output --partial "linux.mountLabel: SELinux is off here"
}

@test "a bind whose destination is a symlink in the rootfs lands where it leads, inside the root, with its options" {
    # Debian images have /etc/resolv.conf as a symlink; podman binds files there.
    ln -s ../tmp/h "$B/rootfs/etc/hostname"
    touch "$B/rootfs/tmp/h"
    echo boxname >"$T/hostname"
    update_config ".mounts += [{\"destination\": \"/etc/hostname\", \"type\": \"bind\", \"source\": \"$T/hostname\", \"options\": [\"bind\", \"ro\", \"rprivate\"]}]"
    args '["sh", "-c", "cat /etc/hostname; grep \" /tmp/h \" /proc/self/mountinfo; echo x > /tmp/h || echo ro"]'
    run mr run --bundle "$B" symdest
    assert_success
    assert_line boxname
    assert_output --regexp " /tmp/h ro,"
    assert_line ro
}

@test "a config without a mount namespace is refused, not run on the host's mounts" {
    update_config '.linux.namespaces |= map(select(.type != "mount"))'
    args '["true"]'
    run mr run --bundle "$B" nomnt
    assert_failure
    assert_output --partial 'linux.namespaces: no "mount" namespace'
    [ ! -e "$S/nomnt" ]
}

@test "process.ioPriority, process.scheduler, linux.personality reach the process" {
    update_config '.process.ioPriority = {"class": "IOPRIO_CLASS_IDLE"}
        | .process.scheduler = {"policy": "SCHED_BATCH", "nice": 5}
        | .linux.personality = {"domain": "LINUX32"}'
    # /proc/self/stat: field 19 is nice, 41 the policy (3 = SCHED_BATCH).
    args '["sh", "-c", "ionice; cat /proc/self/personality; cut -d\" \" -f19,41 /proc/self/stat; uname -m"]'
    run mr run --bundle "$B" pa1
    assert_success
    assert_output $'idle\n00000008\n5 3\ni686'
    update_config '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 2} | del(.process.scheduler) | del(.linux.personality)'
    run mr run --bundle "$B" pa2
    assert_line "best-effort: prio 2"
    local bad
    for bad in '.process.ioPriority = {"class": "IOPRIO_CLASS_FAST"}' \
               '.process.scheduler = {"policy": "SCHED_NOW"}' \
               '.linux.personality = {"domain": "LINUX64"}'; do
        update_config "del(.process.ioPriority) | $bad"
        run mr run --bundle "$B" pa3
        assert_failure
        assert_output --regexp 'process.ioPriority.class|process.scheduler.policy|linux.personality.domain'
    done
}

@test "linux.timeOffsets: a new time namespace with the clocks moved, written before the init enters it" {
    update_config '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": 864000}, "monotonic": {"secs": 3600, "nanosecs": 5}}'
    args '["cut", "-d.", "-f1", "/proc/uptime"]'
    run mr --trace run --bundle "$B" to1
    assert_success
    assert_line "[02-namespace] echo 'monotonic 3600 5' 'boottime 864000 0' > /proc/self/timens_offsets"
    local inside host
    inside=$(grep -E '^[0-9]+$' <<<"$output")
    host=$(cut -d. -f1 /proc/uptime)
    # /proc/uptime is CLOCK_BOOTTIME: 10 days ahead inside, not outside.
    [ $((inside - host)) -ge 863990 ] && [ $((inside - host)) -le 864010 ]
    update_config '.linux.namespaces |= map(select(.type != "time"))'
    run mr run --bundle "$B" to2
    assert_failure
    assert_output --partial "linux.timeOffsets: offsets need a new time namespace"
}

@test "id-mapped bind mounts: the mount shows its files through its own uid/gid maps" {
    mkdir -p "$T/idm"
    # The file system must support id-mapped mounts: the test guests' /tmp
    # (overlayfs over 9p) does not, a tmpfs does from Linux 6.3 on.
    # idmapok asks the kernel directly, apart from minirunc's code.
    if ! "$TOOLS/idmapok" "$T/idm" 2>/dev/null; then
        mount -t tmpfs -o mode=755 idm "$T/idm"
        IDM_MOUNTED=1
    fi
    touch "$T/idm/f0" "$T/idm/f1000"
    chown 1000:1000 "$T/idm/f1000"
    # mounts[].uidMappings as runc reads them: an id on the file system
    # (containerID) is shown as hostID.
    update_config ".mounts += [{\"destination\": \"/idm\", \"type\": \"bind\", \"source\": \"$T/idm\", \"options\": [\"bind\"],
        \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}],
        \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}]"
    args '["sh", "-c", "stat -c \"%n %u:%g\" /idm/f0 /idm/f1000"]'
    if ! "$TOOLS/idmapok" "$T/idm" 2>/dev/null; then
        # Neither here: the refusal must be clear, and leave nothing.
        run mr run --bundle "$B" idm0
        assert_failure
        assert_output --partial "mounts[7]: id-map $T/idm (mount_setattr MOUNT_ATTR_IDMAP; its file system must support id-mapped mounts)"
        assert_equal "$(ls -A "$S")" ""
    fi
    requires idmap-mounts "$T/idm"
    run mr --trace run --bundle "$B" idm1
    assert_success
    assert_line --partial "mount --bind -o X-mount.idmap='u:0:1000:1 g:0:1000:1' $T/idm"
    assert_line "/idm/f0 1000:1000"
    assert_line "/idm/f1000 65534:65534"
    # The use it is for: a container in a user namespace (root is 100000
    # outside) that owns a host directory owned by root, without a chown.
    update_config '.linux.namespaces += [{"type": "user"}] | del(.linux.resources)
        | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
        | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
        | .mounts[-1].uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
        | .mounts[-1].gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
    args '["sh", "-c", "stat -c \"%u:%g\" /idm/f0; touch /idm/made-inside && echo made"]'
    run mr run --bundle "$B" idm2
    assert_success
    assert_output $'0:0\nmade'
    # On the host nothing was chowned, and the new file is root's.
    assert_equal "$(stat -c %u:%g "$T/idm/f0" "$T/idm/made-inside" | tr '\n' ' ')" "0:0 0:0 "
    # Both maps, and only on a bind mount.
    update_config 'del(.mounts[-1].gidMappings)'
    run mr run --bundle "$B" idm3
    assert_failure
    assert_output --partial "needs both uidMappings and gidMappings"
}

@test "--upto 1..5 each adds exactly its chapter" {
    # kmsg: can the container open the kernel log (c 1:11) after a mknod?
    # Only its cgroup's device rules (2.3) say no: devices.deny on v1, a
    # device program on v2.
    update_config '.hostname = "box" | .process.env = ["PATH=/bin:/usr/bin", "FROM_CONFIG=1"]'
    args '["sh", "-c", "echo host=$(hostname) pid=$$ kmsg=$(mknod /dev/.kmsg c 1 11 2>/dev/null; (: </dev/.kmsg) 2>/dev/null && echo open || echo denied) eff=$(grep CapEff /proc/self/status | cut -f2) marker=${MINIRUNC_MARKER:-none} cfg=${FROM_CONFIG:-none}"]'
    export MINIRUNC_MARKER=leaked
    local full
    full=$(grep CapEff /proc/self/status | cut -f2)
    run mr --upto 1 run --bundle "$B" u1
    assert_output --regexp "^host=$(hostname) pid=[0-9]+ kmsg=open eff=$full marker=leaked cfg=none$"
    refute_output --regexp 'pid=1 '
    run mr --upto 2 run --bundle "$B" u2
    assert_output "host=box pid=1 kmsg=open eff=$full marker=leaked cfg=none"
    run mr --upto 3 run --bundle "$B" u3
    assert_output --regexp "^host=box pid=1 kmsg=denied eff=$full marker=leaked cfg=none$"
    run mr --upto 4 run --bundle "$B" u4
    assert_output --regexp "^host=box pid=1 kmsg=denied eff=00000000a80425fb marker=leaked cfg=none$"
    run mr --upto 5 run --bundle "$B" u5
    assert_output --regexp "^host=box pid=1 kmsg=denied eff=00000000a80425fb marker=none cfg=1$"
    run mr --trace --upto 3 run --bundle "$B" u6
    assert_output --partial "[04-capability] # --upto 3: 2.4 left out"
    assert_output --partial "[05-env] # --upto 3: 2.5 left out"
}

@test "--trace: every step tagged with its chapter, in execution order" {
    args '["true"]'
    run mr --trace run --bundle "$B" c10
    assert_success
    run bash -c "'$MR' --root '$S' --trace run --bundle '$B' c11 2>&1 | grep -v '^\[\(01-rootfs\|02-namespace\|03-cgroups\|04-capability\|05-env\|minirunc\)\] ' | wc -l"
    assert_output 0
    run bash -c "'$MR' --root '$S' --trace run --bundle '$B' c12 2>&1 | grep -o '^\[[a-z0-9-]*\]' | uniq | tr '\n' ' '"
    assert_output --regexp '^\[minirunc\] \[03-cgroups\] .*\[02-namespace\] .*\[01-rootfs\] .*\[05-env\] .*\[04-capability\] .*\[05-env\] '
}

@test "a broken config gives a clear error and leaves nothing behind" {
    echo '{"ociVersion": "1.0.2", "root": ' >"$B/config.json"
    run mr run --bundle "$B" bad1
    assert_equal "$status" 1
    assert_output --regexp "^minirunc: $B/config.json: invalid JSON at line"
    [ ! -e "$S/bad1" ]
    "$MR" spec --bundle "$T/b2" 2>/dev/null || { mkdir -p "$T/b2"; "$MR" spec --bundle "$T/b2"; }
    run mr run --bundle "$T/b2" bad2
    assert_equal "$status" 1
    assert_output --partial "root.path $T/b2/rootfs: No such file or directory"
    B="$T/b2"; mkdir "$B/rootfs"
    update_config '.process.user.uid = "root"'
    run mr run --bundle "$B" bad3
    assert_output --partial "process.user.uid: expected an integer, found a string"
    # Nothing was made: no state directory, no cgroup (teardown checks).
    [ ! -e "$S" ] || [ -z "$(ls -A "$S")" ]
    run mr run --bundle "$B" ../escape
    assert_output --partial "container id \"../escape\""
}

@test "a config that is no file, unreadable or too big; a full --root; a read-only rootfs: each named, nothing left" {
    cp "$B/config.json" "$T/good.json"
    rm "$B/config.json"
    mkdir "$B/config.json"
    run mr run --bundle "$B" nf1
    assert_failure
    assert_output "minirunc: $B/config.json: a directory, not a regular file"
    rmdir "$B/config.json"
    mkfifo "$B/config.json"
    # (a FIFO used to hang the runtime in open(): bounded, and named)
    run timeout 20 "$MR" --root "$S" run --bundle "$B" nf2
    assert_equal "$status" 1
    assert_output "minirunc: $B/config.json: a FIFO, not a regular file"
    rm "$B/config.json"
    # An unreadable config.json, and a bundle that cannot be entered: as
    # root without the capabilities that override file modes.
    cp "$T/good.json" "$B/config.json"
    chmod 000 "$B/config.json"
    run setpriv --bounding-set -dac_override,-dac_read_search "$MR" --root "$S" run --bundle "$B" nf7
    assert_failure
    assert_output "minirunc: open $B/config.json: Permission denied"
    chmod 644 "$B/config.json"
    chmod 000 "$B"
    run setpriv --bounding-set -dac_override,-dac_read_search "$MR" --root "$S" run --bundle "$B" nf8
    chmod 755 "$B"
    assert_failure
    assert_output "minirunc: open $B/config.json: Permission denied"
    rm "$B/config.json"
    head -c 17M /dev/zero >"$B/config.json"
    run mr run --bundle "$B" nf3
    assert_failure
    assert_output "minirunc: $B/config.json: 17825792 bytes, more than the 16 MiB a config may have"
    cp "$T/good.json" "$B/config.json"
    args '["true"]'
    # A --root with no room left: the state cannot be written, and what
    # was begun is taken back.
    mkdir -p "$T/full"
    mount -t tmpfs -o size=64k minirunc-full "$T/full"
    FULL_MOUNTED=1
    head -c 1M /dev/zero >"$T/full/fill" 2>/dev/null || true
    run mr --root "$T/full/state" run --bundle "$B" nf4
    assert_failure
    assert_output --partial "No space left on device"
    assert_equal "$(ls -A "$T/full/state")" ""
    umount "$T/full"
    FULL_MOUNTED=
    # A rootfs on a read-only mount: fine until a mount point must be made.
    mkdir -p "$T/ro"
    mount --bind "$B/rootfs" "$T/ro"
    RO_MOUNTED=1
    mount -o remount,bind,ro "$T/ro"
    update_config ".root.path = \"$T/ro\""
    run mr run --bundle "$B" nf5
    assert_success
    update_config '.mounts += [{"destination": "/newdir", "type": "tmpfs", "source": "tmpfs"}]'
    run mr run --bundle "$B" nf6
    assert_failure
    assert_output --partial "mkdir /newdir inside the root: Read-only file system"
    umount "$T/ro"
    RO_MOUNTED=
    assert_equal "$(ls -A "$S")" ""
}

@test "50 containers created, started and deleted in parallel under one --root, list and state beside" {
    # (20 in the emulated guests, where each is several times slower)
    local n=50 i pids=()
    [ -z "${MINIRUNC_VM:-}" ] || n=20
    args '["true"]'
    for i in $(seq "$n"); do
        # delete without --force once `true` has ended: wait for "stopped"
        # rather than a fixed time, which a loaded machine may outlast.
        ( mr create --bundle "$B" "p$i" </dev/null && mr start "p$i" &&
          for _ in $(seq 600); do
              [ "$(mr state "p$i" | jq -r .status)" = stopped ] && break
              sleep 0.1
          done && mr delete "p$i" ) >"$T/p$i.log" 2>&1 3>&- &
        pids+=($!)
    done
    # Readers beside them: every answer is whole, never an error of a
    # half-written state.
    ( for _ in $(seq 30); do
          mr list --format json | jq -e 'type == "array"' >/dev/null || echo "list failed"
          for i in 1 7 13; do
              out=$(mr state "p$i" 2>&1) || case $out in *"does not exist"*) ;; *) echo "state p$i: $out" ;; esac
          done
      done ) >"$T/readers.log" 2>&1 3>&- &
    local readers=$! failed=0
    for i in "${pids[@]}"; do wait "$i" || failed=$((failed + 1)); done
    wait "$readers"
    cat "$T"/p*.log "$T/readers.log"
    assert_equal "$failed" 0
    assert_equal "$(cat "$T/readers.log")" ""
    run ls -A "$S"
    assert_output ""
}

@test "runc's command line: --version, unknown commands, a missing console socket" {
    run "$MR" --version
    assert_success
    assert_line --index 0 --regexp '^minirunc version [0-9]+\.[0-9]+\.[0-9]+$'
    assert_line --regexp '^spec: 1\.[0-9]+\.[0-9]+'
    run "$MR" frobnicate x
    assert_equal "$status" 2
    run mr --log "$T/log.json" --log-format json start nosuch
    assert_failure
    run jq -r .msg "$T/log.json"
    assert_output 'container "nosuch" does not exist'
    run mr create --bundle "$B" --console-socket /tmp/x c13
    assert_failure
    assert_output --partial "--console-socket given, but process.terminal is false"
}

@test "runc's command shape: each command has its own options and --help, and counts its arguments" {
    # Every command answers --help with its own usage, on stdout, status 0.
    local cmd
    for cmd in spec create start run state kill delete list pause resume ps exec update features; do
        run "$MR" "$cmd" --help
        assert_success
        assert_line --index 0 --regexp "^Usage: minirunc \[GLOBAL OPTIONS\] $cmd( |$)"
        assert_line "  -h, --help              show this help"
    done
    run "$MR" exec -h
    assert_line "  -p, --process FILE      the process, as OCI process JSON (instead of COMMAND)"
    run "$MR" update --help
    assert_line --partial "--pids-limit N"
    # The top-level help lists every command once.
    run "$MR" --help
    assert_equal "$(grep -cE '^  (spec|create|start|run|state|kill|delete|list|pause|resume|ps|exec|update|features) ' <<<"$output")" 14
    # An option of another command is refused, by name, as bad usage (2).
    run mr start --force c1
    assert_equal "$status" 2
    assert_line "minirunc: start: unknown option '--force'"
    assert_line "Try 'minirunc start --help'."
    run mr delete --bundle "$B" c1
    assert_equal "$status" 2
    # -f is --force for delete, --format for list and ps.
    run mr list -f json
    assert_success
    assert_output "[]"
    run mr delete nosuch
    assert_failure
    assert_output --partial 'container "nosuch" does not exist'
    run mr delete -f nosuch     # as runc: --force of what is not there is no error
    assert_success
    # Too few or too many operands.
    run mr state
    assert_equal "$status" 2
    assert_line "minirunc: state: needs a container ID"
    run mr state a b
    assert_equal "$status" 2
    assert_line "minirunc: state: takes at most 1 argument, got 2"
    run mr kill a TERM extra
    assert_equal "$status" 2
    run mr list --format yaml
    assert_equal "$status" 2
    assert_line "minirunc: list: --format yaml: table or json"
    # Nothing was made by any of it.
    assert_equal "$(ls -A "$S" 2>/dev/null)" ""
}

@test "--console-socket: the pty master is sent over the socket (runc's protocol)" {
    update_config '.process.terminal = true'
    args '["sh", "-c", "test -t 0 && test -t 1 && echo on-a-terminal; echo TERM=$TERM"]'
    "$TOOLS/recvtty" "$T/console.sock" >"$T/console.out" &
    local rpid=$!
    for _ in $(seq 50); do [ -S "$T/console.sock" ] && break; sleep 0.05; done
    mr_bg create --bundle "$B" --console-socket "$T/console.sock" c14
    run mr start c14
    assert_success
    wait "$rpid"
    run tr -d '\r' <"$T/console.out"
    assert_line on-a-terminal
    assert_line TERM=xterm
    run mr create --bundle "$B" c15
    assert_failure
    assert_output --partial "create needs --console-socket"
}

@test "--preserve-fds passes fds on; --no-pivot chroots; kill --all reaches every process" {
    args '["sh", "-c", "cat <&3; ls /proc/self/fd | sort -n | tr \"\\n\" \" \""]'
    echo "through fd 3" >"$T/fd3"
    run bash -c "'$MR' --root '$S' run --bundle '$B' --preserve-fds 1 c16 3<'$T/fd3'"
    assert_success
    assert_line --index 0 "through fd 3"
    assert_line --index 1 --regexp '^0 1 2 3 4 $'
    run bash -c "'$MR' --root '$S' run --bundle '$B' c17 3<'$T/fd3'"
    refute_output --partial "through fd 3"

    args '["sh", "-c", "ls -a / | grep -c old-root; echo ok"]'
    run mr --trace run --bundle "$B" --no-pivot c18
    assert_success
    assert_output --partial "[01-rootfs] chroot ."
    assert_line "0"

    update_config '.linux.resources.pids = {"limit": 50}'
    args '["sh", "-c", "sleep 30 & sleep 30 & wait"]'
    mr_bg run --bundle "$B" -d c19
    sleep 0.3
    local cg
    cg=$(find /sys/fs/cgroup/pids/minirunc/c19 /sys/fs/cgroup/minirunc/c19 -maxdepth 0 2>/dev/null | head -1)
    [ "$(wc -l <"$cg/cgroup.procs")" -eq 3 ]
    run mr kill --all c19 KILL
    assert_success
    sleep 0.3
    [ "$(wc -l <"$cg/cgroup.procs")" -eq 0 ]
}

@test "user namespace from uidMappings/gidMappings: root inside, 100000 outside" {
    update_config 'del(.linux.resources) | .linux.namespaces += [{"type": "user"}]
        | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
        | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
    args '["sh", "-c", "id -u; cat /proc/self/uid_map"]'
    run mr run --bundle "$B" c20
    assert_success
    assert_line --index 0 0
    assert_line --index 1 --regexp '^ +0 +100000 +65536$'
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d c21
    assert_equal "$(awk '$1 == "Uid:" {print $2}' "/proc/$(mr state c21 | jq -r .pid)/status")" 100000
    # With limits too: a v1 hierarchy cannot be mounted from a user
    # namespace, so the container's own cgroup is bound in instead.
    update_config '.linux.resources = {"pids": {"limit": 33}}'
    args '["sh", "-c", "cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max"]'
    run mr run --bundle "$B" c22
    assert_success
    assert_output 33
}

@test "linux.namespaces path: a second container joins the first one's namespaces" {
    update_config '.hostname = "alpha"'
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d first
    local pid
    pid=$(mr state first | jq -r .pid)
    mkdir -p "$T/b2"
    cp -a "$B/rootfs" "$T/b2/rootfs"
    jq --arg uts "/proc/$pid/ns/uts" --arg ipc "/proc/$pid/ns/ipc" 'del(.hostname)
        | .linux.namespaces = [.linux.namespaces[] | if .type == "uts" then .path = $uts
                                                   elif .type == "ipc" then .path = $ipc else . end]
        | .process.args = ["sh", "-c", "hostname; readlink /proc/self/ns/ipc"]' \
        "$B/config.json" >"$T/b2/config.json"
    run mr run --bundle "$T/b2" second
    assert_success
    assert_line --index 0 alpha
    assert_line --index 1 "$(readlink "/proc/$pid/ns/ipc")"
}

@test "a hook that outlives its timeout is killed and named" {
    update_config '.hooks = {"prestart": [{"path": "/bin/sleep", "args": ["sleep", "10"], "timeout": 1}]}'
    args '["true"]'
    SECONDS=0
    run mr run --bundle "$B" c22
    assert_failure
    assert_output --partial "hook prestart /bin/sleep: timed out after 1 s"
    [ "$SECONDS" -lt 5 ]
    run ls -A "$S"
    assert_output ""
}

@test "pause freezes the container, resume thaws it; ps lists its processes" {
    args '["sh", "-c", "while :; do echo x >> /tmp/ticks; sleep 0.05; done"]'
    mr_bg run --bundle "$B" -d c23
    sleep 0.3
    run mr ps --format json c23
    assert_success
    assert_output --regexp '^\[[0-9]+(,[0-9]+)*\]$'
    run mr ps c23
    assert_line --index 0 "$(printf 'PID\tCMD')"
    assert_line --regexp '	sh$'
    run mr pause c23
    assert_success
    run mr state c23
    assert_equal "$(jq -r .status <<<"$output")" paused
    local a b c
    a=$(wc -l <"$B/rootfs/tmp/ticks"); sleep 0.5; b=$(wc -l <"$B/rootfs/tmp/ticks")
    assert_equal "$a" "$b"
    run mr resume c23
    assert_success
    sleep 0.5; c=$(wc -l <"$B/rootfs/tmp/ticks")
    [ "$c" -gt "$b" ]
    # As runc: a paused container is not deleted without --force, and a
    # SIGKILL reaches it (the runtime thaws it after sending the signal).
    run mr pause c23
    run mr delete c23
    assert_failure
    assert_output --partial 'container "c23" is paused'
    run mr kill c23 KILL
    assert_success
    for _ in $(seq 50); do [ "$(mr state c23 | jq -r .status)" = stopped ] && break; sleep 0.05; done
    run mr state c23
    assert_equal "$(jq -r .status <<<"$output")" stopped
    run mr --root "$S" run --bundle "$B" --preserve-fds abc c24
    assert_equal "$status" 2
    assert_output --partial "--preserve-fds abc"
}

@test "update changes a running container's resources, from flags and from -r FILE" {
    update_config '.linux.resources.pids = {"limit": 100}'
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d c25
    local pids
    pids=$(find /sys/fs/cgroup/pids/minirunc/c25 /sys/fs/cgroup/minirunc/c25 -maxdepth 0 2>/dev/null | head -1)
    assert_equal "$(cat "$pids/pids.max")" 100
    run mr update --pids-limit 42 c25
    assert_success
    assert_equal "$(cat "$pids/pids.max")" 42
    echo '{"pids": {"limit": 7}}' >"$T/res.json"
    run mr update -r "$T/res.json" c25
    assert_success
    assert_equal "$(cat "$pids/pids.max")" 7
    run mr update --memory 12X c25
    assert_failure
    assert_output --partial "--memory 12X"
    run mr update c25
    assert_equal "$status" 2
}

@test "update -r adds device rules to the container's; on v2 the device program is replaced" {
    args '["sleep", "60"]'
    mr_bg run --bundle "$B" -d c25d
    # mknod needs CAP_MKNOD, reading the kernel log CAP_SYSLOG: the device
    # rules are then all that stands in the way.
    local probe='mknod /dev/.kmsg c 1 11 2>/dev/null; (: </dev/.kmsg) 2>/dev/null && echo kmsg=open || echo kmsg=denied; (: >/dev/null) 2>/dev/null && echo null=open || echo null=denied'
    run mr exec --cap CAP_MKNOD --cap CAP_SYSLOG c25d sh -c "$probe"
    assert_success
    assert_output $'kmsg=denied\nnull=open'
    echo '{"devices": [{"allow": true, "type": "c", "major": 1, "minor": 11, "access": "rwm"}]}' >"$T/dev.json"
    run mr --trace update -r "$T/dev.json" c25d
    assert_success
    if [ ! -d /sys/fs/cgroup/devices ]; then
        # v2: a new program with all the rules, the old one detached.
        assert_output --partial "BPF_PROG_LOAD"
        assert_output --partial "BPF_PROG_DETACH"
    fi
    run mr exec --cap CAP_MKNOD --cap CAP_SYSLOG c25d sh -c "$probe"
    assert_success
    # The new rule is added: the container's own rules (/dev/null) still hold.
    assert_output $'kmsg=open\nnull=open'
    # Given again, a rule is not added twice.
    run mr update -r "$T/dev.json" c25d
    assert_success
    assert_equal "$(jq '[.devices[] | select(. == "allow c 1:11 rwm")] | length' "$S/c25d/state.json")" 1
    echo '{"devices": [{"allow": true, "type": "x", "access": "rwm"}]}' >"$T/bad.json"
    run mr update -r "$T/bad.json" c25d
    assert_failure
    assert_output --partial "linux.resources.devices[0]"
}

@test "features: the OCI features document" {
    run "$MR" features
    assert_success
    assert_equal "$(jq -r .ociVersionMax <<<"$output")" 1.0.2
    assert_equal "$(jq -r '.hooks | length' <<<"$output")" 6
    assert_equal "$(jq -r '.linux.cgroup.v1' <<<"$output")" true
    assert_equal "$(jq -r '.linux.cgroup.systemd' <<<"$output")" true
    assert_equal "$(jq -r '.linux.capabilities | index("CAP_SYS_ADMIN") != null' <<<"$output")" true
    assert_equal "$(jq -r '.linux.seccomp.enabled' <<<"$output")" true
    # Applied where the host runs them (lsm.c), so supported.
    assert_equal "$(jq -r '.linux.apparmor.enabled, .linux.selinux.enabled' <<<"$output" | tr '\n' ' ')" "true true "
    # Mount propagation words the config's rootfsPropagation uses too.
    assert_equal "$(jq -r '.mountOptions | index("rslave") != null' <<<"$output")" true
    assert_equal "$(jq -r '.linux.mountExtensions.idmap.enabled' <<<"$output")" true
}

@test "exec: a new process joins the container's namespaces, cgroup and process set-up" {
    update_config '.hostname = "ebox" | .process.oomScoreAdj = 300 | .process.user.umask = 63'
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d c26
    # The same process set-up as the init's (process_setup.c): the
    # config's oomScoreAdj and umask reach an exec'd process too.
    run mr exec c26 sh -c 'cat /proc/self/oom_score_adj; umask'
    assert_success
    assert_output $'300\n0077'
    # In the container's cgroup namespace, its cgroup is "/": a process
    # outside it would show a path (e.g. "/../.."), and the host a path too.
    run mr exec c26 sh -c 'hostname; echo pid=$$; echo outside=$(grep -v -e ":/\$" -e name=systemd /proc/self/cgroup | wc -l); grep CapEff /proc/self/status'
    assert_success
    assert_line --index 0 ebox
    assert_line --index 1 --regexp '^pid=[0-9]+$'
    refute_line "pid=$$"
    assert_line --index 2 outside=0
    assert_line --regexp '^CapEff:\s+00000000a80425fb$'
    run grep -c "minirunc/c26" "/proc/$(mr state c26 | jq .pid)/cgroup"
    assert_output --regexp '^[1-9]'
    run mr exec --env X=1 --user 1000:1000 --cwd /tmp c26 sh -c 'id -u; pwd; echo $X; exit 4'
    assert_equal "$status" 4
    assert_output "1000
/tmp
1"
    jq -n '{"user": {"uid": 0, "gid": 0}, "args": ["echo", "from", "process.json"], "cwd": "/"}' >"$T/process.json"
    run mr exec --process "$T/process.json" c26
    assert_success
    assert_output "from process.json"
    # --cwd and --env change a --process file's settings too.
    jq -n '{"user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "pwd; echo $Y"], "cwd": "/", "env": ["PATH=/bin"]}' >"$T/p2.json"
    run mr exec --process "$T/p2.json" --cwd /tmp --env Y=2 c26
    assert_success
    assert_output $'/tmp\n2'
    echo '{"args": ' >"$T/bad.json"
    run mr exec --process "$T/bad.json" c26
    assert_failure
    assert_output --partial "--process $T/bad.json: invalid JSON"
    mr kill c26 KILL
    sleep 0.3
    run mr exec c26 true
    assert_failure
    assert_output --partial 'container "c26" is stopped, not running'
}

@test "process.terminal: run relays a pty of the container's own devpts, bound on /dev/console" {
    update_config '.process.terminal = true'
    # 136 = 0x88: devpts; the console and the process's tty are one pty.
    args '["sh", "-c", "tty; stat -c %t:%T /dev/console; stat -L -c %t:%T /proc/self/fd/0; exit 6"]'
    run script -qec "'$MR' --root '$S' run --bundle '$B' c30" /dev/null </dev/null
    assert_equal "$status" 6
    # (script(1) echoes its stdin's EOF as "^@", somewhere in the output)
    run bash -c 'tr -d "\r" | sed "s/\^@//g"' <<<"$output"
    assert_line --index 0 /dev/pts/0
    assert_line --index 1 88:0
    assert_line --index 2 88:0
    run mr run -d --bundle "$B" c34
    assert_failure
    assert_output --partial "run --detach needs --console-socket"
    run ls -A "$S"
    assert_output ""
}

@test "exec --tty: a pty in the container, relayed or sent to --console-socket; runc's rules" {
    args '["sleep", "30"]'
    mr_bg run --bundle "$B" -d c31
    run script -qec "'$MR' --root '$S' exec -t c31 sh -c 'tty; exit 4'" /dev/null </dev/null
    assert_equal "$status" 4
    assert_output --regexp "/dev/pts/[0-9]+"
    "$TOOLS/recvtty" "$T/console.sock" >"$T/console.out" &
    local rpid=$!
    for _ in $(seq 50); do [ -S "$T/console.sock" ] && break; sleep 0.05; done
    run mr exec --tty --detach --console-socket "$T/console.sock" c31 sh -c 'test -t 0 && echo exec-on-a-terminal'
    assert_success
    wait "$rpid"
    run tr -d '\r' <"$T/console.out"
    assert_line exec-on-a-terminal
    run mr exec --tty --detach c31 true
    assert_failure
    assert_output --partial "needs --console-socket"
    run mr exec --console-socket "$T/x.sock" c31 true
    assert_failure
    assert_output --partial "the process has no terminal"
}

@test "delete --force of a container that is gone succeeds, as runc's; --root is made with its parents" {
    run mr delete --force nosuch
    assert_success
    assert_output ""
    run mr delete nosuch
    assert_failure
    assert_output --partial 'container "nosuch" does not exist'
    args '["true"]'
    run "$MR" --root "$T/deep/er/state" run --bundle "$B" c32
    assert_success
    run ls -A "$T/deep/er/state"
    assert_output ""
}

@test "tmpcopyup fills a tmpfs with what it covers; without a cgroupns the container sees its own cgroup" {
    mkdir -p "$B/rootfs/data"
    echo kept >"$B/rootfs/data/f"
    chmod 0750 "$B/rootfs/data"
    update_config '.mounts += [{"destination": "/data", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "tmpcopyup"]}]
        | .linux.namespaces |= map(select(.type != "cgroup"))
        | .linux.resources.memory = {"limit": 67108864} | .linux.cgroupsPath = "/minirunc/c33"'
    args '["sh", "-c", "cat /data/f; stat -c %a /data; echo new >/data/g; cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max"]'
    run mr run --bundle "$B" c33
    assert_success
    assert_line --index 0 kept
    assert_line --index 1 750
    assert_line --index 2 67108864
    # The tmpfs took the write, not the image.
    run test -e "$B/rootfs/data/g"
    assert_failure
}

@test "a cgroupsPath that climbs with .. and a bad device rule are refused, naming the field, leaving nothing" {
    update_config '.linux.cgroupsPath = "/minirunc/../../escape"'
    run mr run --bundle "$B" c40
    assert_failure
    assert_output --partial 'linux.cgroupsPath "/minirunc/../../escape"'
    assert_output --partial 'no ".."'
    [ ! -e "$S/c40" ]
    update_config 'del(.linux.cgroupsPath) | .linux.resources.devices = [{"allow": true, "type": "x", "access": "rwm"}]'
    run mr run --bundle "$B" c41
    assert_failure
    assert_output --partial 'linux.resources.devices[0]: type must be a, b or c'
    update_config '.linux.resources.devices = [{"allow": true, "type": "c", "access": "rwq"}]'
    run mr run --bundle "$B" c42
    assert_failure
    assert_output --partial 'linux.resources.devices[0]'
    [ -z "$(ls "$S" 2>/dev/null)" ]
    run find /sys/fs/cgroup -maxdepth 3 -type d -name 'c4[012]'
    assert_output ""
}

@test "a runtime killed at any moment of create leaves what delete --force removes entirely" {
    args '["sleep", "30"]'
    local ms id left=""
    for ms in 0 1 2 3 4 5 6 8 10 12 15 20 30 50; do
        id="k$ms"
        # (not bats's fd 3 either: an init left behind must not hold up the run)
        "$MR" --root "$S" create --bundle "$B" "$id" </dev/null >/dev/null 2>&1 3>&- &
        local p=$!
        sleep "$(printf '0.%03d' "$ms")"
        kill -9 "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
        run mr delete --force "$id"
        assert_success
        # No init of it (named in its command line), no cgroup, no state.
        if pgrep -f "minirunc:\[1:INIT\] $id\$" >/dev/null; then left="$left $id:init"; fi
        if [ -n "$(find /sys/fs/cgroup -maxdepth 3 -type d -path "*/minirunc/$id" 2>/dev/null)" ]; then left="$left $id:cgroup"; fi
        if [ -e "$S/$id" ]; then left="$left $id:state"; fi
    done
    assert_equal "$left" ""
}

@test "a state.json made unreadable: state says so, list shows it broken, delete --force still ends it all" {
    args '["sleep", "30"]'
    mr_bg create --bundle "$B" --pid-file "$T/pid" br1
    local pid
    pid=$(cat "$T/pid")
    truncate -s 20 "$S/br1/state.json"
    run mr state br1
    assert_failure
    assert_output --partial "$S/br1/state.json"
    run mr list
    assert_line --regexp "^br1 +$pid +broken "
    run mr kill br1 CONT    # still reachable: its pid is in $S/br1/init
    assert_success
    run mr delete br1
    assert_failure
    run mr delete --force br1
    assert_success
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    run kill -0 "$pid"
    assert_failure
    assert [ ! -e "$S/br1" ]
    assert_equal "$(find /sys/fs/cgroup -maxdepth 3 -type d -path '*/minirunc/br1' 2>/dev/null)" ""
}

@test "every step of create that fails takes back what the steps before it made" {
    # The test build fails the step MINIRUNC_FAIL_AT names, right after it
    # made what it makes (common/fault.h); the normal build has no such
    # switch.  Each failure: named, non-zero, and nothing of it left.
    args '["true"]'
    local step id n=0
    for step in create:fifo create:cgroup create:limits create:clone init:cgroup create:hooks \
                init:rootfs init:process create:record; do
        n=$((n + 1))
        id="f$n"
        run env MINIRUNC_FAIL_AT="$step" "$MR" --root "$S" run --bundle "$B" "$id"
        assert_failure
        assert_output --partial "$step: failure injected"
        assert_equal "$(ls -A "$S" 2>/dev/null)" ""
        refute [ -n "$(find /sys/fs/cgroup -maxdepth 3 -type d -path "*/minirunc/$id" 2>/dev/null)" ]
        run pgrep -f "minirunc:\[1:INIT\] $id\$"
        assert_failure
    done
    # exec, after it joined the container: the container runs on, unharmed.
    args '["sleep", "30"]'
    mr_bg run -d --bundle "$B" fx
    run env MINIRUNC_FAIL_AT=exec:join "$MR" --root "$S" exec fx true
    assert_failure
    assert_output --partial "exec:join: failure injected"
    run mr exec fx echo still-here
    assert_output still-here
}

@test "spec --rootless as runc's; run by a user without root, state under \$XDG_RUNTIME_DIR" {
    requires userns
    mkdir -m 755 "$T/rl" "$T/xdg"
    chown 65534:65534 "$T/rl" "$T/xdg"
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env XDG_RUNTIME_DIR="$T/xdg" "$@"; }
    run as_nobody "$MR" spec --rootless --bundle "$T/rl"
    assert_success
    run jq -c '[.linux.namespaces[].type], .linux.uidMappings, .linux.gidMappings, .linux.resources,
        [.mounts[].options[]? | select(startswith("gid=") or startswith("uid="))],
        (.mounts[] | select(.destination == "/sys") | [.type, .source, (.options | join(","))])' "$T/rl/config.json"
    assert_line --index 0 '["pid","ipc","uts","mount","cgroup","user"]'
    assert_line --index 1 '[{"containerID":0,"hostID":65534,"size":1}]'
    assert_line --index 2 '[{"containerID":0,"hostID":65534,"size":1}]'
    assert_line --index 3 'null'
    assert_line --index 4 '[]'
    assert_line --index 5 '["none","/sys","rbind,nosuid,noexec,nodev,ro"]'
    jq --arg r "$B/rootfs" '.root.path = $r | .process.args = ["sh", "-c", "id -u; tr -s \" \" <\/proc/self/uid_map"]' \
        "$T/rl/config.json" >"$T/c" && cat "$T/c" >"$T/rl/config.json"
    run as_nobody "$MR" run --bundle "$T/rl" rl1 </dev/null
    assert_success
    assert_line --index 0 0
    assert_line --index 1 " 0 65534 1"
    run ls -A "$T/xdg/minirunc"
    assert_output ""
    # The default config asks for cgroup limits: refused, saying why.
    run as_nobody "$MR" run --bundle "$B" rl2 </dev/null
    assert_failure
    assert_output --partial "cgroup limits need root or a delegated cgroup v2 subtree"
    run ls -A "$T/xdg/minirunc"
    assert_output ""
}
