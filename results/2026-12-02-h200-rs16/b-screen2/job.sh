#!/usr/bin/env bash
# rs16 b (issue 14, session 16), one call: csr_panel after a (VPT vectors a work-item, rows walked in turn) (B's chunk staged in local memory for a panel
# of rows) against csr_auto on the H200:
#  1. correctness: every screened form on the tiny shapes (tiny.yaml), validated;
#  2. the screen (screen.yaml, screen-b8.yaml), 3 paired rounds; screen.py's tables last.
set -u
. bench/explore/lib.sh
sb_job_start rs16-b "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=15
E=bench/explore/rs16gpu
sb_job_build
stage tiny 40 $E/tiny.yaml --device nvidia --variants $E/variants-screen2.txt --warmup 1 --repeats 2
stage screen-b8 120 $E/screen-b8.yaml --device nvidia --variants $E/variants-screen2.txt --rounds 3
stage screen 400 $E/screen.yaml --device nvidia --variants $E/variants-screen2.txt --rounds 3
python3 $E/screen.py "$OUT"/screen-b8.jsonl "$OUT"/screen.jsonl > "$OUT/screen.md" 2>&1
gzip -kf "$OUT"/screen*.jsonl
cat "$OUT/screen.md"
stamp end
