# Chapter 2.5's checks (tests/lab/check.sh sources this), in the order
# procenv sets a process up: rlimits while root, the user, the command.
LEVELS="rlimits user path"

lab_rootfs() {
    [ -d "$WORK/rootfs" ] || "$BIN/rootfs" busybox "$WORK/rootfs" >/dev/null
    R=$WORK/rootfs
}

check_rlimits() {
    lab_run "$BIN/procenv" --trace --rlimit nofile=512:1024 -- sh -c 'ulimit -n'
    expect_no_todo &&
        expect_line '^\[05-env\] setrlimit\(RLIMIT_NOFILE, \{512, 1024\}\)$' \
            "the trace line: [05-env] setrlimit(RLIMIT_NOFILE, {512, 1024})"
}

check_user() {
    local name=user id=1000
    [ "$ME" -eq 0 ] || { name=root id=0; }
    lab_rootfs
    lab_run "$BIN/procenv" --trace --root "$R" --user $name -- id -u
    expect_no_todo &&
        expect_line "^\[05-env\] setgid\($id\)\$" "the trace line: [05-env] setgid($id)" &&
        expect_line "^\[05-env\] setuid\($id\)\$" "the trace line: [05-env] setuid($id)"
}

check_path() {
    lab_rootfs
    lab_run "$BIN/procenv" --trace --root "$R" -- sh -c 'echo found; ulimit -n'
    expect_no_todo &&
        expect_line '^\[05-env\] # sh is /bin/sh on the container.s PATH$' "the trace line: [05-env] # sh is /bin/sh on the container's PATH" &&
        expect_line '^found$' "sh found in the rootfs and run: it prints found" || return 1
    lab_run "$BIN/procenv" --root "$R" -- nosuch
    expect_status 127 && expect_line 'command not found' "procenv: nosuch: command not found (...)" || return 1
    lab_run "$BIN/procenv" --root "$R" -- /etc
    expect_status 126 && expect_line 'is a directory' "procenv: /etc: is a directory"
}
