#!/usr/bin/env bash
# rs15 c (issue 14, session 15): as job-b.sh, DLMC ResNet-50 90% at batch 8 (162 layers).
set -u
. bench/explore/lib.sh
sb_job_start rs15-c "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=8
sb_job_build
vs_part dlmc-b8 260 configs/resnet50-dlmc-methods.yaml model \
    "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --data-dir "$DATA" --kernels csr_auto --batch 8
grep -E '^\| [a-z]+ \| all \|' "$OUT/dlmc-b8/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
stamp end
