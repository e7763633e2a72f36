# The runtime's guide has no holes of its own (combined/ chains the
# chapters'), only its exercises (docs/combined.md#exercises), which
# tests/lab/check.sh runs after the chapters'.
LEVELS=""
EXERCISES="1 2 3 4 5 6"
EX1="which chapter hides the host's processes from ps in a --upto 1 container (2.N)"
EX2="the config field the error names: sysctl net.ipv4.ip_forward without a network namespace"
EX3="the status a createRuntime hook reads on its stdin"
EX4="the error mkdir gets when the profile denies it (strerror, in words)"
EX5="how many of 20 containers created at once from one bundle are created"
EX6="the major number of /dev/console in a container with terminal: true"

# A bundle of the default config in $WORK/bundle; state under $WORK/state.
# Without root, the rootless config (runc's spec --rootless).
lab_bundle() {
    B=$WORK/bundle S=$WORK/state
    if [ ! -d "$B/rootfs" ]; then
        mkdir -p "$B" && "$BIN/rootfs" busybox "$B/rootfs" >/dev/null &&
            if [ "$ME" -eq 0 ]; then "$BIN/minirunc" spec --bundle "$B"; else "$BIN/minirunc" spec --rootless --bundle "$B"; fi
        cp "$B/config.json" "$B/config.default.json"
    fi
    cp "$B/config.default.json" "$B/config.json"
}
# bundle_jq FILTER: change the bundle's config.
bundle_jq() { jq "$1" "$B/config.json" >"$B/c.json" && mv "$B/c.json" "$B/config.json"; }
mr() { "$BIN/minirunc" --root "$S" "$@"; }

exercise_1() {
    lab_bundle
    bundle_jq '.process.args = ["sh", "-c", "ps -e | wc -l"]'
    lab_run mr --upto 1 run --bundle "$B" lab-ex1
    local n
    n=$(printf '%s\n' "$out" | tail -1 | tr -d ' ')
    [ "${n:-0}" -gt 5 ] 2>/dev/null || { expected="the host's processes in ps (more than a few)"; seen="$out"; return 1; }
    answer_sha 914204c25f3f144ddec3469c61a6faea695c87590ab78a5eb25b0f3904cf84e0 \
               95f164ef66f565107a377e241188e3269e172a2bf48ef8a61a6aade3ffe590c4
}

exercise_2() {
    lab_bundle
    bundle_jq '.linux.namespaces |= map(select(.type != "network")) | .linux.sysctl = {"net.ipv4.ip_forward": "1"} | .process.args = ["true"]'
    lab_run mr run --bundle "$B" lab-ex2
    expect_status 1 && expect_line 'linux\.sysctl' "create refused, naming the field" || return 1
    answer_is linux.sysctl sysctl linux.sysctl.net.ipv4.ip_forward
}

exercise_3() {
    lab_bundle
    bundle_jq ".process.args = [\"true\"] | .hooks.createRuntime = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"cat > $WORK/hook-stdin\"]}]"
    lab_run mr run --bundle "$B" lab-ex3
    [ -s "$WORK/hook-stdin" ] || { expected="the hook's stdin in $WORK/hook-stdin"; seen="$out"; return 1; }
    answer_is "$(jq -r .status "$WORK/hook-stdin")"
}

exercise_4() {
    lab_bundle
    bundle_jq '.process.noNewPrivileges = false
        | .process.capabilities |= with_entries(.value |= map(select(. != "CAP_SYS_ADMIN")))
        | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
        | .process.args = ["sh", "-c", "mkdir /tmp/x"]'
    lab_run mr run --bundle "$B" lab-ex4
    local err
    err=$(printf '%s\n' "$out" | sed -n "s/^mkdir: can't create directory '\/tmp\/x': //p" | head -1)
    [ -n "$err" ] || { expected="mkdir refused inside"; seen="$out"; return 1; }
    answer_is "$(printf '%s' "$err" | tr 'A-Z' 'a-z')"
}

exercise_5() {
    lab_bundle
    bundle_jq '.process.args = ["sleep", "30"]'
    local i n
    for i in $(seq 20); do mr create --bundle "$B" "lab-ex5-$i" </dev/null >/dev/null 2>&1 & done
    wait
    n=$(mr list 2>/dev/null | grep -c '^lab-ex5-')
    for i in $(seq 20); do mr delete --force "lab-ex5-$i" >/dev/null 2>&1; done
    answer_is "$n"
}

exercise_6() {
    command -v script >/dev/null || { skip="script (bsdutils) is not installed"; return 2; }
    lab_bundle
    bundle_jq '.process.terminal = true | .process.args = ["stat", "-c", "%t", "/dev/console"]'
    lab_run script -qec "$BIN/minirunc --root $S run --bundle $B lab-ex6" /dev/null
    local hex
    hex=$(printf '%s\n' "$out" | tr -cd '0-9a-f\n' | grep -E '^[0-9a-f]+$' | tail -1)
    [ -n "$hex" ] || { expected="stat of /dev/console inside"; seen="$(printf '%s' "$out" | tr -d '\r' | tail -1)"; return 1; }
    answer_is "$((16#$hex))"
}
