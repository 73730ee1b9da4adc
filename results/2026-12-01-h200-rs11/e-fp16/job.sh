#!/usr/bin/env bash
# rs11 fp16 (issue 14, session 11), one call: csr_auto at fp16 (new) against csr, csr_balanced
# and, on 2:4 matrices, nm (fp16.yaml, `sparsebench run`: sb_sweep measures fp32 only); fp16.py's
# table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-fp16 "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/rs11gpu
stamp "fp16 run (limit $(left)s)"
timeout -s INT "$(left)" build/sparsebench run $E/fp16.yaml --device nvidia -o "$OUT/fp16" \
    > "$OUT/fp16.log" 2>&1
stamp "fp16 rc=$?: $(grep -c ',ok,' "$OUT/fp16/results.csv") ok, $(grep -c ',wrong,' "$OUT/fp16/results.csv") wrong, $(grep -c ',failed,' "$OUT/fp16/results.csv") failed"
python3 $E/fp16.py "$OUT/fp16/results.jsonl" > "$OUT/fp16.md" 2>&1
cat "$OUT/fp16.md"
stamp end
