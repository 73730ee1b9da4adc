#!/usr/bin/env bash
# rs21 b (session 21), one call: csr_panel (session 16's kernel, slower than csr_auto on all 51
# screened cases at 128-256 columns a panel and BK 8-64) with narrow column tiles and tall chunks
# (32-128 columns, BK 32-128): a row at 90% then meets 3-13 of its non-zeros per chunk instead of
# 1.6, so the barrier and the staging are paid per several multiply-adds.
# Prediction: if session 16's loss was the chunk's overhead (its reading), the narrow forms run
# 1.2-2x session 16's form and reach csr_auto's speed (>= 1.0x) on the batch-8 stand-ins at
# N >= 6272, where B's column slices are reused by all of A's few rows; if they stay at session
# 16's 0.1-0.5x, the overhead was elsewhere and the idea stays dropped.
set -u
. bench/explore/lib.sh
sb_job_start rs21-b "${JOB_TIMEOUT:-560}"
sb_job_build
E=bench/explore/rs21gpu
stage tiny 40 $E/tiny.yaml --device nvidia --variants $E/variants-narrow.txt --warmup 1 --repeats 2
stage screen-b8 200 $E/screen-b8.yaml --device nvidia --variants $E/variants-narrow.txt --rounds 3
stage screen 200 $E/screen.yaml --device nvidia --variants $E/variants-narrow.txt --rounds 3
python3 $E/screen.py "$OUT"/screen-b8.jsonl "$OUT"/screen.jsonl > "$OUT/screen.md" 2>&1
gzip -kf "$OUT"/screen*.jsonl
cat "$OUT/screen.md"
stamp end
