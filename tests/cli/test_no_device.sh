#!/usr/bin/env bash
# With no OpenCL platform at all (an empty ICD directory), devices and run say so clearly and
# exit 1: no crash, nothing written.
set -uo pipefail
# lint: no test device (an empty ICD directory: there is none)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/no-icds"
export OCL_ICD_VENDORS="$tmp/no-icds"
"$SB_BIN" devices 2> "$tmp/err"
status=$?
cat "$tmp/err"
[ "$status" -eq 1 ] && grep -q "no OpenCL device found" "$tmp/err" || exit 1
"$SB_BIN" run "$SB_SOURCE_DIR/configs/quick.yaml" --out "$tmp/run" 2> "$tmp/err"
status=$?
[ "$status" -eq 1 ] && grep -q "no OpenCL device found" "$tmp/err" && [ ! -e "$tmp/run" ] || exit 1
echo ok
