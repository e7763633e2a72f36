#!/bin/bash
# make check: the classroom labs' checker (docs/labs.md).  For each hole of
# each chapter (scripts/lab.pl reads them from the source: the step, the
# hint, the trace line), run that chapter's checks (tests/lab/NN-topic.sh)
# against the programs built in the tree it is run in, and print one line per
# check: ✔ or ✘, the chapter and the step; on ✘ the hint, what was expected
# and what was seen.  Last "N passed, M failed"; exit 0 only if all passed.
#
#   make check                         every chapter
#   make check CHAPTER=01-rootfs       one chapter
#   make check CHAPTER=01-rootfs STEP=pivot    one hole (level by level)
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
chapters="01-rootfs 02-namespace 03-cgroups 04-capability 05-env"
if [ -n "$CHAPTER" ]; then
    case " $chapters " in *" $CHAPTER "*) chapters=$CHAPTER ;;
        *) echo "check: no chapter $CHAPTER (one of: $chapters)" >&2; exit 2 ;; esac
fi
for p in rootfs namespace cgroups capability procenv; do
    [ -x "$BIN/$p" ] || { echo "check: $BIN/$p is missing: run make first" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/minirunc-check.XXXXXX) || exit 1
trap 'rm -rf "$WORK"' EXIT
ME=$(id -u)
passed=0
failed=0
results=""

# lab_run CMD...: run it, output (stdout and stderr) in $out, status in $rc.
lab_run() {
    out=$("$@" 2>&1 </dev/null)
    rc=$?
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

report_line() { results="$results$1"$'\n'; printf '%s\n' "$1"; }

for chapter in $chapters; do
    # shellcheck source=/dev/null
    . "$top/tests/lab/$chapter.sh"
    holes=$(perl scripts/lab.pl list "$chapter"/*.c)
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
done
if [ -n "$STEP" ] && [ $((passed + failed)) -eq 0 ]; then
    echo "check: no hole \"$STEP\" in ${CHAPTER:-any chapter} (see: perl scripts/lab.pl list */*.c)" >&2
    exit 2
fi
echo "$passed passed, $failed failed"
if [ -n "$REPORT" ]; then
    {
        echo "make check: $(date -u '+%Y-%m-%d %H:%M UTC'), $(id -un) on $(hostname)"
        echo "tree: $top${CHAPTER:+, CHAPTER=$CHAPTER}${STEP:+, STEP=$STEP}"
        printf '%s' "$results"
        echo "$passed passed, $failed failed"
    } >"$REPORT" || { echo "check: cannot write $REPORT" >&2; exit 2; }
fi
[ "$failed" -eq 0 ]
