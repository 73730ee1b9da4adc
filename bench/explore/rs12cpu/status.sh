#!/usr/bin/env bash
# rs12 (B): item 5's status (nm against csr_auto, status-variants.txt) on nm10's held-out sets
# (bench/explore/nm10cpu/held.yaml, N = 5-80; held-n1.yaml, N = 1) under AVX2 code generation on
# this AVX-512 Xeon, and natively for reference. AVX2: PoCL with POCL_KERNELLIB_NAME=avx2 (its
# kernel library and LLVM CPU "haswell"; POCL_LLVM_CPU_NAME is ignored by Debian's PoCL 3.1),
# Intel's runtime with CL_CONFIG_CPU_TARGET_ARCH=core-avx2; both with SPARSEBENCH_FAKE_VEC_WIDTH=8
# (an AVX2 CPU's reported width: the profiles and nm's model) and fresh caches (sparsebench's
# program cache does not key on those variables). Writes OUT/{pocl,intel}-{avx2,native}-{held,n1}
# .jsonl, and counts zmm / ymm in PoCL's kernels (the .so files of its cache).
#   bench/explore/rs12cpu/status.sh OUT INTEL_ENV [ROUNDS]
set -euo pipefail
out=$1 intel_env=$2 rounds=${3:-9}
mkdir -p "$out"
sweep() { # NAME DEVICE ENV...
    local name=$1 dev=$2; shift 2
    for set in held held-n1; do
        env SPARSEBENCH_CACHE="$out/cache-$name" POCL_CACHE_DIR="$out/pocl-$name" "$@" \
            build/bench/sb_sweep "bench/explore/nm10cpu/$set.yaml" --device "$dev" \
            --variants bench/explore/rs12cpu/status-variants.txt --rounds "$rounds" \
            > "$out/$name-${set#held-}.jsonl" 2> "$out/$name-${set#held-}.err"
    done
}
sweep pocl-avx2 pocl POCL_KERNELLIB_NAME=avx2 SPARSEBENCH_FAKE_VEC_WIDTH=8
sweep pocl-native pocl RS12_NATIVE=1
. "$intel_env"
sweep intel-avx2 intel/intel-xeon-processor CL_CONFIG_CPU_TARGET_ARCH=core-avx2 \
    SPARSEBENCH_FAKE_VEC_WIDTH=8
sweep intel-native intel/intel-xeon-processor RS12_NATIVE=1
for name in pocl-avx2 pocl-native; do
    z=0 y=0 n=0
    for so in $(find "$out/pocl-$name" -name '*.so'); do
        a=$(objdump -d "$so")
        n=$((n + 1))
        z=$((z + $(grep -c zmm <<< "$a" || true)))
        y=$((y + $(grep -c ymm <<< "$a" || true)))
    done
    echo "$name: $n kernel .so files in PoCL's cache, lines with zmm $z, with ymm $y"
done
