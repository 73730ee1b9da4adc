#!/usr/bin/env bash
# rs12 k (issue 14 item 2 at fp16, session 12), one call: the held-out set of csr_auto's
# "tile-fp16" rule (tile/held.yaml: criterion, committed before this run): sb_sweep at fp16,
# 8 paired rounds; held_table.py's table (old / new, csr_auto / new). Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs12-k "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
T=bench/explore/rs12gpu/tile
stage tile-held 250 $T/held.yaml --device nvidia --variants $T/held-variants.txt --rounds 8
python3 bench/explore/rs12gpu/held_table.py "$OUT"/tile-held.jsonl > "$OUT/held.md" 2>&1
gzip -f "$OUT"/tile-held.jsonl
cat "$OUT/held.md"
stamp end
