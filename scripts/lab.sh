#!/bin/sh
# make lab DEST=DIR: a student's copy of this project for the classroom labs
# (docs/labs.md).  The same tree, with the body of every function marked
# "LAB <id>:" replaced by a stub that fails naming its step (scripts/lab.pl
# stub): it builds, each chapter's `make check` fails, and fills as the
# student writes the holes.  The answers to the guides' exercises
# (docs/labs-answers.md, docs/zh/labs-answers.md) are left out; answers.txt
# waits for the student's.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-}
[ -n "$dest" ] || { echo "lab: give the student tree's directory: make lab DEST=DIR" >&2; exit 2; }
if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
    echo "lab: $dest is not empty: give a new or empty directory" >&2
    exit 1
fi
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
case "$dest/" in "$top"/*) echo "lab: $dest is inside this tree: give a directory outside it" >&2
                           rmdir "$dest" 2>/dev/null; exit 1 ;; esac

# The project's own files: what git tracks, else everything but build output.
cd "$top"
# (A directory inside some other checkout, such as a copy of this one under
# its build/, is not the checkout git would list.)
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
    files=$(git ls-files --cached --others --exclude-standard)
else
    files=$(find -L . -path ./build -prune -o -path ./bin -prune -o -path ./.git -prune -o -type f -print |
            sed 's#^\./##')
fi
printf '%s\n' "$files" | grep -v -e '^docs/labs-answers\.md$' -e '^docs/zh/labs-answers\.md$' |
    tar -C "$top" -h -cf - -T - | tar -C "$dest" -xf -

holes=0
for f in $(grep -rl --include='*.c' -e '^ *\(/\*\| \*\) *LAB [a-z0-9-]*: ' "$dest"); do
    perl "$top/scripts/lab.pl" stub "$f"
    holes=$((holes + $(perl "$top/scripts/lab.pl" list "$f" | wc -l)))
done
# The guides' exercises: the student answers here, make check compares.
{
    echo "# Your answers to the guides' exercises, one per line: CHAPTER/N: ANSWER"
    echo "# (make check runs each exercise here and compares; make check STEP=exN"
    echo "# checks one).  The questions are the guides' Exercises sections."
    for c in 01-rootfs 02-namespace 03-cgroups 04-capability 05-env combined performance; do
        echo
        sed -n 's/^EX\([0-9]*\)="\(.*\)"$/# \1. \2\n'"$c"'\/\1: /p' "$top/tests/lab/$c.sh"
    done
} >"$dest/answers.txt"

# A stub leaves its helpers unused: a warning in a student tree, not an error.
cat >"$dest/mk/lab.mk" <<'MK'
# A student tree (make lab): a hole's helpers stay unused until it is written.
MR_WARNINGS += -Wno-error=unused-function -Wno-error=unused-variable -Wno-error=unused-but-set-variable
MK
echo "lab: a student tree in $dest: $holes holes; cd there, then make, and make check"
