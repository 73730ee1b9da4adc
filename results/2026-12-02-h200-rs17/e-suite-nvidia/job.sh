#!/usr/bin/env bash
# rs17 e (session 17), one call: the default test suite with NVIDIA's OpenCL as the test device at
# the session's final code (after the fixes of jobs a-c and the helper's rusticl and oclgrind
# work), the whole DLMC data carried (every sparsity folder: unit_config reads them all). Builds,
# then ctest -j6 with SPARSEBENCH_TEST_DEVICE=nvidia, bounded by the job's own clock.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-560}
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
stamp "build $(cat COMMIT)"
python3 --version; python3 -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'
export SPARSEBENCH_CACHE=/tmp/sb-cache-rs17-e XDG_DATA_HOME=/tmp/sb-xdg-rs17-e
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSB_GIT_COMMIT="$(cat COMMIT)" > "$OUT/build.log" 2>&1 &&
       cmake --build build -j16 >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
fi
build/sparsebench devices 2>&1 | head -20
ldd build/sparsebench | grep -i opencl; mkdir -p /tmp/no-icds; OCL_ICD_VENDORS=/tmp/no-icds clinfo -l 2>&1 | head -5
stamp "ctest (limit $(left)s)"
SPARSEBENCH_TEST_DEVICE=nvidia timeout -s INT "$(left)" ctest --test-dir build -j6 --timeout 400 \
    --output-on-failure > "$OUT/ctest.log" 2>&1
stamp "ctest rc=$?"
cp build/Testing/Temporary/LastTest.log "$OUT/" 2>/dev/null
grep -E "tests passed|Total Test time" "$OUT/ctest.log"
sed -n '/The following tests/,$p' "$OUT/ctest.log" | head -40
grep -E "Test +#[0-9]+: .* (Passed|\*\*\*|Skipped)" "$OUT/ctest.log" | grep -v " Passed" | head -40
stamp end
