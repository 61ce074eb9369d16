#!/usr/bin/env bash
# test_bindings.sh BUILD_DIR SOURCE_DIR
#
# Tests the Python and Go bindings against a built libgovtext, installed the
# way a user would have it:
#   - installs BUILD_DIR into a scratch prefix (cmake --install);
#   - Python: pytest on bindings/python/tests with GOVTEXT_LIBRARY pointing at
#     the installed libgovtext.so.1; `pip install` of bindings/python offline
#     into a venv and into a --target directory, the installed package
#     imported (also found through LD_LIBRARY_PATH alone) and tested again;
#     examples/python/load_and_repair.py run; examples/dask's tests on a
#     LocalCluster (skipped, reported, without python3-distributed);
#   - Go: go vet and go test (also with -race) in bindings/go/govtext, built
#     with `#cgo pkg-config: libgovtext` against the prefix (PKG_CONFIG_PATH,
#     LD_LIBRARY_PATH), GOCACHE/GOPATH in the scratch dir, GOPROXY=off;
#     examples/go built and run.
# Prints "bindings: N passed, F failed" (N counts test cases of pytest and go
# test and this script's own checks).  Exit status: 0 if all passed, 1 on a
# failure, 77 if neither toolchain is there (a missing toolchain skips its
# language, reported).  Nothing is written into SOURCE_DIR.
#
# Python: python3 with pytest (Debian: python3-pytest; PYTHON=... to choose),
# python3-setuptools, python3-wheel, python3-pip, python3-venv.  Go: go >= 1.19
# (Debian: golang-go), pkg-config, a C compiler.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd) || exit 2
SOURCE_DIR=$(cd "$2" && pwd) || exit 2

TMP=$(mktemp -d "${TMPDIR:-/tmp}/govtext-bindings-test.XXXXXX") || exit 2
if [ -z "${GOVTEXT_KEEP_TMP:-}" ]; then
    # Go's module cache is read-only; make it removable first.
    trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
else
    echo "keeping $TMP"
fi

passed=0
failed=0
skipped_langs=0
ran_langs=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
skip() { echo "skip - $1"; }
# check DESC CMD...: runs CMD with its output in a log; shows the log on failure.
check() {
    local desc=$1 log
    shift
    log="$TMP/log.$((passed + failed))"
    if "$@" >"$log" 2>&1; then
        pass "$desc"
    else
        fail "$desc"
        sed 's/^/    | /' "$log" | tail -n 60
    fi
}
finish() {
    echo "bindings: $passed passed, $failed failed"
    if [ "$failed" -ne 0 ]; then
        exit 1
    fi
    if [ "$ran_langs" -eq 0 ]; then
        exit 77
    fi
    exit 0
}

# Keep the user's environment from choosing a different libgovtext, package
# or toolchain setting; pip gets no configuration and no index (offline).
unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR LD_LIBRARY_PATH GOVTEXT_LIBRARY PYTHONPATH \
    PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TARGET PIP_PREFIX \
    GOFLAGS GOPATH GOCACHE GOMODCACHE GOPROXY GOENV GOROOT CGO_CFLAGS CGO_LDFLAGS
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
DATA="$SOURCE_DIR/tests/data"
GBK="$DATA/gwr-2018-excerpt.gbk.txt"

# --- install -------------------------------------------------------------------
PREFIX="$TMP/prefix"
check "cmake --install into a scratch prefix" cmake --install "$BUILD_DIR" --prefix "$PREFIX"
LIB=$(find "$PREFIX" -name 'libgovtext.so.1' 2>/dev/null | head -n 1)
PC=$(find "$PREFIX" -name 'libgovtext.pc' 2>/dev/null | head -n 1)
if [ -z "$LIB" ] || [ -z "$PC" ]; then
    fail "libgovtext.so.1 and libgovtext.pc are installed"
    finish
fi
LIBDIR=$(dirname "$LIB")
PCDIR=$(dirname "$PC")

