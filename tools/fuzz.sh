#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for SECONDS each (default 60) from its seed corpus,
# in a build configured with -DSB_FUZZ=ON (built here if BUILD_DIR lacks it). New inputs go to a
# scratch corpus under WORK_DIR (never into the repository); a crash is kept there as crash-*
# and makes the exit status 1: turn it into a regression (tests/fuzz/regressions/<target>/ and,
# for a matrix or config file, a tests/data file read by the normal tests) with the fix.
# Usage: tools/fuzz.sh [SECONDS] [TARGET...]      env: BUILD_DIR (build-fuzz), WORK_DIR, JOBS (2)
# Prints one line per target: executions, seconds, corpus size, crashes.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
seconds=${1:-60}
if [ $# -gt 0 ]; then shift; fi
build=${BUILD_DIR:-build-fuzz}
work=${WORK_DIR:-$build/fuzz-work}
tools/check/apt_need.sh clang libclang-rt-14-dev || exit 2
if [ ! -f "$build/CMakeCache.txt" ]; then
    if ! CC=clang cmake -S . -B "$build" -DSB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null; then
        echo "fuzz: cannot configure $build with clang (Debian: clang, libclang-rt-14-dev)"; exit 2
    fi
fi
if ! cmake --build "$build" -j"${JOBS:-2}" > "$build/fuzz-build.log" 2>&1; then
    tail -20 "$build/fuzz-build.log"; echo "fuzz: build failed"; exit 2
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for src in tests/fuzz/fuzz_*.c; do
        t=$(basename "$src" .c); t=${t#fuzz_}
        if [ "$t" != support ]; then targets+=("$t"); fi
    done
fi
# Leaks inside PoCL/LLVM are not ours (see tests/sanitize/lsan.supp); the parsers load no driver.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
printf '%-12s %12s %8s %8s %8s\n' target execs seconds corpus crashes
for t in "${targets[@]}"; do
    bin="$build/tests/fuzz/fuzz_$t"
    if [ ! -x "$bin" ]; then echo "fuzz: no target $t ($bin)"; status=1; continue; fi
    rm -rf "$work/$t/artifacts"
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    seeds=(tests/fuzz/corpus/"$t")
    if [ -d "tests/fuzz/regressions/$t" ]; then seeds+=("tests/fuzz/regressions/$t"); fi
    log="$work/$t/fuzz.log"
    start=$(date +%s)
    "$bin" "$work/$t/corpus" "${seeds[@]}" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/$t/artifacts/" > "$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    crashes=$(find "$work/$t/artifacts" -type f | wc -l)
    size=$(find "$work/$t/corpus" -type f | wc -l)
    printf '%-12s %12s %8s %8s %8s\n' "$t" "${execs:-?}" "$elapsed" "$size" "$crashes"
    if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
        status=1
        grep -m1 -A12 "ERROR: \|runtime error\|==ERROR" "$log" | head -20
        echo "fuzz: $t failed (exit $rc); inputs in $work/$t/artifacts, log $log"
    fi
done
exit $status
