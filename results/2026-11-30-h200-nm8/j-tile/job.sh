#!/usr/bin/env bash
# nm8 tile (issue 14 item 5, session 8): nm's dense tile (nm_tile, tile-variants.txt) against the
# model's gather and csr_auto at N = 20-48, paired in 5 rounds with a control, on tile.yaml (tuned
# on: where the gather lost) and tile-held.yaml (held out, committed before this ran).
set -u
. bench/explore/lib.sh
sb_job_start nm8-tile "${JOB_TIMEOUT:-420}"
SB_JOB_MARGIN=10
E=bench/explore/nm8gpu
sb_job_build
stage tile 200 $E/tile.yaml --device nvidia --variants $E/tile-variants.txt --rounds 5
stage tile-held 150 $E/tile-held.yaml --device nvidia --variants $E/tile-variants.txt --rounds 5
for s in tile tile-held; do gzip -k "$OUT/$s.jsonl"; done
stamp end
