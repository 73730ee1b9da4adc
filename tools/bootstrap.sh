#!/usr/bin/env bash
# Installs what sparsebench needs on Debian 12 (only what is missing), then configures and builds
# it in build/. Safe to run again: it does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config git ocl-icd-opencl-dev opencl-c-headers pocl-opencl-icd
          clinfo libclblast-dev libyaml-dev libcjson-dev libcmocka-dev python3)
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

# numpy/scipy (independent cross-checks in the tests) and matplotlib (report plots).
if ! python3 -c "import numpy, scipy, matplotlib" 2>/dev/null; then
    echo "bootstrap: installing numpy, scipy, matplotlib for $(command -v python3)"
    python3 -m pip install -q numpy scipy matplotlib 2>/dev/null ||
        python3 -m pip install -q --break-system-packages numpy scipy matplotlib ||
        echo "bootstrap: warning: no numpy/scipy/matplotlib; the tests that need them will fail"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
