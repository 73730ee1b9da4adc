#!/usr/bin/env bash
# rs17 f (session 17), one call: after the helper's batch fix for Mesa rusticl (2a25521: every batch
# now also waits on a marker after clFinish), the tests that time batches, on NVIDIA's OpenCL as
# the test device: it ran job e at f40e47f, before that change.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-240}
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
stamp "build $(cat COMMIT)"
export SPARSEBENCH_CACHE=/tmp/sb-cache-rs17-f XDG_DATA_HOME=/tmp/sb-xdg-rs17-f
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_GIT_COMMIT="$(cat COMMIT)" > "$OUT/build.log" 2>&1 &&
       cmake --build build -j16 >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
fi
stamp "ctest (limit $(left)s)"
SPARSEBENCH_TEST_DEVICE=nvidia timeout -s INT "$(left)" ctest --test-dir build -j6 --timeout 250 \
    -R "^cl_measure_protocol$|^cli_(timers_cache|derived_columns|quick_run|fake_events|sweep_rounds|interrupt_resume|compare)$" \
    --output-on-failure > "$OUT/ctest.log" 2>&1
stamp "ctest rc=$?"
grep -E "tests passed|Total Test time" "$OUT/ctest.log"
sed -n '/The following tests/,$p' "$OUT/ctest.log" | head -30
grep -E "^(FAIL|ERROR)|FAILED" "$OUT/ctest.log" | head -20
stamp end
