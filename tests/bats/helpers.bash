# Shared by every bats file: the programs under test, a scratch directory
# per test that is removed even when the test fails, and image builders.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BIN=${MINIRUNC_BIN:-$TOP/bin}
TOOLS=${MINIRUNC_TOOLS:-$TOP/build/asan/tests}
ROOTFS="$BIN/rootfs"
MKTAR="$TOOLS/mktar"

# bounded SECS CMD...: CMD, ended if it runs past SECS (TERM, then KILL 10 s
# later: podman proxies TERM to the container, whose PID 1 may ignore it).
bounded() {
    local secs=$1 start=$SECONDS rc=0
    shift
    timeout -k 10 "$secs" "$@" || rc=$?
    if [ $((SECONDS - start)) -ge "$secs" ] && { [ $rc -eq 124 ] || [ $rc -eq 137 ]; }; then
        show_stuck "after ${secs}s: $*"
    fi
    return $rc
}

# show_stuck WHAT: a command ran out of time; show what was still running,
# as TAP comments on fd 3 and in $MINIRUNC_DIAG (tests/run.sh prints that
# file last), so a hang in CI names its cause instead of stalling the run.
show_stuck() {
    {
        echo "ran out of time $1"
        ps -eo pid,ppid,stat,etime,wchan:24,args --forest |
            grep -E 'podman|conmon|minirunc|containerd|ctr|busybox' | grep -v grep | cut -c1-300 | head -40
    } | sed "s/^/# /" | tee -a "${MINIRUNC_DIAG:-/dev/null}" 2>/dev/null >&3 || true
}

# A fresh scratch directory for this test: $T.
make_scratch() {
    T=$(mktemp -d /tmp/minirunc-bats.XXXXXX)
}

# Remove the scratch directory; refuse if anything is still mounted below
# it (a test must never leave a mount behind, and rm -rf must never walk
# into one).
remove_scratch() {
    [ -n "${T:-}" ] || return 0
    if grep -q " $T" /proc/self/mountinfo; then
        echo "LEFT MOUNTED under $T:" >&2
        grep " $T" /proc/self/mountinfo >&2
        return 1
    fi
    rm -rf "$T"
}

# The default busybox rootfs, made once per bats file.
busybox_rootfs() {
    if [ ! -x "$BATS_FILE_TMPDIR/busybox/bin/busybox" ]; then
        "$ROOTFS" busybox "$BATS_FILE_TMPDIR/busybox" >/dev/null
    fi
    echo "$BATS_FILE_TMPDIR/busybox"
}

# A copy of the busybox rootfs that a test may change.
busybox_copy() {
    cp -a "$(busybox_rootfs)" "$1"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# A bundle of the busybox rootfs with minirunc's default config.json
# ($B), and a state --root of the test's own ($S), both under $T.
bundle_setup() {
    make_scratch
    chmod 755 "$T"
    B="$T/bundle"
    S="$T/state"
    mkdir -p "$B"
    busybox_copy "$B/rootfs"
    "$BIN/minirunc" spec --bundle "$B"
}

# Every container left under $S, deleted whatever its state.
delete_all_containers() {
    local id
    for id in $(ls "${S:-/nonexistent}" 2>/dev/null); do
        "$BIN/minirunc" --root "$S" delete --force "$id" >/dev/null 2>&1 || true
    done
}

# update_config JQ-FILTER: edit the bundle's config.json (runc's helper).
update_config() {
    jq "$1" "$B/config.json" >"$B/config.json.new" && mv "$B/config.json.new" "$B/config.json"
}

# minirunc with the test's own state --root.
mr() { "$BIN/minirunc" --root "$S" "$@"; }

# create, or run --detach: the container's process keeps the caller's stdio
# (as with runc), so it must not be bats's capture pipe, or `run` would wait
# for it forever.  Its output goes to $T/init.out.
mr_bg() { "$BIN/minirunc" --root "$S" "$@" </dev/null >>"$T/init.out" 2>&1; }

# requires WHAT...: skip the test, saying why, unless this host has each
# (as runc's helpers do).  WHAT: root, cgroup2 (a cgroup2 mount),
# cgroup-v1 (a v1 hierarchy), userns (user namespaces for this user),
# idmap-mounts DIR (an id-mapped mount of DIR's file system).
requires() {
    while [ $# -gt 0 ]; do
        case $1 in
        root) [ "$(id -u)" -eq 0 ] || skip "needs root" ;;
        cgroup2) grep -q ' - cgroup2 ' /proc/self/mountinfo || skip "needs a cgroup2 mount (this host has none)" ;;
        cgroup-v1) grep -q ' - cgroup ' /proc/self/mountinfo || skip "needs a cgroup v1 hierarchy (this host has none)" ;;
        userns) unshare --user true 2>/dev/null || skip "needs user namespaces (unshare --user is refused here)" ;;
        idmap-mounts)
            shift
            "$TOOLS/idmapok" "$1" 2>/dev/null ||
                skip "needs id-mapped mounts on $1's file system (kernel $(uname -r) refuses them)" ;;
        *) echo "requires: unknown requirement '$1'" >&2; return 1 ;;
        esac
        shift
    done
}

