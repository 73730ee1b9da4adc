# Sourced by the CLI tests: picks the suite's test device (tests/support/test_device.c: the device
# $SPARSEBENCH_TEST_DEVICE selects, else PoCL), says which, and sets SB_DEVICE to its stable id.
# Every `run`, `tune`, `build` and `peak` of a test passes --device "$SB_DEVICE", so the test
# counts that device's rows and files whatever other OpenCL implementations are installed.
: "${SB_TEST_DEVICE_BIN:?SB_TEST_DEVICE_BIN must name the sb_test_device program (ctest sets it)}"
SB_DEVICE=$("$SB_TEST_DEVICE_BIN") || { echo "no test device"; exit 1; }
export SB_DEVICE
