#!/usr/bin/env bash
# nm8 chunk (issue 14 item 5, session 8): nm's gather at CHUNK 1/2/4, VEC 1/2/4 (chunk-variants.txt)
# against its model (tall gather built in) and csr_auto, paired in 4 rounds with a control, on
# chunk.yaml (tuned on) and fresh3.yaml (held out, committed before this ran). Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm8-chunk "${JOB_TIMEOUT:-480}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
stage chunk 240 $E/chunk.yaml --device nvidia --variants $E/chunk-variants.txt --rounds 4
stage fresh3 200 $E/fresh3.yaml --device nvidia --variants $E/chunk-variants.txt --rounds 4
for s in chunk fresh3; do gzip -k "$OUT/$s.jsonl"; done
stamp end
