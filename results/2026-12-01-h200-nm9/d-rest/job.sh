#!/usr/bin/env bash
# nm9 rest (issue 14 item 5, session 9): the variants of rest-variants.txt against csr_auto
# (paired, 10 rounds, a control) on the cases left slower after gather-narrow. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm9-rest "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=10
E=bench/explore/nm9gpu
sb_job_build
for s in rest rest-short; do
    stage $s 150 $E/$s.yaml --device nvidia --variants $E/rest-variants.txt --rounds 10
done
for s in rest rest-short; do
    grep '"status":"failed"' "$OUT/$s.jsonl" | head -3 | cut -c1-400
    gzip -k "$OUT/$s.jsonl"
done
python3 $E/best.py "$OUT"/rest.jsonl "$OUT"/rest-short.jsonl
stamp end
