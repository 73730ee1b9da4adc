#!/usr/bin/env bash
# Lead (session 7): DLMC ResNet-50 90% at batch 8, all three models (162 layers), then the
# 4096^2 benchmark's missed cells (N = 256 90-98%, N = 4096 unstructured; smalln5/gale.yaml),
# csr_auto at main against cuSPARSE CSR on the same patterns, by per-run events and back to back
# with events at the ends only (a8c944a). Tables last. Lane 1 of a 2-GPU call.
set -u
. bench/explore/lib.sh
sb_job_start lead7-b8 "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=8
sb_job_build
vs_part dlmc-b8 170 configs/resnet50-dlmc-methods.yaml model \
    "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --data-dir "$DATA" --kernels csr_auto --batch 8
vs_part gale 70 bench/explore/smalln5/gale.yaml band \
    "4096^2 (bench-gale patterns): csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto
grep -E '^\| [a-z]+ \| all \|' "$OUT/dlmc-b8/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/gale/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
stamp end
