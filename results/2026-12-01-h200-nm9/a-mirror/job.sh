#!/usr/bin/env bash
# nm9 mirror (issue 14 item 5, session 9): nm's gather in csr_auto's own csr_balanced shape, and
# one step from it, against csr_auto (paired, 10 rounds, a control) on the cases session 8 left
# slower (tuned on) and on held-out shapes. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm9-mirror "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=10
E=bench/explore/nm9gpu
sb_job_build
for s in mirror mirror-short mirror-held mirror-short-held; do
    stage $s 110 $E/$s.yaml --device nvidia --variants $E/mirror-variants.txt --rounds 10
done
for s in mirror mirror-short mirror-held mirror-short-held; do
    python3 bench/explore/nm7/paired.py "$OUT/$s.jsonl" > "$OUT/$s.md" 2>&1
    gzip -k "$OUT/$s.jsonl"
done
python3 bench/explore/nm9gpu/best.py "$OUT"/mirror*.jsonl
stamp end
