#!/usr/bin/env bash
# The host unit tests (ctest label `unit`) under valgrind memcheck: any invalid read/write, use of
# uninitialised memory or definite leak fails (error exit code). From the repository root, after
# the normal build (BUILD_DIR, default build/). Installs valgrind when it is missing.
# Usage: tools/check/valgrind_unit.sh      env: BUILD_DIR
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
build=${BUILD_DIR:-build}
tools/check/apt_need.sh valgrind || exit 2
tests=$(ctest --test-dir "$build" -N -L '^unit$' | sed -n 's/^ *Test *#[0-9]*: *//p')
if [ -z "$tests" ]; then echo "valgrind_unit: no unit test in $build (build first)"; exit 2; fi
data=${SPARSEBENCH_DATA:-$(cd .. && pwd)/shared/data}
failures=0
for t in $tests; do
    bin=$(find "$build/tests" -maxdepth 1 -type f -name "$t" -perm -u+x | head -1)
    if [ -z "$bin" ]; then echo "FAIL $t: no binary"; failures=$((failures + 1)); continue; fi
    start=$(date +%s)
    SB_SOURCE_DIR="$PWD" SB_DATA_DIR="$data" valgrind --quiet --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-origins=yes \
        "$bin" > "$build/valgrind-$t.log" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL $t (exit $rc): $build/valgrind-$t.log"
        grep -m1 -B2 -A25 "==[0-9]*== [A-Z]" "$build/valgrind-$t.log" | head -40
        failures=$((failures + 1))
    else
        echo "ok   $t ($(( $(date +%s) - start )) s)"
    fi
done
echo "valgrind: $failures of $(echo "$tests" | wc -w) unit tests failed"
if [ "$failures" -ne 0 ]; then exit 1; fi
