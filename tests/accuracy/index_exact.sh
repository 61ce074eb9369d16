#!/bin/sh
# Exactness of the full-text index: on a corpus of People's Daily (SIGHAN
# PKU, de-segmented) and governance text of about 5 MB (JSON Lines), and
# 350 queries drawn from the PKU gold file (2-4 character words, phrases,
# ANDed words, strings across punctuation, absent strings), the hits of
# `govtext search --batch --limit 0` must be exactly the documents that
# brute-force substring search finds, for every query.  Built and compared
# by bench/index/bench_index.py --exact-only (see bench/README.md).
# Reports and exits 0 when ../shared/data (or $GOVTEXT_DATA, or DATA_DIR) or
# `govtext index` is absent; exits 1 on any differing query.
#   index_exact.sh GOVTEXT [DATA_DIR]
set -eu
govtext=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${2:-${GOVTEXT_DATA:-$root/../shared/data}}
if [ ! -r "$data/sighan/gold/pku_test_gold.utf8" ] || [ ! -d "$data/gov" ]; then
    echo "index exact: the SIGHAN PKU gold file or gov/ not found under $data, skipped"
    exit 0
fi
exec python3 "$root/bench/index/bench_index.py" --exact-only --govtext "$govtext" --data "$data" \
    --sizes "${GOVTEXT_INDEX_EXACT_MB:-5}"
