#!/usr/bin/env bats
# Chapter 2.4 capability: bin/capability, checked by what the child's
# /proc/self/status says and what the kernel lets it do.

load helpers

CAP="$BIN/capability"

setup() {
    make_scratch
    chmod 755 "$T" # the unprivileged user of some tests must reach it
    BG_PID=
}

teardown() {
    if [ -n "$BG_PID" ]; then kill "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; fi
    remove_scratch
}

cap_line() { awk -v k="$1:" '$1 == k {print $2}' ; }

@test "run --default: the child's CapEff, CapPrm and CapBnd are exactly the default set" {
    run "$CAP" run --default -- cat /proc/self/status
    assert_success
    assert_equal "$(cap_line CapEff <<<"$output")" 00000000a80425fb
    assert_equal "$(cap_line CapPrm <<<"$output")" 00000000a80425fb
    assert_equal "$(cap_line CapBnd <<<"$output")" 00000000a80425fb
    assert_equal "$(cap_line CapInh <<<"$output")" 0000000000000000
    assert_equal "$(cap_line CapAmb <<<"$output")" 0000000000000000
}

@test "run --default: mount and sethostname fail with EPERM, chown works" {
    mkdir "$T/m"
    touch "$T/f"
    # In throwaway mount and UTS namespaces: were the test wrong, the host
    # would be safe all the same.
    run unshare --mount --uts "$CAP" run --default -- busybox hostname minirunc-test
    assert_failure
    assert_output --partial "Operation not permitted"
    run unshare --mount --uts "$CAP" run --default -- busybox mount -t tmpfs none "$T/m"
    assert_failure
    assert_output --partial "permission denied"
    run "$CAP" run --default -- chown 1000:1000 "$T/f"
    assert_success
    assert_equal "$(stat -c %u:%g "$T/f")" 1000:1000
}

@test "run --drop ALL: nothing is left and a privileged operation fails" {
    touch "$T/f"
    run "$CAP" run --drop ALL -- cat /proc/self/status
    assert_success
    assert_equal "$(cap_line CapEff <<<"$output")" 0000000000000000
    assert_equal "$(cap_line CapBnd <<<"$output")" 0000000000000000
    run "$CAP" run --drop ALL -- chown 1000 "$T/f"
    assert_failure
    assert_output --partial "Operation not permitted"
    assert_equal "$(stat -c %u "$T/f")" 0
}

@test "run --drop LIST keeps everything else" {
    run "$CAP" run --drop sys_admin,CAP_NET_ADMIN -- cat /proc/self/status
    assert_success
    local eff
    eff=$(cap_line CapEff <<<"$output")
    run "$CAP" decode "$eff"
    refute_output --partial cap_sys_admin
    refute_output --partial cap_net_admin
    assert_output --partial cap_chown
    assert_output --partial cap_sys_ptrace
}

@test "run --user 1000:1000 --ambient NET_BIND_SERVICE: the capability survives the uid change and port 80 binds" {
    run "$CAP" run --user 1000:1000 --ambient NET_BIND_SERVICE -- cat /proc/self/status
    assert_success
    assert_equal "$(awk '$1 == "Uid:" {print $2}' <<<"$output")" 1000
    assert_equal "$(cap_line CapAmb <<<"$output")" 0000000000000400
    assert_equal "$(cap_line CapEff <<<"$output")" 0000000000000400

    # In a network namespace of its own, so no host port is involved.
    # nc binding port 80 waits for a client until timeout stops it (124);
    # refused, it exits at once with "Permission denied".
    run unshare --net "$CAP" run --user 1000:1000 --ambient NET_BIND_SERVICE -- timeout 1 busybox nc -l -p 80
    assert_equal "$status" 124
    run unshare --net "$CAP" run --user 1000:1000 -- timeout 1 busybox nc -l -p 80
    assert_failure
    assert_output --partial "Permission denied"
}

@test "run --no-new-privs: a setuid binary no longer gains privileges" {
    cp "$TOOLS/showid" "$T/showid"
    chown root:root "$T/showid"
    chmod 4755 "$T/showid"
    run "$CAP" run --user 1000:1000 -- "$T/showid"
    assert_success
    assert_output "uid=1000 euid=0"
    run "$CAP" run --user 1000:1000 --no-new-privs -- "$T/showid"
    assert_success
    assert_output "uid=1000 euid=1000"
    run "$CAP" run --no-new-privs -- awk '$1 == "NoNewPrivs:" {print $2}' /proc/self/status
    assert_output "1"
}

