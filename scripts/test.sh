#!/bin/sh
# Every test: a warnings-as-errors build with the whole ctest suite (unit,
# CLI, ABI, install, fuzz corpus replay), the same suite under
# AddressSanitizer + UBSan, the threading suites under ThreadSanitizer,
# valgrind memcheck on the unit tests, a short
# libFuzzer run per target, the Debian packages (tests/packaging/deb.sh, when
# dpkg-buildpackage is there), and the accuracy checks on ../shared/data
# when it is there.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
fuzz_seconds=${GOVTEXT_FUZZ_SECONDS:-60}

step() { printf '\n=== %s\n' "$*"; }

step "build (Debug, -Werror) and ctest"
cmake -S "$root" -B "$root/build-test" -DCMAKE_BUILD_TYPE=Debug > /dev/null
cmake --build "$root/build-test" -j"$jobs"
ctest --test-dir "$root/build-test" --output-on-failure -j"$jobs"

step "AddressSanitizer + UBSan build and ctest"
cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug \
    "-DGOVTEXT_SANITIZE=address;undefined" > /dev/null
cmake --build "$root/build-asan" -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$root/build-asan" --output-on-failure -j"$jobs" -E install

step "ThreadSanitizer build: the threading tests"
# Only the suites that run threads; gcc's TSan works with libcheck, whose
# fork mode it does not like (CK_FORK=no).
tsan_tests="check_threads check_segment check_index check_index_file"
cmake -S "$root" -B "$root/build-tsan" -DCMAKE_BUILD_TYPE=Debug -DGOVTEXT_SANITIZE=thread > /dev/null
# shellcheck disable=SC2086
cmake --build "$root/build-tsan" -j"$jobs" --target $tsan_tests
for t in $tsan_tests; do
    CK_FORK=no TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$root/build-tsan/tests/$t"
done

step "valgrind memcheck on the unit tests"
for t in check_core check_load check_segment check_index check_threads check_hostile; do
    CK_FORK=no valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "$root/build-test/tests/$t"
done

if command -v clang > /dev/null; then
    step "libFuzzer, ${fuzz_seconds}s per target"
    CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-fuzz" -DGOVTEXT_BUILD_FUZZERS=ON \
        -DGOVTEXT_BUILD_TESTS=OFF -DBUILD_SHARED_LIBS=OFF "-DGOVTEXT_SANITIZE=address;undefined" \
        -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
    cmake --build "$root/build-fuzz" -j"$jobs" > /dev/null
    for t in "$root"/build-fuzz/fuzz/fuzz_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        work=$(mktemp -d)
        cp "$root/fuzz/corpus/${name#fuzz_}/"* "$work/"
        (cd "$work" && "$t" "$work" -max_total_time="$fuzz_seconds" -max_len=4096 \
            > "$work/log" 2>&1) || { tail -n 40 "$work/log"; exit 1; }
        echo "$name: $(grep -c . "$work/log") log lines, no crash"
        rm -rf "$work"
    done
fi

if command -v dpkg-buildpackage > /dev/null; then
    step "Debian packages: build, lintian, examples against the unpacked packages"
    "$root/tests/packaging/deb.sh" "$root"
fi

step "accuracy on ../shared/data (reported, skipped when absent)"
"$root/tests/accuracy/legacy_twins.sh" "$root/build-test/tools/govtext"
"$root/tests/accuracy/sighan_pku.sh" "$root/build-test/tools/govtext"
"$root/tests/accuracy/sighan_traditional.sh" "$root/build-test/tools/govtext"
"$root/tests/accuracy/repair_dev.sh" "$root/build-test/tools/govtext"
"$root/tests/accuracy/index_exact.sh" "$root/build-test/tools/govtext"

echo
echo "all test steps passed"
