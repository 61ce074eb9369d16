#!/bin/sh
# Acceptance: repairing clean text does no harm.  Runs `govtext repair` over
# every clean governance document (../shared/data/gov/*.txt) and reports the
# fraction of characters that differ from the document in canonical form,
# i.e. the change made beyond the documented normalisations.  Exits 1 when
# that fraction exceeds the limit (0.05%), 0 otherwise; reports and exits 0
# when the data is absent (a user's fresh clone).
#   clean_harm.sh GOVTEXT [DATA_DIR]
# Environment:
#   CLEAN_HARM_LIMIT  the limit as a fraction (default 0.0005)
#   CLEAN_HARM_SKIP   passed to `govtext repair --skip` (measure some passes)
#   CLEAN_HARM_SHOW   how many differences to print (default 20)
#   CLEAN_HARM_GLOB   which files of DATA_DIR/gov to use (default *.txt)
#
# The documented normalisations are the gold form of
# ../shared/data/repair/dev/README.md: NFC, LF line ends, one paragraph per
# line, no empty lines, final newline, no zero-width characters, no blanks at
# line ends, full-width ASCII letters and digits as ASCII, half-width
# , ; : ? ! ( ) between Chinese characters full-width, no spaces between two
# Han characters.  Anything else -- a joined or split line, a converted or
# removed character -- counts as harm.
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 GOVTEXT [DATA_DIR]" >&2
    exit 2
fi
govtext=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${2:-${GOVTEXT_DATA:-$root/../shared/data}}
if [ ! -d "$data/gov" ]; then
    echo "clean harm: data not found at $data, skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
skip=
if [ -n "${CLEAN_HARM_SKIP:-}" ]; then
    skip="--skip ${CLEAN_HARM_SKIP}"
fi
n=0
for f in "$data"/gov/${CLEAN_HARM_GLOB:-*.txt}; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    # shellcheck disable=SC2086 # $skip is two words or none
    if ! "$govtext" repair $skip "$f" > "$tmp/$b.out" 2> "$tmp/$b.err"; then
        echo "clean harm: repair failed on $f: $(cat "$tmp/$b.err")" >&2
        exit 1
    fi
    n=$((n + 1))
done
if [ "$n" = 0 ]; then
    echo "clean harm: no documents in $data/gov, skipped"
    exit 0
fi
exec python3 - "$data/gov" "$tmp" "${CLEAN_HARM_LIMIT:-0.0005}" "${CLEAN_HARM_SHOW:-20}" <<'EOF'
import difflib
import os
import re
import sys
import unicodedata

src_dir, out_dir, limit, show = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
SPACE_BETWEEN_HAN = re.compile(r"(?<=[%s]) +(?=[%s])" % (HAN, HAN))
CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·")
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def is_han(c):
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF
            or 0xF900 <= o <= 0xFAFF or c == "\u3007")


def is_cjk(c):
    return is_han(c) or c in CJK_PUNCT


def fold_width(s):
    return "".join(chr(ord(c) - 0xFEE0) if ("\uff10" <= c <= "\uff19" or "\uff21" <= c <= "\uff3a"
                                            or "\uff41" <= c <= "\uff5a") else c for c in s)


def halfwidth_punct_to_full(line):
    # "(" needs Han after it, ")" Han before it; the others Chinese on both sides.
    chars = list(line)
    for i, c in enumerate(chars):
        if c not in HALF_TO_FULL:
            continue
        prev = chars[i - 1] if i > 0 else ""
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if c == "(":
            ok = bool(nxt) and is_han(nxt) and (not prev or is_cjk(prev))
        elif c == ")":
            ok = bool(prev) and is_han(prev) and (not nxt or is_cjk(nxt))
        else:
            ok = bool(prev) and bool(nxt) and is_cjk(prev) and is_cjk(nxt)
        if ok:
            chars[i] = HALF_TO_FULL[c]
    return "".join(chars)


def canon(text):
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = fold_width(ZW.sub("", text))
    lines = []
    for line in text.split("\n"):
        line = line.replace("\u00a0", " ").replace("\t", " ").strip(" \u3000")
        if line:
            lines.append(halfwidth_punct_to_full(SPACE_BETWEEN_HAN.sub("", line)))
    return "\n".join(lines) + ("\n" if lines else "")


def levenshtein(a, b):
    """Exact edit distance (Myers/Hyyrö bit-parallel on Python integers)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    peq = {}
    for k, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << k)
    m = len(a)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = full, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def distance(want, got, examples):
    """Edit distance, computed per block of differing lines (changes are local,
    documents are long).  A line boundary counts as one character."""
    a, b = want.split("\n"), got.split("\n")
    d = 0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        x, y = "\n".join(a[i1:i2]), "\n".join(b[j1:j2])
        # a block inserted or deleted in the middle also adds or removes a line end
        extra = 1 if (i1 == i2 or j1 == j2) else 0
        k = levenshtein(x, y) + extra
        d += k
        examples.append((k, x[:160], y[:160]))
    return d


total_dist = total_len = total_norm = 0
rows = []
examples = []
for name in sorted(os.listdir(out_dir)):
    if not name.endswith(".out"):
        continue
    base = name[:-4]
    raw = open(os.path.join(src_dir, base), "rb").read().decode("utf-8", "replace")
    want = canon(raw)
    got = open(os.path.join(out_dir, name), "rb").read().decode("utf-8", "replace")
    ex = []
    d = distance(want, got, ex)
    examples.extend((base, k, x, y) for k, x, y in ex)
    total_dist += d
    total_len += len(want)
    norm = distance(raw.replace("\r\n", "\n"), want, [])
    total_norm += norm
    rows.append((base, d, len(want), norm))

for base, d, n, norm in rows:
    if d:
        print("%-45s changed %6d of %8d chars (%.4f%%); normalised %d" % (base, d, n, 100.0 * d / max(1, n), norm))
examples.sort(key=lambda e: -e[1])
for base, k, x, y in examples[:show]:
    print("  %s (%d): %r -> %r" % (base, k, x, y))
frac = total_dist / max(1, total_len)
print("clean harm: %d documents, %d characters in canonical form, %d changed beyond the documented "
      "normalisations (%.4f%%, limit %.4f%%); documented normalisations touched %d"
      % (len(rows), total_len, total_dist, 100 * frac, 100 * limit, total_norm))
sys.exit(0 if frac <= limit else 1)
EOF
