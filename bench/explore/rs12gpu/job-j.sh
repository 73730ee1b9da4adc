#!/usr/bin/env bash
# rs12 j (issue 14 item 2 at fp16, session 12), one call: csr_tile at fp16 (new) against csr_auto
# at fp16, a screen (tile/screen.yaml, tile/variants.txt): sb_sweep at fp16, 6 paired rounds;
# screen.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs12-j "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
T=bench/explore/rs12gpu/tile
stage tile-screen 250 $T/screen.yaml --device nvidia --variants $T/variants.txt --rounds 6
python3 bench/explore/rs12gpu/screen.py --labels tile16,tile32,tmma "$OUT"/tile-screen.jsonl \
    > "$OUT/screen.md" 2>&1
gzip -f "$OUT"/tile-screen.jsonl
cat "$OUT/screen.md"
stamp end
