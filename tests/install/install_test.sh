#!/usr/bin/env bash
# install_test.sh BUILD_DIR SOURCE_DIR
#
# Installs a built libgovtext into a scratch prefix and checks it the way a
# user would meet it:
#   - the installed library has SONAME libgovtext.so.1 and exports only
#     govtext_* symbols (plus the version node GOVTEXT_x.y);
#   - the installed header is the source header, and no installed file names
#     the build or source tree;
#   - examples/ builds with its Makefile (pkg-config) and with its
#     CMakeLists.txt (find_package), and both programs turn a GBK file into
#     the expected UTF-8 text, and index a folder holding the sample and
#     find it;
#   - the prefix still works after it is moved elsewhere: the CMake example
#     is configured, built and run again against the moved prefix.
# Needs: cmake, make, a C and C++ compiler, pkg-config, readelf or objdump,
# nm, iconv.  Self-contained: uses only BUILD_DIR, SOURCE_DIR and a temp dir.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd) || exit 2
SOURCE_DIR=$(cd "$2" && pwd) || exit 2

TMP=$(mktemp -d "${TMPDIR:-/tmp}/govtext-install-test.XXXXXX") || exit 2
if [ -z "${GOVTEXT_KEEP_TMP:-}" ]; then
    trap 'rm -rf "$TMP"' EXIT
