#!/usr/bin/env bash
# Lead (session 5): DLMC ResNet-50 90%, all three pruning methods at batch 1 (162 layers), csr_auto
# against cuSPARSE CSR on the same patterns (bench/vs_cusparse.sh through explore/lib.sh's
# vs_part), with batch_event_ms from gated batches: our runs back to back, timed by events as the anchor's
# kernel_ms is (the b2b columns), next to the per-run event time. Table last.
set -u
. bench/explore/lib.sh
sb_job_start lead5-4 "${JOB_TIMEOUT:-200}"
sb_job_build
vs_part dlmc-b1 120 configs/resnet50-dlmc-methods.yaml model \
    "DLMC ResNet-50 90%, batch 1: csr_auto vs cuSPARSE (per-run events and gated back to back)" \
    -- --data-dir "$DATA" --kernels csr_auto
grep -E '^\| (all|magnitude|random|variational) \| all' "$OUT/dlmc-b1/vs-cusparse.md" 2>/dev/null
stamp end
