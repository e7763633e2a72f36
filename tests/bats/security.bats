#!/usr/bin/env bats
# What a runtime must defend against: the known escape classes of runc,
# each tried from inside a container against bin/minirunc, the way its
# public advisory describes.  The probes write nothing outside their test.

load helpers

MR="$BIN/minirunc"

setup() {
    make_scratch
    chmod 755 "$T"
    B="$T/bundle"
    S="$T/state"
    mkdir -p "$B"
    busybox_copy "$B/rootfs"
    "$MR" spec --bundle "$B"
}

teardown() {
    local id
    for id in $(ls "$S" 2>/dev/null); do "$MR" --root "$S" delete --force "$id" >/dev/null 2>&1 || true; done
    remove_scratch
}

update_config() {
    jq "$1" "$B/config.json" >"$B/config.json.new" && mv "$B/config.json.new" "$B/config.json"
}

mr() { "$MR" --root "$S" "$@"; }
mr_bg() { "$MR" --root "$S" "$@" </dev/null >>"$T/init.out" 2>&1; }

@test "CVE-2019-5736: a container never gets a writable handle on the runtime's binary during exec" {
    # The attacker: root in the container with runc's default spec (three
    # capabilities, read-only root), grabbing /proc/PID/exe of every
    # process that appears and trying to reopen it for writing.
    cp "$TOOLS/exeprobe" "$B/rootfs/exeprobe"
    update_config '.process.args = ["/exeprobe", "/probe-stop"] | .root.readonly = true'
    mr_bg run --bundle "$B" -d probe
    for _ in $(seq 50); do grep -q watching "$T/init.out" && break; sleep 0.1; done
    # Each exec'd process lives a moment (sleep 0.1), so that the probe sees
    # every one even on a loaded machine; the window it races for comes
    # before the sleep.
    for _ in $(seq 30); do mr exec probe sleep 0.1; done
    touch "$B/rootfs/probe-stop"
    for _ in $(seq 50); do grep -q '^exeprobe: seen' "$T/init.out" && break; sleep 0.1; done
    run cat "$T/init.out"
    # The probe was really there: it saw every exec and held a handle on
    # what each one ran (so the test can fail: before the fix, those were
    # the host's bin/minirunc, writable 30 times out of 30).
    assert_line --regexp '^exeprobe: seen (3[0-9]|[4-9][0-9]) processes, ([2-9][0-9]) exe handles, 0 writable$'
    refute_line --partial WRITABLE
    # Every handle it got is on the container's own program, never on ours:
    # non-dumpable until execve, /proc/PID/exe of our helper cannot be opened.
    refute_line --partial "$(basename "$MR")"
    assert_line --regexp '^handle pid [0-9]+: /bin/busybox$'
}

@test "CVE-2019-5736: the runtime runs from a sealed memfd copy, non-dumpable before it enters" {
    update_config '.process.args = ["sleep", "30"]'
    mr_bg --trace create --bundle "$B" sealed
    run cat "$T/init.out"
    assert_line --partial 'fexecve(memfd_create("minirunc", MFD_ALLOW_SEALING) + cp /proc/self/exe + F_SEAL_WRITE'
    assert_line --partial 'prctl(PR_SET_DUMPABLE, 0)'
    # From the host, the created init's exe is the sealed copy, not the file.
    local pid
    pid=$(mr state sealed | jq .pid)
    run readlink "/proc/$pid/exe"
    assert_output '/memfd:minirunc (deleted)'
    mr start sealed
    run mr --trace exec sealed true
    assert_success
    # The dumpable flag comes before the first setns: order matters.
    local dump setns
    dump=$(grep -n 'PR_SET_DUMPABLE' <<<"$output" | head -1 | cut -d: -f1)
    setns=$(grep -n 'setns(' <<<"$output" | head -1 | cut -d: -f1)
    [ -n "$dump" ] && [ -n "$setns" ] && [ "$dump" -lt "$setns" ]
}
