#!/bin/bash
# make doctest: run every guide's ```console transcripts and compare what
# the commands print now with what the guide shows (tests/doctest/doctest.pl
# says how blocks are read and what is masked).
#
# Usage: tests/doctest/run.sh [GUIDE.md ...]   (default: README.md docs/*.md docs/zh/*.md)
#
# Each guide runs alone, as root, in order, from a scratch directory that
# looks like the checkout (bin/, scripts/, tests/, build/asan of the real one;
# a build/ of its own), in a private mount namespace whose /tmp and /run are
# empty directories of the test's: the guides' /tmp/rootfs, /tmp/bundle,
# /run/minirunc are the test's own, and vanish with it (a checkout that is
# itself under /tmp is bound back into that /tmp, at its own path).  Cgroups are the
# host's: a guide removes what it makes, and the test fails if a minirunc
# cgroup is left (and then removes it).  Needs `make` and `make tools`.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/tests/doctest"
cd "$top" || exit 1

if [ $# -eq 0 ]; then
    set -- README.md docs/*.md
    for f in docs/zh/*.md; do [ -e "$f" ] && set -- "$@" "$f"; done
fi
for need in bin/minirunc build/asan/tests/zombies; do
    if [ ! -x "$need" ]; then
        echo "doctest: $need is missing: run make and make tools first" >&2
        exit 1
    fi
done

minirunc_cgroups() {
    find /sys/fs/cgroup -mindepth 2 -maxdepth 4 -type d -path '*/minirunc*' 2>/dev/null | sort
}

passed=0
failed=0
for guide in "$@"; do
    slug=$(printf '%s' "${guide%.md}" | tr '/' '-')
    work="$top/build/doctest/$slug"
    rm -rf "$work"
    mkdir -p "$work/tmp" "$work/run" "$work/cwd/build"
    chmod 1777 "$work/tmp"
    mkdir -m 0755 "$work/tmp/user"
    mkdir -m 0700 "$work/tmp/user/run"
    chown -R 65534:65534 "$work/tmp/user"
    for f in "$top"/*; do
        [ "${f##*/}" = build ] || ln -s "$f" "$work/cwd/${f##*/}"
    done
    ln -s "$top/build/asan" "$work/cwd/build/asan"
    chown 65534:65534 "$work/cwd" "$work/cwd/build"   # "$ CMD" runs as nobody, in a checkout of its own
    perl "$here/doctest.pl" plan "$guide" "$work" || { failed=$((failed + 1)); continue; }

    before=$(minirunc_cgroups)
    echo "== doctest: $guide"
    outs=$work/out
    : >"$work/out"
    [ -f "$work/script.bash" ] &&
    DOCTEST_CWD="$work/cwd" timeout -k 10 900 \
        unshare --mount --propagation private -- \
        bash -c 'if [ "${2#/tmp/}" != "$2" ]; then
                     mkdir -p "$1/tmp/${2#/tmp/}" && mount --bind "$2" "$1/tmp/${2#/tmp/}" || exit 1
                 fi
                 mount --rbind "$1/tmp" /tmp && mount --bind "$1/run" /run &&
                 cd "$DOCTEST_CWD" &&
                 exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
                     HOME=/root LANG=C.UTF-8 TERM=xterm DOCTEST_CWD="$DOCTEST_CWD" \
                     bash "$1/script.bash"' bash "$work" "$top" \
        </dev/null >"$work/out" 2>&1
    [ $? -eq 124 ] && echo "doctest: $guide: stopped after 900 s" >>"$work/out"
    # Blocks marked "guest v2" (or v1, or systemd): one boot each, the
    # scratch checkout is there too (the guest sees this machine's files).
    for shape in v1 v2 systemd; do
        [ -f "$work/guest-$shape.bash" ] || continue
        timeout -k 10 900 "$top/tests/vm/guest.sh" "$shape" env -i \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM=xterm DOCTEST_CWD="$work/cwd" \
            bash -c 'mkdir -p -m 0700 /tmp/user/run && chown -R 65534:65534 /tmp/user &&
                     cd "$DOCTEST_CWD" && exec bash "$1"' bash "$work/guest-$shape.bash" \
            </dev/null >"$work/out-$shape" 2>&1
        outs=$outs,$work/out-$shape
    done
    perl "$here/doctest.pl" check "$guide" "$outs" "$work/cwd" | tee "$work/report"
    ok=$(grep -c '^ok ' "$work/report")
    bad=$(grep -c '^FAIL ' "$work/report")
    after=$(minirunc_cgroups)
    left=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed '/^$/d')
    if [ -n "$left" ]; then
        echo "FAIL $guide: left these cgroups behind (now removed):"
        printf '  %s\n' $left
        printf '%s\n' $left | sort -r | xargs -r rmdir 2>/dev/null
        bad=$((bad + 1))
    fi
    passed=$((passed + ok))
    failed=$((failed + bad))
    rm -rf "$work/tmp" "$work/run" "$work/cwd"
done
echo "doctest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
