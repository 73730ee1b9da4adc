#!/usr/bin/env bash
# nm9 merge check: nm against csr_auto (paired, 10 rounds, a control) by this tree (the merge with
# the VPT kernel) and by ../tree-old (e033d22, before it), alternately twice. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm9-mergecheck "${JOB_TIMEOUT:-200}"
SB_JOB_MARGIN=5
E=bench/explore/nm9gpu
sb_job_build
sb_job_build_old || exit 1
NEW=$SW
for i in 1 2; do
    SW=$SW_OLD SPARSEBENCH_CACHE=/tmp/sb-cache-old stage old$i 25 $E/mergecheck.yaml \
        --device nvidia --variants bench/explore/nm8gpu/confirm-variants.txt --rounds 10
    SW=$NEW stage new$i 25 $E/mergecheck.yaml --device nvidia \
        --variants bench/explore/nm8gpu/confirm-variants.txt --rounds 10
done
for s in old1 new1 old2 new2; do
    echo "== $s"; python3 bench/explore/nm7/paired.py "$OUT/$s.jsonl" | tail -9 | cut -d'|' -f2,3,6
    gzip -k "$OUT/$s.jsonl"
done
stamp end
