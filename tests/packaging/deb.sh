#!/usr/bin/env bash
# deb.sh [SOURCE_DIR]
#
# Builds the Debian packages of SOURCE_DIR (default: this checkout) and tests
# them the way a user of Debian 12 would meet them:
#   - the header version is the upstream version of debian/changelog;
#   - `dpkg-buildpackage -us -uc -b` in a copy of the tree (nothing is
#     written into SOURCE_DIR), with Debian's tools only on PATH; the build
#     runs the unit and Python tests (debian/rules), and dpkg-gensymbols
#     fails it if a symbol of debian/libgovtext1.symbols is gone;
#   - the four packages are built, and the symbols file lists every
#     exported symbol (the lines to add are printed);
#   - lintian: fails on an error, reports the warnings;
#   - the packages are unpacked with dpkg -x into a scratch root, and the
#     autopkgtest scripts of debian/tests run against it: the C and C++
#     examples of libgovtext-dev built with pkg-config and with CMake and
#     run, the govtext program, the Python module and its example (each
#     checks that the header, library and module it used came from the
#     unpacked packages);
#   - debian/rules clean leaves the copy as it was, and the checkout was not
#     written to.
# Prints "deb: N passed, F failed".  Exit status: 0 all passed, 1 a failure,
# 2 bad usage, 77 skipped (no dpkg-buildpackage: not a Debian system).
# Build dependencies: debian/control (scripts/setup-debian.sh installs them).
# DEB_JOBS (default 2) sets the build's parallelism; GOVTEXT_KEEP_TMP=1
# keeps the scratch directory.
set -u

