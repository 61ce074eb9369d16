# Sourced by the tests in this directory.  Each test checks the installed
# packages (autopkgtest) or, with GOVTEXT_ROOT set, packages unpacked into
# that directory with dpkg -x (tests/packaging/deb.sh): then the loader,
# pkg-config, CMake, Python and PATH are pointed into it, and every check
# that something came from the packages looks under it.
set -eu

ROOT=${GOVTEXT_ROOT:-}
TRIPLET=${DEB_HOST_MULTIARCH:-$(dpkg-architecture -qDEB_HOST_MULTIARCH)}
LIBDIR=$ROOT/usr/lib/$TRIPLET
WORK=${AUTOPKGTEST_TMP:-$(mktemp -d)}
[ -n "${AUTOPKGTEST_TMP:-}" ] || trap 'rm -rf "$WORK"' EXIT

if [ -n "$ROOT" ]; then
    export LD_LIBRARY_PATH="$LIBDIR"
    export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
    export PKG_CONFIG_SYSROOT_DIR="$ROOT"
    # pkgconf drops -I/usr/include as a system directory, and would drop
    # the sysroot's with it.
    export PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1
    export CMAKE_PREFIX_PATH="$ROOT/usr"
    export PYTHONPATH="$ROOT/usr/lib/python3/dist-packages"
    export PATH="$ROOT/usr/bin:$PATH"
fi

# The header's version, e.g. 0.1.0: the packages must carry the same.
VERSION=$(sed -n 's/^#define GOVTEXT_VERSION_STRING "\(.*\)"$/\1/p' include/govtext.h)

# One GBK line, and its UTF-8 text by an independent decoder (iconv).
SAMPLE=tests/data/sample-gbk.txt
iconv -f GB18030 -t UTF-8 "$SAMPLE" > "$WORK/expected"

ok() { echo "ok   - $*"; }
die() { echo "FAIL - $*" >&2; exit 1; }

# expect_output DESC FILE: FILE is the expected UTF-8 text of the sample.
expect_output() {
    cmp -s "$2" "$WORK/expected" || { od -c "$2" | head >&2; die "$1: output differs"; }
    ok "$1: output is the sample's UTF-8 text"
}

# uses_packaged_lib DESC PROGRAM: PROGRAM resolves libgovtext.so.1 to the
# packaged one (so a libgovtext elsewhere cannot pass for it).
uses_packaged_lib() {
    got=$(ldd "$2" | sed -n 's/^[[:space:]]*libgovtext\.so\.1 => \([^ ]*\) .*/\1/p')
    [ "$(readlink -f "$got")" = "$(readlink -f "$LIBDIR/libgovtext.so.1")" ] ||
        die "$1 loads libgovtext.so.1 from '$got', not $LIBDIR"
    ok "$1 loads $LIBDIR/libgovtext.so.1"
}
