# Chapter 2.1's checks (tests/lab/check.sh sources this): one function per
# hole, in the order of the chapter's steps.  A step is only reached once
# the steps before it are written, so each check looks at what its own step
# leaves: its trace line, no TODO of its own, and what the container sees.
LEVELS="bind mount pivot"

lab_rootfs() {   # the default busybox rootfs, made once
    [ -d "$WORK/rootfs" ] || "$BIN/rootfs" busybox "$WORK/rootfs" >/dev/null
    R=$WORK/rootfs
}

check_bind() {
    lab_rootfs
    lab_run "$BIN/rootfs" --trace run "$R" -- true
    expect_line "^\[01-rootfs\] mount --bind $R $R\$" "the trace line: [01-rootfs] mount --bind $R $R" &&
        expect_no_todo
}

check_mount() {
    lab_rootfs
    lab_run "$BIN/rootfs" --trace run "$R" -- true
    expect_line "^\[01-rootfs\] mount -t tmpfs -o [^ ]+ tmpfs $R/dev\$" \
        "the trace line: [01-rootfs] mount -t tmpfs -o rw,nosuid,strictatime,size=65536k,mode=755 tmpfs $R/dev" &&
        expect_no_todo
}

check_pivot() {
    lab_rootfs
    lab_run "$BIN/rootfs" --trace run "$R" -- sh -c 'ls -a /; grep -c . /proc/self/mounts'
    expect_line '^\[01-rootfs\] pivot_root \. \.(old-root\.[A-Za-z0-9]{6})?$' \
        "the trace line: [01-rootfs] pivot_root . .old-root.XXXXXX" &&
        expect_no_todo &&
        expect_line '^linuxrc$' "the container's / is the rootfs: ls -a / lists busybox's linuxrc" &&
        expect_status 0
}