# example_runs DESC CMD...: runs an example program on the GBK excerpt (it
# must report the encoding and edits, then sentences and words of the repaired
# text, among them the excerpt's title as one word with its source bytes),
# with a folder to index and search, and on a missing file.
example_runs() {
    local desc=$1 out="$TMP/example.out" err="$TMP/example.err"
    shift
    if "$@" "$GBK" >"$out" 2>"$err" && grep -qx 'encoding: GB18030' "$err" &&
        grep -q '^edits: [0-9]' "$err" && grep -q '政府工作报告' "$out" &&
        grep -q '^sentences: [1-9]' "$err" && grep -q '^words: [1-9]' "$err" &&
        grep -Eq '^  政府工作报告 +word +l +text\[[0-9]+:[0-9]+\] source\[20:32\]$' "$err"; then
        pass "$desc: loads, repairs and segments the GBK excerpt"
    else
        fail "$desc: loads, repairs and segments the GBK excerpt"
        { echo "stderr:"; cat "$err"; echo "stdout:"; head -c 400 "$out"; } | sed 's/^/    | /'
    fi
    # Given a folder (the excerpt in GBK and in UTF-8): indexes and searches it.
    mkdir -p "$TMP/corpus"
    cp "$GBK" "$DATA/gwr-2018-excerpt.utf8.txt" "$TMP/corpus/"
    if "$@" "$GBK" "$TMP/corpus" 政府工作报告 >"$out" 2>"$err" &&
        grep -qx "indexed: 2 documents from $TMP/corpus" "$err" &&
        grep -qx 'search 政府工作报告: 2 documents' "$err" &&
        grep -Eq '^  gwr-2018-excerpt\.gbk\.txt [0-9.]+ [1-9][0-9]* \[[0-9]+:[0-9]+\] .*政府工作报告' "$err" &&
        grep -Eq '^  gwr-2018-excerpt\.utf8\.txt .*政府工作报告' "$err"; then
        pass "$desc: indexes a folder and searches it"
    else
        fail "$desc: indexes a folder and searches it"
        sed 's/^/    | /' "$err" | tail -n 12
    fi
    "$@" "$TMP/no-such-file.txt" >"$out" 2>"$err"
    local rc=$?
    if [ $rc -eq 1 ] && grep -q 'no-such-file.txt' "$err"; then
        pass "$desc: a missing file exits 1 naming it"
    else
        fail "$desc: a missing file exits 1 naming it (exit $rc)"
        sed 's/^/    | /' "$err"
    fi
}

# count_pytest LOG: adds pytest's passed/failed counts from its summary line.
count_pytest() {
    local line p f e
    line=$(grep -E '(passed|failed|error)' "$1" | tail -n 1)
    p=$(echo "$line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
    f=$(echo "$line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
    e=$(echo "$line" | grep -Eo '[0-9]+ errors?' | grep -Eo '[0-9]+')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0}))
}

# run_pytest DESC PYTHON TESTDIR [ENV=VALUE...]: runs the suite from $TMP (so
# the current directory does not shadow the package under test).
run_pytest() {
    local desc=$1 py=$2 tests=$3 log="$TMP/pytest.$((passed + failed)).log" before=$failed
    shift 3
    (cd "$TMP" && env "$@" GOVTEXT_TEST_DATA="$DATA" \
        GOVTEXT_HEADER="$SOURCE_DIR/include/govtext.h" \
        "$py" -m pytest -q -p no:cacheprovider -rfEx "$tests") >"$log" 2>&1
    local rc=$?
    count_pytest "$log"
    if [ $rc -eq 0 ]; then
        echo "ok   - $desc: $(grep -E 'passed|failed' "$log" | tail -n 1)"
    else
        [ "$failed" -eq "$before" ] && failed=$((failed + 1))
        echo "FAIL - $desc (pytest exit $rc)"
        sed 's/^/    | /' "$log" | tail -n 80
    fi
}

# --- Python ------------------------------------------------------------------------
PY=
for cand in ${PYTHON:-} /usr/bin/python3 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import pytest' >/dev/null 2>&1; then
        PY=$(command -v "$cand")
        break
    fi
done
if [ -z "$PY" ]; then
    skip "python: no python3 with pytest (Debian: python3-pytest) (77)"
    skipped_langs=$((skipped_langs + 1))
