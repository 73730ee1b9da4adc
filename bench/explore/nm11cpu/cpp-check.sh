#!/usr/bin/env bash
# nm11-cpu: nm_spmm.cl preprocessed (cpp -P, OpenCL's -D strings) before and after the PADB
# tunable, with PADB 0 and with PADB not given: the text must be the same, token for token, on a
# grid covering every -D string nm's GPU rules give (VEC 1-16, CHUNK 1-8, UNROLL 1-8, ACCS 1-4,
# KSPLIT, NM_WHOLE_K, SB_HALF, LANE 0-2 at VPT 1) and the CPU's (VPT 2/4, SHIFT 0/1), RX 1.
# A string the kernel rejects (#error) must be rejected by both.
#   bench/explore/nm11cpu/cpp-check.sh OLD_COMMIT   (run in the repository root)
set -euo pipefail
old=${1:?old commit}
tmp=$(mktemp -d)
git show "$old:cl_kernels/nm_spmm.cl" > "$tmp/old.cl"
n=0
pp() { # file, -D string: the text (tokens one per space), and whether cpp accepted it
    if cpp -P -Icl_kernels $2 "$1" 2> /dev/null | tr -s ' \n' > "$3"; then echo ok >> "$3"; fi
}
for vec in 1 2 4 8 16; do for chunk in 1 2 4 8; do for unroll in 1 4 8; do for accs in 1 2 4; do
for vpt in 1 2 4; do for ks in 1 32; do for wk in 0 1; do for half in 0 1; do for ls in 00 01 10 20; do
    lane=${ls:0:1} shift=${ls:1:1}
    if [ "$lane" != 0 ] && [ "$vpt" != 1 ]; then continue; fi
    d="-DNM_N=2 -DNM_M=4 -DNM_WHOLE_K=$wk -DVEC=$vec -DKSPLIT=$ks -DCOLS=32 -DUNROLL=$unroll"
    d="$d -DCHUNK=$chunk -DACCS=$accs -DVPT=$vpt -DLANE=$lane -DSHIFT=$shift -DRX=1 -DSB_HALF=$half"
    pp "$tmp/old.cl" "$d" "$tmp/a"
    pp cl_kernels/nm_spmm.cl "$d -DPADB=0" "$tmp/b"
    pp cl_kernels/nm_spmm.cl "$d" "$tmp/c"
    if ! cmp -s "$tmp/a" "$tmp/b" || ! cmp -s "$tmp/a" "$tmp/c"; then
        echo "DIFFERS: $d"
        diff "$tmp/a" "$tmp/b" | head
        exit 1
    fi
    n=$((n + 1))
done; done; done; done; done; done; done; done; done
echo "same text on $n -D strings"
rm -r "$tmp"
