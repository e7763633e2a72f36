#!/bin/bash
# make bench: the same busybox bundle started by minirunc, runc and crun.
#
#   run       `RUNTIME run ID` of /bin/true, one after another
#   cycle     create, start, (the process exits), delete, one after another
#   parallel  PAR `run`s at once; the time until the last one is done
#   rss       peak RSS of one `run` (the runtime and what it waits for)
#
# Each figure is the median of the samples; the ratio is to crun.  The
# table goes to stdout and to build/bench.md.
#
# cgroups: crun refuses a hybrid host (v1 controllers with cgroup2 mounted
# beside them, as here) whatever its flags.  The host is not changed to
# suit it: on a hybrid host the whole bench runs in a private mount
# namespace (unshare -m) in which /sys/fs/cgroup/unified is unmounted, so
# all three runtimes see a cgroup v1 host and each makes its v1 cgroups for
# the same bundle.  The report says so.
#
# Usage: scripts/bench.sh [N] [PAR]      (N sequential runs, default 100;
#                                         PAR parallel runs, default 20)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

hybrid_host() {
    [ -d /sys/fs/cgroup/unified ] && [ "$(stat -fc %T /sys/fs/cgroup/unified)" = cgroup2fs ] &&
        [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ]
}
if [ -z "${MINIRUNC_BENCH_NS:-}" ] && hybrid_host; then
    echo "bench: hybrid cgroup host: running in a private mount namespace without" \
        "/sys/fs/cgroup/unified (crun refuses hybrid hosts; the host is not changed)" >&2
    exec env MINIRUNC_BENCH_NS=hybrid unshare -m --propagation private \
        sh -c 'umount /sys/fs/cgroup/unified && exec bash "$0" "$@"' "$0" "$@"
fi
N=${1:-100}
PAR=${2:-20}
ROUNDS=5 # of the parallel batch
MR="$top/bin/minirunc"
OUT="$top/build/bench.md"

for tool in runc crun; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps installs it)" >&2; exit 1; }
done
[ -x "$MR" ] || { echo "bench: build first (make)" >&2; exit 1; }

