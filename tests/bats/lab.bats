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

@test "make check: every hole of the full tree passes, as root and as a user without root" {
    run make -s -C "$TOP" check
    assert_success
    assert_output --partial "16 passed, 0 failed"
    refute_output --partial "✘"
    run su nobody -s /bin/bash -c "cd '$TOP' && bash tests/lab/check.sh"
    assert_success
    assert_output --partial "16 passed, 0 failed"
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
    assert_output --partial 'no hole "nohole"'
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
    assert_output --partial "0 passed, 16 failed"
    refute_output --partial "✔"
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
        assert_success
    done
    # All filled: the student's tree is the full one, and passes.
    run make -s -C "$S" check
    assert_success
    assert_output --partial "16 passed, 0 failed"
}