else
    ran_langs=$((ran_langs + 1))
    echo "# python: $PY ($("$PY" --version 2>&1))"
    run_pytest "pytest bindings/python/tests (in-tree package)" "$PY" \
        "$SOURCE_DIR/bindings/python/tests" GOVTEXT_LIBRARY="$LIB"

    # pip install, offline, from a copy (setuptools builds in the tree).
    cp -r "$SOURCE_DIR/bindings/python" "$TMP/pysrc"
    rm -rf "$TMP/pysrc/build" "$TMP/pysrc"/*.egg-info
    if "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        check "python3 -m venv --system-site-packages" \
            "$PY" -m venv --system-site-packages "$TMP/venv"
        check "pip install --no-build-isolation --no-index bindings/python (venv, offline)" \
            "$TMP/venv/bin/python" -m pip install --no-build-isolation --no-index "$TMP/pysrc"
        check "the venv's govtext is the installed one and loads the library" \
            env GOVTEXT_LIBRARY="$LIB" "$TMP/venv/bin/python" -c '
import sys, govtext
assert "site-packages" in govtext.__file__, govtext.__file__
assert govtext.library_version_number() >= 100
print(govtext.__file__, govtext.library_version())'
        run_pytest "pytest against the pip-installed package" "$TMP/venv/bin/python" \
            "$TMP/pysrc/tests" GOVTEXT_LIBRARY="$LIB" GOVTEXT_TEST_INSTALLED=1
    else
        skip "pip install into a venv: no venv/ensurepip (Debian: python3-venv)"
    fi
    check "pip install --no-build-isolation --no-index --target DIR bindings/python" \
        "$PY" -m pip install --no-build-isolation --no-index --target "$TMP/pytarget" "$TMP/pysrc"
    check "the library is found through LD_LIBRARY_PATH (no GOVTEXT_LIBRARY)" \
        env PYTHONPATH="$TMP/pytarget" LD_LIBRARY_PATH="$LIBDIR" "$PY" -c '
import govtext, os
assert "GOVTEXT_LIBRARY" not in os.environ
assert govtext._lib.lib._name == "libgovtext.so.1", govtext._lib.lib._name
with govtext.Doc.from_text("文本") as d:
    assert d.text == "文本"'
    check "a bad GOVTEXT_LIBRARY gives an ImportError naming it" \
        env PYTHONPATH="$TMP/pytarget" GOVTEXT_LIBRARY="$TMP/nowhere/libgovtext.so.1" "$PY" -c '
try:
    import govtext
except ImportError as e:
    assert "GOVTEXT_LIBRARY" in str(e) and "nowhere" in str(e), e
else:
    raise SystemExit("imported")'
    example_runs "examples/python/load_and_repair.py" \
        env PYTHONPATH="$TMP/pytarget" GOVTEXT_LIBRARY="$LIB" \
        "$PY" "$SOURCE_DIR/examples/python/load_and_repair.py"
    # The Dask example on a LocalCluster of worker processes.
    if "$PY" -c 'import dask, distributed' >/dev/null 2>&1; then
        run_pytest "pytest examples/dask (a LocalCluster of 3 worker processes)" "$PY" \
            "$SOURCE_DIR/examples/dask" PYTHONPATH="$TMP/pytarget" GOVTEXT_LIBRARY="$LIB"
    else
        skip "examples/dask: no dask.distributed for $PY (Debian: python3-dask python3-distributed)"
    fi
fi

# --- Go ----------------------------------------------------------------------------
if ! command -v go >/dev/null 2>&1; then
    skip "go: no go toolchain (Debian: golang-go) (77)"
    skipped_langs=$((skipped_langs + 1))
elif ! command -v pkg-config >/dev/null 2>&1; then
    skip "go: no pkg-config (Debian: pkgconf) (77)"
    skipped_langs=$((skipped_langs + 1))
else
    ran_langs=$((ran_langs + 1))
    export GOCACHE="$TMP/gocache" GOPATH="$TMP/gopath" GOFLAGS=-mod=mod GOPROXY=off \
        GOSUMDB=off GOENV=off GOTOOLCHAIN=local GO111MODULE=on CGO_ENABLED=1 \
        PKG_CONFIG_PATH="$PCDIR" LD_LIBRARY_PATH="$LIBDIR" GOVTEXT_TEST_DATA="$DATA"
    echo "# go: $(go version)"
    GODIR="$SOURCE_DIR/bindings/go/govtext"
    check "go vet (bindings/go/govtext)" sh -c 'cd "$1" && go vet ./...' sh "$GODIR"

    # run_gotest DESC ARGS...: go test -v, counting the test cases.
    run_gotest() {
        local desc=$1 log="$TMP/gotest.$((passed + failed)).log" before=$failed
        shift
        (cd "$GODIR" && go test -count=1 -v "$@" ./...) >"$log" 2>&1
        local rc=$? p f
        p=$(grep -Ec '^ *--- PASS' "$log")
        f=$(grep -Ec '^ *--- FAIL' "$log")
        passed=$((passed + p))
        failed=$((failed + f))
        if [ $rc -eq 0 ]; then
            echo "ok   - $desc: $p passed, $(grep -Ec '^ *--- SKIP' "$log") skipped"
        else
            [ "$failed" -eq "$before" ] && failed=$((failed + 1))
            echo "FAIL - $desc (go test exit $rc)"
            grep -v '^=== ' "$log" | sed 's/^/    | /' | tail -n 80
        fi
    }
    run_gotest "go test (bindings/go/govtext)"
    if (cd "$GODIR" && go test -race -count=1 -run '^$' ./...) >/dev/null 2>&1; then
        run_gotest "go test -race (bindings/go/govtext)" -race
    else
        skip "go test -race: the race detector is not available here"
    fi
    check "the package links libgovtext through pkg-config" \
        sh -c 'cd "$1" && go list -f "{{.CgoPkgConfig}}" . | grep -qx "\[libgovtext\]"' sh "$GODIR"
    check "examples/go builds (replace => bindings/go/govtext)" \
        sh -c 'cd "$1/examples/go" && go build -o "$2/load_and_repair_go" .' sh "$SOURCE_DIR" "$TMP"
    if [ -x "$TMP/load_and_repair_go" ]; then
        example_runs "examples/go" "$TMP/load_and_repair_go"
    fi
fi

if [ "$skipped_langs" -ne 0 ]; then
    echo "# $skipped_langs language(s) skipped: toolchain missing"
fi
finish