W=$(mktemp -d /tmp/minirunc-bench.XXXXXX)
cleanup() {
    local r id
    for r in minirunc runc crun; do
        for id in $(ls "$W/state-$r" 2>/dev/null); do
            runtime_cmd "$r" delete --force "$id" >/dev/null 2>&1 || true
        done
    done
    # runc leaves the parent of the cgroups it made (in every hierarchy).
    find /sys/fs/cgroup -depth -type d -path "*/minirunc/bench-*" -exec rmdir {} + 2>/dev/null || true
    for d in /sys/fs/cgroup/*/minirunc /sys/fs/cgroup/minirunc; do
        [ -d "$d" ] && rmdir "$d" 2>/dev/null || true
    done
    rm -rf "$W"
}
trap cleanup EXIT

# RT: the command line of runtime $1, up to the subcommand.
runtime_argv() {
    case $1 in
    minirunc) RT=("$MR" --root "$W/state-minirunc") ;;
    runc) RT=(runc --root "$W/state-runc") ;;
    crun) RT=(crun --root "$W/state-crun") ;;
    esac
}
runtime_cmd() {
    local RT
    runtime_argv "$1"
    shift
    "${RT[@]}" "$@"
}

# The bundle: busybox, /bin/true, no terminal.  Each container gets its
# own config.json (made before the clock starts): its cgroupsPath is its
# own, under minirunc/, so parallel ones never share a cgroup.
"$top/bin/rootfs" busybox "$W/rootfs" >/dev/null
mkdir -p "$W/spec"
"$MR" spec --bundle "$W/spec"
jq --arg root "$W/rootfs" '.root.path = $root | .process.args = ["/bin/true"] |
    .linux.cgroupsPath = "/minirunc/bench-@ID@"' "$W/spec/config.json" >"$W/template.json"

# bundles TEMPLATE: one bundle directory per container id the bench uses.
bundles() {
    local id
    rm -rf "$W/b"
    mkdir -p "$W/b"
    for id in $(seq -f 'run-%g' 0 $((N - 1))) $(seq -f 'cyc-%g' 0 $((N - 1))) \
        $(seq -f 'par-%g' 0 $((PAR * ROUNDS - 1))) $(seq -f 'rss-%g' 0 4); do
        mkdir "$W/b/$id"
        sed "s/@ID@/$id/" "$1" >"$W/b/$id/config.json"
    done
}

# Median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

now_us() { echo "${EPOCHREALTIME/./}"; }
ms_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN { printf "%.2f\n", (b - a) / 1000 }'; }

# Each prints one sample per line, in milliseconds.
bench_run() {
    local r=$1 i t0
    for ((i = 0; i < N; i++)); do
        t0=$(now_us)
        if ! runtime_cmd "$r" run --bundle "$W/b/run-$i" "run-$i" >/dev/null 2>"$W/err" </dev/null; then
            echo "bench: $r run failed: $(cat "$W/err")" >&2
            exit 1
        fi
        ms_since "$t0"
    done
}

bench_cycle() {
    local r=$1 i t0
    for ((i = 0; i < N; i++)); do
        t0=$(now_us)
        runtime_cmd "$r" create --bundle "$W/b/cyc-$i" "cyc-$i" >/dev/null 2>&1 </dev/null
        runtime_cmd "$r" start "cyc-$i" >/dev/null 2>&1
        # /bin/true is done at once; --force covers the race with its exit.
        runtime_cmd "$r" delete --force "cyc-$i" >/dev/null 2>&1
        ms_since "$t0"
    done
}

bench_parallel() {
    local r=$1 k i t0 id
    for ((k = 0; k < ROUNDS; k++)); do
        t0=$(now_us)
        for ((i = 0; i < PAR; i++)); do
            id=par-$((k * PAR + i))
            runtime_cmd "$r" run --bundle "$W/b/$id" "$id" >/dev/null 2>&1 </dev/null &
        done
        wait
        ms_since "$t0"
    done
}

bench_rss() {
    local r=$1 i RT
    runtime_argv "$r"
    for ((i = 0; i < 5; i++)); do
        /usr/bin/time -f %M -o "$W/rss" "${RT[@]}" run --bundle "$W/b/rss-$i" "rss-$i" >/dev/null 2>&1 </dev/null
        cat "$W/rss"
    done
}

declare -A RES
measure() {
    local r=$1 what
    for what in run cycle parallel rss; do
        RES[$r.$what]=$("bench_$what" "$r" | median)
    done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

table() {
    local title=$1
    shift
    echo "### $title"
    echo
    echo "| runtime | run (ms, median of $N) | create+start+delete (ms) | $PAR in parallel (ms, median of $ROUNDS) | peak RSS (KiB) |"
    echo "|---|---|---|---|---|"
    local r base=$1
    for r in "$@"; do
        printf '| %s | %s (%sx) | %s (%sx) | %s (%sx) | %.0f |\n' "$r" \
            "${RES[$r.run]}" "$(ratio "${RES[$r.run]}" "${RES[$base.run]}")" \
            "${RES[$r.cycle]}" "$(ratio "${RES[$r.cycle]}" "${RES[$base.cycle]}")" \
            "${RES[$r.parallel]}" "$(ratio "${RES[$r.parallel]}" "${RES[$base.parallel]}")" \
            "${RES[$r.rss]}"
    done
    echo
}

{
    echo "## make bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r), $(. /etc/os-release; echo "$PRETTY_NAME")"
    echo "- cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "- versions: minirunc $("$MR" --version | head -1 | awk '{print $3}'), runc $(runc --version | head -1 | awk '{print $3}'), crun $(crun --version | head -1 | awk '{print $3}')"
    if [ "${MINIRUNC_BENCH_NS:-}" = hybrid ]; then
        echo "- cgroups: a hybrid host, seen as cgroup v1 by all three runtimes: the bench ran in a private mount namespace without /sys/fs/cgroup/unified, as crun refuses hybrid hosts (the host was not changed). Each runtime made the bundle's v1 cgroups (device rules)."
    else
        echo "- cgroups: $(stat -fc %T /sys/fs/cgroup) host; each runtime made the bundle's cgroup (device rules)."
    fi
    echo
} >"$W/head.md"

bundles "$W/template.json"
for r in crun runc minirunc; do
    echo "bench: $r ..." >&2
    measure "$r"
done
{
    cat "$W/head.md"
    table "the default bundle running /bin/true (ratio to crun)" crun runc minirunc
} >"$W/report.md"

mkdir -p "$top/build"
cp "$W/report.md" "$OUT"
cat "$OUT"
echo "bench: written to ${OUT#"$top"/}" >&2
