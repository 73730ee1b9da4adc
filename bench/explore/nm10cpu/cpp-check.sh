#!/usr/bin/env bash
# nm10-cpu: nm_spmm.cl preprocessed (cpp -P, OpenCL's -D strings) before and after the SHIFT
# tunable, SHIFT 0 (and SHIFT not given): the text must be the same, token for token, on a grid
# covering every -D string nm's GPU rules give (VEC 1-16, CHUNK 1-8, UNROLL 1-8, ACCS 1-4, KSPLIT,
# NM_WHOLE_K, SB_HALF; VPT 1 and, for the CPU's sake, 2/4).
#   bench/explore/nm10cpu/cpp-check.sh OLD_COMMIT   (run in the repository root)
set -euo pipefail
old=${1:?old commit}
tmp=$(mktemp -d)
git show "$old:cl_kernels/nm_spmm.cl" > "$tmp/old.cl"
n=0
for vec in 1 2 4 8 16; do for chunk in 1 2 4 8; do for unroll in 1 4 8; do for accs in 1 2 4; do
for vpt in 1 2 4; do for ks in 1 32; do for wk in 0 1; do for half in 0 1; do
    d="-DNM_N=2 -DNM_M=4 -DNM_WHOLE_K=$wk -DVEC=$vec -DKSPLIT=$ks -DCOLS=32 -DUNROLL=$unroll"
    d="$d -DCHUNK=$chunk -DACCS=$accs -DVPT=$vpt -DSB_HALF=$half"
    cpp -P -Icl_kernels $d "$tmp/old.cl" 2>/dev/null | tr -s ' \n' > "$tmp/a"
    cpp -P -Icl_kernels $d -DSHIFT=0 cl_kernels/nm_spmm.cl 2>/dev/null | tr -s ' \n' > "$tmp/b"
    cpp -P -Icl_kernels $d cl_kernels/nm_spmm.cl 2>/dev/null | tr -s ' \n' > "$tmp/c"
    cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/c" || { echo "DIFFERS: $d"; diff "$tmp/a" "$tmp/b" | head; exit 1; }
    n=$((n + 1))
done; done; done; done; done; done; done; done
echo "same text on $n -D strings"
rm -r "$tmp"