@test "show PID: the sets of another process by name; decode: a mask by name" {
    "$CAP" run --default -- sleep 30 &
    BG_PID=$!
    # Wait until the exec has happened (the name changes to sleep).
    for _ in $(seq 50); do [ "$(cat /proc/$BG_PID/comm 2>/dev/null)" = sleep ] && break; sleep 0.1; done
    run "$CAP" show "$BG_PID"
    assert_success
    assert_line --regexp "^Effective +00000000a80425fb  cap_chown,cap_dac_override,"
    assert_line --regexp "^Bounding +00000000a80425fb "
    assert_line --regexp "^Ambient +0000000000000000  \(none\)"
    assert_line "NoNewPrivs   0"

    run "$CAP" decode 00000000a80425fb
    assert_success
    assert_output "0x00000000a80425fb=cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap"
}

@test "--trace: the prctl/capset/setuid steps, in order, tagged [04-capability]" {
    run "$CAP" run --trace --default --user 1000:1000 --ambient net_bind_service --no-new-privs -- true
    assert_success
    assert_line --index 0 "[04-capability] prctl(PR_SET_KEEPCAPS, 1)"
    # One line per call: every capability of our bounding set but the 14
    # of the default set leaves it, each with its own prctl.
    local bnd have=0 drops
    bnd=$((16#$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)))
    while [ "$bnd" -ne 0 ]; do have=$((have + (bnd & 1))); bnd=$((bnd >> 1)); done
    drops=$(grep -c '^\[04-capability\] prctl(PR_CAPBSET_DROP, cap_[a-z_]*)$' <<<"$output")
    assert_equal "$drops" $((have - 14))
    assert_line --index 1 "[04-capability] prctl(PR_CAPBSET_DROP, cap_dac_read_search)"
    local i=$((drops + 1))
    assert_line --index $i "[04-capability] setgroups(0, [])"
    assert_line --index $((i + 1)) "[04-capability] setgid(1000)"
    assert_line --index $((i + 2)) "[04-capability] setuid(1000)"
    assert_line --index $((i + 3)) "[04-capability] prctl(PR_SET_KEEPCAPS, 0)"
    assert_line --index $((i + 4)) --regexp '^\[04-capability\] capset\(effective=cap_chown,.*inheritable=cap_net_bind_service\)$'
    assert_line --index $((i + 5)) "[04-capability] prctl(PR_CAP_AMBIENT_RAISE, cap_net_bind_service)"
    assert_line --index $((i + 6)) "[04-capability] prctl(PR_SET_NO_NEW_PRIVS, 1)"
    assert_line --index $((i + 7)) --regexp '^\[04-capability\] # the same as one command: setpriv --reuid=1000 --regid=1000 --clear-groups --bounding-set=-all,\+chown,.* --inh-caps=-all,\+net_bind_service --ambient-caps=-all,\+net_bind_service --no-new-privs -- true$'
    assert_line --index $((i + 8)) "[04-capability] exec true"
}

@test "bad input fails clearly" {
    run "$CAP" run --keep CAP_FLY -- true
    assert_equal "$status" 1
    assert_output 'capability: unknown capability "CAP_FLY" (see capabilities(7) for the names)'
    run "$CAP" run --default --keep chown -- true
    assert_equal "$status" 2
    assert_output --partial "exclude each other"
    run "$CAP" run --user alice -- true
    assert_equal "$status" 1
    assert_output --partial "--user alice: expected UID:GID"
    run "$CAP" run --keep chown --ambient net_bind_service -- true
    assert_equal "$status" 1
    assert_output --partial "must also be kept"
    run "$CAP" decode zz
    assert_equal "$status" 1
    assert_output --partial "not hexadecimal"
    run "$CAP" show 0
    assert_equal "$status" 2
    run -127 "$CAP" run -- /no/such/program
    assert_output --partial "exec /no/such/program: No such file or directory"
    run "$CAP" --bogus
    assert_equal "$status" 2
}

# The trace's setpriv line, typed as it stands, must give the program the
# same five sets (and no_new_privs) as the syscalls before it.
@test "replay: the trace's setpriv command gives the same capability sets" {
    local plan line ours theirs
    for plan in "--default" \
        "--default --user 1000:1000 --ambient net_bind_service" \
        "--drop net_raw,sys_admin --no-new-privs" \
        "--keep chown,kill,setuid,setgid --user 1000:1000 --ambient kill" \
        "--user 1000:1000" \
        "--ambient net_admin"; do
        # shellcheck disable=SC2086
        run "$CAP" --trace run $plan -- grep -E '^(Cap|NoNewPrivs)' /proc/self/status
        assert_success
        line=$(sed -n 's/^\[04-capability\] # the same as one command: //p' <<<"$output")
        [ -n "$line" ] || fail "no setpriv line in the trace of run $plan"
        ours=$(grep -E '^(Cap|NoNewPrivs)' <<<"$output")
        theirs=$(bash -c "$line" 2>&1) || fail "$line: $theirs"
        assert_equal "$theirs" "$ours"
    done
}
