#!/usr/bin/env bash
# rs13 i (issue 14 item 5 at fp16, session 13), one call: a screen, not a held-out set, of
# h-status's remaining fp16 losses (gen_i.py's variants in screen-i/: COLS exactly the column
# vectors, with and without twice the KSPLIT; KSPLIT halved or doubled; narrow's CHUNK 2 and
# UNROLL 4). sb_sweep at fp16, 6 paired rounds, one stage per matrix and N; screen.py's table.
# Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs13-i "${JOB_TIMEOUT:-240}"
SB_JOB_MARGIN=10
sb_job_build
case_stages i bench/explore/rs13gpu/screen-i 10 6
python3 bench/explore/rs12gpu/screen.py --labels nm,nmx,cx,cxk,kh,k2,ch2,u4 \
    "$OUT"/i-*.jsonl > "$OUT/screen.md" 2>&1
gzip -f "$OUT"/i-*.jsonl
cat "$OUT/screen.md"
stamp end
