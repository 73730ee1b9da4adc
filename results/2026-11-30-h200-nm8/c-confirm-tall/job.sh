#!/usr/bin/env bash
# nm8 confirm (issue 14 item 5, session 8): nm with the tall gather built into its model against
# csr_auto, paired in 10 rounds with a control, on grid.yaml (tuned on), held.yaml and fresh.yaml
# (held out). Every run validated. Table last.
set -u
. bench/explore/lib.sh
sb_job_start nm8-confirm "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
for s in grid held fresh; do
    stage confirm-$s 80 $E/$s.yaml --device nvidia --variants $E/confirm-variants.txt --rounds 10
done
python3 bench/explore/nm7/paired.py "$OUT/confirm-grid.jsonl" > "$OUT/confirm-grid.md" 2>&1
python3 bench/explore/nm7/paired.py "$OUT/confirm-held.jsonl" > "$OUT/confirm-held.md" 2>&1
python3 bench/explore/nm7/paired.py "$OUT/confirm-fresh.jsonl" > "$OUT/confirm-fresh.md" 2>&1
cat "$OUT"/confirm-*.md | grep -E "slower|resolution"
stamp end
