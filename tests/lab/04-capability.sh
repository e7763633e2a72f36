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
