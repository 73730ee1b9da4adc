#!/usr/bin/env bash
# nm10 final (issue 14 item 5, session 10), one call:
#  1. LANE 2's held-out set (lane2-held.yaml, criterion in its header) by the build before the
#     rule (.gpu/tree-old): nm's model against the same with LANE 2 and csr_auto (paired, 10
#     rounds, a control);
#  2. everything built in (this tree): nm against csr_auto (paired, 10 rounds, a control) on every
#     set of session 9's confirm, lane-held and lane2-held.
# Every run validated (sb_sweep).
set -u
. bench/explore/lib.sh
sb_job_start nm10-final "${JOB_TIMEOUT:-450}"
SB_JOB_MARGIN=10
sb_job_build
sb_job_build_old || exit 1
E=bench/explore/nm10gpu
SW=$SW_OLD SPARSEBENCH_CACHE=/tmp/sb-cache-old stage lane2-held 60 $E/lane2-held.yaml \
    --device nvidia --variants $E/lane2-variants.txt --rounds 10
gzip -k "$OUT/lane2-held.jsonl"
python3 $E/lane.py "$OUT/lane2-held.jsonl.gz" > "$OUT/lane2-held.md" 2>&1
tail -6 "$OUT/lane2-held.md"
confirm_sets bench/explore/nm8gpu/confirm-variants.txt \
    nm8gpu/grid nm8gpu/held nm8gpu/fresh nm8gpu/small nm8gpu/fresh2 nm8gpu/chunk nm8gpu/fresh3 \
    nm8gpu/chunk1 nm8gpu/fresh4 nm8gpu/tile nm8gpu/tile-held nm9gpu/mirror nm9gpu/mirror-short \
    nm9gpu/mirror-held nm9gpu/mirror-short-held nm9gpu/narrow-held nm10gpu/lane-held \
    nm10gpu/lane2-held
stamp end
