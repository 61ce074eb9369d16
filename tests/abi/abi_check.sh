#!/usr/bin/env bash
# abi_check.sh LIBFILE BASELINE_XML [HEADERS_DIR]
#
# Compares the built libgovtext with the ABI baseline (tests/abi/libgovtext.abi,
# made by update_baseline.sh) using libabigail's abidiff, looking only at the
# types reachable from the public header directory (default: include/ of this
# source tree).
#
# abidiff's exit status is a bit field:
#     1  error            2  usage error
#     4  ABI change       8  incompatible ABI change (always with 4)
# This test fails on bit 8, and on 1, 2 or a crash of abidiff; it passes on 0
# and on 4 alone, printing the report.  Additions (new functions) set bit 4
# only, so adding API passes.
#
# Beware: libabigail 2.x sets bit 8 only for removed symbols.  A changed
# parameter type, a struct member inserted in the middle, an enum value
# renumbered are all reported with bit 4 only, exactly like an appended
# options member (which this library's struct_size convention makes
# compatible).  By default such changes pass here, with the report in the test
# log.  GOVTEXT_ABI_STRICT=1 makes every change other than pure additions
# fail (any "Removed" or "Changed" count that is not 0 in the summary).
#
# Exit status: 0 pass, 1 fail, 2 bad arguments, 77 skipped (no abidiff).
set -u

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 LIBFILE BASELINE_XML [HEADERS_DIR]" >&2
    exit 2
fi
if ! command -v abidiff >/dev/null 2>&1; then
    echo "abi_check: SKIP: abidiff not found (Debian: apt-get install abigail-tools)"
    exit 77
fi
lib=$1
baseline=$2
headers=${3:-$(cd "$(dirname "$0")/../../include" && pwd)}
for f in "$lib" "$baseline"; do
    if [ ! -r "$f" ]; then
        echo "abi_check: cannot read $f" >&2
        exit 2
    fi
done
if [ ! -d "$headers" ]; then
    echo "abi_check: no headers directory $headers" >&2
    exit 2
fi
if ! readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
    echo "abi_check: note: $lib has no DWARF (build with -g); only removed symbols can be detected"
fi

report=$(abidiff --headers-dir1 "$headers" --headers-dir2 "$headers" "$baseline" "$lib" 2>&1)
rc=$?
echo "abi_check: abidiff exit status $rc ($(abidiff --version 2>&1))"

if [ "$rc" -gt 15 ] || [ $((rc & 3)) -ne 0 ]; then
    echo "abi_check: FAIL: abidiff did not run properly:"
    printf '%s\n' "$report"
    exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
    echo "abi_check: FAIL: incompatible ABI change against $(basename "$baseline"):"
    printf '%s\n' "$report"
    exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
    printf '%s\n' "$report"
    if [ "${GOVTEXT_ABI_STRICT:-0}" = 1 ] &&
        printf '%s\n' "$report" | grep -Eq 'summary: [1-9][0-9]* Removed|, [1-9][0-9]* Changed'; then
        echo "abi_check: FAIL (GOVTEXT_ABI_STRICT=1): the ABI changed other than by additions"
        exit 1
    fi
    echo "abi_check: ok: compatible ABI change (additions or changes libabigail does not call"
    echo "incompatible; review the report above); regenerate the baseline with update_baseline.sh at release"
    exit 0
fi
echo "abi_check: ok: ABI identical to $(basename "$baseline")"
exit 0