# make_oci_layout DIR LAYER.tar|LAYER.tar.gz...: an OCI image layout with
# those layers, in order; prints the manifest's hex digest.
make_oci_layout() {
    local man
    man=$(bash "$TOP/scripts/oci-layout.sh" "$@") || return 1
    echo "${man#sha256:}"
}

# make_docker_save OUT.tar LAYER.tar...: the classic `docker save` format
# (manifest.json, <config digest>.json, <id>/layer.tar).
make_docker_save() {
    local out=$1 dir ids="" diffids="" l id cfg
    shift
    dir=$(mktemp -d "$T/docker.XXXXXX")
    for l in "$@"; do
        id=$(sha256_of "$l")
        mkdir -p "$dir/$id"
        cp "$l" "$dir/$id/layer.tar"
        ids="$ids${ids:+,}\"$id/layer.tar\""
        diffids="$diffids${diffids:+,}\"sha256:$id\""
    done
    printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[%s]}}' "$diffids" >"$dir/config.tmp"
    cfg=$(sha256_of "$dir/config.tmp")
    mv "$dir/config.tmp" "$dir/$cfg.json"
    printf '[{"Config":"%s.json","RepoTags":["minirunc-test:latest"],"Layers":[%s]}]' "$cfg" "$ids" >"$dir/manifest.json"
    tar -C "$dir" -cf "$out" .
    rm -rf "$dir"
}

# The two layers the layered-image tests share: the second whites out,
# makes a directory opaque, and overwrites.
make_test_layers() {
    "$MKTAR" "$T/layer1.tar" d:etc f:etc/hostname=one d:a f:a/keep=k f:a/gone=g \
        d:b d:b/inner f:b/inner/x=x f:b/old=o f:c=c l:etc-link=/etc
    "$MKTAR" -z "$T/layer2.tar.gz" f:a/.wh.gone f:b/new=n f:b/.wh..wh..opq f:.wh.c \
        f:etc/hostname=two d:d f:d/file=d
}

# The tree make_test_layers must unpack to.
assert_test_layers_unpacked() {
    local r=$1
    assert [ "$(cat "$r/etc/hostname")" = two ]
    assert [ -f "$r/a/keep" ]
    assert [ ! -e "$r/a/gone" ]
    assert [ -f "$r/b/new" ]
    assert [ ! -e "$r/b/old" ]
    assert [ ! -e "$r/b/inner" ]
    assert [ ! -e "$r/c" ]
    assert [ -f "$r/d/file" ]
    assert [ "$(readlink "$r/etc-link")" = /etc ]
    # Whiteout markers are instructions, not content.
    run find "$r" -name '.wh.*'
    assert_output ''
}
