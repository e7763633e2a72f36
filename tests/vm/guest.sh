#!/bin/bash
# guest.sh SHAPE COMMAND...: run COMMAND (in this checkout, as root) in a
# small guest of host shape SHAPE, and exit with its status:
#
#   v2   pure cgroup v2 (only cgroup2 at /sys/fs/cgroup, every controller
#        enabled at the root: Debian 12, Ubuntu 22.04+, Fedora, most laptops)
#   v1   cgroup v1 only (one hierarchy per controller, no cgroup2 at all)
#   systemd  systemd as PID 1 on pure cgroup v2, with D-Bus: COMMAND runs as
#        a unit once the system is up (--systemd-cgroup, podman's defaults)
#   systemd-hybrid  the same with systemd's hybrid layout (kernel argument
#        systemd.unified_cgroup_hierarchy=0): v1 controllers, cgroup2 at
#        /sys/fs/cgroup/unified for systemd alone (Debian 10, Ubuntu 20.04,
#        CentOS 7/8, hosts kept on v1 for older software)
#
# The guest is QEMU with Debian's own kernel (downloaded with apt-get
# download, unpacked into build/vm, never installed), booted over this
# machine's filesystem: the host's / over 9p, read-only, under a tmpfs
# overlay (tests/vm/init).  Under software emulation (TCG) programs run
# several times slower than here: times in a guest are never benchmarks.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
shape=${1:?usage: guest.sh v2|v1|systemd|systemd-hybrid COMMAND...}
shift
[ $# -gt 0 ] || { echo "usage: guest.sh v2|v1|systemd|systemd-hybrid COMMAND..." >&2; exit 2; }
case $shape in
v1|v2|systemd) cgargs= ;;
systemd-hybrid) cgargs=systemd.unified_cgroup_hierarchy=0 ;;
*) echo "guest.sh: shape '$shape': v1, v2, systemd or systemd-hybrid" >&2; exit 2 ;;
esac
vm="$top/build/vm"
mem=${MINIRUNC_VM_MEM:-3072}
mkdir -p "$vm"

# 1. Debian's kernel: the version linux-image-amd64 points at.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
if [ -z "$kpkg" ]; then
    apt-get update -qq
    kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
fi
kver=${kpkg#linux-image-}
kdir="$vm/$kver"
if [ ! -f "$kdir/root/boot/vmlinuz-$kver" ]; then
    echo "guest.sh: fetching $kpkg (once)" >&2
    rm -rf "$kdir"
    mkdir -p "$kdir"
    (cd "$kdir" && apt-get download -qq "$kpkg" 2>/dev/null && dpkg-deb -x ./*.deb root && rm -f ./*.deb)
fi

# 2. The initramfs: static busybox, tests/vm/init, and the modules the
# kernel needs for 9p, overlay and a virtio disk, in dependency order.
initrd="$kdir/initramfs.cpio.gz"
if [ ! -f "$initrd" ] || [ "$top/tests/vm/init" -nt "$initrd" ] || [ "$0" -nt "$initrd" ]; then
    stage=$(mktemp -d)
    mkdir -p "$stage/bin" "$stage/modules"
    cp /bin/busybox "$stage/bin/busybox"
    ln -s busybox "$stage/bin/sh"
    cp "$top/tests/vm/init" "$stage/init"
    chmod 755 "$stage/init"
    mods="$kdir/root/lib/modules/$kver"
    order=()
    add_module() { # add_module NAME: its dependencies first
        local name=$1 f dep
        for dep in "${order[@]}"; do [ "$dep" = "$name" ] && return 0; done
        f=$(find "$mods" -name "$name.ko" -print -quit)
        [ -n "$f" ] || { echo "guest.sh: no module $name in $kpkg" >&2; return 1; }
        for dep in $(grep -a -o 'depends=[^[:cntrl:]]*' "$f" | head -1 | cut -d= -f2 | tr , ' '); do
            add_module "$dep"
        done
        order+=("$name")
        cp "$f" "$stage/modules/$name.ko"
    }
    for m in virtio_pci 9pnet_virtio 9p overlay virtio_blk; do add_module "$m"; done
    printf '%s\n' "${order[@]}" >"$stage/modules/order"
    (cd "$stage" && find . | /bin/busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$initrd.new"
    mv "$initrd.new" "$initrd"
    rm -rf "$stage"
fi

# 3. The job, and where its status comes back.
job=$(mktemp -d /tmp/minirunc-vm.XXXXXX)
trap 'rm -rf "$job"' EXIT
{
    echo "cd $(printf %q "$top")"
    printf '%q ' "$@"
    echo
} >"$job/job.sh"
# A small blank disk (/dev/vda in the guest): a block device for the io
# limits (io.max, blkio.throttle) to name; nothing mounts it.
truncate -s 8M "$job/disk.img"

# KVM here is PVM and cannot run a stock kernel: TCG, several vCPU threads.
timeout -k 10 "${MINIRUNC_VM_TIMEOUT:-3000}" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu max -smp 2 -m "$mem" \
    -display none -monitor none -serial stdio -no-reboot \
    -kernel "$kdir/root/boot/vmlinuz-$kver" -initrd "$initrd" \
    -append "console=ttyS0 quiet loglevel=1 mitigations=off panic=-1 minirunc.shape=$shape minirunc.job=$job minirunc.modules=$kdir/root/lib/modules/$kver $cgargs" \
    -fsdev local,id=host,path=/,security_model=none,readonly=on,multidevs=remap \
    -device virtio-9p-pci,fsdev=host,mount_tag=host \
    -fsdev local,id=out,path="$job",security_model=none \
    -device virtio-9p-pci,fsdev=out,mount_tag=out \
    -drive file="$job/disk.img",format=raw,if=virtio,cache=unsafe </dev/null
if [ ! -s "$job/rc" ]; then
    echo "guest.sh: the $shape guest ended without the job's status" >&2
    exit 1
fi
exit "$(cat "$job/rc")"
