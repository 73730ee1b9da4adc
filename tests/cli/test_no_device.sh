#!/usr/bin/env bash
# With no OpenCL platform at all (an empty ICD directory), devices and run say so clearly and
# exit 1: no crash, nothing written.
set -uo pipefail
# lint: no test device (an empty ICD directory: there is none)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/no-icds"
export OCL_ICD_VENDORS="$tmp/no-icds"
# the machine without platforms is the loader's to make: one that ignores OCL_ICD_VENDORS (the
# H200 machine's: its platforms come from elsewhere) cannot make it, and clinfo, another program
# on the same loader, shows so
if command -v clinfo > /dev/null && clinfo -l 2> /dev/null | grep -q "Platform #"; then
    echo "skipped: this OpenCL loader ($(ldd "$SB_BIN" | grep -o '/[^ ]*libOpenCL[^ ]*' | head -1))" \
        "ignores OCL_ICD_VENDORS: clinfo lists platforms with an empty ICD directory"
    exit 77
fi
"$SB_BIN" devices 2> "$tmp/err"
status=$?
cat "$tmp/err"
[ "$status" -eq 1 ] && grep -q "no OpenCL device found" "$tmp/err" || exit 1
"$SB_BIN" run "$SB_SOURCE_DIR/configs/quick.yaml" --out "$tmp/run" 2> "$tmp/err"
status=$?
[ "$status" -eq 1 ] && grep -q "no OpenCL device found" "$tmp/err" && [ ! -e "$tmp/run" ] || exit 1
echo ok
