#!/usr/bin/env bash
# nm10 confirm (issue 14 item 5, session 10), one call:
#  1. nm's model with LANE in the gather built in against csr_auto (paired, 10 rounds, a
#     control) on every set session 9's confirm ran (nm8gpu's eleven, nm9gpu's five) and on
#     lane-held.yaml;
#  2. tall: gathers with fewer registers on the tall shapes at N = 6/8 (tall.yaml), and ptxas's
#     registers for each form (regs.c).
# Every run validated (sb_sweep).
set -u
. bench/explore/lib.sh
sb_job_start nm10-confirm "${JOB_TIMEOUT:-500}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/nm10gpu
stage tall 90 $E/tall.yaml --device nvidia --variants $E/tall-variants.txt --rounds 10
gzip -k "$OUT/tall.jsonl"
python3 bench/explore/nm9gpu/best.py "$OUT/tall.jsonl" > "$OUT/tall.md" 2>&1
cat "$OUT/tall.md"
gcc -O1 -o /tmp/regs $E/regs.c -lOpenCL || exit 1
NM="-DNM_N=2 -DNM_M=4 -DNM_WHOLE_K=1 -DACCS=1 -DVPT=1 -DVEC=2 -I cl_kernels"
for form in "KSPLIT=16 UNROLL=8 CHUNK=1 LANE=0" "KSPLIT=16 UNROLL=4 CHUNK=1 LANE=0" \
            "KSPLIT=16 UNROLL=4 CHUNK=1 LANE=1" "KSPLIT=16 UNROLL=2 CHUNK=1 LANE=0" \
            "KSPLIT=8 UNROLL=4 CHUNK=2 LANE=0" "KSPLIT=8 UNROLL=2 CHUNK=2 LANE=0" \
            "KSPLIT=8 UNROLL=4 CHUNK=2 LANE=1"; do
    echo "== nm COLS=4 $form: $(/tmp/regs cl_kernels/nm_spmm.cl nm_spmm "$NM -DCOLS=4 $(printf ' -D%s' $form)" 2>&1 | grep -o 'Used [0-9]* registers')"
done | tee "$OUT/regs.txt"
confirm_sets bench/explore/nm8gpu/confirm-variants.txt \
    nm8gpu/grid nm8gpu/held nm8gpu/fresh nm8gpu/small nm8gpu/fresh2 nm8gpu/chunk nm8gpu/fresh3 \
    nm8gpu/chunk1 nm8gpu/fresh4 nm8gpu/tile nm8gpu/tile-held nm9gpu/mirror nm9gpu/mirror-short \
    nm9gpu/mirror-held nm9gpu/mirror-short-held nm9gpu/narrow-held nm10gpu/lane-held
stamp end
