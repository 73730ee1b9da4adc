#!/usr/bin/env bash
# The test suite in an AddressSanitizer + UndefinedBehaviorSanitizer build (-DSB_SANITIZE=ON,
# cmake/sanitize.cmake): any finding aborts the test it happens in. Leak reports are suppressed only
# for the third-party libraries named in tests/sanitize/lsan.supp (each entry says why).
# From the repository root. Extra arguments go to ctest (e.g. -L unit, -E cl_kernels).
# Usage: tools/check/sanitize.sh [CTEST_ARGS...]      env: BUILD_DIR (build-asan), JOBS (2)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
build=${BUILD_DIR:-build-asan}
if ! cmake -S . -B "$build" -DSB_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build.configure.log" 2>&1; then
    cat "$build.configure.log"; exit 2
fi
if ! cmake --build "$build" -j"${JOBS:-2}" > "$build.build.log" 2>&1; then
    tail -30 "$build.build.log"; echo "sanitize: build failed"; exit 2
fi
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# a private program/peak cache: nothing from an uninstrumented build is reused
export SPARSEBENCH_CACHE="$PWD/$build/cache"
ctest --test-dir "$build" --output-on-failure "$@"
