#!/usr/bin/env bash
# rs21 c (session 21), one call: b's narrow csr_panel forms stayed at 0.05-0.55x csr_auto, and
# more rows a work-item ran slower (RPT 16 below RPT 8 below 4), so the suspect is each row's walk:
# a dependent chain (index load, local load, multiply-add) per non-zero. Here a row's non-zeros in
# a chunk are loaded UNROLL at once from per-chunk offsets made on the host.
# Prediction: UNROLL 4 runs 2-3x b's same forms (w16: 0.12-0.50x) and reaches csr_auto's speed
# (>= 1.0x) on the batch-8 stand-ins at N >= 6272 and on 4096^2 at 90% N = 4096; nothing at 98%.
set -u
. bench/explore/lib.sh
sb_job_start rs21-c "${JOB_TIMEOUT:-560}"
sb_job_build
E=bench/explore/rs21gpu
stage tiny 40 $E/tiny.yaml --device nvidia --variants $E/variants-unroll.txt --warmup 1 --repeats 2
stage screen-b8 200 $E/screen-b8.yaml --device nvidia --variants $E/variants-unroll.txt --rounds 3
stage screen 200 $E/screen.yaml --device nvidia --variants $E/variants-unroll.txt --rounds 3
python3 $E/screen.py "$OUT"/screen-b8.jsonl "$OUT"/screen.jsonl > "$OUT/screen.md" 2>&1
gzip -kf "$OUT"/screen*.jsonl
cat "$OUT/screen.md"
stamp end
