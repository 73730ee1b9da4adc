#!/usr/bin/env bash
# CI's vendor step (issue 10): installs Intel's CPU runtime and FPGA emulator
# (tools/install-vendors.sh, nothing registered system-wide) and runs the default test suite again
# with PoCL, Intel's CPU runtime and the FPGA emulator all present. Besides every other test
# passing with three platforms installed, that runs the tests that need them:
#   cli_cross_vendor  configs/quick.yaml on PoCL and Intel's CPU runtime in one run, every row ok,
#                     and report's cross-vendor table naming both platforms
#   cli_fpga_emu      build, then run --binaries, on configs/fpga-sim.yaml on the FPGA emulator
#   cli_device_skip   a device that needs binaries is skipped while the others run
# Each of those exits 77 (skipped) where its platform is missing, so the step checks they ran.
# From the repository root, after the build.   env: SPARSEBENCH_VENDORS (install prefix)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
prefix=${SPARSEBENCH_VENDORS:-/opt/sparsebench-vendors}
if ! tools/install-vendors.sh --prefix "$prefix" intel-cpu intel-fpga-emu; then
    echo "vendors: install failed"; exit 1
fi
icd=$(mktemp -d)
cache=$(mktemp -d)
trap 'rm -rf "$icd" "$cache"' EXIT
cp "$prefix/icd/pocl.icd" "$prefix/icd/intel-cpu.icd" "$prefix/icd/intel-fpga-emu.icd" "$icd/"
export OCL_ICD_VENDORS="$icd" SPARSEBENCH_CACHE="$cache"
build/sparsebench devices
ctest --test-dir build --output-on-failure > "$cache/ctest.log" 2>&1
status=$?
grep -E "^ *[0-9]+/[0-9]+ Test|tests passed|Skipped|\*\*\*" "$cache/ctest.log"
if [ "$status" -ne 0 ]; then
    sed -n '/The following tests FAILED/,$p' "$cache/ctest.log"; tail -200 "$cache/ctest.log"
    echo "vendors: the suite failed with PoCL, Intel's CPU runtime and its FPGA emulator present"
    exit 1
fi
for t in cli_cross_vendor cli_fpga_emu cli_device_skip; do
    if ! grep -qE "Test +#[0-9]+: $t \.+ +Passed" "$cache/ctest.log"; then
        echo "vendors: $t did not run (its platform missing?)"; exit 1
    fi
done
echo "vendors: whole suite green with three OpenCL platforms; cross-vendor and FPGA-emulator tests ran"
