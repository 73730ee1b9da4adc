#!/usr/bin/env bash
# rs17 a (session 17), one call: the default test suite with NVIDIA's OpenCL (the H200) as the test
# device, the first time (the suite had run on PoCL, Intel's CPU runtime and FPGA emulator, and
# Mesa rusticl). Builds with tests, then ctest -j6 with SPARSEBENCH_TEST_DEVICE=nvidia, bounded by
# the job's own clock; the failed tests' output is in ctest.log.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-560}
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
stamp "build $(cat COMMIT)"
python3 --version; python3 -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'
export SPARSEBENCH_CACHE=/tmp/sb-cache-rs17-a XDG_DATA_HOME=/tmp/sb-xdg-rs17-a
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_GIT_COMMIT="$(cat COMMIT)" > "$OUT/build.log" 2>&1 &&
       cmake --build build -j16 >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
fi
build/sparsebench devices 2>&1 | head -20
stamp "ctest (limit $(left)s)"
SPARSEBENCH_TEST_DEVICE=nvidia timeout -s INT "$(left)" ctest --test-dir build -j6 --timeout 400 \
    --output-on-failure > "$OUT/ctest.log" 2>&1
stamp "ctest rc=$?"
cp build/Testing/Temporary/LastTest.log "$OUT/" 2>/dev/null
grep -E "tests passed|Total Test time" "$OUT/ctest.log"
sed -n '/The following tests/,$p' "$OUT/ctest.log" | head -40
grep -E "Test +#[0-9]+: .* (Passed|\*\*\*|Skipped)" "$OUT/ctest.log" | grep -v " Passed" | head -40
stamp end
