# podman driving bin/minirunc: a private podman per bats file.  Its
# configuration, storage, run and state directories all live in $PM, so the
# host's podman set-up (if any) is neither used nor changed, and teardown
# removes everything.  No registry is reachable: the image is the busybox
# rootfs, imported as localhost/busybox.

# The cgroup parent podman is given (conmon's cgroup goes in it too): ours,
# below minirunc/ at each hierarchy's root.
podman_cgroup_parent() { echo "/minirunc/podman-$PM_TAG"; }

podman_setup() {
    PM=$(mktemp -d /tmp/mr-podman.XXXXXX)
    PM_TAG=${PM##*.}
    mkdir -p "$PM/tmp" "$PM/net" "$PM/vol"
    # default_ulimits: podman's defaults (nofile 1048576) are above this
    # machine's hard limits (nofile, nproc), which cannot be raised without
    # CAP_SYS_RESOURCE.
    cat >"$PM/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
netns = "none"
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PM/events.log"
runtime = "minirunc"
tmp_dir = "$PM/tmp"
static_dir = "$PM/storage/libpod"
volume_path = "$PM/storage/volumes"

[engine.runtimes]
minirunc = ["$BIN/minirunc"]

[network]
network_config_dir = "$PM/net"
EOF
    cat >"$PM/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$PM/storage"
runroot = "$PM/run"
EOF
    echo 'unqualified-search-registries = []' >"$PM/registries.conf"
    "$ROOTFS" busybox "$PM/busybox" >/dev/null
    tar -C "$PM/busybox" -cf "$PM/busybox.tar" .
    pm import "$PM/busybox.tar" localhost/busybox:latest >/dev/null
}

# The environment that points podman at our configuration.
pm_env() {
    echo "CONTAINERS_CONF=$PM/containers.conf CONTAINERS_STORAGE_CONF=$PM/storage.conf" \
        "CONTAINERS_REGISTRIES_CONF=$PM/registries.conf"
}

# podman with our configuration.  minirunc keeps its state in its default
# --root, /run/minirunc (podman's own clean-up, run later by conmon, would
# not pass a --runtime-flag on); podman's container ids do not collide.
pm() { env $(pm_env) timeout 120 podman "$@"; }

# podman run/create with our cgroup parent.
pm_run() { pm run --cgroup-parent "$(podman_cgroup_parent)" "$@"; }

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
