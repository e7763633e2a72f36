# Chapter 2.1's checks (tests/lab/check.sh sources this): one function per
# hole, in the order of the chapter's steps.  A step is only reached once
# the steps before it are written, so each check looks at what its own step
# leaves: its trace line, no TODO of its own, and what the container sees.
LEVELS="bind mount pivot"

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

# The guide's exercises (docs/01-rootfs.md#exercises): each check runs the
# experiment and compares the student's answer (answers.txt) with it.
EXERCISES="1 2 3 4 5 6 7"
EX1="which chapter hides the host's processes from the container (2.N)"
EX2="the propagation of this host's / (findmnt -no PROPAGATION /)"
EX3="what is left in /etc after the two-layer unpack"
EX4="what is left of the target directory after a corrupted blob"
EX5="the device a masked /proc file is inside the container (MAJOR:MINOR)"
EX6="where sysfs is mounted inside when /sys is a symlink to ../../../../etc"
EX7="the mount option the last remount of --readonly sets"

exercise_1() {
    lab_rootfs
    # The premise: without a PID namespace, this shell is in /proc in there.
    lab_run "$BIN/rootfs" run "$R" -- ls /proc
    expect_line "^$$\$" "this checker's own pid ($$) in the container's /proc" || return 1
    answer_sha 914204c25f3f144ddec3469c61a6faea695c87590ab78a5eb25b0f3904cf84e0 \
               95f164ef66f565107a377e241188e3269e172a2bf48ef8a61a6aade3ffe590c4
}

exercise_2() {
    answer_is "$(findmnt -no PROPAGATION / 2>/dev/null)"
}

exercise_3() {
    lab_rootfs
    local d=$WORK/$chapter-ex3
    mkdir -p "$d/l2/etc" "$d/l2/bin" &&
        touch "$d/l2/bin/.wh.vi" "$d/l2/etc/.wh..wh..opq" && echo hello >"$d/l2/etc/motd" &&
        tar -C "$R" -cf "$d/l1.tar" . && tar -C "$d/l2" -cf "$d/l2.tar" . &&
        bash "$top/scripts/oci-layout.sh" "$d/oci" "$d/l1.tar" "$d/l2.tar" >/dev/null &&
        "$BIN/rootfs" unpack "$d/oci" "$d/out" >/dev/null 2>&1 ||
        { expected="the two-layer image unpacked"; seen="$(ls "$d" | tr '\n' ' ')"; return 1; }
    answer_is "$(ls -A "$d/out/etc" | tr '\n' ' ' | sed 's/ $//')"
}

exercise_4() {
    lab_rootfs
    local d=$WORK/$chapter-ex4 blob
    tar -C "$R" -cf "$WORK/$chapter-ex4.tar" . && bash "$top/scripts/oci-layout.sh" "$d" "$WORK/$chapter-ex4.tar" >/dev/null ||
        { expected="an image to corrupt"; seen="scripts/oci-layout.sh failed"; return 1; }
    # The layer: the biggest blob.  One byte in its middle changed.
    blob=$(ls -S "$d"/blobs/sha256/* | head -1)
    printf 'X' | dd of="$blob" bs=1 seek=$(($(stat -c %s "$blob") / 2)) conv=notrunc status=none
    lab_run "$BIN/rootfs" unpack "$d" "$WORK/$chapter-ex4-out"
    expect_line 'sha256' "the unpack refused, naming the digest" || return 1
    if [ -e "$WORK/$chapter-ex4-out" ]; then
        answer_is "$(ls -A "$WORK/$chapter-ex4-out" | wc -l) entries"
    else
        answer_is nothing none "no directory" "it is removed" removed "nothing: the directory is removed"
    fi
}

exercise_5() {
    lab_rootfs
    lab_run "$BIN/rootfs" run "$R" -- sh -c 'stat -c "%t:%T" /proc/keys /proc/timer_list 2>/dev/null | head -1'
    local dev
    dev=$(printf '%s\n' "$out" | grep -E '^[0-9a-f]+:[0-9a-f]+$' | head -1)
    [ -n "$dev" ] || { expected="a masked /proc/keys or /proc/timer_list in the container"; seen="$out"; return 1; }
    answer_is "$((16#${dev%:*})):$((16#${dev#*:}))"
}

exercise_6() {
    lab_rootfs
    local c=$WORK/$chapter-ex6
    cp -a "$R" "$c" && rm -rf "$c/sys" && ln -s ../../../../etc "$c/sys"
    lab_run "$BIN/rootfs" run "$c" -- sh -c 'grep " sysfs " /proc/self/mounts'
    local where
    where=$(printf '%s\n' "$out" | awk '$3 == "sysfs" { print $2; exit }')
    [ -n "$where" ] || { expected="sysfs mounted somewhere in the container"; seen="$out"; return 1; }
    answer_is "$where"
}

exercise_7() {
    lab_rootfs
    lab_run "$BIN/rootfs" --trace run --readonly "$R" -- sh -c 'touch /x'
    local last
    last=$(printf '%s\n' "$out" | grep '^\[01-rootfs\] mount -o remount' | tail -1)
    if printf '%s\n' "$last" | grep -qE -- '-o [^ ]*(^|,)ro(,| )' &&
        printf '%s\n' "$out" | grep -q 'Read-only file system'; then
        answer_is ro ms_rdonly rdonly "read-only"
    else
        expected="a last remount with ro, and touch /x refused"
        seen="${last:-no remount in the trace}"
        return 1
    fi
}
