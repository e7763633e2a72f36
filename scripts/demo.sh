#!/bin/sh
# `make demo`: the default busybox bundle started by bin/minirunc with every
# step traced, then the same container with only chapters 1..N applied.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/bin"
bundle="$top/build/demo-bundle"
state="$top/build/demo-state"

if [ ! -x "$bundle/rootfs/bin/busybox" ]; then
    rm -rf "$bundle"
    mkdir -p "$bundle"
    echo "== rootfs busybox $bundle/rootfs        (chapter 2.1, the default rootfs)"
    "$bin/rootfs" busybox "$bundle/rootfs"
fi
rm -f "$bundle/config.json"
"$bin/minirunc" spec --bundle "$bundle"
# What each layer changes, in one line.  kmsg: can the container open the
# kernel log (c 1:11) after a mknod?  Its cgroup's device rules say no
# (2.3: devices.deny on cgroup v1, a device program on v2).
jq '.process.args = ["sh", "-c", "echo \"hostname=$(hostname) pid=$$ kmsg=$(mknod /dev/.kmsg c 1 11 2>/dev/null; (: </dev/.kmsg) 2>/dev/null && echo open || echo denied) CapEff=$(grep CapEff /proc/self/status | cut -f2) uid=$(id -u) env=$(env | wc -l) vars\""]' \
    "$bundle/config.json" >"$bundle/config.json.new"
mv "$bundle/config.json.new" "$bundle/config.json"

echo
echo "== minirunc --trace run demo"
echo "   (every step, tagged with its chapter: 2.1 rootfs, 2.2 namespace, 2.3 cgroups,"
echo "    2.4 capability, 2.5 process environment)"
echo
"$bin/minirunc" --root "$state" --trace run --bundle "$bundle" demo 2>&1

echo
echo "== the same container, one chapter at a time (minirunc --upto N run)"
for n in 1 2 3 4 5; do
    case $n in
    1) what="rootfs only: host hostname and pids, no cgroup (no device rules: kmsg open), all capabilities, minirunc's env" ;;
    2) what="+ namespaces: its own hostname, PID 1" ;;
    3) what="+ cgroups: in minirunc/demo, its device rules (kmsg denied)" ;;
    4) what="+ capabilities: only the default set a80425fb" ;;
    5) what="+ process environment: only config.json's variables" ;;
    esac
    printf '%s\n   upto %d: ' "-- $what" "$n"
    "$bin/minirunc" --root "$state" --upto "$n" run --bundle "$bundle" demo 2>&1
done
