#!/usr/bin/env bash
# nm9 ab (issue 14 item 5, session 9): nm_spmm's index arithmetic before (.gpu/tree-old, the
# commit in its COMMIT) and after (this tree), the same variants against csr_auto (paired, 10
# rounds, a control) on the mirror sets. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm9-ab "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=10
E=bench/explore/nm9gpu
sb_job_build
sb_job_build_old || exit 1
NEW_SW=$SW
for s in mirror mirror-short mirror-held mirror-short-held; do
    SW=$NEW_SW
    stage new-$s 60 $E/$s.yaml --device nvidia --variants $E/ab-variants.txt --rounds 10
    # the old binary reads the old tree's kernels (its source dir), and caches apart
    SW=$SW_OLD
    SPARSEBENCH_CACHE=/tmp/sb-cache-old stage old-$s 60 $E/$s.yaml --device nvidia \
        --variants $E/ab-variants.txt --rounds 10
done
for f in "$OUT"/new-*.jsonl "$OUT"/old-*.jsonl; do gzip -k "$f"; done
python3 $E/best.py "$OUT"/new-*.jsonl "$OUT"/old-*.jsonl
stamp end
