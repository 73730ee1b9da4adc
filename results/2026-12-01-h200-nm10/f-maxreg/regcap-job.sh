#!/usr/bin/env bash
# nm10 regcap: did job-maxreg's -cl-nv-maxrregcount=32 take? ptxas's registers and spills for
# gather-narrow at N = 8 (nm_spmm, KSPLIT 16, UNROLL 8) with the nvidia profile's options, with and
# without the cap, written both ways (regs.c).
set -u
. bench/explore/lib.sh
sb_job_start nm10-regcap "${JOB_TIMEOUT:-60}"
export CUDA_CACHE_DISABLE=1 # a cached build has no ptxas lines in its log
gcc -O1 -o /tmp/regs bench/explore/nm10gpu/regs.c -lOpenCL || exit 1
D="-cl-mad-enable -DNM_N=2 -DNM_M=4 -DNM_WHOLE_K=1 -DVEC=2 -DKSPLIT=16 -DCOLS=4 -DUNROLL=8"
D="$D -DCHUNK=1 -DACCS=1 -DVPT=1 -DLANE=0 -DSHIFT=0 -DRX=1 -I cl_kernels"
for cap in "" "-cl-nv-maxrregcount=32" "-cl-nv-maxrregcount 32"; do
    echo "== options: $cap"
    /tmp/regs cl_kernels/nm_spmm.cl nm_spmm "$D $cap" 2>&1 | grep -E 'registers|spill|rror|private'
done | tee "$OUT/regcap.txt"
stamp end
