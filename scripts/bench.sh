#!/bin/bash
# make bench: the same busybox bundle started by minirunc, crun and runc,
# run by run in turn, so that each sample of minirunc has a sample of the
# others taken at the same moment (this machine's speed drifts by more
# than the differences measured).
#
#   run       `RUNTIME run ID` of /bin/true
#   cycle     create, start, (the process exits), delete --force
#   parallel  PAR `run`s at once; the time until the last one is done
#   rss       peak RSS of one `run` (the runtime and what it waits for)
#   syscalls  system calls of one `run` (strace -f -c), every process
#
# A round runs each runtime once, in an order that rotates from round to
# round.  Reported: each runtime's median, and the median of the per-round
# ratios minirunc/crun and minirunc/runc with their spread (10th to 90th
# percentile).  The table goes to stdout and to build/bench.md.
#
# cgroups: crun refuses a hybrid host (v1 controllers with cgroup2 mounted
# beside them, as here) whatever its flags.  The host is not changed to
# suit it: on a hybrid host the whole bench runs in a private mount
# namespace (unshare -m) in which /sys/fs/cgroup/unified is unmounted, so
# all three runtimes see a cgroup v1 host and each makes its v1 cgroups for
# the same bundle.  The report says so.
#
# Usage: scripts/bench.sh [--guest v2|v1] [N] [PAR]
#   N rounds of run and of cycle (default 100), PAR parallel runs (default
#   20, 10 rounds).  --guest: the same in a guest of that cgroup shape
#   (tests/vm/guest.sh); only the ratios mean anything there, the guest is
#   emulated.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" = --guest ]; then
    shape=${2:?--guest v2 or v1}
    shift 2
    # The guest's writes end with it (a tmpfs over this machine's files):
    # its report comes back on the console, and is kept here.
    out="$top/build/bench-$shape-guest.md"
    log=$(mktemp)
    mkdir -p "$top/build"
    bash "$top/tests/vm/guest.sh" "$shape" env MINIRUNC_BENCH_GUEST="$shape" MINIRUNC_BENCH_OUT=/tmp/bench.md \
        bash "$top/scripts/bench.sh" "$@" | tee "$log"
    rc=${PIPESTATUS[0]}
    grep -v '^\[ *[0-9.]*\] ' "$log" | sed -n '/^## make bench/,/^| system calls/p' >"$out"
    rm -f "$log"
    [ "$rc" -eq 0 ] && echo "bench: written to ${out#"$top"/}" >&2
    exit "$rc"
fi

hybrid_host() {
    [ -d /sys/fs/cgroup/unified ] && [ "$(stat -fc %T /sys/fs/cgroup/unified)" = cgroup2fs ] &&
        [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ]
}
# Everything runs in a private mount namespace of its own, which ends with
# the bench: the state dirs get a tmpfs there (where each runtime keeps
# them on a systemd host, /run), and on a hybrid host the cgroup2 mount is
# hidden there.  The host's mounts are not changed.
if [ -z "${MINIRUNC_BENCH_NS:-}" ]; then
    view=private
    if hybrid_host; then
        view=hybrid
        echo "bench: hybrid cgroup host: /sys/fs/cgroup/unified hidden in the bench's mount" \
            "namespace (crun refuses hybrid hosts; the host is not changed)" >&2
    fi
    exec env MINIRUNC_BENCH_NS=$view unshare -m --propagation private \
        sh -c '[ "$MINIRUNC_BENCH_NS" = private ] || umount /sys/fs/cgroup/unified || exit 1
               exec bash "$0" "$@"' "$0" "$@"
fi
N=${1:-100}
PAR=${2:-20}
PROUNDS=10
RUNTIMES=(minirunc crun runc)
MR="$top/bin/minirunc"
OUT=${MINIRUNC_BENCH_OUT:-$top/build/bench.md}

for tool in runc crun strace; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps installs it)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (make deps installs it)" >&2; exit 1; }
[ -x "$MR" ] || { echo "bench: build first (make)" >&2; exit 1; }

