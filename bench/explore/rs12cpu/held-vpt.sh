#!/usr/bin/env bash
# rs12 (B): runs held-vpt.yaml per N with its variants, AVX2 code on both runtimes (see the
# yaml's header), into OUT/{pocl,intel}-N<N>.jsonl.
#   bench/explore/rs12cpu/held-vpt.sh OUT INTEL_ENV [ROUNDS]
set -euo pipefail
out=$1 intel_env=$2 rounds=${3:-9}
here=bench/explore/rs12cpu
mkdir -p "$out"
export SPARSEBENCH_FAKE_VEC_WIDTH=8
for n in 36 40 48 80 96 160; do
    env SPARSEBENCH_CACHE="$out/cache-pocl" POCL_CACHE_DIR="$out/pocl-cache" \
        POCL_KERNELLIB_NAME=avx2 build/bench/sb_sweep "$here/held-vpt.yaml" --device pocl \
        --N "$n" --variants "$here/held-vpt-N$n.txt" --rounds "$rounds" \
        > "$out/pocl-N$n.jsonl" 2> "$out/pocl-N$n.err"
done
. "$intel_env"
for n in 36 40 48 80 96 160; do
    env SPARSEBENCH_CACHE="$out/cache-intel" CL_CONFIG_CPU_TARGET_ARCH=core-avx2 \
        build/bench/sb_sweep "$here/held-vpt.yaml" --device intel/intel-xeon-processor \
        --N "$n" --variants "$here/held-vpt-N$n.txt" --rounds "$rounds" \
        > "$out/intel-N$n.jsonl" 2> "$out/intel-N$n.err"
done
