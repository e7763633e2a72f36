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

# The guide's exercises (docs/02-namespace.md#exercises).
EXERCISES="1 2 3 4 5 6"
EX1="how many processes ps -e lists with --pid --mnt (the lines after the header)"
EX2="whether the message queue made inside --ipc is listed outside (yes/no)"
EX3="whether sleep as PID 1 (--no-init) survives kill -TERM from the host (yes/no)"
EX4="the owner of /tmp/x on the host, made by root of --user --uid-map 0:100000:1"
EX5="the uptime (whole seconds, at least) with --time-offset boottime=86400 minus the host's"
EX6="the uid_map a --map-root child reads, in 20 runs out of 20 (inside outside count)"

# Without root the other namespaces need a user namespace of their own.
ns_user() { if [ "$ME" -eq 0 ]; then echo; else echo "--user --map-root"; fi; }

exercise_1() {
    # shellcheck disable=SC2046
    lab_run "$BIN/namespace" $(ns_user) --pid --mnt -- ps -e
    answer_is "$(printf '%s\n' "$out" | grep -cvE '^ *PID')"
}

exercise_2() {
    command -v ipcmk >/dev/null || { skip="ipcmk is not installed (util-linux)"; return 2; }
    # shellcheck disable=SC2046
    lab_run "$BIN/namespace" $(ns_user) --ipc -- sh -c 'ipcmk -Q'
    local key
    key=$(printf '%s\n' "$out" | sed -n 's/.*id: *\([0-9]*\).*/\1/p')
    [ -n "$key" ] || { expected="a queue made inside"; seen="$out"; return 1; }
    if ipcs -q | awk 'NR > 3 { print $2 }' | grep -qx "$key"; then answer_is yes; else answer_is no; fi
}

exercise_3() {
    [ "$ME" -eq 0 ] || { skip="needs root to signal the container's PID 1 from outside"; return 2; }
    "$BIN/namespace" --pid --mnt --no-init -- sleep 30 </dev/null >/dev/null 2>&1 &
    local ns=$! child="" i
    for i in $(seq 50); do child=$(pgrep -P "$ns" sleep) && break; sleep 0.1; done
    [ -n "$child" ] || { kill "$ns"; expected="sleep running as PID 1"; seen="none"; return 1; }
    kill -TERM "$child"
    sleep 0.5
    if kill -0 "$child" 2>/dev/null; then
        kill -KILL "$child"; wait "$ns"
        answer_is yes "yes, it survives" survives
    else
        wait "$ns"
        answer_is no dies "no, it dies"
    fi
}

exercise_4() {
    [ "$ME" -eq 0 ] || { skip="needs root: only root may map 100000"; return 2; }
    chmod 711 "$WORK" && mkdir -p "$WORK/$chapter-ex4" && chmod 1777 "$WORK/$chapter-ex4"
    lab_run "$BIN/namespace" --user --uid-map 0:100000:1 --gid-map 0:100000:1 -- touch "$WORK/$chapter-ex4/x"
    answer_is "$(stat -c %u "$WORK/$chapter-ex4/x" 2>/dev/null || echo none)"
}

exercise_5() {
    # The offsets are written before the child is cloned into the new time
    # namespace, by the parent, which without root has no user namespace yet.
    [ "$ME" -eq 0 ] || { skip="needs root: the parent unshares the time namespace before any user namespace"; return 2; }
    lab_run "$BIN/namespace" --time --time-offset boottime=86400 -- cat /proc/uptime
    local inside host
    inside=$(printf '%s\n' "$out" | awk '{ printf "%d", $1 }')
    host=$(awk '{ printf "%d", $1 }' /proc/uptime)
    [ -n "$inside" ] || { expected="/proc/uptime inside"; seen="$out"; return 1; }
    # Rounded to the day's seconds: the two reads are a moment apart.
    answer_is "$(( (inside - host + 50) / 100 * 100 ))"
}

exercise_6() {
    local i maps="" m
    for i in $(seq 20); do
        m=$("$BIN/namespace" --user --map-root -- cat /proc/self/uid_map 2>&1 | awk 'NF == 3 { print $1, $2, $3 }')
        maps="$maps$m"$'\n'
    done
    [ "$(printf '%s' "$maps" | sort -u | wc -l)" -eq 1 ] ||
        { expected="the same map in every run"; seen="$(printf '%s' "$maps" | sort | uniq -c | tr '\n' ';')"; return 1; }
    answer_is "$(printf '%s' "$maps" | head -1)"
}
