# Chapter 2.5's checks (tests/lab/check.sh sources this), in the order
# procenv sets a process up: rlimits while root, the user, the command.
LEVELS="rlimits user path"

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

# The guide's exercises (docs/05-env.md#exercises).
EXERCISES="1 2 3 4 5"
EX1="the fds ls -l /proc/self/fd lists through procenv when bash had fd 7 open"
EX2="HOME of --user web (uid 2000, home /srv added to the rootfs)"
EX3="what the ls of /opt/bin prints with --env PATH=/opt/bin:/bin"
EX4="the mode of a file made under --umask 077 (4 octal digits)"
EX5="the command that leads the session under --tty (ps -o pid,sid,tty,comm)"

exercise_1() {
    lab_run bash -c "exec 7</etc/hostname; '$BIN/procenv' -- ls /proc/self/fd"
    answer_is "$(printf '%s\n' "$out" | grep -E '^[0-9]+$' | tr '\n' ' ' | sed 's/ $//')" \
              "$(printf '%s\n' "$out" | grep -E '^[0-9]+$' | tr '\n' ',' | sed 's/,$//')"
}

exercise_2() {
    [ "$ME" -eq 0 ] || { skip="needs root: uid 2000 is not mapped without it"; return 2; }
    lab_rootfs
    local c=$WORK/$chapter-ex2
    cp -a "$R" "$c" && echo 'web:x:2000:2000::/srv:/bin/sh' >>"$c/etc/passwd" && mkdir -p "$c/srv"
    lab_run "$BIN/procenv" --root "$c" --user web -- sh -c 'echo $HOME'
    answer_is "$(printf '%s\n' "$out" | tail -1)"
}

exercise_3() {
    lab_rootfs
    local c=$WORK/$chapter-ex3
    cp -a "$R" "$c" && mkdir -p "$c/opt/bin" && printf '#!/bin/sh\necho "my ls"\n' >"$c/opt/bin/ls" &&
        chmod 755 "$c/opt/bin/ls"
    lab_run "$BIN/procenv" --root "$c" --env PATH=/opt/bin:/bin -- ls
    answer_is "$(printf '%s\n' "$out" | tail -1)"
}

exercise_4() {
    lab_rootfs
    lab_run "$BIN/procenv" --root "$R" --umask 077 -- sh -c 'rm -f /tmp/f; touch /tmp/f; stat -c %a /tmp/f; rm -f /tmp/f'
    local mode
    mode=$(printf '%s\n' "$out" | tail -1)
    answer_is "0$mode" "$mode"
}

exercise_5() {
    lab_run "$BIN/procenv" --tty -- ps -o pid,sid,tty,comm
    local tty
    tty=$(printf '%s\n' "$out" | tr -d '\r' | awk '$1 == $2 && $3 ~ /^pts\// { print $4; exit }')
    [ -n "$tty" ] || { expected="a session leader on a pty in ps's output"; seen="$(printf '%s\n' "$out" | head -3 | tr '\r\n' '  ')"; return 1; }
    answer_is "$tty"
}
