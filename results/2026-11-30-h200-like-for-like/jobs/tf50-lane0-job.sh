#!/usr/bin/env bash
# Lead (session 7): Transformer shapes at 50% (configs/transformer.yaml; its 2:4 matrices are in
# this band too), N = 1024 and 2048, csr_auto at bd6e61e against cuSPARSE CSR on the same
# patterns, per-run events and gated back-to-back batches (events at the ends). Lane 0.
set -u
. bench/explore/lib.sh
sb_job_start lead7-tf50a "${JOB_TIMEOUT:-400}"
SB_JOB_MARGIN=8
sb_job_build
for n in 1024 2048; do
vs_part tf50-$n 95 configs/transformer.yaml band \
    "Transformer shapes at 50%, N = $n: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto --N $n --sparsity 0.5
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/tf50-$n/vs-cusparse.md" | cut -d'|' -f2-6,11-12
done
stamp end
