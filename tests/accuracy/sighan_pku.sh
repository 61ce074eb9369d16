#!/bin/sh
# Word segmentation accuracy on the SIGHAN 2005 PKU test set, scored with
# the bakeoff's definitions by ../shared/tools/segscore.py, in two
# configurations:
#   default  the default lexicon (acceptance: F1 >= 0.85)
#   closed   only the PKU training word list, loaded at run time
#            (--no-default-dict --dict pku_training_words.utf8; F1 >= 0.88)
# The SIGHAN data is for research use and never enters this repository:
# it is read from ../shared/data (or $GOVTEXT_DATA, or DATA_DIR).  Reports
# and exits 0 when it is absent; exits 1 when a configuration misses its
# threshold or the output does not align with the gold file.
#   sighan_pku.sh GOVTEXT [DATA_DIR]
set -eu
govtext=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${2:-${GOVTEXT_DATA:-$root/../shared/data}}
scorer=${GOVTEXT_SEGSCORE:-$data/../tools/segscore.py}
sig=$data/sighan
test_in=$sig/testing/pku_test.utf8
gold=$sig/gold/pku_test_gold.utf8
words=$sig/gold/pku_training_words.utf8
for f in "$test_in" "$gold" "$words" "$scorer"; do
    if [ ! -r "$f" ]; then
        echo "sighan pku: $f not found, skipped"
        exit 0
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
run() { # NAME THRESHOLD ARGS...
    name=$1 threshold=$2
    shift 2
    start=$(date +%s.%N)
    "$govtext" segment --format sighan "$@" "$test_in" > "$tmp/$name.txt"
    end=$(date +%s.%N)
    if ! python3 "$scorer" "$gold" "$tmp/$name.txt" --words "$words" --json > "$tmp/$name.json"; then
        echo "sighan pku $name: the output does not align with the gold file"
        status=1
        return
    fi
    python3 - "$tmp/$name.json" "$name" "$threshold" "$start" "$end" <<'PY' || status=1
import json, sys
r = json.load(open(sys.argv[1]))
name, thr = sys.argv[2], float(sys.argv[3])
secs = float(sys.argv[5]) - float(sys.argv[4])
ok = r["f1"] >= thr
print("sighan pku %-8s P %.4f  R %.4f  F1 %.4f  OOV recall %.4f  IV recall %.4f  "
      "(threshold %.2f: %s; %.2f s)" % (name, r["precision"], r["recall"], r["f1"],
      r["oov_recall"], r["iv_recall"], thr, "ok" if ok else "BELOW", secs))
sys.exit(0 if ok else 1)
PY
}
run default 0.85
run closed 0.88 --no-default-dict --dict "$words"
exit $status
