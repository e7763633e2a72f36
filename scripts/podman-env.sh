#!/bin/bash
# A private podman set-up that drives bin/minirunc, in DIR: its own
# containers.conf, storage.conf and registries.conf, storage and run
# directories, and the busybox rootfs imported as localhost/busybox (no
# registry is needed).  The host's podman configuration is not read or
# changed.  Prints the environment to use it:
#
#   eval "$(scripts/podman-env.sh /tmp/pm)"
#   podman run --rm localhost/busybox echo hello
#
# Usage: scripts/podman-env.sh DIR [MINIRUNC]   (default: bin/minirunc)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 DIR [MINIRUNC]" >&2; exit 2; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
runtime=$(realpath "${2:-$top/bin/minirunc}")
[ -x "$runtime" ] || { echo "podman-env: $runtime: not built (make)" >&2; exit 1; }
mkdir -p "$dir/tmp" "$dir/net"

# The cgroup manager: podman's default, systemd, where systemd runs the
# host (it then runs minirunc with --systemd-cgroup and a cgroupsPath of
# machine.slice:libpod:<id>); cgroupfs where it does not, as on a machine
# without systemd as PID 1 (podman's systemd manager needs its bus).
# default_ulimits: podman's own defaults (nofile, nproc 1048576) are above
# the hard limits of hosts like ours, and raising a hard limit needs
# CAP_SYS_RESOURCE.  netns none: no network set-up (no CNI or netavark
# bridge needed).
manager='cgroup_manager = "cgroupfs"'
[ -d /run/systemd/system ] && manager="# cgroup_manager: podman's default (systemd)"
cat >"$dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
netns = "none"
log_driver = "k8s-file"

[engine]
$manager
events_logger = "file"
events_logfile_path = "$dir/events.log"
runtime = "minirunc"
# Like runc and crun, minirunc writes --log-format json error lines: podman
# then shows minirunc's own message when the runtime fails.
runtime_supports_json = ["minirunc"]
tmp_dir = "$dir/tmp"
static_dir = "$dir/storage/libpod"
volume_path = "$dir/storage/volumes"

[engine.runtimes]
minirunc = ["$runtime"]

[network]
network_config_dir = "$dir/net"
CONF
cat >"$dir/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$dir/storage"
runroot = "$dir/run"
CONF
echo 'unqualified-search-registries = []' >"$dir/registries.conf"

env="CONTAINERS_CONF=$dir/containers.conf CONTAINERS_STORAGE_CONF=$dir/storage.conf CONTAINERS_REGISTRIES_CONF=$dir/registries.conf"
if ! env $env podman image exists localhost/busybox:latest; then
    # bin/rootfs beside the runtime builds the default busybox rootfs.
    "$(dirname "$runtime")/rootfs" busybox "$dir/busybox" >/dev/null
    tar -C "$dir/busybox" -cf "$dir/busybox.tar" .
    env $env podman import "$dir/busybox.tar" localhost/busybox:latest >/dev/null 2>&1
    rm -rf "$dir/busybox" "$dir/busybox.tar"
fi
for v in $env; do echo "export $v"; done
