#!/bin/bash
# The tensor-core kernels with emulated instructions (-DSB_MMA_EMULATE) on the suite's test device
# (tests/cli/common.sh: $SPARSEBENCH_TEST_DEVICE, else PoCL): the probe and every kernel on ragged
# shapes must be right, and a deliberately wrong 2:4 metadata layout must be caught. Needs
# TC_BENCH (the tc_bench binary) and SB_TEST_DEVICE_BIN (ctest sets both).
set -u
bench=${TC_BENCH:?TC_BENCH must name the tc_bench binary}
. "$(dirname "$0")/../../tests/cli/common.sh"
dev=$SB_DEVICE
tiny="BM=32,BN=32,WM=16,WN=16,STAGES=2"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; cat "$out/log"; exit 1; }

if ! "$bench" --device "$dev" --emulate --probe --reps 1 --warmup 0 \
        "gemm_f16:40:24:72:$tiny" "gemm_tf32:40:24:36:$tiny" "nm24:40:24:72:$tiny" \
        "bsr16:48:24:64:0.5:BN=32,WN=16,STAGES=2" > "$out/log" 2>&1; then
    fail "a kernel or the probe is wrong with emulated tensor-core instructions"
fi
if ! grep -q "^probe: PASS" "$out/log"; then fail "the probe did not pass"; fi
if [ "$(grep -c ' -> ok$' "$out/log")" != 4 ]; then fail "expected 4 checked cases"; fi

# Test of the test: metadata of lanes 4q and 4q+1 swapped must make the 2:4 case wrong.
if "$bench" --device "$dev" --emulate --corrupt-meta --reps 1 --warmup 0 "nm24:40:24:72:$tiny" \
        > "$out/log" 2>&1; then
    fail "swapped 2:4 metadata was not caught"
fi
if ! grep -q "WRONG" "$out/log"; then fail "no WRONG verdict for the swapped metadata"; fi
# Test of the define pass-through (a case's other NAME=VALUE is a -D of its own): TC_ABL=8 makes
# every copy read nothing, so the dense and 2:4 cases must come out wrong; without the define
# they are right (above).
"$bench" --device "$dev" --emulate --reps 1 --warmup 0 "gemm_f16:40:24:72:$tiny,TC_ABL=8" \
    "nm24:40:24:72:$tiny,TC_ABL=8" > "$out/log" 2>&1
if [ "$(grep -c 'checked: .* -> WRONG$' "$out/log")" != 2 ]; then fail "TC_ABL=8 did not reach the kernels"; fi
echo "ok"
