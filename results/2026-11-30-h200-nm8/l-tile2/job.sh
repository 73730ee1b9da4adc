#!/usr/bin/env bash
# nm8 tile2 (issue 14 item 5, session 8): nm_tile at BM 32 TN 2 against nm's model and csr_auto on
# short 2:4 matrices of 1.3-2.7 M positions at N = 20-32 (tile2-held.yaml, held out, committed
# before this ran), paired in 6 rounds with a control. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm8-tile2 "${JOB_TIMEOUT:-150}"
SB_JOB_MARGIN=8
E=bench/explore/nm8gpu
sb_job_build
stage tile2-held 100 $E/tile2-held.yaml --device nvidia --variants $E/tile2-variants.txt --rounds 6
gzip -k "$OUT/tile2-held.jsonl"
stamp end
