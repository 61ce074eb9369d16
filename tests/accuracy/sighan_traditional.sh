#!/bin/sh
# Word segmentation of traditional-character text: the SIGHAN 2005 AS
# (Academia Sinica) and CityU test sets, scored by ../shared/tools/segscore.py,
# with the default (simplified) lexicon, which reads traditional characters
# through their simplified counterparts (lib/segment/script_fold.h), and
# with each set's own training word list alone (the closed track).  A
# second standard and script beside PKU: these guard against fitting one
# file.  Floors: default F1 >= 0.78, closed >= 0.85 (measured when added:
# AS 0.832 / 0.905, CityU 0.808 / 0.873; before the script fold the default
# lexicon scored 0.552 / 0.515).
# The AS gold file differs from the AS test input on one line (U+FF43
# against an ASCII 'c' in 'ftoxicchemicals'); lines whose gold text is not
# the input's are left out of the scoring, and counted.
# Reads ../shared/data (or $GOVTEXT_DATA, or DATA_DIR); reports and exits 0
# when it is absent; exits 1 when a configuration misses its floor.
#   sighan_traditional.sh GOVTEXT [DATA_DIR]
set -eu
govtext=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${2:-${GOVTEXT_DATA:-$root/../shared/data}}
scorer=${GOVTEXT_SEGSCORE:-$data/../tools/segscore.py}
sig=$data/sighan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for name in as cityu; do
    test_in=$sig/testing/${name}_test.utf8
    gold=$sig/gold/${name}_test_gold.utf8
    [ "$name" = as ] && gold=$sig/gold/as_testing_gold.utf8
    words=$sig/gold/${name}_training_words.utf8
    missing=
    for f in "$test_in" "$gold" "$words" "$scorer"; do
        [ -r "$f" ] || missing=$f
    done
    if [ -n "$missing" ]; then
        echo "sighan $name: $missing not found, skipped"
        continue
    fi
    # The lines whose gold text (spaces removed) is the input's.
    python3 - "$test_in" "$gold" "$tmp/$name.in" "$tmp/$name.gold" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read().split("\n")
g = open(sys.argv[2], encoding="utf-8").read().split("\n")
strip = lambda s: s.replace(" ", "").replace("\u3000", "")
keep = [i for i in range(min(len(t), len(g))) if strip(t[i]) == strip(g[i])]
open(sys.argv[3], "w", encoding="utf-8").write("\n".join(t[i] for i in keep) + "\n")
open(sys.argv[4], "w", encoding="utf-8").write("\n".join(g[i] for i in keep) + "\n")
left = sum(1 for i in range(min(len(t), len(g))) if strip(t[i]) or strip(g[i])) - \
       sum(1 for i in keep if strip(t[i]))
if left:
    print("sighan %s: %d line(s) whose gold text differs from the input left out"
          % (sys.argv[1].split("/")[-1].split("_")[0], left))
PY
    for conf in default closed; do
        floor=0.78
        set --
        if [ "$conf" = closed ]; then
            floor=0.85
            set -- --no-default-dict --dict "$words"
        fi
        "$govtext" segment --format sighan "$@" "$tmp/$name.in" 2>/dev/null > "$tmp/$name.$conf.txt"
        if ! python3 "$scorer" "$tmp/$name.gold" "$tmp/$name.$conf.txt" --words "$words" --json \
            > "$tmp/$name.$conf.json"; then
            echo "sighan $name $conf: the output does not align with the gold file"
            status=1
            continue
        fi
        python3 - "$tmp/$name.$conf.json" "$name" "$conf" "$floor" <<'PY' || status=1
import json, sys
r = json.load(open(sys.argv[1]))
name, conf, thr = sys.argv[2], sys.argv[3], float(sys.argv[4])
ok = r["f1"] >= thr
print("sighan %-5s %-8s P %.4f  R %.4f  F1 %.4f  OOV recall %.4f  (floor %.2f: %s)"
      % (name, conf, r["precision"], r["recall"], r["f1"], r["oov_recall"], thr,
         "ok" if ok else "BELOW"))
sys.exit(0 if ok else 1)
PY
    done
done
exit $status
