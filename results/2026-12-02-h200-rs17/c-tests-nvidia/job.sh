#!/usr/bin/env bash
# rs17 c (session 17), one call: the tests job b found failing with NVIDIA's OpenCL as the test
# device, after their fixes (cl_kernels: tc_nm on 2:4 only; cli_derived_columns: no roofline for a
# matrix engine's rows), and the rest of the cl and cli tests that read no DLMC data beside them.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-300}
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
stamp "build $(cat COMMIT)"
export SPARSEBENCH_CACHE=/tmp/sb-cache-rs17-c XDG_DATA_HOME=/tmp/sb-xdg-rs17-c
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_GIT_COMMIT="$(cat COMMIT)" > "$OUT/build.log" 2>&1 &&
       cmake --build build -j16 >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
fi
stamp "ctest (limit $(left)s)"
SPARSEBENCH_TEST_DEVICE=nvidia timeout -s INT "$(left)" ctest --test-dir build -j6 --timeout 250 \
    -R "^cl_|^cli_(derived_columns|precision|tune|binary_errors|no_device|tc_emulated|wg_fit)$" \
    --output-on-failure > "$OUT/ctest.log" 2>&1
stamp "ctest rc=$?"
grep -E "tests passed|Total Test time" "$OUT/ctest.log"
sed -n '/The following tests/,$p' "$OUT/ctest.log" | head -30
grep -E "^(FAIL|ERROR)|FAILED" "$OUT/ctest.log" | head -20
stamp end
