# podman driving bin/minirunc: a private podman per test
# (scripts/podman-env.sh).  Its configuration, storage and run directories
# all live in $PM, so the host's podman set-up (if any) is neither used nor
# changed, and teardown removes everything.  No registry is reachable: the
# image is the busybox rootfs, imported as localhost/busybox.

# podman's cgroup manager here: systemd where systemd runs the host
# (scripts/podman-env.sh leaves podman's default), cgroupfs elsewhere.
pm_systemd() { [ -d /run/systemd/system ]; }

# The cgroup parent podman is given (conmon's cgroup goes in it too): ours,
# below minirunc/ at each hierarchy's root.  Under systemd, podman's
# default, machine.slice: the scopes are systemd's units, which podman
# stops and systemd removes.
podman_cgroup_parent() { echo "/minirunc/podman-$PM_TAG"; }
pm_cgroup_args() { pm_systemd || echo "--cgroup-parent $(podman_cgroup_parent)"; }

podman_setup() {
    PM=$(mktemp -d /tmp/mr-podman.XXXXXX)
    PM_TAG=${PM##*.}
    mkdir -p "$PM/vol"
    # The configuration a reader gets from scripts/podman-env.sh, for the
    # binary under test.
    bounded 300 bash "$TOP/scripts/podman-env.sh" "$PM" "$BIN/minirunc" >/dev/null </dev/null
}

# The environment that points podman at our configuration.
pm_env() {
    echo "CONTAINERS_CONF=$PM/containers.conf CONTAINERS_STORAGE_CONF=$PM/storage.conf" \
        "CONTAINERS_REGISTRIES_CONF=$PM/registries.conf"
}

# podman with our configuration.  minirunc keeps its state in its default
# --root, /run/minirunc (podman's own clean-up, run later by conmon, would
# not pass a --runtime-flag on); podman's container ids do not collide.
# stdin is /dev/null: when the tests run on a terminal, `podman exec -t`
# without -i hangs on it until killed (runc as the runtime too).
pm() { bounded 120 env $(pm_env) podman "$@" </dev/null; }

# podman run/create with our cgroup parent.
pm_run() { pm run $(pm_cgroup_args) "$@"; }

podman_teardown() {
    [ -n "${PM:-}" ] || return 0
    pm rm --all --force --time 0 >/dev/null 2>&1 || true
    pm rmi --all --force >/dev/null 2>&1 || true
    # podman's own tmpfs (a container's /dev/shm) if a container was left.
    grep " $PM" /proc/self/mountinfo | awk '{print $5}' | sort -r | while read -r m; do
        umount -l "$m" || true
    done
    # conmon's cgroup and the parent, in every hierarchy: podman made them
    # for us, nothing else is in them once the containers are gone.
    find /sys/fs/cgroup -depth -type d -path "*$(podman_cgroup_parent)*" -exec rmdir {} + 2>/dev/null || true
    local d
    for d in /sys/fs/cgroup/*/minirunc /sys/fs/cgroup/minirunc; do
        [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
    rm -rf "$PM"
}
