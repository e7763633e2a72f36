#!/bin/sh
# `make demo`: the default busybox rootfs, entered the way chapter 2.1 says,
# with every step traced, and the mount table the container then sees.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/bin"
rootfs="$top/build/busybox-rootfs"

if [ ! -x "$rootfs/bin/busybox" ]; then
    rm -rf "$rootfs"
    echo "== rootfs busybox $rootfs"
    "$bin/rootfs" busybox "$rootfs"
fi

echo
echo "== rootfs run --trace $rootfs -- sh -c 'cat /proc/self/mounts'"
echo "   (2.1.1 steps 2-4, each step on stderr tagged [01-rootfs]; then the"
echo "    table 2.1.2 as the container sees it)"
echo
"$bin/rootfs" run --trace "$rootfs" -- sh -c '
    echo "--- /proc/self/mounts inside the container:"
    cat /proc/self/mounts
    echo "--- the old root is gone:"; ls -a /
    echo "--- /proc/sys is read-only:"; echo 1 > /proc/sys/kernel/ctrl-alt-del || true' 2>&1
