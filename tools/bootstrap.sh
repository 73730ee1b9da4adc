#!/usr/bin/env bash
# Installs what sparsebench needs on Debian 12 (only what is missing), then configures and builds
# it in build/. Safe to run again: it does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-numpy/-scipy: independent cross-checks in the tests; python3-matplotlib: report plots;
# help2man: the man page (made from --help at build time; the build works without it).
# clblast-utils: CLBlast's own tuners, which `sparsebench tune` runs for the dense baseline.
# oclgrind: the OpenCL simulator the test oclgrind_kernels runs every kernel under (out-of-bounds
# accesses, data races); not registered as an ICD, so no run or other test sees its device.
packages=(build-essential cmake pkg-config git ocl-icd-opencl-dev opencl-c-headers pocl-opencl-icd
          clinfo libclblast-dev clblast-utils libyaml-dev libcjson-dev libcmocka-dev python3 python3-numpy
          python3-scipy python3-matplotlib help2man man-db zlib1g-dev oclgrind)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's python3 packages serve /usr/bin/python3. When another python3 comes first in PATH (a
# pyenv or venv interpreter, which the tests and `report` then use), install them into that one
# with its own pip: it is not Debian's, so nothing of the system is overwritten.
py=$(command -v python3)
if ! python3 -c "import numpy, scipy, matplotlib" 2>/dev/null &&
   [ "$(readlink -f "$py")" != "$(readlink -f /usr/bin/python3)" ]; then
    echo "bootstrap: installing numpy, scipy, matplotlib for $py (not Debian's python3)"
    python3 -m pip install -q numpy scipy matplotlib ||
        echo "bootstrap: warning: pip could not install them for $py"
fi
if ! python3 -c "import numpy, scipy, matplotlib" 2>/dev/null; then
    echo "bootstrap: warning: $(command -v python3) cannot import numpy, scipy and matplotlib" \
         "(Debian's python3-numpy/-scipy/-matplotlib are for /usr/bin/python3); the tests that" \
         "need them will fail and report plots are skipped"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
