#!/bin/sh
# Builds the benchmarks (Release, in build-bench/ at the repository root)
# and runs them on the data in ../shared/data beside the repository, or in
# $GOVTEXT_DATA.  Missing data is reported, not an error.
#   bench/run.sh            # from anywhere
#   GOVTEXT_DATA=/path/to/data bench/run.sh
# Extra arguments go to bench_detect (e.g. -n 1000 -v).
# GOVTEXT_INDEX_MB=5,50,200 sets the index benchmark's corpus sizes (5,50).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${GOVTEXT_DATA:-$root/../shared/data}
if [ -d "$data" ]; then data=$(cd "$data" && pwd); fi
build=$root/build-bench

mkdir -p "$build"
log=$build/bench-build.log
if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
           -DGOVTEXT_BUILD_BENCH=ON -DGOVTEXT_BUILD_TESTS=OFF -DGOVTEXT_BUILD_TOOLS=ON &&
       cmake --build "$build" --target bench_detect bench_load bench_segment bench_script bench_repair \
           bench_hostile govtext_cli index_peers \
           -j "$(nproc 2>/dev/null || echo 2)"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "run.sh: build failed (log: $log)" >&2
    exit 1
fi

echo "=== bench_detect: short-text encoding detection accuracy ==="
"$build/bench/bench_detect" "$@" "$data"
echo
echo "=== bench_load: load throughput ==="
"$build/bench/bench_load" "$data"
echo
echo "=== bench_segment: word segmentation speed and lexicon memory ==="
"$build/bench/bench_segment" "$data"
echo
echo "=== bench_script: traditional-to-simplified round trips and speed ==="
"$build/bench/bench_script" "$data"
echo
echo "=== bench_repair: repair throughput beside loading, and linearity ==="
"$build/bench/bench_repair" "$data"
echo
echo "=== bench_hostile: hostile input, time curves (1/10/100 MB), limits ==="
"$build/bench/bench_hostile"
echo
echo "=== bench_index: full-text index beside Groonga, SQLite FTS5 and Xapian ==="
python3 "$root/bench/index/bench_index.py" --govtext "$build/tools/govtext" --peers "$build/bench/index" \
    --data "$data" --work "$build/index-bench" --sizes "${GOVTEXT_INDEX_MB:-5,50}"
