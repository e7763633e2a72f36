#!/usr/bin/env bats
# Chapter 2.1 rootfs: bin/rootfs, checked by what the container itself sees.

load helpers

setup() { make_scratch; }
teardown() { remove_scratch; }

# Print every mount the container sees as "TARGET FSTYPE OPTIONS", where
# OPTIONS are the per-mount options followed by the file system's own (as
# /proc/mounts and the chapter's table show them).  inode64 is left out:
# some kernels print that tmpfs default (Debian 12's 6.1), others don't.
MOUNTS_AWK='{
  for (i = 7; $i != "-"; i++) ;
  fstype = $(i + 1); sup = $(i + 3); n = split(sup, w, ","); extra = "";
  for (j = 1; j <= n; j++) if (w[j] != "rw" && w[j] != "ro" && w[j] != "inode64") extra = extra "," w[j];
  print $5, fstype, $6 extra
}'

# Run CMD in the rootfs with a terminal on stdin (for the /dev/console row).
run_with_tty() {
    local r=$1; shift
    printf '%s\n' "$*" >"$r/cmd.sh"
    run script -qec "$ROOTFS run $r -- sh /cmd.sh" /dev/null
    output=$(printf '%s' "$output" | tr -d '\r')
    mapfile -t lines <<<"$output"
}

