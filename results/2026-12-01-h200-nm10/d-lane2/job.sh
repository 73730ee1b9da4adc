#!/usr/bin/env bash
# nm10 lane2 (issue 14 item 5, session 10), one call: LANE 2 (each unrolled slot's meta word,
# shift and column worked out once, for chunks with KSPLIT under a word's chunks: the tall
# gather's KSPLIT 2-16, the narrow pairs at N = 6) against nm's model and csr_auto (paired, 10
# rounds, a control) on every set with tall-gather or narrow N = 6 cases. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm10-lane2 "${JOB_TIMEOUT:-400}"
SB_JOB_MARGIN=10
sb_job_build
V=bench/explore/nm10gpu/lane2-variants.txt
for s in nm8gpu/grid nm8gpu/held nm8gpu/chunk1 nm8gpu/fresh4 nm8gpu/small nm8gpu/chunk \
         nm9gpu/mirror-short nm9gpu/mirror-short-held nm9gpu/mirror nm9gpu/narrow-held; do
    stage lane2-${s##*/} 40 bench/explore/$s.yaml --device nvidia --variants $V --rounds 10
done
for f in "$OUT"/lane2-*.jsonl; do gzip -k "$f"; done
python3 bench/explore/nm10gpu/lane.py "$OUT"/lane2-*.jsonl > "$OUT/lane2.md" 2>&1
tail -8 "$OUT/lane2.md"
grep -E '\| (gather-tall|gather-narrow) \| 2 \|' "$OUT/lane2.md"
stamp end
