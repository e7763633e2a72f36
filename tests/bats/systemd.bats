#!/usr/bin/env bats
# --systemd-cgroup (2.3, who owns the cgroup tree): the container's cgroup
# is a transient scope that systemd makes over D-Bus.  Without systemd the
# runtime says so and leaves nothing; with systemd as PID 1 (the systemd
# guests of tests/run.sh vm: pure v2, and systemd's hybrid layout) the
# scope holds the container and its limits, and delete removes it.

load helpers

MR="$BIN/minirunc"

setup() { bundle_setup; }

teardown() {
    delete_all_containers
    remove_scratch
}

# requires_systemd: skip unless systemd is PID 1 with its bus up.
requires_systemd() {
    requires root
    [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && [ -S /run/dbus/system_bus_socket ] ||
        skip "systemd is not PID 1 here (the systemd guest runs this: tests/run.sh vm)"
}

# cg_file UNIT FILE: where system.slice/UNIT's FILE (named as on cgroup v2)
# is on this host: one directory on pure v2; on systemd's hybrid layout
# (the systemd-hybrid guest) the v1 controller's own file.
cg_file() {
    local d=system.slice/$1
    if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo "/sys/fs/cgroup/$d/$2"; return; fi
    case $2 in
    memory.max) echo "/sys/fs/cgroup/memory/$d/memory.limit_in_bytes" ;;
    pids.max | cgroup.procs) echo "/sys/fs/cgroup/pids/$d/$2" ;;
    cpu.max) echo "/sys/fs/cgroup/cpu,cpuacct/$d/cpu.cfs_quota_us" ;;
    esac
}

# The quota as cg_file's cpu.max shows it.
cpu_max() { if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo "$1 $2"; else echo "$1"; fi; }

@test "--systemd-cgroup without a systemd bus: the error says so, nothing is left" {
    [ "$(cat /proc/1/comm 2>/dev/null)" != systemd ] || skip "systemd runs here"
    update_config '.linux.resources.pids = {"limit": 20}'
    run mr --systemd-cgroup run --bundle "$B" nobus
    assert_failure
    assert_output --partial "--systemd-cgroup: cannot reach systemd's"
    assert_output --partial "leave out --systemd-cgroup"
    run ls -A "$S"
    assert_output ""
    run bash -c "ls -d /sys/fs/cgroup/*/system.slice/minirunc-nobus.scope /sys/fs/cgroup/system.slice/minirunc-nobus.scope 2>/dev/null"
    assert_output ""
}

@test "--systemd-cgroup: a cgroupsPath not of the form slice:prefix:name is refused before anything is made" {
    update_config '.linux.resources.pids = {"limit": 20} | .linux.cgroupsPath = "/minirunc/x"'
    run mr --systemd-cgroup run --bundle "$B" badpath
    assert_failure
    assert_output --partial 'linux.cgroupsPath "/minirunc/x": with --systemd-cgroup it is "slice:prefix:name"'
    update_config '.linux.cgroupsPath = "a--b.slice:p:n"'
    run mr --systemd-cgroup run --bundle "$B" badpath
    assert_failure
    assert_output --partial 'systemd slice "a--b.slice": an empty part'
    run ls -A "$S"
    assert_output ""
}

