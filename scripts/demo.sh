#!/bin/sh
# The main job on the bundled sample corpus (tests/data): build, then detect
# and decode every sample, legacy encodings included.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-release"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGOVTEXT_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" -j"$(nproc)" > /dev/null
govtext="$build/tools/govtext"
data="$root/tests/data"

echo "== govtext detect: one line per file (path, encoding, confidence)"
"$govtext" detect "$data"/*.txt
echo
echo "== govtext load --info: a GBK government work report excerpt, decoded to UTF-8"
"$govtext" load --info "$data/gwr-2018-excerpt.gbk.txt" 2>&1 >/dev/null | head -n 3
"$govtext" load "$data/gwr-2018-excerpt.gbk.txt" | head -n 4
echo
echo "== the same excerpt in Big5 (traditional characters)"
"$govtext" load "$data/gwr-2018-excerpt-hant.big5.txt" | head -n 2
echo
echo "== the scraped sample (traditional + pinyin + mask + duplicate + spam), as loaded"
"$govtext" load "$data/seed-excerpt.txt" | head -n 2
echo
echo "== govtext repair: the same sample repaired (and the kinds of edit its JSON report lists)"
report=$(mktemp)
"$govtext" repair --report "$report" "$data/seed-excerpt.txt" | head -n 2
python3 -c 'import json, sys, collections
d = json.load(open(sys.argv[1]))
print("edits:", dict(collections.Counter(e["kind"] for e in d["edits"])))' "$report"
rm -f "$report"
echo
echo "== govtext segment: words of the repaired text"
"$govtext" repair "$data/seed-excerpt.txt" | "$govtext" segment --format text | head -n 1
echo
echo "== govtext index + search: every sample repaired, indexed, searched (substring-exact, BM25, snippets)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$govtext" repair "$data" --out "$tmp/repaired" 2> /dev/null
(cd "$tmp" && "$govtext" index build --quiet --out samples.idx repaired/*.txt)
"$govtext" search "$tmp/samples.idx" '治理体系 -id:repaired/seed-excerpt.txt' --limit 2
"$govtext" stats "$tmp/samples.idx" 改革 word:改革 | grep all