@test "run: /proc/self/mountinfo shows every row of table 2.1.2 with its type and options" {
    local r="$T/root"
    busybox_copy "$r"
    printf '%s\n' "$MOUNTS_AWK" >"$r/mounts.awk"
    run_with_tty "$r" "awk -f /mounts.awk /proc/self/mountinfo"
    assert_success
    local rows=(
        "/proc proc rw,relatime"
        "/dev tmpfs rw,nosuid,size=65536k,mode=755"
        "/dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666"
        "/dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k"
        "/dev/mqueue mqueue rw,nosuid,nodev,noexec,relatime"
        "/sys sysfs ro,nosuid,nodev,noexec,relatime"
    )
    for row in "${rows[@]}"; do assert_line "$row"; done

    # The cgroup rows: every one the host has a hierarchy for.
    if grep -q ' /sys/fs/cgroup cgroup2 ' /proc/self/mounts; then
        assert_line "/sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime"
    else
        assert_line "/sys/fs/cgroup tmpfs ro,nosuid,nodev,noexec,relatime,mode=755"
        # Each v1 hierarchy of the host, at its own path ("cpu,cpuacct" on
        # systemd hosts, "cpu" and "cpuacct" apart on others), read-only.
        local path type opts words
        while read -r _ path type opts _; do
            [ "$type" = cgroup ] || continue
            case $path in /sys/fs/cgroup/*) ;; *) continue ;; esac
            words=$(tr , '\n' <<<"$opts" | grep -vxE 'rw|ro|nosuid|nodev|noexec|relatime' | paste -sd, -)
            assert_line "$path cgroup ro,nosuid,nodev,noexec,relatime,$words"
        done </proc/self/mounts
    fi

    assert_line --regexp '^/dev/console devpts '

    for p in /proc/asound /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do
        [ -e "$p" ] && assert_line "$p proc ro,nosuid,nodev,noexec,relatime"
    done
    # Masked files: the container's /dev/null bind mounted over them, so
    # they show /dev's tmpfs, exactly as the chapter's kcore rows do.
    for p in /proc/kcore /proc/timer_stats /proc/sched_debug /proc/keys /proc/timer_list; do
        [ -f "$p" ] && assert_line "$p tmpfs rw,nosuid,size=65536k,mode=755"
    done
    true
}

@test "run: the old root is gone after pivot_root" {
    local r="$T/root"
    busybox_copy "$r"
    run "$ROOTFS" run "$r" -- sh -c 'ls -a /; echo ---; cat /proc/self/mountinfo'
    assert_success
    refute_output --partial ".old-root"
    # The only mount of the file system the rootfs lives on, or of the
    # host's /, is the container's root itself: no other host mount (its /,
    # /work, /tmp, ...) is reachable.
    local host_root_dev rootfs_dev
    host_root_dev=$(awk '$5 == "/" {print $3}' /proc/self/mountinfo | tail -1)
    rootfs_dev=$(findmnt -n -o MAJ:MIN -T "$r" | tr -d ' ')
    run "$ROOTFS" run "$r" -- awk -v a="$host_root_dev" -v b="$rootfs_dev" '$3 == a || $3 == b {print $5}' /proc/self/mountinfo
    assert_success
    assert_output "/"
}

@test "run: masked paths read empty and /proc/sys refuses writes" {
    local r="$T/root" p
    busybox_copy "$r"
    for p in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug /proc/timer_stats; do
        [ -f "$p" ] || continue
        run "$ROOTFS" run "$r" -- sh -c "wc -c < $p"
        assert_success
        assert_output "0"
    done
    for p in /proc/acpi /sys/firmware /proc/scsi; do
        [ -d "$p" ] || continue
        run "$ROOTFS" run "$r" -- ls -A "$p"
        assert_success
        assert_output ""
    done
    run "$ROOTFS" run "$r" -- sh -c 'echo 0 > /proc/sys/kernel/ctrl-alt-del'
    assert_failure
    assert_output --partial "Read-only file system"
}

@test "run --readonly: / is read-only, and without it / is writable" {
    local r="$T/root"
    busybox_copy "$r"
    run "$ROOTFS" run --readonly "$r" -- sh -c 'touch /newfile'
    assert_failure
    assert_output --partial "Read-only file system"
    run "$ROOTFS" run --readonly "$r" -- awk '$5 == "/" {print $6}' /proc/self/mountinfo
    assert_output --regexp '^ro,'
    [ ! -e "$r/newfile" ]
    run "$ROOTFS" run "$r" -- sh -c 'touch /newfile'
    assert_success
    [ -e "$r/newfile" ]
}

@test "run: a symlink at a mount destination cannot lead the mount outside the root" {
    local r="$T/root" name
    busybox_copy "$r"
    name=$(basename "$T")-sys
    rm -rf "$r/sys"
    mkdir -p "$r/tmp/$name"
    ln -s "../../../../../../../../tmp/$name" "$r/sys"
    run "$ROOTFS" run "$r" -- cat /proc/self/mountinfo
    assert_success
    # sysfs went to the rootfs's own /tmp/NAME, inside the root.
    assert_output --regexp " /tmp/$name [^ ]+ (.* )?- sysfs "
    refute_output --regexp " /sys [^ ]+ (.* )?- sysfs "
}

@test "run without root: a symlink at a bound destination is followed inside the root, and the bind remounted there" {
    # Without root /sys is bound from the host and then remounted read-only:
    # the remount must find the bind where the symlink led it, inside the root.
    local r="$T/nobody/root"
    chmod 755 "$T"
    mkdir -m 777 "$T/nobody"
    busybox_copy "$r"
    rm -rf "$r/sys"
    ln -s ../../../../etc "$r/sys"
    chown -R 65534:65534 "$r"
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOTFS" run "$r" -- sh -c 'grep " /etc " /proc/self/mountinfo'
    assert_success
    assert_output --regexp " /etc ro,"
    assert_output --regexp "- sysfs "
}

@test "run: CMD's exit status comes back; nothing stays mounted" {
    local r="$T/root"
    busybox_copy "$r"
    run "$ROOTFS" run "$r" -- sh -c 'exit 7'
    assert_equal "$status" 7
    run grep -c " $r" /proc/self/mountinfo
    assert_output "0"
}

@test "run --trace: every step once, in order, tagged [01-rootfs]" {
    local r="$T/root"
    busybox_copy "$r"
    run "$ROOTFS" run --trace "$r" -- true
    assert_success
    assert_line --index 0 "[01-rootfs] unshare --mount"
    assert_line --index 1 "[01-rootfs] mount --make-rprivate /"
    assert_line --index 2 "[01-rootfs] mount --bind $r $r"
    assert_line "[01-rootfs] mount -t proc -o rw,relatime proc $r/proc"
    assert_line --regexp '^\[01-rootfs\] pivot_root \. \.old-root\.[A-Za-z0-9]{6}$'
    assert_line --regexp '^\[01-rootfs\] umount -l /\.old-root\.[A-Za-z0-9]{6}$'
    assert_line "[01-rootfs] mount --bind /proc/sys /proc/sys"
    assert_line "[01-rootfs] exec true"
    # Every line is tagged.
    run bash -c "'$ROOTFS' run --trace '$r' -- true 2>&1 | grep -vc '^\[01-rootfs\] '"
    assert_output "0"
    # Without --trace, nothing.
    run "$ROOTFS" run "$r" -- true
    assert_output ""
}

@test "run: bad input fails clearly (missing DIR, CMD not found, not executable, bad flags)" {
    local r="$T/root"
    busybox_copy "$r"
    run "$ROOTFS" run "$T/missing" -- sh
    assert_equal "$status" 1
    assert_output "rootfs: rootfs $T/missing: No such file or directory"

    run -127 "$ROOTFS" run "$r" -- /no/such/cmd
    assert_output --partial "command not found"
    assert_output --partial "/no/such/cmd"

    printf 'x\n' >"$r/notexec"
    run "$ROOTFS" run "$r" -- /notexec
    assert_equal "$status" 126
    assert_output --partial "Permission denied"

    run "$ROOTFS" run --bogus "$r" -- sh
    assert_equal "$status" 2
    assert_output --partial "unknown option '--bogus'"

    run "$ROOTFS" frobnicate
    assert_equal "$status" 2
    assert_output --partial "unknown command 'frobnicate'"

    run "$ROOTFS" run "$r"
    assert_equal "$status" 2
    assert_output --partial "needs a command"
}

@test "--help explains every command and option" {
    run "$ROOTFS" --help
    assert_success
    for w in busybox unpack run --trace --readonly --help; do assert_output --partial -- "$w"; done
}

@test "busybox: applet links, passwd and group with root and an unprivileged user, mount points" {
    local r="$T/bb"
    run "$ROOTFS" busybox "$r"
    assert_success
    [ -x "$r/bin/busybox" ]
    [ "$(readlink "$r/bin/sh")" = /bin/busybox ]
    grep -q '^root:x:0:0:' "$r/etc/passwd"
    grep -q '^user:x:1000:1000:' "$r/etc/passwd"
    grep -q '^user:x:1000:' "$r/etc/group"
    for d in proc sys dev tmp; do [ -d "$r/$d" ]; done
    [ "$(stat -c %a "$r/tmp")" = 1777 ]
    run "$ROOTFS" busybox "$r"
    assert_failure
    assert_output --partial "is not empty"
}

# --- 2.1.1 step 1: unpack ------------------------------------------------

@test "unpack: a layered OCI layout with whiteouts and an opaque dir unpacks to the expected tree" {
    make_test_layers
    make_oci_layout "$T/layout" "$T/layer1.tar" "$T/layer2.tar.gz" >/dev/null
    run "$ROOTFS" --trace unpack "$T/layout" "$T/root"
    assert_success
    assert_output --partial "OCI image layout, sha256:"
    assert_output --partial "2 layers"
    assert_output --partial "[01-rootfs] # layer 2/2: 4 entries, 3 whiteouts, sha256 verified"
    assert_test_layers_unpacked "$T/root"
}

@test "unpack: the same layout as a tar, and as a docker save tar" {
    make_test_layers
    make_oci_layout "$T/layout" "$T/layer1.tar" "$T/layer2.tar.gz" >/dev/null
    tar -C "$T/layout" -cf "$T/layout.tar" .
    run "$ROOTFS" unpack "$T/layout.tar" "$T/r1"
    assert_success
    assert_test_layers_unpacked "$T/r1"

    gzip -dc "$T/layer2.tar.gz" >"$T/layer2.tar"
    make_docker_save "$T/saved.tar" "$T/layer1.tar" "$T/layer2.tar"
    run "$ROOTFS" --trace unpack "$T/saved.tar" "$T/r2"
    assert_success
    assert_output --partial "docker save archive"
    assert_test_layers_unpacked "$T/r2"
}

@test "unpack: a flat rootfs tar.gz (docker export) and a busybox rootfs round trip that runs" {
    tar -C "$(busybox_rootfs)" -czf "$T/flat.tar.gz" .
    run "$ROOTFS" unpack "$T/flat.tar.gz" "$T/root"
    assert_success
    run "$ROOTFS" run "$T/root" -- cat /etc/passwd
    assert_success
    assert_line --index 0 "root:x:0:0:root:/root:/bin/sh"
}

@test "unpack: a corrupt layer blob is refused by its digest and nothing is left" {
    make_test_layers
    local man blob
    man=$(make_oci_layout "$T/layout" "$T/layer1.tar")
    blob=$(sha256_of "$T/layer1.tar")
    # Same size, one byte changed inside a file's contents.
    local off
    off=$(grep -abo 'one' "$T/layout/blobs/sha256/$blob" | head -1 | cut -d: -f1)
    printf 'X' | dd of="$T/layout/blobs/sha256/$blob" bs=1 seek="$off" conv=notrunc status=none
    run "$ROOTFS" unpack "$T/layout" "$T/root"
    assert_equal "$status" 1
    assert_output --partial "digest mismatch: expected sha256:$blob"
    [ ! -e "$T/root" ]

    # An existing empty directory is left empty (and kept).
    mkdir "$T/empty"
    run "$ROOTFS" unpack "$T/layout" "$T/empty"
    assert_equal "$status" 1
    run ls -A "$T/empty"
    assert_output ""
}

@test "unpack: hostile metadata (a digest smuggling a path, bad JSON, no image) fails clearly" {
    mkdir -p "$T/evil/blobs/sha256"
    printf '{"imageLayoutVersion":"1.0.0"}' >"$T/evil/oci-layout"
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:../../../../etc/passwd","size":1}]}' >"$T/evil/index.json"
    run "$ROOTFS" unpack "$T/evil" "$T/root"
    assert_equal "$status" 1
    assert_output --partial 'index.json: manifests[0]: digest "sha256:../../../../etc/passwd"'
    [ ! -e "$T/root" ]

    printf '{"schemaVersion":2,"manifests":[' >"$T/evil/index.json"
    run "$ROOTFS" unpack "$T/evil" "$T/root"
    assert_equal "$status" 1
    assert_output --partial "index.json: invalid JSON"

    mkdir "$T/plain"
    run "$ROOTFS" unpack "$T/plain" "$T/root"
    assert_equal "$status" 1
    assert_output --partial "no OCI image layout"

    head -c 3000 /dev/urandom >"$T/noise"
    run "$ROOTFS" unpack "$T/noise" "$T/root"
    assert_equal "$status" 1
    [ ! -e "$T/root" ]

    run "$ROOTFS" unpack "$T/nothing-here" "$T/root"
    assert_equal "$status" 1
    assert_output "rootfs: image $T/nothing-here: No such file or directory"
}

# The hostile corpus: each archive tries to write outside DIR.  Each must
# fail with a message naming the entry, write nothing outside, and leave
# no DIR behind.
hostile() {
    local name=$1 expect=$2
    shift 2
    "$MKTAR" "$T/$name.tar" "$@"
    run "$ROOTFS" unpack "$T/$name.tar" "$T/out/root"
    assert_equal "$status" 1
    assert_output --partial "$expect"
    [ ! -e "$T/out/root" ]
}

@test "unpack: a hostile archive corpus writes nothing outside DIR" {
    mkdir "$T/out"
    hostile dotdot '".." would leave the root' f:ok=1 f:../escaped=x
    [ ! -e "$T/out/escaped" ]
    hostile absolute 'absolute path' f:ok=1 "f:$T/abs-escaped=x"
    [ ! -e "$T/abs-escaped" ]
    hostile symlink-up 'points outside the root' d:a "l:a/up=../../../../../../../../$T"
    hostile symlink-dotdot 'points outside the root' l:up=..
    hostile hardlink-abs 'points outside the root' f:ok=1 h:hl=/etc/passwd
    hostile hardlink-dotdot 'points outside the root' f:ok=1 h:hl=../../../../etc/passwd
    hostile whiteout-dotdot 'bad name ".."' d:a f:a/.wh...
    hostile whiteout-dot 'bad name "."' d:a f:a/.wh..
    run ls -A "$T/out"
    assert_output ""
    # /etc/passwd was not linked, touched or replaced.
    [ "$(stat -c %h /etc/passwd)" = 1 ]
}

@test "unpack: writing through an absolute symlink lands inside the root" {
    local name
    name=$(basename "$T")-pwned
    "$MKTAR" "$T/through.tar" d:tmp l:link=/tmp "f:link/$name=x"
    run "$ROOTFS" unpack "$T/through.tar" "$T/root"
    assert_success
    [ -f "$T/root/tmp/$name" ]
    [ ! -e "/tmp/$name" ]
}

@test "unpack: device files are refused when not root, allowed as root" {
    "$MKTAR" "$T/dev.tar" d:dev c:dev/evil=1,3
    chmod 755 "$T"
    mkdir -m 777 "$T/nobody"
    run setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOTFS" unpack "$T/dev.tar" "$T/nobody/root"
    assert_equal "$status" 1
    assert_output --partial "device file dev/evil: only root may create device nodes"
    [ ! -e "$T/nobody/root" ]

    run "$ROOTFS" unpack "$T/dev.tar" "$T/root"
    assert_success
    [ -c "$T/root/dev/evil" ]
}

@test "unpack: DIR must be new or empty; bad usage exits 2" {
    mkdir -p "$T/full"
    echo keep >"$T/full/mine"
    tar -C "$(busybox_rootfs)" -cf "$T/flat.tar" .
    run "$ROOTFS" unpack "$T/flat.tar" "$T/full"
    assert_equal "$status" 1
    assert_output --partial "$T/full is not empty"
    [ "$(cat "$T/full/mine")" = keep ]
    run "$ROOTFS" unpack "$T/flat.tar"
    assert_equal "$status" 2
}

@test "the trace is a script: typed by hand up to pivot_root, it builds the table the container sees" {
    # The trace of one run, tags stripped, up to its `cd` into the root,
    # run with bash -e on a second copy in a mount namespace of its own.
    busybox_copy "$T/r1"
    busybox_copy "$T/r2"
    "$ROOTFS" run --trace "$T/r1" -- cat /proc/self/mountinfo 2>"$T/trace" >"$T/inside"
    sed -n 's/^\[01-rootfs\] //p' "$T/trace" >"$T/all"
    sed '/^cd /,$d' "$T/all" | sed "s|$T/r1|$T/r2|g" >"$T/replay.sh"
    # What comes after pivot_root (masked and read-only paths) is not in
    # the script: those rows are left out of the container's table.
    sed -n '/^cd /,$p' "$T/all" | awk '/^mount / { print $NF }' >"$T/after"
    awk '{ for (i = 7; $i != "-"; i++) ; print $5, $(i + 1) }' "$T/inside" |
        awk 'NR == FNR { late[$1] = 1; next } !($1 in late)' "$T/after" - | sort >"$T/want"
    run unshare -m bash -c "bash -e '$T/replay.sh' && findmnt -rn -o TARGET,FSTYPE -R '$T/r2'"
    assert_success
    sed "s|^$T/r2 |/ |; s|^$T/r2/|/|" <<<"$output" | sort >"$T/got"
    run diff "$T/want" "$T/got"
    assert_success
    # (the mounts were in the test's own namespace: nothing is left; and
    # at least /, /proc, /dev, /dev/pts, /dev/shm and /sys were compared)
    assert [ "$(wc -l <"$T/got")" -ge 6 ]
}