@test "--systemd-cgroup run: the container is in its scope, with its limits; delete removes the unit" {
    requires_systemd
    update_config '.process.args = ["sleep", "600"] | .linux.cgroupsPath = "system.slice:minirunc:sdrun" |
        .linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 50} |
        .linux.resources.cpu = {"quota": 25000, "period": 100000}'
    mr_bg --systemd-cgroup --trace create --bundle "$B" sdrun
    run cat "$T/init.out"
    assert_line --partial "[03-cgroups] busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StartTransientUnit 'ssa(sv)a(sa(sv))' minirunc-sdrun.scope fail"
    assert_line --partial "MemoryMax t 67108864 TasksMax t 50 CPUQuotaPerSecUSec t 250000"
    assert_line --partial "DevicePolicy s strict DeviceAllow 'a(ss)' "
    run systemctl show -p ActiveState -p Slice -p Delegate -p MemoryMax -p TasksMax -p CPUQuotaPerSecUSec minirunc-sdrun.scope
    assert_line "ActiveState=active"
    assert_line "Slice=system.slice"
    assert_line "Delegate=yes"
    assert_line "MemoryMax=67108864"
    assert_line "TasksMax=50"
    assert_line "CPUQuotaPerSecUSec=250ms"
    # the device list is systemd's too: deny all, then the allowed ones
    run systemctl show -p DevicePolicy -p DeviceAllow minirunc-sdrun.scope
    assert_line "DevicePolicy=strict"
    assert_output --partial "char-pts rwm"
    assert_output --partial "/dev/char/1:3 rwm"
    local u=minirunc-sdrun.scope
    assert_equal "$(cat "$(cg_file $u memory.max)")" 67108864
    assert_equal "$(cat "$(cg_file $u pids.max)")" 50
    assert_equal "$(cat "$(cg_file $u cpu.max)")" "$(cpu_max 25000 100000)"
    # The init is the scope's one process, and the container sees the scope
    # as its own root (a cgroup namespace), in every hierarchy.
    pid=$(mr state sdrun | jq -r .pid)
    assert_equal "$(cat "$(cg_file $u cgroup.procs)")" "$pid"
    if [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
        # hybrid: the init is in the scope in every v1 hierarchy too, those
        # systemd manages and those it leaves to us (cpuset, freezer, ...).
        run bash -c "grep -v -e ':/system.slice/$u\$' -e '^1:name=systemd:' /proc/$pid/cgroup"
        assert_output ""
    fi
    run mr ps sdrun
    assert_line --partial "$pid"
    mr start sdrun
    run mr exec sdrun sh -c 'grep -v ":/$" /proc/self/cgroup; cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null'
    assert_output "50"
    # the runtime's device program (it replaces systemd's, as runc's does)
    # lets these through
    run mr exec sdrun sh -c 'echo x > /dev/null && head -c 3 /dev/zero | wc -c'
    assert_output "3"
    # update: systemd is told (it would put back its own value on a
    # reload), then the file is written.
    run mr --systemd-cgroup --trace update --pids-limit 40 --memory 100663296 sdrun
    assert_success
    assert_line "[03-cgroups] busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager SetUnitProperties 'sba(sv)' minirunc-sdrun.scope true 2 MemoryMax t 100663296 TasksMax t 40"
    run systemctl show -p MemoryMax -p TasksMax minirunc-sdrun.scope
    assert_line "MemoryMax=100663296"
    assert_line "TasksMax=40"
    assert_equal "$(cat "$(cg_file $u pids.max)")" 40
    systemctl daemon-reload
    assert_equal "$(cat "$(cg_file $u pids.max)")" 40
    run mr --systemd-cgroup --trace delete --force sdrun
    assert_success
    assert_line "[03-cgroups] busctl call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.systemd1.Manager StopUnit ss minirunc-sdrun.scope replace"
    run systemctl show -p LoadState -p ActiveState minirunc-sdrun.scope
    refute_line "ActiveState=active"
    run bash -c "ls -d /sys/fs/cgroup/system.slice/$u /sys/fs/cgroup/*/system.slice/$u 2>/dev/null"
    assert_output ""
}

@test "--systemd-cgroup: the default scope, a nested slice, and a failed start leaves no unit" {
    requires_systemd
    update_config '.process.args = ["true"] | .linux.resources.pids = {"limit": 30} | del(.linux.cgroupsPath)'
    run mr --systemd-cgroup --trace run --bundle "$B" sddefault
    assert_success
    assert_line --partial "minirunc-sddefault.scope fail"
    assert_line --partial "Slice s system.slice"
    run systemctl is-active minirunc-sddefault.scope
    refute_output active
    # a-b.slice lives below a.slice: systemd makes both.
    update_config '.process.args = ["cat", "/proc/self/cgroup"] | .linux.cgroupsPath = "mr-test.slice:demo:nested" |
        .linux.namespaces |= map(select(.type != "cgroup"))'
    run mr --systemd-cgroup run --bundle "$B" sdnested
    assert_success
    assert_line "0::/mr.slice/mr-test.slice/demo-nested.scope"
    # A unit that is already there: systemd refuses it, nothing is left.
    update_config '.process.args = ["sleep", "600"] | .linux.cgroupsPath = "system.slice:minirunc:sdtwice"'
    mr_bg --systemd-cgroup run -d --bundle "$B" sdtwice
    run mr --systemd-cgroup run --bundle "$B" sdtwice2
    assert_failure
    assert_output --partial "StartTransientUnit minirunc-sdtwice.scope in system.slice"
    run mr state sdtwice2
    assert_failure
    # and the unit it named, someone else's, is left alone.
    run systemctl is-active minirunc-sdtwice.scope
    assert_output active
    mr --systemd-cgroup delete --force sdtwice
    run systemctl is-active minirunc-sdtwice.scope
    refute_output active
    systemctl stop mr.slice 2>/dev/null || true
}
