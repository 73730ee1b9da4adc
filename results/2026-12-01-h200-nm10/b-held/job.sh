#!/usr/bin/env bash
# nm10 held (issue 14 item 5, session 10), one call:
#  1. LANE 1 against nm's model as it is and csr_auto (paired, 10 rounds, a control) on
#     lane-held.yaml (held out, its criterion in its header);
#  2. registers: what NVIDIA's compiler makes of nm's gather-narrow at N = 8 (LANE 0 and 1), the
#     gather at N = 24 (LANE 0 and 1) and csr_auto's csr_balanced at N = 8 (regs.c, ptxas lines):
#     is nm's loss on the tall matrices at N = 8 one of occupancy?
# Every run validated (sb_sweep).
set -u
. bench/explore/lib.sh
sb_job_start nm10-held "${JOB_TIMEOUT:-200}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/nm10gpu
stage lane-held 90 $E/lane-held.yaml --device nvidia --variants $E/lane-variants.txt --rounds 10
gzip -k "$OUT/lane-held.jsonl"
python3 $E/lane.py "$OUT/lane-held.jsonl" > "$OUT/lane-held.md" 2>&1
tail -6 "$OUT/lane-held.md"
gcc -O1 -o /tmp/regs $E/regs.c -lOpenCL || exit 1
NM="-DNM_N=2 -DNM_M=4 -DNM_WHOLE_K=1 -DACCS=1 -DVPT=1"
{
for l in 0 1; do
    echo "== nm gather-narrow N = 8, LANE $l"
    /tmp/regs cl_kernels/nm_spmm.cl nm_spmm "$NM -DVEC=2 -DKSPLIT=16 -DCOLS=4 -DUNROLL=8 -DCHUNK=1 -DLANE=$l -I cl_kernels"
    echo "== nm gather N = 24, LANE $l"
    /tmp/regs cl_kernels/nm_spmm.cl nm_spmm "$NM -DVEC=2 -DKSPLIT=16 -DCOLS=16 -DUNROLL=2 -DCHUNK=4 -DLANE=$l -I cl_kernels"
done
echo "== csr_balanced N = 8 (csr_auto narrow)"
/tmp/regs cl_kernels/csr_balanced.cl csr_spmm_balanced "-DVEC=2 -DKSPLIT=16 -DCOLS_PER_WG=4 -DUNROLL=4 -I cl_kernels"
echo "== csr_balanced N = 24 (csr_auto split)"
/tmp/regs cl_kernels/csr_balanced.cl csr_spmm_balanced "-DVEC=2 -DKSPLIT=16 -DCOLS_PER_WG=16 -DUNROLL=4 -I cl_kernels"
} 2>&1 | tee "$OUT/regs.txt"
stamp end
