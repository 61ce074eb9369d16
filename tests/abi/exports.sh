#!/usr/bin/env bash
# exports.sh LIBFILE HEADER
#
# The symbols the shared library exports must be exactly the functions the
# header declares with GOVTEXT_API: nothing missing (a declared function the
# library does not define fails only when a program calls it) and nothing
# extra (an export outside the header is ABI nobody promised).
#
# Exports: `nm -D --defined-only`, version suffixes (@@GOVTEXT_1.0) removed,
# version nodes (the absolute symbols GOVTEXT_1.0, ...) ignored.
# Declarations: the header without comments and preprocessor lines, cut into
# statements at ';', '{' and '}'; a statement that begins with GOVTEXT_API
# (possibly after GOVTEXT_DEPRECATED(...)) declares the identifier before its
# first '(' (for a function returning a function pointer, the one after
# "(*"; for a variable, its last identifier).
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 LIBFILE HEADER" >&2
    exit 2
fi
lib=$1
header=$2
for f in "$lib" "$header"; do
    if [ ! -r "$f" ]; then
        echo "exports: cannot read $f" >&2
        exit 2
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/govtext-exports.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

if ! nm -D --defined-only "$lib" >"$tmp/nm"; then
    echo "exports: nm -D failed on $lib" >&2
    exit 2
fi
awk 'NF >= 2 { print $NF }' "$tmp/nm" | sed 's/@.*//' \
    | grep -Ev '^GOVTEXT_[0-9]+(\.[0-9]+)*$' | LC_ALL=C sort -u >"$tmp/exported"

sed -z -E \
    -e 's#/\*([^*]|\*+[^*/])*\*+/# #g' \
    -e 's#//[^\n]*##g' \
    -e 's#\\\n# #g' \
    "$header" \
  | grep -Ev '^[[:space:]]*#' \
  | tr '\n\t' '  ' | tr ';{}' '\n\n\n' \
  | sed -E -e 's/^[[:space:]]+//' -e 's/GOVTEXT_DEPRECATED[[:space:]]*\([^)]*\)[[:space:]]*//g' \
  | grep -E '^GOVTEXT_API([^A-Za-z0-9_]|$)' \
  | sed -E -e 's/^GOVTEXT_API[[:space:]]*//' \
           -e '/\([[:space:]]*\*[[:space:]]*[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(/{s/^[^(]*\([[:space:]]*\*[[:space:]]*([A-Za-z_][A-Za-z0-9_]*).*/\1/;b}' \
           -e '/\(/{s/^([^(]*[^A-Za-z0-9_])?([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*\(.*/\2/;b}' \
           -e 's/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)[[:space:][]*.*$/\1/' \
  | LC_ALL=C sort -u >"$tmp/declared"

if [ ! -s "$tmp/declared" ]; then
    echo "exports: found no GOVTEXT_API declaration in $header" >&2
    exit 2
fi

if diff -u --label "declared in $(basename "$header")" --label "exported by $(basename "$lib")" \
        "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
    echo "exports: ok, $(wc -l <"$tmp/declared") functions declared and exported"
    exit 0
fi
echo "exports: the library's exports differ from the header's GOVTEXT_API declarations"
echo "('-' declared but not exported, '+' exported but not declared):"
cat "$tmp/diff"
exit 1
