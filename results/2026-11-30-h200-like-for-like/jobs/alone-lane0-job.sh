#!/usr/bin/env bash
# Lead (session 7), lane 0: (1) DLMC ResNet-50 90% batch 8, variational dropout, our side
# (csr_auto at bd6e61e through sparsebench run: per-run events beside CLBlast and gated
# back-to-back batches); the cuSPARSE side is on record from the same day (dlmc-vd-b8's anchor,
# same patterns). (2) sb_sweep on DLMC batch 1, all 162 layers: csr_auto's per-run events with
# nothing between its runs (sparsebench run times CLBlast between them).
set -u
. bench/explore/lib.sh
sb_job_start lead7-c0 "${JOB_TIMEOUT:-400}"
SB_JOB_MARGIN=8
sb_job_build
L=bench/explore/lead7
stamp "vd-b8 (limit 190s)"
timeout -s INT 190 build/sparsebench run $L/dlmc-vd.yaml --device nvidia --data-dir "$DATA" \
    --kernels csr_auto --batch 8 --out "$OUT/vd-b8" --no-progress > "$OUT/vd-b8.log" 2>&1
stamp "vd-b8 rc=$?: $(grep -c ',ok,' "$OUT/vd-b8/results.csv") ok rows"
stage sweep-dlmc-b1 150 configs/resnet50-dlmc-methods.yaml --device nvidia --data-dir "$DATA" --variants $L/auto.txt --batch 1
stamp end
