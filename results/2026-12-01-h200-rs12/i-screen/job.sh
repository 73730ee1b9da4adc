#!/usr/bin/env bash
# rs12 i (issue 14 item 5 at fp16, session 12), one call: a screen, not a held-out set: does the
# fp16 gather's VEC 4 with twice VEC 2's KSPLIT (kept from N = 33, g-held) also win at N = 12-32
# (multiples of 4)? gen_v4.py's configs and variants in screen-v4/, sb_sweep at fp16, 6 paired
# rounds, one stage per matrix and N; screen.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs12-i "${JOB_TIMEOUT:-240}"
SB_JOB_MARGIN=10
sb_job_build
S=bench/explore/rs12gpu/screen-v4
for v in $S/*-N*.txt; do
    b=$(basename "$v" .txt)
    stage "v4-$b" 10 "$S/${b%-N*}.yaml" --device nvidia --N "${b##*-N}" --variants "$v" --rounds 6
done
python3 bench/explore/rs12gpu/screen.py --labels nm,v2,v4,v4k "$OUT"/v4-*.jsonl \
    > "$OUT/screen.md" 2>&1
gzip -f "$OUT"/v4-*.jsonl
cat "$OUT/screen.md"
stamp end
