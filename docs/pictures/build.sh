#!/bin/sh
# make docs: every picture of the guides, from its text source in src/, in
# both languages.  A source labels in both at once: «English¦中文»; this
# picks one side and has Graphviz's dot draw it, so the two pictures cannot
# drift apart.  src/NAME.dot -> NAME.en.svg (docs/*.md), NAME.zh.svg (docs/zh/*.md)
#
# Usage: docs/pictures/build.sh [OUTDIR]   (default: docs/pictures itself)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
command -v dot >/dev/null || { echo "docs: dot is missing: apt-get install graphviz" >&2; exit 1; }
for src in "$here"/src/*.dot; do
    name=$(basename "$src" .dot)
    for lang in en zh; do
        side='$1'; [ "$lang" = zh ] && side='$2'
        # The labels' fonts are named in the sources; the CJK glyphs come
        # from fonts-wqy-microhei, whose widths dot measures.
        perl -CSD -Mutf8 -0pe "s/«([^¦»]*)¦([^»]*)»/$side/g" "$src" |
            dot -Tsvg -o "$out/$name.$lang.svg"
    done
done