# The bundles on disk, the state dirs on a tmpfs.
W=$(mktemp -d /tmp/minirunc-bench.XXXXXX)
R=$(mktemp -d /tmp/minirunc-bench-state.XXXXXX)
mount -t tmpfs -o mode=0700 minirunc-bench "$R"
cleanup() {
    local r id
    for r in "${RUNTIMES[@]}"; do
        for id in $(ls "$R/state-$r" 2>/dev/null); do
            runtime_cmd "$r" delete --force "$id" >/dev/null 2>&1 || true
        done
    done
    # runc and crun leave the parent of the cgroups they made.
    find /sys/fs/cgroup -depth -type d -path "*/minirunc/bench-*" -exec rmdir {} + 2>/dev/null || true
    for d in /sys/fs/cgroup/*/minirunc /sys/fs/cgroup/minirunc; do
        [ -d "$d" ] && rmdir "$d" 2>/dev/null || true
    done
    umount "$R" 2>/dev/null || true
    rm -rf "$W" "$R"
}
trap cleanup EXIT

# RT: the command line of runtime $1, up to the subcommand.
runtime_argv() {
    case $1 in
    minirunc) RT=("$MR" --root "$R/state-minirunc") ;;
    runc) RT=(runc --root "$R/state-runc") ;;
    crun) RT=(crun --root "$R/state-crun") ;;
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
jq --arg root "$W/rootfs" '.root.path = $root | .process.args = ["/bin/true"] | .process.terminal = false |
    .linux.cgroupsPath = "/minirunc/bench-@ID@"' "$W/spec/config.json" >"$W/template.json"
bundle() {
    mkdir -p "$W/b/$1"
    sed "s/@ID@/$1/" "$W/template.json" >"$W/b/$1/config.json"
}

now_us() { echo "${EPOCHREALTIME/./}"; }
ms_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN { printf "%.3f\n", (b - a) / 1000 }'; }

# One sample, in milliseconds, of each kind; ID is the container's.
sample_run() {
    local r=$1 id=$2 t0
    t0=$(now_us)
    if ! runtime_cmd "$r" run --bundle "$W/b/$id" "$id" >/dev/null 2>"$W/err" </dev/null; then
        echo "bench: $r run failed: $(cat "$W/err")" >&2
        exit 1
    fi
    ms_since "$t0"
}
sample_cycle() {
    local r=$1 id=$2 t0
    t0=$(now_us)
    runtime_cmd "$r" create --bundle "$W/b/$id" "$id" >/dev/null 2>"$W/err" </dev/null &&
        runtime_cmd "$r" start "$id" >/dev/null 2>>"$W/err" &&
        runtime_cmd "$r" delete --force "$id" >/dev/null 2>>"$W/err" ||
        { echo "bench: $r create/start/delete failed: $(cat "$W/err")" >&2; exit 1; }
    ms_since "$t0"
}
sample_parallel() {
    local r=$1 id=$2 t0 i pids=()
    t0=$(now_us)
    for ((i = 0; i < PAR; i++)); do
        runtime_cmd "$r" run --bundle "$W/b/$id-$i" "$id-$i" >/dev/null 2>&1 </dev/null &
        pids+=($!)
    done
    for i in "${pids[@]}"; do
        wait "$i" || { echo "bench: $r: one of $PAR parallel runs failed" >&2; exit 1; }
    done
    ms_since "$t0"
}

# rounds KIND COUNT: COUNT rounds; each writes one line "r1 ms r2 ms ..."
# to $W/KIND, the runtimes in an order that rotates every round.
rounds() {
    local kind=$1 count=$2 k j r id line
    : >"$W/$kind"
    for ((k = 0; k < count; k++)); do
        declare -A got=()
        for ((j = 0; j < ${#RUNTIMES[@]}; j++)); do
            r=${RUNTIMES[$(((k + j) % ${#RUNTIMES[@]}))]}
            id="$kind-$r-$k"
            got[$r]=$("sample_$kind" "$r" "$id")
        done
        line=""
        for r in "${RUNTIMES[@]}"; do line="$line $r ${got[$r]}"; done
        echo "$line" >>"$W/$kind"
        unset got
    done
}

# The bundles every round will use, made before any clock starts.
for r in "${RUNTIMES[@]}"; do
    for ((k = 0; k < N; k++)); do bundle "run-$r-$k"; bundle "cycle-$r-$k"; done
    for ((k = 0; k < PROUNDS; k++)); do
        for ((i = 0; i < PAR; i++)); do bundle "parallel-$r-$k-$i"; done
    done
    bundle "rss-$r"
    bundle "sys-$r"
done

# summary KIND A [B]: "median p10 p90" of runtime A's times in KIND, or
# of the per-round ratios of A to B.
summary() {
    awk -v a="$2" -v b="${3:-}" '{
        for (i = 1; i < NF; i += 2) v[$i] = $(i + 1)
        print (b == "" ? v[a] : v[a] / v[b])
    }' "$W/$1" | sort -g | awk -v fmt="${3:+%.2f}" '{ x[NR] = $1 } END {
        if (fmt == "") fmt = "%.1f"
        med = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
        lo = x[int(0.1 * (NR - 1)) + 1]; hi = x[NR - int(0.1 * (NR - 1))]
        printf fmt " " fmt " " fmt "\n", med, lo, hi
    }'
}

peak_rss() {
    local RT
    runtime_argv "$1"
    /usr/bin/time -f %M -o "$W/rss" "${RT[@]}" run --bundle "$W/b/rss-$1" "rss-$1" >/dev/null 2>&1 </dev/null
    cat "$W/rss"
}
syscalls() {
    local RT
    runtime_argv "$1"
    strace -f -c -o "$W/strace" "${RT[@]}" run --bundle "$W/b/sys-$1" "sys-$1" >/dev/null 2>&1 </dev/null
    awk '$NF == "total" { print $4 }' "$W/strace"
}

echo "bench: $N rounds of run, $N of create+start+delete, $PROUNDS of $PAR in parallel ..." >&2
rounds run "$N"
rounds cycle "$N"
rounds parallel "$PROUNDS"
declare -A RSS SYS
for r in "${RUNTIMES[@]}"; do
    RSS[$r]=$(peak_rss "$r")
    SYS[$r]=$(syscalls "$r")
done

cell_ms() { read -r m lo hi < <(summary "$1" "$2"); printf '%s (%s–%s)' "$m" "$lo" "$hi"; }
cell_ratio() { read -r m lo hi < <(summary "$1" minirunc "$2"); printf '**%s** (%s–%s)' "$m" "$lo" "$hi"; }

{
    echo "## make bench, $(date -u '+%Y-%m-%d %H:%M UTC')${MINIRUNC_BENCH_GUEST:+, in the $MINIRUNC_BENCH_GUEST guest}"
    echo
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r), $(. /etc/os-release; echo "$PRETTY_NAME")"
    echo "- versions: minirunc $("$MR" --version | head -1 | awk '{print $3}'), crun $(crun --version | head -1 | awk '{print $3}'), runc $(runc --version | head -1 | awk '{print $3}')"
    if [ "${MINIRUNC_BENCH_NS:-}" = hybrid ]; then
        echo "- cgroups: a hybrid host, seen as cgroup v1 by all three runtimes (a private mount namespace without /sys/fs/cgroup/unified: crun refuses hybrid hosts; the host was not changed)"
    else
        echo "- cgroups: $(stat -fc %T /sys/fs/cgroup) at /sys/fs/cgroup"
    fi
    if [ -n "${MINIRUNC_BENCH_GUEST:-}" ]; then
        echo "- an emulated guest (QEMU TCG): the milliseconds are the emulator's; only the ratios compare"
    fi
    echo "- state dirs (--root) on a tmpfs, the bundle's rootfs on $(stat -fc %T "$W")"
    echo "- samples: $N rounds of run and of create+start+delete, $PROUNDS rounds of $PAR in parallel; each round runs every runtime once, in rotating order"
    echo
    echo "| | minirunc / crun | minirunc / runc | minirunc (ms) | crun (ms) | runc (ms) |"
    echo "|---|---|---|---|---|---|"
    for kind in run cycle parallel; do
        case $kind in
        run) label="run" ;;
        cycle) label="create+start+delete" ;;
        parallel) label="$PAR in parallel" ;;
        esac
        echo "| $label | $(cell_ratio "$kind" crun) | $(cell_ratio "$kind" runc) | $(cell_ms "$kind" minirunc) | $(cell_ms "$kind" crun) | $(cell_ms "$kind" runc) |"
    done
    echo
    echo "Ratios: median of the per-round ratios (10th–90th percentile); times: median (10th–90th percentile)."
    echo
    echo "| one \`run\` | minirunc | crun | runc |"
    echo "|---|---|---|---|"
    echo "| peak RSS (KiB, /usr/bin/time) | ${RSS[minirunc]} | ${RSS[crun]} | ${RSS[runc]} |"
    echo "| system calls (strace -f -c) | ${SYS[minirunc]} | ${SYS[crun]} | ${SYS[runc]} |"
    echo
} >"$W/report.md"

mkdir -p "$(dirname "$OUT")"
cp "$W/report.md" "$OUT"
cat "$OUT"
echo "bench: written to ${OUT#"$top"/}" >&2
