#!/usr/bin/env bash
# rs13 b (issue 14 item 5 at fp16, session 13), one call: a second screen, not a held-out set:
# gen_b.py's variants in screen-b/ (SHIFT 1, LANE 1, UNROLL doubled, COLS 3, VEC 4 with SHIFT)
# over odd and even N = 5-63 at fp16 and some fp32 cases. sb_sweep, 6 paired rounds, one stage
# per matrix and N; screen.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs13-b "${JOB_TIMEOUT:-440}"
SB_JOB_MARGIN=10
sb_job_build
case_stages b bench/explore/rs13gpu/screen-b 8 6
python3 bench/explore/rs12gpu/screen.py --labels nm,nmx,shift,sl,slu,lane,laneu,c3,v4s \
    "$OUT"/b-*.jsonl > "$OUT/screen.md" 2>&1
gzip -f "$OUT"/b-*.jsonl
cat "$OUT/screen.md"
stamp end
