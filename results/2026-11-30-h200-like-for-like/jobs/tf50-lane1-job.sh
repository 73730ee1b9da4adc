#!/usr/bin/env bash
# Lead (session 7): Transformer shapes at 50% (configs/transformer.yaml; its 2:4 matrices are in
# this band too), N = 4096, csr_auto at bd6e61e against cuSPARSE CSR on the same patterns,
# per-run events and gated back-to-back batches (events at the ends). Lane 1.
set -u
. bench/explore/lib.sh
sb_job_start lead7-tf50b "${JOB_TIMEOUT:-400}"
SB_JOB_MARGIN=8
sb_job_build
vs_part tf50-4096 190 configs/transformer.yaml band \
    "Transformer shapes at 50%, N = 4096: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto --N 4096 --sparsity 0.5
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/tf50-4096/vs-cusparse.md" | cut -d'|' -f2-6,11-12
stamp end
