# Chapter 2.2's checks (tests/lab/check.sh sources this), in the order a
# child is made: cloned, given its id maps, released.
LEVELS="clone maps sync"

check_clone() {
    lab_run "$BIN/namespace" --trace --user --map-root --uts --hostname box -- hostname
    expect_line '^\[02-namespace\] clone3\(\{flags=CLONE_NEWUSER\|CLONE_NEWUTS, exit_signal=SIGCHLD\}\) = [0-9]+$' \
        "the trace line: [02-namespace] clone3({flags=CLONE_NEWUSER|CLONE_NEWUTS, exit_signal=SIGCHLD}) = PID" &&
        expect_no_todo
}

# The map a --map-root child gets: 100000.. as root, one's own id without.
map_outside() { if [ "$ME" -eq 0 ]; then echo "100000 65536"; else echo "$ME 1"; fi; }

check_maps() {
    local m
    m=$(map_outside)
    lab_run "$BIN/namespace" --trace --user --map-root -- cat /proc/self/uid_map
    expect_line "^\[02-namespace\] echo '0 $m' > /proc/[0-9]+/uid_map\$" \
        "the trace line: [02-namespace] echo '0 $m' > /proc/PID/uid_map" &&
        expect_line "^\[02-namespace\] echo '0 [0-9]+ [0-9]+' > /proc/[0-9]+/gid_map\$" \
        "the trace line: [02-namespace] echo '0 ...' > /proc/PID/gid_map" &&
        expect_no_todo
}

check_sync() {
    local m
    m=$(map_outside)
    lab_run "$BIN/namespace" --trace --user --map-root --uts --hostname box -- sh -c 'hostname; cat /proc/self/uid_map; id -u'
    expect_no_todo &&
        expect_line '^box$' "the child ran, in its own UTS namespace: hostname prints box" &&
        expect_line "^ +0 +${m% *} +${m#* }\$" "the child's /proc/self/uid_map: 0 $m" &&
        expect_line '^0$' "the child is root inside: id -u prints 0" &&
        expect_status 0
}
