#!/bin/sh
# Acceptance: every legacy-encoded file in ../shared/data is detected and
# decoded identically to its UTF-8 twin.  Reports and exits 0 when the data
# is absent (a user's fresh clone).
#   legacy_twins.sh GOVTEXT [DATA_DIR]
set -eu
govtext=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${2:-${GOVTEXT_DATA:-$root/../shared/data}}
if [ ! -d "$data/sighan" ] || [ ! -d "$data/gov/legacy" ]; then
    echo "legacy twins: data not found at $data, skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # FILE TWIN EXPECTED_ENCODING MODE
    enc=$("$govtext" detect "$1" | cut -f2)
    "$govtext" load "$1" > "$tmp/a"
    "$govtext" load "$2" > "$tmp/b"
    case $4 in
        same) cmp -s "$tmp/a" "$tmp/b" ;;
        sorted) sort "$tmp/a" > "$tmp/as"; sort "$tmp/b" > "$tmp/bs"; cmp -s "$tmp/as" "$tmp/bs" ;;
        chunks) # the twin is a cleaned copy (page chrome, indents and hard wraps
                # gone): with white space removed, every 50-character piece of
                # it occurs in the decoding (97%: the twin's header was rewritten)
            python3 -c '
import re, sys
a = re.sub(r"\s+", "", open(sys.argv[1], encoding="utf-8").read())
b = re.sub(r"\s+", "", open(sys.argv[2], encoding="utf-8").read())
pieces = range(0, len(b), 50)
found = sum(b[i:i + 50] in a for i in pieces)
# The page header was rewritten when the twin was cleaned; the body must match.
sys.exit(0 if b and found >= 0.97 * len(pieces) else 1)
' "$tmp/a" "$tmp/b" ;;
    esac && ok=1 || ok=0
    if [ "$enc" = "$3" ] && [ $ok = 1 ]; then
        pass=$((pass + 1)); echo "ok    $1 $enc"
    else
        fail=$((fail + 1)); echo "FAIL  $1 detected $enc (want $3), text match: $ok"
    fi
}
s=$data/sighan
check "$s/testing/pku_test.txt" "$s/testing/pku_test.utf8" GB18030 same
check "$s/gold/pku_test_gold.txt" "$s/gold/pku_test_gold.utf8" GB18030 same
check "$s/gold/pku_training_words.txt" "$s/gold/pku_training_words.utf8" GB18030 sorted
check "$s/gold/msr_training_words.txt" "$s/gold/msr_training_words.utf8" GB18030 sorted
check "$s/testing/as_test.txt" "$s/testing/as_test.utf8" Big5 same
check "$s/gold/as_testing_gold.txt" "$s/gold/as_testing_gold.utf8" Big5 same
check "$s/testing/cityu_test.txt" "$s/testing/cityu_test.utf8" Big5-HKSCS same
check "$s/gold/cityu_test_gold.txt" "$s/gold/cityu_test_gold.utf8" Big5-HKSCS same
for f in "$data"/gov/legacy/*.gbk.txt; do
    b=$(basename "$f" .gbk.txt)
    check "$f" "$data/gov/$b.txt" GB18030 chunks
done
# The as/cityu training word lists are left out: their UTF-8 twins lost
# characters that the Big5 files have (e.g. 困𨋢 became 困), so no decoder
# can match them.
echo "legacy twins: $pass passed, $fail failed"
[ "$fail" = 0 ]
