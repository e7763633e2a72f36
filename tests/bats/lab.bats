#!/usr/bin/env bats
# The classroom labs (docs/labs.md): make lab writes a student tree that
# builds and fails every check; filling its holes from the solution, one at
# a time in each chapter's order, makes exactly those holes' checks pass;
# the full tree passes them all, with root and without.

load helpers

setup() {
    T=$(mktemp -d /tmp/minirunc-labtest.XXXXXX)
}

teardown() {
    rm -rf "$T"
}

@test "make check: every hole and exercise of the full tree passes (the teachers' key), as root and without root" {
    run make -s -C "$TOP" check
    assert_success
    assert_output --partial "54 passed, 0 failed"
    refute_output --partial "✘"
    refute_output --partial "skipped"
    # Without root, the exercises that need it are skipped, with the reason.
    run su nobody -s /bin/bash -c "cd '$TOP' && bash tests/lab/check.sh"
    assert_success
    assert_output --regexp "[0-9]+ passed, 0 failed, [0-9]+ skipped"
    assert_output --partial "(skipped: needs root"
    refute_output --partial "✘"
}

@test "the exercises: a key line for each, an answers.txt line for each, and a chapter's fact kept only as a digest" {
    # Every exercise the checker knows has its key in both languages' answers.
    for f in "$TOP"/tests/lab/*.sh; do
        c=$(basename "$f" .sh)
        [ "$c" = check ] && continue
        for n in $(sed -n 's/^EXERCISES="\(.*\)"$/\1/p' "$f"); do
            grep -q "make check answer: \`$c/$n: " "$TOP/docs/labs-answers.md" || fail "no key for $c/$n in docs/labs-answers.md"
            grep -q "make check answer: \`$c/$n: " "$TOP/docs/zh/labs-answers.md" || fail "no key for $c/$n in docs/zh/labs-answers.md"
            grep -q "^EX$n=\"" "$f" || fail "$c exercise $n has no question (EX$n)"
            grep -q "^exercise_$n()" "$f" || fail "$c exercise $n has no check"
        done
    done
    # Every exercise section of the guides has its checks: as many as it has items.
    for g in 01-rootfs 02-namespace 03-cgroups 04-capability 05-env combined performance; do
        items=$(awk '/^## Exercises/ { on = 1; next } /^## / { on = 0 } on && /^[0-9]+\. / { n++ } END { print n + 0 }' "$TOP/docs/$g.md")
        checks=$(sed -n 's/^EXERCISES="\(.*\)"$/\1/p' "$TOP/tests/lab/$g.sh" | wc -w)
        [ "$items" -eq "$checks" ] || fail "docs/$g.md has $items exercises, tests/lab/$g.sh checks $checks"
    done
    # A chapter's fact ("which chapter hides them": 2.2) is not in the checker in plain text.
    ! grep -nE 'answer_is[^#]*"?2\.2"?' "$TOP"/tests/lab/*.sh
}

@test "make check CHAPTER= STEP= REPORT=: one chapter, one hole, a report file; bad names are refused" {
    run make -s -C "$TOP" check CHAPTER=04-capability STEP=setuid REPORT="$T/report"
    assert_success
    assert_output --partial "✔ 04-capability setuid: 2.4 step 3"
    assert_output --partial "1 passed, 0 failed"
    grep -q '^make check: ' "$T/report"
    grep -qx '✔ 04-capability setuid: 2.4 step 3: become the user: groups, then gid, then uid' "$T/report"
    grep -qx '1 passed, 0 failed' "$T/report"
    CHAPTER=07-nothing run bash "$TOP/tests/lab/check.sh"
    assert_failure 2
    assert_output --partial "no chapter 07-nothing"
    CHAPTER=01-rootfs STEP=nohole run bash "$TOP/tests/lab/check.sh"
    assert_failure 2
    assert_output --partial 'no hole or exercise "nohole"'
}

@test "make lab: refuses a non-empty directory and one inside the tree" {
    mkdir "$T/full" && touch "$T/full/x"
    run make -s -C "$TOP" lab DEST="$T/full"
    assert_failure
    assert_output --partial "is not empty"
    run sh "$TOP/scripts/lab.sh" "$TOP/build/lab-inside"
    assert_failure
    assert_output --partial "inside this tree"
    [ ! -e "$TOP/build/lab-inside" ]
    run sh "$TOP/scripts/lab.sh"
    assert_failure 2
}

@test "make lab: a student tree builds, every check fails naming its step, and each filled hole passes exactly its own" {
    run make -s -C "$TOP" lab DEST="$T/student"
    assert_success
    assert_output --partial "16 holes"
    S=$T/student
    # No answers in the student's tree; the stubs say which step they are.
    [ ! -e "$S/docs/labs-answers.md" ]
    grep -q 'return lab_todo("2.1.1 step 4: pivot_root", "docs/01-rootfs.md#step-4-pivot_root");' "$S/01-rootfs/pivot.c"
    run make -s -C "$S"
    assert_success
    run make -s -C "$S" check
    assert_failure
    assert_output --partial "0 passed, 54 failed"
    refute_output --partial "✔"
    # No exercise runs on code with holes.
    assert_output --partial "[the lab's holes first]"
    # answers.txt: one empty line per exercise, under its question.
    [ "$(grep -c '^[0-9a-z-]*/[0-9]*: $' "$S/answers.txt")" -eq 38 ]
    assert_output --partial "    seen:     rootfs: TODO 2.1.1 step 2: mount --bind rootfs rootfs"
    assert_output --partial "    hint: "

    # Fill the holes from the solution, chapter by chapter, in the order the
    # checker takes them: after each, exactly the holes filled pass.
    for chapter in 01-rootfs 02-namespace 03-cgroups 04-capability 05-env; do
        levels=$(sed -n 's/^LEVELS="\(.*\)"$/\1/p' "$TOP/tests/lab/$chapter.sh")
        done_ids=""
        for id in $levels; do
            file=$(grep -l -E "^ *(/\*| \*) *LAB $id: " "$TOP/$chapter"/*.c)
            perl "$TOP/scripts/lab.pl" fill "$file" "$S/$chapter/$(basename "$file")" "$id"
            done_ids="$done_ids $id"
            run make -s -C "$S"
            assert_success
            run make -s -C "$S" check CHAPTER="$chapter"
            for other in $levels; do
                case " $done_ids " in
                *" $other "*) assert_output --partial "✔ $chapter $other:" ;;
                *)            assert_output --partial "✘ $chapter $other:" ;;
                esac
            done
        done
        # Its holes written, the chapter's exercises run, and wait for answers.
        assert_output --partial "✘ $chapter exercise 1:"
        assert_output --partial "    seen:     no answer yet"
        refute_output --partial "[the lab's holes first]"
    done
    # The student's answers: the teachers' key, and one wrong answer, named.
    grep -v ' (without root): ' "$TOP/docs/labs-answers.md" |
        sed -n 's/^.*make check answer: `\(.*\)`.*$/\1/p' >"$S/answers.txt"
    sed -i 's#^04-capability/2: .*#04-capability/2: 0000000000000022#' "$S/answers.txt"
    # All filled: the student's tree is the full one; only the wrong answer fails.
    run make -s -C "$S" check
    assert_failure
    assert_output --partial "53 passed, 1 failed"
    assert_output --partial "✘ 04-capability exercise 2:"
    assert_output --partial "    seen:     your answer: 0000000000000022"
    sed -i 's#^04-capability/2: .*#04-capability/2: 0000000000000021#' "$S/answers.txt"
    run make -s -C "$S" check
    assert_success
    assert_output --partial "54 passed, 0 failed"
}
