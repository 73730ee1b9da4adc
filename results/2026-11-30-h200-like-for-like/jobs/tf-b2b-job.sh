#!/usr/bin/env bash
# Lead (session 7): Transformer shapes (configs/transformer.yaml) at N = 256 (50-95%) and
# N = 1024 (70-95%), csr_auto at main against cuSPARSE CSR on the same patterns, by per-run events
# and by gated back-to-back batches with events at the ends only (a8c944a): do the N = 256 bands
# and N = 1024 80% meet 1.2x like for like? Table last. Lane 0 of a 2-GPU call.
set -u
. bench/explore/lib.sh
sb_job_start lead7-tf "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=8
sb_job_build
vs_part tf256 120 configs/transformer.yaml band \
    "Transformer shapes, N = 256: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto --N 256
vs_part tf1024 125 configs/transformer.yaml band \
    "Transformer shapes, N = 1024: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto --N 1024 --sparsity 0.7,0.8,0.9,0.95
for f in "$OUT"/tf*/vs-cusparse.md; do
    [ -e "$f" ] || continue
    echo "== ${f#"$OUT"/}"
    grep -E '^\| [0-9]+% \| [0-9]+ ' "$f" | cut -d'|' -f2-7,11-12
done
stamp end
