#!/usr/bin/env bats
# The build itself: what a packager or a learner with another compiler does.
# `make test` has built the tree with gcc and with clang already (make
# compilers); these check the knobs by dry runs (make -n) and one install
# into a scratch DESTDIR, so nothing in the checkout changes.

load helpers

setup() {
    make_scratch
    # A make of our own, not a child of the make that runs the tests.
    unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
}
teardown() { remove_scratch; }

@test "make CFLAGS=... changes only the optimisation: include paths, -std and warnings stay" {
    run make -C "$TOP/05-env" -n -B V=1 CFLAGS='-O0 -fno-inline' BUILDDIR="$T/b" BINDIR="$T/b/bin"
    assert_success
    assert_line --regexp "^[^ ]*(cc|gcc|clang) .*-std=gnu11 .*-Wall -Wextra -Werror .*-I$TOP/common .*-O0 -fno-inline -c -o $T/b/normal/05-env/tty.o $TOP/05-env/tty.c$"
    refute_output --partial -- '-O2'
}

@test "a header's change rebuilds every object that includes it, in other chapters too" {
    # combined/init.c includes 01-rootfs/rootfs.h; -W: as if it had changed.
    make -C "$TOP" all >/dev/null
    run make -C "$TOP/combined" -n -W "$TOP/01-rootfs/rootfs.h"
    assert_success
    assert_line --partial "combined/init.c"
    refute_line --partial "combined/spec.c"
}

@test "quiet rules by default, full command lines with V=1" {
    run make -C "$TOP/04-capability" --no-print-directory BUILDDIR="$T/b" BINDIR="$T/b/bin"
    assert_success
    assert_line "  CC     04-capability/capnames.c"
    assert_line "  LD     $T/b/bin/capability"
    refute_output --regexp '(^|[ /])(cc|gcc|clang) '
    "$T/b/bin/capability" decode 400
    run make -C "$TOP/04-capability" -n -B V=1 BUILDDIR="$T/b" BINDIR="$T/b/bin"
    assert_line --regexp "^[^ ]*(cc|gcc|clang) .* -c -o $T/b/normal/04-capability/capnames.o $TOP/04-capability/capnames.c$"
    refute_output --partial "printf"
}

@test "make install PREFIX DESTDIR: the six programs, and they run; uninstall removes them" {
    run make -C "$TOP" install PREFIX=/usr DESTDIR="$T/root"
    assert_success
    run ls "$T/root/usr/bin"
    assert_output $'capability\ncgroups\nminirunc\nnamespace\nprocenv\nrootfs'
    run "$T/root/usr/bin/minirunc" --version
    assert_success
    assert_line --regexp '^minirunc version [0-9]+\.[0-9]+\.[0-9]+$'
    run "$T/root/usr/bin/capability" decode 400
    assert_success
    assert_output --partial cap_net_bind_service
    run make -C "$TOP" uninstall PREFIX=/usr DESTDIR="$T/root"
    assert_success
    run ls -A "$T/root/usr/bin"
    assert_output ""
}

@test "make bench's script runs end to end: every row, ratios and counts, and leaves nothing" {
    # Not a timing test (times are never asserted): the bench must keep
    # working, and clean up after runc and crun as well as itself.
    make -C "$TOP" all >/dev/null
    run env MINIRUNC_BENCH_OUT="$T/bench.md" bash "$TOP/scripts/bench.sh" 2 2
    assert_success
    for row in '| run |' '| create+start+delete |' '| 2 in parallel |'; do
        assert_line --regexp "^\\$row \*\*[0-9.]+\*\* \([0-9.]+–[0-9.]+\) \| \*\*[0-9.]+\*\* "
    done
    assert_line --regexp '^\| peak RSS \(KiB, /usr/bin/time\) \| [0-9]+ \| [0-9]+ \| [0-9]+ \|$'
    assert_line --regexp '^\| system calls \(strace -f -c\) \| [0-9]+ \| [0-9]+ \| [0-9]+ \|$'
    cmp "$T/bench.md" <(grep -v '^bench:' <<<"$output")
    run find /sys/fs/cgroup -maxdepth 3 -path '*/minirunc*'
    assert_output ""
    run bash -c 'ls -d /tmp/minirunc-bench* 2>/dev/null; grep minirunc-bench /proc/self/mountinfo'
    assert_output ""
}

