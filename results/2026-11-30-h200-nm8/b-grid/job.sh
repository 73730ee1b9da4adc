#!/usr/bin/env bash
# nm8 grid (issue 14 item 5, session 8): nm's gather at every VEC x KSPLIT x UNROLL (grid-variants.txt)
# against its model and csr_auto, paired in 5 rounds with a control, on grid.yaml (tuned on),
# held.yaml (held out; s8a measured its VEC 2 column) and fresh.yaml (held out, never measured).
# Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm8-grid "${JOB_TIMEOUT:-480}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
stage grid 150 $E/grid.yaml --device nvidia --variants $E/grid-variants.txt --rounds 5
stage fresh 120 $E/fresh.yaml --device nvidia --variants $E/grid-variants.txt --rounds 5
stage held 150 $E/held.yaml --device nvidia --variants $E/grid-variants.txt --rounds 5
for s in grid fresh held; do gzip -k "$OUT/$s.jsonl"; done
stamp end
