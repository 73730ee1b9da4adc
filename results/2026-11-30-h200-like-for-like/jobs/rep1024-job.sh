#!/usr/bin/env bash
# Lead (session 7): a replicate of s7a's Transformer grid at N = 1024 (0.7,0.8,0.9,0.95), csr_auto at bd6e61e
# against cuSPARSE CSR on the same patterns (the anchor re-timed too), per-run events and gated
# back-to-back batches (events at the ends): how far do the band geomeans move between calls?
set -u
. bench/explore/lib.sh
sb_job_start lead7-rep1024 "${JOB_TIMEOUT:-330}"
SB_JOB_MARGIN=8
sb_job_build
vs_part rep1024 150 configs/transformer.yaml band \
    "Transformer shapes, N = 1024 (replicate): csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto --N 1024 --sparsity 0.7,0.8,0.9,0.95
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/rep1024/vs-cusparse.md" | cut -d'|' -f2-6,11-12
stamp end