if [ $# -gt 1 ]; then
    echo "usage: $0 [SOURCE_DIR]" >&2
    exit 2
fi
SOURCE_DIR=$(cd "${1:-$(dirname "$0")/../..}" && pwd) || exit 2
if ! command -v dpkg-buildpackage >/dev/null 2>&1; then
    echo "deb: SKIP: dpkg-buildpackage not found (Debian: apt-get install dpkg-dev)"
    exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/govtext-deb.XXXXXX") || exit 2
if [ -z "${GOVTEXT_KEEP_TMP:-}" ]; then
    trap 'rm -rf "$TMP"' EXIT
else
    echo "keeping $TMP"
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
finish() {
    echo "deb: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
# A clean environment for everything that builds or runs the packages:
# Debian's tools (not a pyenv or /usr/local python3 or cmake), none of the
# caller's search paths.
clean_env() {
    env -u PYTHONPATH -u PYTHONHOME -u PKG_CONFIG_PATH -u PKG_CONFIG_LIBDIR \
        -u CMAKE_PREFIX_PATH -u LD_LIBRARY_PATH -u LD_PRELOAD \
        PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# --- versions --------------------------------------------------------------
header_version=$(sed -n 's/^#define GOVTEXT_VERSION_STRING "\(.*\)"$/\1/p' "$SOURCE_DIR/include/govtext.h")
deb_version=$(cd "$SOURCE_DIR" && dpkg-parsechangelog -S Version)
upstream=${deb_version%-*}
if [ -n "$header_version" ] && [ "$upstream" = "$header_version" ]; then
    pass "debian/changelog version $deb_version is the header's $header_version"
else
    fail "debian/changelog version '$deb_version' is the header's '$header_version' (add a changelog entry: dch -v $header_version-1)"
fi

if ! (cd "$SOURCE_DIR" && dpkg-checkbuilddeps) >"$TMP/builddeps" 2>&1; then
    fail "build dependencies are installed (run scripts/setup-debian.sh):"
    sed 's/^/    | /' "$TMP/builddeps"
    finish
fi
pass "build dependencies are installed"

# --- build in a copy of the tree -------------------------------------------
# The tracked and untracked-but-not-ignored files, so that uncommitted work
# is what gets built, and no build tree of the checkout comes along.
SRC="$TMP/src/libgovtext-$upstream"
mkdir -p "$SRC"
is_git=
if git -C "$SOURCE_DIR" rev-parse --show-toplevel >/dev/null 2>&1; then
    is_git=1
    before=$(git -C "$SOURCE_DIR" status --porcelain --ignored)
    (cd "$SOURCE_DIR" && git ls-files -z --cached --others --exclude-standard) |
        (cd "$SOURCE_DIR" && tar -c --null -T - -f -) | tar -x -C "$SRC"
else
    tar -C "$SOURCE_DIR" --exclude='./build*' --exclude='./obj-*' --exclude=./.git -c -f - . |
        tar -x -C "$SRC"
fi
(cd "$SRC" && find . | sort) >"$TMP/files.before"
jobs=${DEB_JOBS:-2}
start=$(date +%s)
if (cd "$SRC" && clean_env dpkg-buildpackage -us -uc -b -j"$jobs") >"$TMP/build.log" 2>&1; then
    pass "dpkg-buildpackage -us -uc -b -j$jobs ($(($(date +%s) - start)) s, unit and Python tests included)"
else
    fail "dpkg-buildpackage -us -uc -b -j$jobs; the end of its log:"
    tail -n 60 "$TMP/build.log" | sed 's/^/    | /'
    finish
fi
grep -E '^[0-9]+% tests passed|^[0-9]+ passed' "$TMP/build.log" | sed 's/^/    build tests: /'
OUT="$TMP/src"
changes=$(ls "$OUT"/libgovtext_*.changes 2>/dev/null | head -n 1)
missing=
for p in libgovtext1 libgovtext-dev govtext-tools python3-govtext; do
    ls "$OUT/${p}_"*.deb >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ] && [ -n "$changes" ]; then
    pass "built libgovtext1, libgovtext-dev, govtext-tools, python3-govtext: $(cd "$OUT" && du -ch ./*.deb | tail -n 1 | cut -f1) of .deb"
else
    fail "packages missing:$missing"
    finish
fi

# --- lintian -----------------------------------------------------------------
if command -v lintian >/dev/null 2>&1; then
    clean_env lintian --fail-on error --display-level '>=warning' "$changes" >"$TMP/lintian" 2>&1
    rc=$?
    grep -E '^[EW]: ' "$TMP/lintian" | sed 's/^/    lintian: /'
    nerr=$(grep -c '^E: ' "$TMP/lintian")
    nwarn=$(grep -c '^W: ' "$TMP/lintian")
    if [ "$rc" -eq 0 ] && [ "$nerr" -eq 0 ]; then
        pass "lintian: no errors ($nwarn warnings)"
    else
        fail "lintian: $nerr errors (exit status $rc)"
        grep -v -E '^[EW]: ' "$TMP/lintian" | sed 's/^/    | /'
    fi
else
    fail "lintian is installed (run scripts/setup-debian.sh)"
fi

# --- unpack and test what the packages hold ---------------------------------
ROOT="$TMP/root"
for deb in "$OUT"/*.deb; do
    case "$deb" in *-dbgsym_*) continue ;; esac
    dpkg-deb -x "$deb" "$ROOT" || fail "dpkg -x $(basename "$deb")"
done
pass "dpkg -x the packages into a scratch root"

# A symbol missing from the symbols file gets no version (lintian's error
# symbols-file-contains-current-version-with-debian-revision): say which.
LIB=$(ls "$ROOT"/usr/lib/*/libgovtext.so.1)
nm -D --defined-only --with-symbol-versions "$LIB" | awk '{ if (!sub(/@@/, "@", $3)) $3 = $3 "@" $3; print $3 }' |
    sort >"$TMP/exported"
sed -n 's/^ \([^ ]*@[^ ]*\) .*/\1/p' "$SRC/debian/libgovtext1.symbols" | sort >"$TMP/listed"
if comm -23 "$TMP/exported" "$TMP/listed" >"$TMP/unlisted" && [ ! -s "$TMP/unlisted" ]; then
    pass "debian/libgovtext1.symbols lists all $(wc -l <"$TMP/exported") exported symbols"
else
    fail "debian/libgovtext1.symbols lists every exported symbol; add (debian/README.source):"
    sed "s/^/     /; s/\$/ $upstream/" "$TMP/unlisted"
fi

# Text files of the packages must not name the tree they were built in.
if leaks=$(grep -rIl -F "$SRC" "$ROOT"); then
    fail "no packaged file names the build tree: $leaks"
else
    pass "no packaged file names the build tree"
fi

for t in c-examples cli python; do
    if (cd "$SRC" && clean_env GOVTEXT_ROOT="$ROOT" sh "debian/tests/$t") >"$TMP/$t.log" 2>&1; then
        pass "debian/tests/$t against the unpacked packages"
        sed 's/^/    | /' "$TMP/$t.log"
    else
        fail "debian/tests/$t against the unpacked packages:"
        sed 's/^/    | /' "$TMP/$t.log"
    fi
done

# --- debian/rules clean restores the copied tree --------------------------
if (cd "$SRC" && clean_env debian/rules clean) >"$TMP/clean.log" 2>&1 &&
    (cd "$SRC" && find . | sort) >"$TMP/files.after" &&
    diff "$TMP/files.before" "$TMP/files.after" >"$TMP/files.diff"; then
    pass "debian/rules clean leaves the tree as it was copied"
else
    fail "debian/rules clean leaves the tree as it was copied:"
    cat "$TMP/clean.log" "$TMP/files.diff" | tail -n 30 | sed 's/^/    | /'
fi

# --- the checkout is as it was ---------------------------------------------------
if [ -n "$is_git" ]; then
    after=$(git -C "$SOURCE_DIR" status --porcelain --ignored)
    if [ "$before" = "$after" ]; then
        pass "nothing was written into $SOURCE_DIR"
    else
        fail "nothing was written into $SOURCE_DIR:"
        diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed 's/^/    | /'
    fi
fi
finish
