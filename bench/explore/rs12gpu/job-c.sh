#!/usr/bin/env bash
# rs12 c (issue 14 item 5 at fp16, session 12), one call: held-out set c of nm's fp16-as-fp32
# rule, second form (held-c/README.md: criterion, committed before this run): sb_sweep at fp16,
# 8 paired rounds, one stage per matrix and N; held_table.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs12-c "${JOB_TIMEOUT:-240}"
SB_JOB_MARGIN=10
sb_job_build
case_stages held bench/explore/rs12gpu/held-c 12 8
python3 bench/explore/rs12gpu/held_table.py "$OUT"/held-*.jsonl > "$OUT/held.md" 2>&1
gzip -f "$OUT"/held-*.jsonl
cat "$OUT/held.md"
stamp end
