#!/usr/bin/env bash
# Lead (session 7): Transformer shapes (configs/transformer.yaml) at N = 2048, 70-95%, csr_auto at
# main (bd6e61e) against cuSPARSE CSR on the same patterns, by per-run events and by gated
# back-to-back batches with events at the ends only (a8c944a). Lane 0 of a 2-GPU call.
set -u
. bench/explore/lib.sh
sb_job_start lead7-tf2048 "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=8
sb_job_build
vs_part tf2048 262 configs/transformer.yaml band \
    "Transformer shapes, N = 2048: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto --N 2048 --sparsity 0.7,0.8,0.9,0.95
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/tf2048/vs-cusparse.md" | cut -d'|' -f2-6,11-12
stamp end
