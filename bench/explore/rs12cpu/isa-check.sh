#!/usr/bin/env bash
# rs12 (B): does a CPU runtime's AVX2 override take effect? Builds isa_probe.c, runs its float16
# FMA kernel once per setting, and counts in the machine code the runtime generated: zmm registers
# (AVX-512, 512-bit), ymm (AVX/AVX2, 256-bit), mask registers %k0-7 and ymm16-31 (AVX-512 only).
# PoCL: the kernel .so it leaves in POCL_CACHE_DIR; Intel's runtime: the .ocl.obj section (an
# x86-64 relocatable) of the program binary. Also prints the device's name and reported widths.
#   bench/explore/rs12cpu/isa-check.sh [INTEL_ENV]   (INTEL_ENV: the vendors' env file to source)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -Wall "$here/isa_probe.c" -lOpenCL -o "$tmp/probe" || exit 1
count() { # FILE (disassembly)
    echo "zmm $(grep -c zmm "$1"), ymm $(grep -c ymm "$1"), %k $(grep -cE '%k[0-7]' "$1")," \
         "ymm16-31 $(grep -cE 'ymm(1[6-9]|2[0-9]|3[01])' "$1")"
}
pocl() { # NAME ENV...
    local name=$1; shift
    mkdir -p "$tmp/$name"
    echo "== PoCL, $name: $*"
    env POCL_CACHE_DIR="$tmp/$name" "$@" "$tmp/probe" Portable "$tmp/$name.bin" | grep -v binary
    for so in $(find "$tmp/$name" -name '*.so' | sort); do
        objdump -d "$so" > "$tmp/asm"
        echo "  $(basename "$(dirname "$so")")/$(basename "$so"): $(count "$tmp/asm")"
    done
}
pocl default RS12_DEFAULT=1
pocl llvm-cpu-haswell POCL_LLVM_CPU_NAME=haswell
pocl kernellib-avx2 POCL_KERNELLIB_NAME=avx2
if [ $# -ge 1 ]; then . "$1"; fi
intel() { # NAME ENV...
    local name=$1; shift
    echo "== Intel's runtime, $name: $*"
    env "$@" "$tmp/probe" Intel "$tmp/$name.bin" | grep -v binary || return
    local off nxt
    off=$(readelf -S "$tmp/$name.bin" | awk '/\.ocl\.obj/{print $NF}')
    nxt=$(readelf -S "$tmp/$name.bin" | awk '/\.ocl\.ver/{print $NF}')
    dd if="$tmp/$name.bin" of="$tmp/$name.obj" bs=1 skip=$((16#$off)) \
        count=$((16#$nxt - 16#$off)) status=none
    objdump -d "$tmp/$name.obj" > "$tmp/asm"
    echo "  .ocl.obj: $(count "$tmp/asm")"
}
intel default RS12_DEFAULT=1
intel core-avx2 CL_CONFIG_CPU_TARGET_ARCH=core-avx2
