#!/usr/bin/env bash
# One call on a lent GPU machine (no package registry there): unpack the Debian packages carried
# in .debs/, register NVIDIA's OpenCL driver, build, then run each command given as an argument
# ("run CONFIG ..." etc., executed as build/sparsebench ARGS). Data tarballs carried in .data/
# are unpacked for SPARSEBENCH_DATA. Everything written under runs/ is
# packed into $OUT/runs.tgz; logs go to $OUT. Usage (from the repository root):
#   SB_COMMIT=<commit> bench/device_session.sh "devices" "run configs/quick.yaml --out runs/quick-gpu"
set -uo pipefail
OUT=${OUT:-/tmp/sb-out}
mkdir -p "$OUT" runs
for f in .debs/*.deb; do dpkg -x "$f" /; done
ldconfig
mkdir -p /etc/OpenCL/vendors
[ -e /etc/OpenCL/vendors/nvidia.icd ] || echo libnvidia-opencl.so.1 > /etc/OpenCL/vendors/nvidia.icd
echo "ICDs: $(ls /etc/OpenCL/vendors)"
# data carried as .data/*.tar.xz (e.g. the DLMC subset), unpacked for SPARSEBENCH_DATA
if ls .data/*.tar.xz > /dev/null 2>&1; then
    mkdir -p /tmp/sbdata
    for t in .data/*.tar.xz; do
        python3 -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall('/tmp/sbdata')" "$t"
    done
    export SPARSEBENCH_DATA=/tmp/sbdata
fi
# no .git travels: the caller names the commit (SB_COMMIT=$(git rev-parse --short=12 HEAD))
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
         -DSB_GIT_COMMIT="${SB_COMMIT:-unknown}" > "$OUT/build.log" 2>&1 &&
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
