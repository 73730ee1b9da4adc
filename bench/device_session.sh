#!/usr/bin/env bash
# One call on a lent GPU machine (no package registry there): unpack the Debian packages carried
# in .debs/, register NVIDIA's OpenCL driver, build, then run each command given as an argument
# ("run CONFIG ..." etc., executed as build/sparsebench ARGS). Everything written under runs/ is
# packed into $OUT/runs.tgz; logs go to $OUT. Usage (from the repository root):
#   bench/device_session.sh "devices" "run configs/quick.yaml --out runs/quick-gpu"
set -uo pipefail
OUT=${OUT:-/tmp/sb-out}
mkdir -p "$OUT" runs
for f in .debs/*.deb; do dpkg -x "$f" /; done
ldconfig
mkdir -p /etc/OpenCL/vendors
[ -e /etc/OpenCL/vendors/nvidia.icd ] || echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd
echo "ICDs: $(ls /etc/OpenCL/vendors)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > "$OUT/build.log" 2>&1 &&
       cmake --build build -j"$(nproc)" >> "$OUT/build.log" 2>&1; }; then
    tail -40 "$OUT/build.log"
    exit 1
fi
status=0
for cmd in "$@"; do
    echo "=== sparsebench $cmd"
    # shellcheck disable=SC2086
    build/sparsebench $cmd || status=$?
done
tar czf "$OUT/runs.tgz" runs
exit $status
