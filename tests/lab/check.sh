#!/bin/bash
# make check: the classroom labs' checker (docs/labs.md).  For each hole of
# each chapter (scripts/lab.pl reads them from the source: the step, the
# hint, the trace line), run that chapter's checks (tests/lab/NN-topic.sh)
# against the programs built in the tree it is run in, and print one line per
# check: ✔ or ✘, the chapter and the step; on ✘ the hint, what was expected
# and what was seen.  Then each exercise of the chapter's guide: its
# experiment run here, compared with the student's answer in answers.txt
# (or, in the full tree, the key in docs/labs-answers.md).  Last "N passed,
# M failed" (", K skipped": exercises that need root); exit 0 only if none
# failed.
#
#   make check                         every chapter
#   make check CHAPTER=01-rootfs       one chapter
#   make check CHAPTER=01-rootfs STEP=pivot    one hole (level by level)
#   make check CHAPTER=01-rootfs STEP=ex3      one exercise
#   make check REPORT=FILE             also write the results to FILE
#
# Root or not: the checks use what the chapter's programs do without root
# (a user namespace of their own), and 2.3's run on a cgroup tree of plain
# directories (--cgroup-root), so nothing of the machine's is touched.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
CHAPTER=${CHAPTER:-}
STEP=${STEP:-}
REPORT=${REPORT:-}
BIN=${LAB_BIN:-$top/bin}
chapters="01-rootfs 02-namespace 03-cgroups 04-capability 05-env combined performance"
if [ -n "$CHAPTER" ]; then
    case " $chapters " in *" $CHAPTER "*) chapters=$CHAPTER ;;
        *) echo "check: no chapter $CHAPTER (one of: $chapters)" >&2; exit 2 ;; esac
fi
for p in rootfs namespace cgroups capability procenv; do
    [ -x "$BIN/$p" ] || { echo "check: $BIN/$p is missing: run make first" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/minirunc-check.XXXXXX) || exit 1
trap '! declare -F lab_chapter_cleanup >/dev/null || lab_chapter_cleanup; rm -rf "$WORK"' EXIT
ME=$(id -u)
passed=0
failed=0
skipped=0
results=""

# lab_run CMD...: run it, output (stdout and stderr) in $out, status in $rc.
lab_run() {
    out=$("$@" 2>&1 </dev/null)
    rc=$?
}
# The default busybox rootfs in $R, made once (2.1's and 2.5's checks).
lab_rootfs() {   # the default busybox rootfs, made once
    [ -d "$WORK/rootfs" ] || "$BIN/rootfs" busybox "$WORK/rootfs" >/dev/null
    R=$WORK/rootfs
}

# Each check says what it expected and, when it fails, what it saw.
expect_line() {   # REGEX DESCRIPTION: a line of $out matches
    if printf '%s\n' "$out" | grep -qE -- "$1"; then return 0; fi
    expected=$2
    seen=$(printf '%s\n' "$out" | grep -E 'TODO|: ' | grep -v '^\[' | head -1)
    [ -n "$seen" ] || seen=$(printf '%s\n' "$out" | tail -1)
    [ -n "$seen" ] || seen="(no output, exit status $rc)"
    return 1
}
expect_no_todo() {   # $out does not report this hole's TODO (its $step)
    if ! printf '%s\n' "$out" | grep -qF "TODO $step"; then return 0; fi
    expected="the step done, not its TODO"
    seen=$(printf '%s\n' "$out" | grep -m1 TODO)
    return 1
}
expect_status() {   # N
    [ "$rc" -eq "$1" ] && return 0
    expected="exit status $1"
    seen="exit status $rc: $(printf '%s\n' "$out" | tail -1)"
    return 1
}

# The answers to the guides' exercises: the student's, in answers.txt
# ("CHAPTER/N: ANSWER", a template make lab writes); in the full tree, where
# there is none, the teachers' key in docs/labs-answers.md ("make check
# answer: `CHAPTER/N: ANSWER`"), which student trees do not have.
lab_answer() {
    local a=""
    [ -f "$top/answers.txt" ] && a=$(sed -n "s#^$1:[[:space:]]*##p" "$top/answers.txt" | head -1)
    # The key: its "(without root)" line where one is given and we are not
    # root; UID there stands for our own uid.
    if [ -z "$a" ] && [ -f "$top/docs/labs-answers.md" ]; then
        [ "$ME" -eq 0 ] ||
            a=$(sed -n "s#^.*make check answer (without root): \`$1: \(.*\)\`.*\$#\1#p" "$top/docs/labs-answers.md" | head -1)
        [ -n "$a" ] ||
            a=$(sed -n "s#^.*make check answer: \`$1: \(.*\)\`.*\$#\1#p" "$top/docs/labs-answers.md" | head -1)
        a=$(printf '%s' "$a" | sed "s/\bUID\b/$ME/g")
    fi
    printf '%s' "$a" | tr 'A-Z' 'a-z' | sed 's/^[[:space:]"`'"'"']*//; s/[[:space:]"`'"'"'.]*$//; s/[[:space:]]\+/ /g'
}
# answer_is VALUE...: the answer is one of these (lower case); they are what
# this machine showed, so the message does not repeat them.
answer_is() {
    local v
    # The experiment stopped at a hole of the lab: no answer can match yet.
    if printf '%s\n' "${out:-}" | grep -q 'TODO '; then
        expected="the exercise's experiment to run"
        seen="$(printf '%s\n' "$out" | grep -m1 'TODO ') [a hole of the lab is not done yet]"
        return 1
    fi
    if [ -z "$answer" ]; then
        expected="your answer, in answers.txt: a line \"$chapter/$n: ...\""
        seen="no answer yet"
        return 1
    fi
    for v in "$@"; do [ "$answer" = "$v" ] && return 0; done
    expected="an answer that matches what this machine shows (run the exercise again)"
    seen="your answer: $answer"
    return 1
}
# answer_sha SHA256...: the same, for an answer that is a fact of the
# chapter rather than of this machine (kept as a digest: the checker is in
# the student's tree).
answer_sha() {
    local sum
    sum=$(printf '%s' "$answer" | sha256sum | cut -d' ' -f1)
    for v in "$@"; do [ "$sum" = "$v" ] && return 0; done
    answer_is ""   # the same messages
}

