#!/usr/bin/env bash
# rs17 d (issue 14, session 17), one call: bench/final_gpu.sh transformer-n2 (N = 2048, 4096), the
# Transformer grid's large-N half, last measured in session 7 (session 16 ran out of its call),
# bounded by the job's own clock.
set -u
. bench/explore/lib.sh
sb_job_start rs17-d "${JOB_TIMEOUT:-570}"
sb_job_build
stamp "transformer-n2 (limit $(left)s)"
SPARSEBENCH_CACHE=/tmp/sb-cache-rs17-d timeout -s INT "$(left)" bench/final_gpu.sh transformer-n2 "$OUT/final" > "$OUT/n2.log" 2>&1
stamp "transformer-n2 rc=$?"
grep -h "^| " "$OUT/final/transformer-n2/vs-cusparse.md" 2>/dev/null | grep -v "^| gale\|^| tf-\|^| enc-\|^| ffn-\|^| attn-" | head -30
grep -h "^| " "$OUT/final/transformer-n2/nm-vs-csr.md" 2>/dev/null | head -14
stamp end
