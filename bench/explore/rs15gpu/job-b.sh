#!/usr/bin/env bash
# rs15 b (issue 14, session 15): csr_auto at main (this tree) against cuSPARSE CSR on the same
# patterns, DLMC ResNet-50 90% batch 1 (all three models, 162 layers) and the 4096^2 benchmark's
# last cells (smalln5/gale.yaml: N = 256 at 90-98%, unstructured N = 4096), per-run events and back
# to back with events at the ends (the anchor's method), as results/2026-11-30-h200-like-for-like
# measured them at bd6e61e. Since then csr_balanced's SHIFT (13c873e) changed the kernel csr_auto's
# split and narrow rules run on DLMC's layers. Tables last.
set -u
. bench/explore/lib.sh
sb_job_start rs15-b "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=8
sb_job_build
vs_part dlmc-b1 230 configs/resnet50-dlmc-methods.yaml model \
    "DLMC ResNet-50 90%, batch 1: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --data-dir "$DATA" --kernels csr_auto --batch 1
vs_part gale 90 bench/explore/smalln5/gale.yaml band \
    "4096^2 (bench-gale patterns): csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto
grep -E '^\| [a-z]+ \| all \|' "$OUT/dlmc-b1/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/gale/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
stamp end
