# Sourced by the CLI tests: picks the suite's test device (tests/support/test_device.c: the device
# $SPARSEBENCH_TEST_DEVICE selects, else PoCL), says which, and sets SB_DEVICE to its stable id.
# Every `run`, `tune`, `build` and `peak` of a test passes --device "$SB_DEVICE", so the test
# counts that device's rows and files whatever other OpenCL implementations are installed.
: "${SB_TEST_DEVICE_BIN:?SB_TEST_DEVICE_BIN must name the sb_test_device program (ctest sets it)}"
SB_DEVICE=$("$SB_TEST_DEVICE_BIN") || { echo "no test device"; exit 1; }
export SB_DEVICE
# What the device's profile decides (devices --json, src/run/run_meta.c), for tests whose rows
# differ by device: SB_BASELINE is the fp32 dense baseline (clblast, or dense where the profile
# disables CLBlast: FPGAs), SB_RUNS_AS a JSON object of the kernels that run as another there
# ({"csr": "csr_task", ...} where the profile says task_kernels), `sb_as_run NAME` one of them.
# Only where SB_BIN names sparsebench (every CLI test; not bench/tc's harness test).
if [ -n "${SB_BIN:-}" ]; then
    sb_device_facts=$("$SB_BIN" devices --json | python3 -c '
import json, sys
d = next(d for d in json.load(sys.stdin) if d["id"] == sys.argv[1])
print(d["baseline"])
print(json.dumps(d["runs_as"]))' "$SB_DEVICE") ||
        { echo "no record of $SB_DEVICE in devices --json"; exit 1; }
    SB_BASELINE=${sb_device_facts%%$'\n'*}
    SB_RUNS_AS=${sb_device_facts#*$'\n'}
    unset sb_device_facts
    export SB_BASELINE SB_RUNS_AS
fi
# the same facts for the tests' Python checks: tests/cli/device_rows.py (BASE, as_run, ...)
export PYTHONPATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)${PYTHONPATH:+:$PYTHONPATH}"
sb_as_run() {
    python3 -c 'import sys, device_rows; print(device_rows.as_run(sys.argv[1]))' "$1"
}
