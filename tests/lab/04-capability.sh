# Chapter 2.4's checks (tests/lab/check.sh sources this), in the order of
# worked example 2: bounding set, the uid change, the ambient set.
LEVELS="bounding setuid ambient"

# The user to become: 1000 as root; without root only one's own id is
# mapped in the tool's user namespace, as 0.
lab_user() { if [ "$ME" -eq 0 ]; then U=1000; else U=0; fi; }

check_bounding() {
    lab_run "$BIN/capability" --trace run --default -- grep CapBnd /proc/self/status
    expect_no_todo &&
        expect_line '^\[04-capability\] prctl\(PR_CAPBSET_DROP, cap_sys_admin\)$' \
            "the trace line: [04-capability] prctl(PR_CAPBSET_DROP, cap_sys_admin)" &&
        expect_line '^CapBnd:[[:space:]]+00000000a80425fb$' "the bounding set after exec: CapBnd: 00000000a80425fb"
}

check_setuid() {
    lab_user
    lab_run "$BIN/capability" --trace run --default --user $U:$U -- id -u
    expect_no_todo &&
        expect_line "^\[04-capability\] setuid\($U\)\$" "the trace line: [04-capability] setuid($U)" &&
        expect_line "^$U\$" "the process runs as uid $U: id -u prints $U" &&
        expect_status 0
}

check_ambient() {
    lab_user
    lab_run "$BIN/capability" --trace run --default --user $U:$U --ambient net_bind_service -- grep -E 'Cap(Amb|Eff)' /proc/self/status
    expect_no_todo &&
        expect_line '^\[04-capability\] prctl\(PR_CAP_AMBIENT_RAISE, cap_net_bind_service\)$' \
            "the trace line: [04-capability] prctl(PR_CAP_AMBIENT_RAISE, cap_net_bind_service)" &&
        expect_line '^CapAmb:[[:space:]]+0000000000000400$' "cap_net_bind_service kept through exec: CapAmb: 0000000000000400"
}

# The guide's exercises (docs/04-capability.md#exercises).
EXERCISES="1 2 3 4 5"
EX1="the capability cat /etc/shadow needs after --drop ALL (none if it needs none)"
EX2="CapEff with --keep chown,kill (the 16 hex digits)"
EX3="CapEff after --user 1000:1000 without --ambient"
EX4="which comes first in the trace: PR_CAPBSET_DROP or setuid"
EX5="/tmp/showid's euid with a file capability, under --no-new-privs"

exercise_1() {
    [ "$ME" -eq 0 ] || { skip="needs root: /etc/shadow is readable by root alone"; return 2; }
    # Root owns /etc/shadow: where its mode lets the owner read, no
    # capability is needed at all (uid 0 is still its owner).
    lab_run "$BIN/capability" run --drop ALL -- cat /etc/shadow
    if [ "$rc" -eq 0 ]; then
        answer_is none "no capability" nothing "none: root owns it"
    else
        answer_is cap_dac_read_search dac_read_search cap_dac_override dac_override
    fi
}

exercise_2() {
    lab_run "$BIN/capability" run --keep chown,kill -- grep CapEff /proc/self/status
    answer_is "$(printf '%s\n' "$out" | awk '/^CapEff:/ { print $2 }')"
}

exercise_3() {
    [ "$ME" -eq 0 ] || { skip="needs root: only root can become uid 1000"; return 2; }
    lab_run "$BIN/capability" run --default --user 1000:1000 -- grep CapEff /proc/self/status
    local eff
    eff=$(printf '%s\n' "$out" | awk '/^CapEff:/ { print $2 }')
    [ -n "$eff" ] || { expected="CapEff of the process"; seen="$out"; return 1; }
    answer_is "$eff" "$(printf '%x' "$((16#$eff))")" "0x$(printf '%x' "$((16#$eff))")"
}

exercise_4() {
    local u=1000
    [ "$ME" -eq 0 ] || u=0
    lab_run "$BIN/capability" --trace run --default --user $u:$u -- true
    local first
    first=$(printf '%s\n' "$out" | grep -m1 -oE 'PR_CAPBSET_DROP|setuid\(')
    case "$first" in
    PR_CAPBSET_DROP) answer_is pr_capbset_drop "the bounding set" bounding capbset_drop ;;
    *) expected="the trace of --default --user $u:$u"; seen="${first:-neither}"; return 1 ;;
    esac
}

exercise_5() {
    [ "$ME" -eq 0 ] || { skip="needs root: a setuid-root copy of showid"; return 2; }
    command -v setcap >/dev/null || { skip="setcap is not installed (Debian's libcap2-bin)"; return 2; }
    # The guide's showid (tests/tools/showid.c), built here: a program that
    # prints its ids, not sanitized (a sanitizer refuses to start setuid).
    ${CC:-cc} -o "$WORK/showid.bin" "$top/tests/tools/showid.c" 2>/dev/null ||
        { skip="no C compiler to build tests/tools/showid.c"; return 2; }
    install -o root -g root -m 4755 "$WORK/showid.bin" "$WORK/showid" &&
        setcap cap_net_raw+ep "$WORK/showid" 2>/dev/null && chmod 4755 "$WORK/showid" ||
        { skip="no file capabilities on $WORK's file system"; return 2; }
    lab_run "$BIN/capability" run --user 1000:1000 --no-new-privs -- "$WORK/showid"
    answer_is "$(printf '%s\n' "$out" | sed -n 's/.*euid=\([0-9]*\).*/\1/p')"
}