# answer_near N PERCENT: a number within PERCENT of N (a count that moves a
# little from run to run).
answer_near() {
    if [ -n "$answer" ] && [ "$answer" -eq "$answer" ] 2>/dev/null &&
        [ $(( (answer - $1) * 100 )) -le $(( ${1#-} * $2 )) ] &&
        [ $(( ($1 - answer) * 100 )) -le $(( ${1#-} * $2 )) ]; then
        return 0
    fi
    answer_is ""
}

report_line() { results="$results$1"$'\n'; printf '%s\n' "$1"; }

for chapter in $chapters; do
    # shellcheck source=/dev/null
    . "$top/tests/lab/$chapter.sh"
    holes=""
    [ -z "$LEVELS" ] || holes=$(perl scripts/lab.pl list "$chapter"/*.c)
    for id in $LEVELS; do
        [ -z "$STEP" ] || [ "$STEP" = "$id" ] || continue
        line=$(printf '%s\n' "$holes" | awk -F'\t' -v id="$id" '$2 == id')
        if [ -z "$line" ]; then
            echo "check: $chapter has no hole \"$id\" in its source" >&2
            failed=$((failed + 1))
            continue
        fi
        step=$(printf '%s' "$line" | cut -f3)
        guide=$(printf '%s' "$line" | cut -f4)
        trace=$(printf '%s' "$line" | cut -f5)
        hint=$(printf '%s' "$line" | cut -f6)
        expected="" seen=""
        if "check_$id"; then
            passed=$((passed + 1))
            report_line "✔ $chapter $id: $step"
        else
            failed=$((failed + 1))
            report_line "✘ $chapter $id: $step"
            # A TODO of another step: that one comes first.
            case "$seen" in
            *"TODO $step "*) ;;
            *TODO*) seen="$seen [an earlier step is not done yet]" ;;
            esac
            printf '    expected: %s\n' "$expected"
            printf '    seen:     %s\n' "$seen"
            printf '%s\n' "$hint" | fold -s -w 68 | sed 's/ *$//; 1s/^/    hint:     /; 2,$s/^/              /'
            printf '    trace:    %s\n' "$trace"
            printf '    guide:    %s\n' "$guide"
        fi
    done
    # The guide's exercises: the student's answer against what this
    # machine does (the check runs the experiment itself).
    # An exercise runs on the chapter's code: not before its holes are
    # written (combined's and performance's: every chapter's).
    case $chapter in
    combined|performance) stubs=$(grep -l 'return lab_todo(' [0-9][0-9]-*/*.c 2>/dev/null) ;;
    *) stubs=$(grep -l 'return lab_todo(' "$chapter"/*.c 2>/dev/null) ;;
    esac
    for n in ${EXERCISES:-}; do
        [ -z "$STEP" ] || [ "$STEP" = "ex$n" ] || continue
        title_var=EX$n
        title=${!title_var}
        expected="" seen="" skip="" out=""
        answer=$(lab_answer "$chapter/$n")
        if [ -n "$stubs" ]; then
            expected="the exercise's experiment to run"
            seen="holes not written yet in $(printf '%s' "$stubs" | tr '\n' ' ' | sed 's/ $//') [the lab's holes first]"
            false
        else
            "exercise_$n"
        fi
        case $? in
        0) passed=$((passed + 1)); report_line "✔ $chapter exercise $n: $title" ;;
        2) skipped=$((skipped + 1)); report_line "- $chapter exercise $n: $title (skipped: $skip)" ;;
        *) failed=$((failed + 1)); report_line "✘ $chapter exercise $n: $title"
           printf '    expected: %s\n' "$expected"
           printf '    seen:     %s\n' "$seen"
           printf '    guide:    docs/%s.md#exercises, exercise %s\n' "$chapter" "$n" ;;
        esac
    done
    # A chapter whose exercises make something of the machine's (2.3's
    # cgroups) removes it, whatever the checks found.
    if declare -F lab_chapter_cleanup >/dev/null; then
        lab_chapter_cleanup
        unset -f lab_chapter_cleanup
    fi
    EXERCISES=""
done
if [ -n "$STEP" ] && [ $((passed + failed + skipped)) -eq 0 ]; then
    echo "check: no hole or exercise \"$STEP\" in ${CHAPTER:-any chapter} (holes: perl scripts/lab.pl list */*.c; exercises: exN)" >&2
    exit 2
fi
summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary="$summary, $skipped skipped"
echo "$summary"
if [ -n "$REPORT" ]; then
    {
        echo "make check: $(date -u '+%Y-%m-%d %H:%M UTC'), $(id -un) on $(hostname)"
        echo "tree: $top${CHAPTER:+, CHAPTER=$CHAPTER}${STEP:+, STEP=$STEP}"
        printf '%s' "$results"
        echo "$summary"
    } >"$REPORT" || { echo "check: cannot write $REPORT" >&2; exit 2; }
fi
[ "$failed" -eq 0 ]
