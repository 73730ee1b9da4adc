#!/usr/bin/env bash
# rs13 a (issue 14 item 5 at fp16, session 13), one call: a screen, not a held-out set. Where
# nm's fp16 gather trails csr_auto's csr_balanced at N = 5-32 (rs12 h-status), which forms that
# work out less per value win (gen.py's variants in screen/: LANE 1, UNROLL, ACCS 2, SHIFT 1,
# CHUNK, VEC 8)? sb_sweep at fp16, 6 paired rounds, one stage per matrix and N; screen.py's table.
# Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs13-a "${JOB_TIMEOUT:-440}"
SB_JOB_MARGIN=10
sb_job_build
case_stages a bench/explore/rs13gpu/screen 11 6
python3 bench/explore/rs12gpu/screen.py --labels nm,nmx,lane,laneu,acc2,shift,ch,v8 \
    "$OUT"/a-*.jsonl > "$OUT/screen.md" 2>&1
gzip -f "$OUT"/a-*.jsonl
cat "$OUT/screen.md"
stamp end
