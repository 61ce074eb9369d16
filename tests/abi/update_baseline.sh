#!/usr/bin/env bash
# update_baseline.sh LIBFILE
#
# Regenerates tests/abi/libgovtext.abi, the ABI baseline abi_check.sh
# compares against, from a built libgovtext.so with debug information
# (a Debug or RelWithDebInfo build), e.g.
#
#   cmake -S . -B build-debug -DCMAKE_BUILD_TYPE=Debug && cmake --build build-debug
#   tests/abi/update_baseline.sh build-debug/lib/libgovtext.so.1
#
# Only the types reachable from include/ are recorded.  Locations are kept as
# file names only and the corpus and compilation paths are left out, so the
# file does not depend on where it was built.
#
# Regenerate it when a release fixes the ABI (the library is still changing
# before the first release), and review the diff: every line of it is a
# promise to users.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 LIBFILE" >&2
    exit 2
fi
lib=$1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out="$here/libgovtext.abi"

if ! command -v abidw >/dev/null 2>&1; then
    echo "update_baseline: abidw not found (Debian: apt-get install abigail-tools)" >&2
    exit 1
fi
if [ ! -r "$lib" ]; then
    echo "update_baseline: cannot read $lib" >&2
    exit 2
fi
if ! readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
    echo "update_baseline: $lib has no DWARF; build it with -g (Debug or RelWithDebInfo)" >&2
    exit 1
fi

abidw --headers-dir "$src/include/" --no-corpus-path --no-comp-dir-path --short-locs \
      --out-file "$out.tmp" "$lib"
mv "$out.tmp" "$out"
echo "update_baseline: wrote $out from $lib ($(abidw --version))"
