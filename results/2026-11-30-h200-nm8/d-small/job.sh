#!/usr/bin/env bash
# nm8 small N (issue 14 item 5, session 8): nm's gather at VEC 1/2 x KSPLIT 4-64 x UNROLL 2-8
# (small-variants.txt) against its model (the tall gather built in) and csr_auto, paired in 5 rounds
# with a control, on small.yaml (tuned on) and fresh2.yaml (held out, committed before this ran).
set -u
. bench/explore/lib.sh
sb_job_start nm8-small "${JOB_TIMEOUT:-330}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
stage small 170 $E/small.yaml --device nvidia --variants $E/small-variants.txt --rounds 5
stage fresh2 120 $E/fresh2.yaml --device nvidia --variants $E/small-variants.txt --rounds 5
for s in small fresh2; do gzip -k "$OUT/$s.jsonl"; done
stamp end
