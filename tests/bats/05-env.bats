#!/usr/bin/env bats
# Chapter 2.5 process environment: bin/procenv, checked by what the command
# itself sees (env, id, pwd, ulimit, umask, tty, /proc/self/fd).

load helpers

PROCENV="$BIN/procenv"

# procenv under LeakSanitizer, chrooted into a rootfs without /proc: the
# leak checker reads /proc/self at exit and would turn every exit status
# into 1.  Runs with --root go through this wrapper, which switches leak
# detection off for them alone (the unit tests and the runs without --root
# keep it).
procenv_root() {
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "$PROCENV" "$@"
}

setup() {
    make_scratch
    R="$T/root"
    busybox_copy "$R"
}
teardown() { remove_scratch; }

@test "env: exactly the given variables plus the defaults; nothing of the host's" {
    HOST_SECRET=leak run procenv_root --root "$R" --env A=1 --env B=two -- env
    assert_success
    run sort <<<"$output"
    assert_output "A=1
B=two
HOME=/root
HOSTNAME=$(hostname)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

@test "env: --clear-env gives exactly the given variables; --env-file adds its lines" {
    run procenv_root --clear-env --root "$R" --env A=1 -- /usr/bin/env
    assert_success
    assert_output "A=1"
    printf '# comment\n\nFROM_FILE=yes\nA=overridden\n' >"$T/vars"
    run procenv_root --clear-env --root "$R" --env A=1 --env-file "$T/vars" -- /usr/bin/env
    assert_output "A=overridden
FROM_FILE=yes"
    run procenv_root --tty --clear-env --root "$R" --env-file "$T/vars" -- /usr/bin/env
    refute_output --partial TERM=
    run procenv_root --tty --root "$R" -- /usr/bin/env
    assert_output --partial TERM=xterm
}

@test "HOME comes from the rootfs's /etc/passwd, or / when the user has no entry" {
    sed -i 's#:/home/user:#:/home/elsewhere:#' "$R/etc/passwd"
    run procenv_root --root "$R" --user user -- sh -c 'echo $HOME'
    assert_output "/home/elsewhere"
    run procenv_root --root "$R" --user 4242 -- sh -c 'echo $HOME'
    assert_output "/"
}

@test "the command is looked up on the container's PATH, inside the root" {
    mkdir -p "$R/opt/tools"
    printf '#!/bin/sh\necho mytool ran\n' >"$R/opt/tools/mytool"
    chmod 755 "$R/opt/tools/mytool"
    run procenv_root --root "$R" --env PATH=/opt/tools:/bin -- mytool
    assert_success
    assert_output "mytool ran"
    run -127 procenv_root --root "$R" -- mytool
    assert_output --partial "mytool: command not found"
    # bats is on the host's PATH, not in the rootfs.
    run -127 procenv_root --root "$R" -- bats --version
    assert_output --partial "bats: command not found"
}

@test "missing, directory and non-executable commands exit 127/126 with their own messages" {
    run -127 procenv_root --root "$R" -- /no/such
    assert_output "procenv: /no/such: no such file or directory"
    run -126 procenv_root --root "$R" -- /etc
    assert_output "procenv: /etc: is a directory"
    run -126 procenv_root --root "$R" -- /etc/passwd
    assert_output "procenv: /etc/passwd: permission denied (not executable)"
}

@test "cwd is set; a missing cwd fails clearly" {
    run procenv_root --root "$R" --cwd /tmp -- pwd
    assert_success
    assert_output "/tmp"
    run procenv_root --root "$R" -- pwd
    assert_output "/"
    run procenv_root --root "$R" --cwd /nowhere -- pwd
    assert_equal "$status" 1
    assert_output "procenv: --cwd /nowhere: No such file or directory"
}

@test "id shows the user, its groups from the rootfs's /etc/group, and extra groups" {
    sed -i 's/^tty:x:5:$/tty:x:5:user/' "$R/etc/group"
    run procenv_root --root "$R" --user user --groups root,4242 -- id
    assert_success
    assert_output "uid=1000(user) gid=1000(user) groups=0(root),5(tty),4242" # the kernel sorts them
    run procenv_root --root "$R" --user user:tty -- id -g
    assert_output "5"
    run procenv_root --root "$R" --user 4242 -- id
    assert_output "uid=4242 gid=0(root)"
    run procenv_root --root "$R" --user nobody-here -- id
    assert_equal "$status" 1
    assert_output --partial 'user "nobody-here": not in the root'"'"'s /etc/passwd'
}

@test "rlimits: ulimit -n shows them; raising the hard limit without CAP_SYS_RESOURCE fails clearly" {
    run procenv_root --root "$R" --rlimit NOFILE=512:1024 -- sh -c 'ulimit -n; ulimit -Hn'
    assert_success
    assert_output "512
1024"
    local hard
    hard=$(ulimit -Hn)
    if [ "$hard" != unlimited ] && ! "$BIN/capability" show | grep -q 'Effective .*cap_sys_resource'; then
        run "$PROCENV" --rlimit "NOFILE=$((hard + 1))" -- true
        assert_equal "$status" 1
        assert_output --partial "setrlimit(RLIMIT_NOFILE"
        assert_output --partial "needs CAP_SYS_RESOURCE"
    fi
}

@test "umask applies to a created file; oom_score_adj is set" {
    run procenv_root --root "$R" --umask 027 -- sh -c 'touch /tmp/f; stat -c %a /tmp/f'
    assert_success
    assert_output "640"
    run "$PROCENV" --oom-score-adj 500 -- cat /proc/self/oom_score_adj
    assert_output "500"
}

@test "--tty gives the command a terminal, with and without one on our side" {
    run "$PROCENV" -- tty
    assert_failure
    assert_output "not a tty"
    run "$PROCENV" --tty -- tty
    assert_success
    assert_output --regexp '^/dev/pts/[0-9]+'
    run script -qec "$PROCENV --tty -- sh -c 'tty; ps -o sid=,tty= -p \$\$'" /dev/null
    assert_success
    assert_output --regexp '/dev/pts/[0-9]+'
}

@test "no fd above 2 leaks into the command" {
    run bash -c "exec 7</etc/hostname 9>/dev/null; '$PROCENV' -- /bin/ls /proc/self/fd"
    assert_success
    # ls's own directory fd is 3; 7 and 9 were the caller's.
    assert_output "0
1
2
3"
    run bash -c "exec 7</etc/hostname; ls /proc/self/fd"
    assert_line 7
}

@test "--trace: each step, then the final environment, tagged [05-env]" {
    run procenv_root --trace --root "$R" --user user --umask 022 --rlimit core=0 --env A=1 -- true
    assert_success
    assert_line --index 0 "[05-env] chroot $R"
    assert_line --index 1 "[05-env] setrlimit(RLIMIT_CORE, {0, 0})"
    assert_line --index 2 "[05-env] umask 022"
    assert_line --index 3 "[05-env] setgroups(0, [])"
    assert_line --index 4 "[05-env] setgid(1000)"
    assert_line --index 5 "[05-env] setuid(1000)"
    assert_line --index 6 "[05-env] cd /"
    assert_line --index 7 "[05-env] # true is /bin/true on the container's PATH"
    assert_line --index 8 "[05-env] export A=1"
    assert_line "[05-env] export HOME=/home/user"
    assert_line "[05-env] close_range(3, ~0U, CLOSE_RANGE_CLOEXEC)"
    assert_line "[05-env] exec /bin/true"
}

@test "bad input fails clearly" {
    run "$PROCENV" --rlimit FLY=1 -- true
    assert_equal "$status" 1
    assert_output --partial 'unknown limit "FLY"'
    run "$PROCENV" --umask 99 -- true
    assert_equal "$status" 1
    assert_output --partial "expected an octal mode"
    run "$PROCENV" --env =x -- true
    assert_equal "$status" 1
    assert_output --partial "empty name"
    run "$PROCENV" --env-file "$T/none" -- true
    assert_equal "$status" 1
    assert_output "procenv: --env-file $T/none: No such file or directory"
    run "$PROCENV" --oom-score-adj 5000 -- true
    assert_equal "$status" 2
    run procenv_root --root "$T/none" -- true
    assert_equal "$status" 1
    assert_output "procenv: --root $T/none: No such file or directory"
    run "$PROCENV" --frobnicate -- true
    assert_equal "$status" 2
    run "$PROCENV"
    assert_equal "$status" 2
}

@test "the trace is a script: its commands (umask, cd, export) replayed give the same environment" {
    local probe='echo "A=$A PATH=$PATH"; pwd; umask'
    run "$PROCENV" --trace --clear-env --env A=1 --env PATH=/usr/bin:/bin --cwd /tmp --umask 027 -- sh -c "$probe"
    assert_success
    grep -v '^\[05-env\]' <<<"$output" >"$T/want"
    # The lines that are commands; system calls (name(...)), comments and
    # the final exec are not commands a shell runs as written.
    sed -n 's/^\[05-env\] //p' <<<"$output" | grep -v '^#\|^[a-z_]*(\|^exec ' >"$T/script.sh"
    grep -q '^umask 027$' "$T/script.sh"
    echo "$probe" >>"$T/script.sh"
    run env -i bash -e "$T/script.sh"
    assert_success
    assert_equal "$output" "$(cat "$T/want")"
}
