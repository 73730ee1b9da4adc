#!/usr/bin/env bash
# rs16 d (issue 14, session 16), one call: job c's first half again (c ran transformer-n1 in 290 s,
# then transformer-n2 past the call's limit, so nothing came back): bench/final_gpu.sh
# transformer-n1 (N = 1, 64, 256, 1024), bounded by the job's own clock this time.
set -u
. bench/explore/lib.sh
sb_job_start rs16-d "${JOB_TIMEOUT:-400}"
sb_job_build
stamp "transformer-n1 (limit $(left)s)"
SPARSEBENCH_CACHE=/tmp/sb-cache-rs16-d timeout -s INT "$(left)" bench/final_gpu.sh transformer-n1 "$OUT/final" > "$OUT/n1.log" 2>&1
stamp "transformer-n1 rc=$?"
grep -h "^| " "$OUT/final/transformer-n1/vs-cusparse.md" 2>/dev/null | grep -v "^| gale\|^| tf-\|^| enc-\|^| ffn-\|^| attn-" | head -30
grep -h "^| " "$OUT/final/transformer-n1/nm-vs-csr.md" 2>/dev/null | head -14
stamp end
