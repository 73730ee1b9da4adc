#!/usr/bin/env bash
# Lead (session 5): Transformer shapes at N = 256 (configs/transformer.yaml, 50-95%), csr_auto at
# main against cuSPARSE CSR on the same patterns, by per-run events and by gated back-to-back
# batches (batch_event_ms, the b2b columns: the method of the anchor's kernel_ms). Table last.
set -u
. bench/explore/lib.sh
sb_job_start lead5-tf256 "${JOB_TIMEOUT:-200}"
sb_job_build
vs_part tf256 120 configs/transformer.yaml band \
    "Transformer shapes, N = 256: csr_auto vs cuSPARSE (per-run events and gated back to back)" \
    -- --kernels csr_auto --N 256
grep -E '^\| [0-9]+% \| 256|^\| all \| all' "$OUT/tf256/vs-cusparse.md" 2>/dev/null
stamp end