else
    echo "keeping $TMP"
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
# check DESC CMD...: runs CMD with its output in a log; shows the log on failure.
check() {
    local desc=$1 log
    shift
    log="$TMP/log.$((passed + failed))"
    if "$@" >"$log" 2>&1; then
        pass "$desc"
    else
        fail "$desc"
        sed 's/^/    | /' "$log"
    fi
}
finish() {
    echo "install test: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# Keep the user's environment from choosing a different libgovtext.
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR CMAKE_PREFIX_PATH govtext_DIR LD_LIBRARY_PATH

# --- install -------------------------------------------------------------
PREFIX="$TMP/prefix"
check "cmake --install into a scratch prefix" cmake --install "$BUILD_DIR" --prefix "$PREFIX"

LIB=$(find "$PREFIX" -name 'libgovtext.so.1' 2>/dev/null | head -n 1)
if [ -z "$LIB" ]; then
    fail "libgovtext.so.1 is installed"
    finish
fi
pass "libgovtext.so.1 is installed (${LIB#"$PREFIX"/})"
LIBDIR=$(dirname "$LIB")

# --- the library -----------------------------------------------------------
soname_of() {
    if command -v readelf >/dev/null 2>&1; then
        readelf -d "$1" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p'
    else
        objdump -p "$1" | awk '$1 == "SONAME" { print $2 }'
    fi
}
soname=$(soname_of "$LIB")
if [ "$soname" = "libgovtext.so.1" ]; then
    pass "SONAME is libgovtext.so.1"
else
    fail "SONAME is libgovtext.so.1 (got '$soname')"
fi

check "libgovtext.so is a link to the SONAME file" \
    test "$(readlink -f "$LIBDIR/libgovtext.so")" = "$(readlink -f "$LIB")"

# Defined dynamic symbols, without @@VERSION, minus the version node itself.
nm -D --defined-only "$LIB" | awk '{ print $NF }' | sed 's/@.*//' \
    | grep -Ev '^GOVTEXT_[0-9]+(\.[0-9]+)*$' | sort -u >"$TMP/exports"
grep -v '^govtext_' "$TMP/exports" >"$TMP/foreign"
if [ -s "$TMP/exports" ] && [ ! -s "$TMP/foreign" ]; then
    pass "only govtext_ symbols are exported ($(wc -l <"$TMP/exports") symbols)"
else
    fail "only govtext_ symbols are exported; also exported:"
    sed 's/^/    | /' "$TMP/foreign"
fi

rpath=$( (readelf -d "$LIB" 2>/dev/null || objdump -p "$LIB") | grep -E 'RPATH|RUNPATH')
if [ -z "$rpath" ]; then
    pass "installed library has no RPATH/RUNPATH"
else
    fail "installed library has no RPATH/RUNPATH: $rpath"
fi

check "installed header is include/govtext.h" \
    cmp "$PREFIX/include/govtext.h" "$SOURCE_DIR/include/govtext.h"

# Text files of the install must not point back into the trees they came from.
# (Skipped when the scratch dir itself is inside one of them.)
case "$TMP/" in
    "$BUILD_DIR"/* | "$SOURCE_DIR"/*) leaks= ;;
    *) leaks=$(grep -rIl -e "$BUILD_DIR" -e "$SOURCE_DIR" "$PREFIX" 2>/dev/null) ;;
esac
if [ -z "$leaks" ]; then
    pass "no installed text file names the build or source tree"
else
    fail "no installed text file names the build or source tree:"
    grep -rIn -e "$BUILD_DIR" -e "$SOURCE_DIR" "$PREFIX" | sed 's/^/    | /'
fi

PCDIR=$(dirname "$(find "$PREFIX" -name libgovtext.pc | head -n 1)")
check "libgovtext.pc is installed and names the install prefix" \
    env PKG_CONFIG_PATH="$PCDIR" sh -c \
    'test "$(pkg-config --variable=prefix libgovtext)" = "$1"' sh "$PREFIX"
check "libgovtext.pc version is the header version" \
    env PKG_CONFIG_PATH="$PCDIR" sh -c \
    'test "$(pkg-config --modversion libgovtext)" = "$(sed -n "s/^#define GOVTEXT_VERSION_STRING \"\(.*\)\"$/\1/p" "$1")"' \
    sh "$SOURCE_DIR/include/govtext.h"

# --- input ---------------------------------------------------------------
SENTENCE='中华人民共和国国务院政府工作报告'
SAMPLE="$SOURCE_DIR/tests/data/sample-gbk.txt"
if [ ! -f "$SAMPLE" ]; then
    SAMPLE="$TMP/sample-gbk.txt"
    printf '%s\n' "$SENTENCE" | iconv -f UTF-8 -t GBK >"$SAMPLE"
    echo "note: tests/data/sample-gbk.txt is missing; using a GBK file made with iconv"
fi
# The expected text, by an independent decoder.
iconv -f GB18030 -t UTF-8 <"$SAMPLE" >"$TMP/expected" || fail "iconv decodes $SAMPLE"

# run_example DESC STDERR_FILE CMD...: runs CMD on the sample; checks stdout is
# the expected UTF-8 and stderr names the GB18030 encoding.
run_example() {
    local desc=$1 err=$2 out="$2.out"
    shift 2
    if "$@" "$SAMPLE" >"$out" 2>"$err" && cmp -s "$out" "$TMP/expected"; then
        pass "$desc: output is the expected UTF-8"
    else
        fail "$desc: output is the expected UTF-8"
        { echo "expected:"; od -c "$TMP/expected"; echo "got:"; od -c "$out";
          echo "stderr:"; cat "$err"; } | sed 's/^/    | /'
    fi
    if grep -qx 'encoding: GB18030' "$err"; then
        pass "$desc: reports encoding GB18030"
    else
        fail "$desc: reports encoding GB18030"
        sed 's/^/    | /' "$err"
    fi
}

# run_index_example DESC CMD...: runs CMD on the sample with a folder holding
# a copy of it; checks that it indexes the folder and finds the sample.
mkdir -p "$TMP/corpus"
cp "$SAMPLE" "$TMP/corpus/sample-gbk.txt"
run_index_example() {
    local desc=$1 err="$TMP/index-example.err"
    shift
    if "$@" "$SAMPLE" "$TMP/corpus" 政府工作报告 >/dev/null 2>"$err" &&
        grep -qx "indexed: 1 documents from $TMP/corpus" "$err" &&
        grep -qx 'search 政府工作报告: 1 documents' "$err" &&
        grep -q '^  sample-gbk.txt .*政府工作报告' "$err"; then
        pass "$desc: indexes a folder and searches it"
    else
        fail "$desc: indexes a folder and searches it"
        sed 's/^/    | /' "$err"
    fi
}

# --- examples/Makefile (pkg-config) ---------------------------------------
mkdir -p "$TMP/make"
check "examples/Makefile builds load_file with pkg-config" \
    make -C "$TMP/make" -f "$SOURCE_DIR/examples/Makefile" PKG_CONFIG_PATH="$PCDIR"
run_example "make load_file" "$TMP/make/stderr" env LD_LIBRARY_PATH="$LIBDIR" "$TMP/make/load_file"
run_index_example "make load_file" env LD_LIBRARY_PATH="$LIBDIR" "$TMP/make/load_file"
check "load_file fails with exit 1 and a message for a missing file" sh -c '
    LD_LIBRARY_PATH="$1" "$2" "$3/no-such-file" 2>"$3/missing.err"; rc=$?
    cat "$3/missing.err"; test $rc -eq 1 && grep -q "no-such-file" "$3/missing.err"' \
    sh "$LIBDIR" "$TMP/make/load_file" "$TMP"

# --- examples/CMakeLists.txt (find_package) -------------------------------
# cmake_examples PREFIX BUILD WHERE: configures and builds examples/ in BUILD
# and checks that the package came from PREFIX.
cmake_examples() {
    local prefix=$1 build=$2 where=$3
    check "examples/CMakeLists.txt configures against $where" \
        cmake -S "$SOURCE_DIR/examples" -B "$build" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF
    local dir
    dir=$(sed -n 's/^govtext_DIR:PATH=//p' "$build/CMakeCache.txt" 2>/dev/null)
    case "$dir" in
        "$prefix"/*) pass "find_package(govtext) used $where ($dir)" ;;
        *) fail "find_package(govtext) used $where (govtext_DIR='$dir')" ;;
    esac
    check "examples/CMakeLists.txt builds against $where" cmake --build "$build"
}

cmake_examples "$PREFIX" "$TMP/cmake" "the prefix"
run_example "cmake load_file" "$TMP/cmake/stderr.c" "$TMP/cmake/load_file"
run_example "cmake cpp_raii" "$TMP/cmake/stderr.cxx" "$TMP/cmake/cpp_raii"
run_index_example "cmake cpp_raii" "$TMP/cmake/cpp_raii"

# --- relocation --------------------------------------------------------------
MOVED="$TMP/elsewhere/moved-prefix"
mkdir -p "$TMP/elsewhere"
if mv "$PREFIX" "$MOVED" && [ ! -e "$PREFIX" ]; then
    pass "prefix moved to another directory"
else
    fail "prefix moved to another directory"
    finish
fi
MOVED_LIBDIR="$MOVED/${LIBDIR#"$PREFIX"/}"
cmake_examples "$MOVED" "$TMP/cmake-moved" "the moved prefix"
run_example "moved cmake load_file" "$TMP/cmake-moved/stderr.c" \
    env LD_LIBRARY_PATH="$MOVED_LIBDIR" "$TMP/cmake-moved/load_file"
run_example "moved cmake cpp_raii" "$TMP/cmake-moved/stderr.cxx" \
    env LD_LIBRARY_PATH="$MOVED_LIBDIR" "$TMP/cmake-moved/cpp_raii"

finish
