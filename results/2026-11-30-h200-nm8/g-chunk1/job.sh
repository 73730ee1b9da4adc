#!/usr/bin/env bash
# nm8 chunk1 (issue 14 item 5, session 8): nm's gather at CHUNK 1/2/4, VEC 1/2 at small N
# (chunk1-variants.txt)
# against its model (tall gather built in) and csr_auto, paired in 4 rounds with a control, on
# chunk1.yaml (tuned on) and fresh4.yaml (held out, committed before this ran). Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm8-chunk1 "${JOB_TIMEOUT:-480}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
stage chunk1 250 $E/chunk1.yaml --device nvidia --variants $E/chunk1-variants.txt --rounds 4
stage fresh4 200 $E/fresh4.yaml --device nvidia --variants $E/chunk1-variants.txt --rounds 4
for s in chunk1 fresh4; do gzip -k "$OUT/$s.jsonl"; done
stamp end
