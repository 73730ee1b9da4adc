#!/usr/bin/env bash
# Lead (session 5): Transformer shapes at N = 2048 (configs/transformer.yaml, 50-95%), csr_auto at
# main against cuSPARSE CSR on the same patterns, by per-run events and by gated back-to-back
# batches (batch_event_ms, the b2b columns: the method of the anchor's kernel_ms). Table last.
set -u
. bench/explore/lib.sh
sb_job_start lead5-tf2048 "${JOB_TIMEOUT:-200}"
sb_job_build
vs_part tf2048 120 configs/transformer.yaml band \
    "Transformer shapes, N = 2048: csr_auto vs cuSPARSE (per-run events and gated back to back)" \
    -- --kernels csr_auto --N 2048
grep -E '^\| [0-9]+% \| 2048|^\| all \| all' "$OUT/tf2048/vs-cusparse.md" 2>/dev/null
stamp end