@test "doctest: a transcript that differs fails and is named; masks, '...' and '\$' prompts pass" {
    # A guide of our own, with one block of each kind (doctest.pl's rules).
    cat >"$T/guide.md" <<'GUIDE'
# a guide

```console
# echo one; echo two; echo three
one
...
three
# echo "pid 4242 at 2026-12-03T10:00:00Z"
pid 17 at 2026-01-01T00:00:00Z
$ id -u
65534
```

<!-- doctest: mask \d+ apples -->
```console
# echo 3 apples
7 apples
```

```console
# echo right
wrong
```

<!-- doctest: skip shown, not run: no such command here -->
```console
# no-such-command
```
GUIDE
    run bash "$TOP/tests/doctest/run.sh" "$T/guide.md"
    assert_failure
    assert_line --regexp "^ok +$T/guide.md:3$"
    assert_line --regexp "^ok +$T/guide.md:15$"
    assert_line "FAIL $T/guide.md:20"
    assert_line "  -wrong"
    assert_line "  +right"
    assert_line "skip $T/guide.md:26: shown, not run: no such command here"
    assert_line "doctest: 2 passed, 1 failed"
    rm -rf "$TOP/build/doctest/$(printf '%s' "$T/guide" | tr / -)"   # its report
}

@test "make docs: the checked-in pictures are what their sources draw, and both languages' guides show each" {
    command -v dot >/dev/null || skip "graphviz is not installed (scripts/install-deps.sh installs it)"
    run sh "$TOP/docs/pictures/build.sh" "$T"
    assert_success
    n=0
    for src in "$TOP"/docs/pictures/src/*.dot; do
        name=$(basename "$src" .dot)
        for lang in en zh; do
            cmp "$T/$name.$lang.svg" "$TOP/docs/pictures/$name.$lang.svg" ||
                fail "docs/pictures/$name.$lang.svg differs from what src/$name.dot draws: run make docs"
            n=$((n + 1))
        done
        grep -q "pictures/$name.en.svg" "$TOP"/docs/*.md || fail "no English guide shows $name.en.svg"
        grep -q "pictures/$name.zh.svg" "$TOP"/docs/zh/*.md || fail "no Chinese guide shows $name.zh.svg"
        # The Chinese picture has Chinese labels, the English one none.
        LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$T/$name.zh.svg" || fail "$name.zh.svg has no Chinese label"
        ! LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$T/$name.en.svg" || fail "$name.en.svg has a Chinese label"
    done
    [ "$n" -ge 10 ]
    # Every picture a guide links exists.
    for link in $(grep -ohE '\(([./]*)pictures/[a-z0-9-]+\.(en|zh)\.svg\)' "$TOP"/docs/*.md "$TOP"/docs/zh/*.md | tr -d '()' | sed 's#^[./]*##' | sort -u); do
        [ -f "$TOP/docs/$link" ] || fail "a guide links docs/$link, which does not exist"
    done
}

@test "every program's --help points to its guide in English and in Chinese, and both exist" {
    for pair in rootfs:01-rootfs namespace:02-namespace cgroups:03-cgroups capability:04-capability \
                procenv:05-env minirunc:combined; do
        run "$BIN/${pair%%:*}" --help
        assert_success
        assert_output --partial "docs/${pair#*:}.md"
        assert_output --partial "docs/zh/${pair#*:}.md"
        [ -f "$TOP/docs/${pair#*:}.md" ] && [ -f "$TOP/docs/zh/${pair#*:}.md" ]
    done
}

# The commands of a guide's ```console blocks ("# CMD" as root, "$ CMD"), in order.
console_commands() {
    awk '/^ *```console/ { on = 1; next } /^ *```/ { on = 0 } on && /^ *[#$] / { sub(/^ +/, ""); print }' "$1"
}

@test "the Chinese edition: a guide for every English one, with the same commands, linked from the README" {
    for en in "$TOP"/docs/*.md "$TOP/README.md"; do
        name=$(basename "$en")
        zh="$TOP/docs/zh/$name"
        [ -f "$zh" ] || fail "docs/zh/$name is missing (the Chinese edition of ${en#$TOP/})"
        # The same transcripts: every command of a console block, in the same order.
        diff <(console_commands "$en") <(console_commands "$zh") ||
            fail "docs/zh/$name runs other commands than ${en#$TOP/}"
        grep -q '](\.\./' "$zh" || fail "docs/zh/$name does not link its English original"
    done
    head -5 "$TOP/README.md" | grep -q 'docs/zh/README.md' || fail "the README does not link the Chinese edition at its top"
    [ -f "$TOP/docs/zh/glossary.md" ]
}
