#!/usr/bin/env bash
# nm8 confirm (issue 14 item 5, session 8): nm with the tall gather built into its model against
# csr_auto, paired in 10 rounds with a control, on grid.yaml and small.yaml (tuned on), held.yaml,
# fresh.yaml and fresh2.yaml (held out). Every run validated. Table last.
set -u
. bench/explore/lib.sh
sb_job_start nm8-confirm "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
for s in grid held fresh small fresh2; do
    stage confirm-$s 60 $E/$s.yaml --device nvidia --variants $E/confirm-variants.txt --rounds 10
done
for s in grid held fresh small fresh2; do
    python3 bench/explore/nm7/paired.py "$OUT/confirm-$s.jsonl" > "$OUT/confirm-$s.md" 2>&1
done
cat "$OUT"/confirm-*.md | grep -E "slower|resolution"
stamp end
