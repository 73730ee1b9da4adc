#!/usr/bin/env bash
# Every CLI test runs on the suite's one test device (tests/cli/common.sh: $SPARSEBENCH_TEST_DEVICE,
# else PoCL), so it passes with any set of OpenCL implementations installed: a test that runs a
# device command (run, tune, build, peak) sources common.sh and passes --device "$SB_DEVICE" (or a
# variable set from it), never `--device cpu` (PoCL and Intel's CPU runtime are both CPUs) nor a
# selector of its own from $SPARSEBENCH_TEST_DEVICE. A test whose device commands never reach a
# device (a bad config, no OpenCL at all) says so with a line "# lint: no test device (why)".
set -uo pipefail
fails=0
for t in "$SB_SOURCE_DIR"/tests/cli/test_*.sh; do
    name=$(basename "$t")
    if grep -nE -- '--device[ =]+"?cpu\b|SPARSEBENCH_TEST_DEVICE:-' "$t"; then
        echo "FAIL $name: picks a device of its own (use \"\$SB_DEVICE\" from tests/cli/common.sh)"
        fails=1
    fi
    if grep -qE '(\$SB_BIN|\$sb)"? +(run|tune|build|peak)\b' "$t" &&
       ! grep -q 'tests/cli/common.sh' "$t" && ! grep -q '^# lint: no test device (' "$t"; then
        echo "FAIL $name: runs a device command without sourcing tests/cli/common.sh"
        fails=1
    fi
done
if [ "$fails" -ne 0 ]; then exit 1; fi
echo "ok: every CLI test uses the suite's test device"
