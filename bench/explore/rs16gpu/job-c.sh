#!/usr/bin/env bash
# rs16 c (issue 14, session 16), one call: the Transformer grid against cuSPARSE at main
# (bench/final_gpu.sh transformer-n1 and transformer-n2: csr_auto and nm on configs/transformer.yaml,
# cuSPARSE CSR on the same patterns, kernel time on both sides). Last measured in session 7
# (results/2026-11-30-h200-like-for-like); csr_auto's GPU rules and nm's have changed since.
set -u
. bench/explore/lib.sh
sb_job_start rs16-c "${JOB_TIMEOUT:-540}"
sb_job_build
stamp "transformer-n1"
SPARSEBENCH_CACHE=/tmp/sb-cache-rs16-c bench/final_gpu.sh transformer-n1 "$OUT/final" > "$OUT/n1.log" 2>&1
stamp "transformer-n1 rc=$?"
stamp "transformer-n2"
SPARSEBENCH_CACHE=/tmp/sb-cache-rs16-c bench/final_gpu.sh transformer-n2 "$OUT/final" > "$OUT/n2.log" 2>&1
stamp "transformer-n2 rc=$?"
for p in n1 n2; do
    grep -h "^| " "$OUT/final/transformer-$p/vs-cusparse.md" 2>/dev/null | sed -n '1,40p' | grep -v "^| gale\|^| tf-" | head -30
done
stamp end
