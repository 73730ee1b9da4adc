#!/usr/bin/env bash
# nm10 (issue 14 item 5, session 10), one call:
#  1. merge check: main's nm kernel at VPT 1 (d34d147's text, measured by no call yet) against
#     e033d22 (.gpu/tree-old, the build session 9's confirm measured), both against csr_auto,
#     paired in 10 rounds with a control, alternately twice, on the cases whose verdict moved;
#  2. LANE: nm with its model against the same with LANE 1 and against csr_auto (paired, 10
#     rounds, a control) on the sets holding every case nm still lost in session 9's confirm
#     (mirror, narrow-held, mirror-short, tile, chunk, mirror-short-held).
# Every run validated (sb_sweep).
set -u
. bench/explore/lib.sh
sb_job_start nm10-lane "${JOB_TIMEOUT:-500}"
SB_JOB_MARGIN=10
sb_job_build
sb_job_build_old || exit 1
NEW=$SW
E8=bench/explore/nm8gpu
E9=bench/explore/nm9gpu
for i in 1 2; do
    SW=$SW_OLD SPARSEBENCH_CACHE=/tmp/sb-cache-old stage old$i 25 $E9/mergecheck.yaml \
        --device nvidia --variants $E8/confirm-variants.txt --rounds 10
    SW=$NEW stage new$i 25 $E9/mergecheck.yaml --device nvidia \
        --variants $E8/confirm-variants.txt --rounds 10
done
SW=$NEW
V=bench/explore/nm10gpu/lane-variants.txt
for s in nm9gpu/mirror:40 nm9gpu/narrow-held:45 nm9gpu/mirror-short:25 nm8gpu/tile:55 \
         nm8gpu/chunk:45 nm9gpu/mirror-short-held:20; do
    set=${s%:*}
    stage lane-${set##*/} ${s#*:} bench/explore/$set.yaml --device nvidia --variants $V --rounds 10
done
for f in "$OUT"/*.jsonl; do gzip -k "$f"; done
for s in old1 new1 old2 new2; do
    echo "== $s"; python3 bench/explore/nm7/paired.py "$OUT/$s.jsonl" | tail -9 | cut -d'|' -f2,3,6
done
for f in "$OUT"/lane-*.jsonl; do
    echo "== ${f##*/}"; python3 $E9/best.py "$f" > "${f%.jsonl}.best.md" 2>&1
    grep -c . "${f%.jsonl}.best.md"
done
stamp end
