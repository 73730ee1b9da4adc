#!/usr/bin/env bash
# nm8 confirm (issue 14 item 5, session 8): nm with the tall gather built into its model against
# csr_auto, paired in 10 rounds with a control, on every nm8gpu stage's cases: grid, small, chunk and
# chunk1, tile (tuned on), held, fresh, fresh2, fresh3, fresh4 and tile-held (held out). Every run
# validated.
set -u
. bench/explore/lib.sh
sb_job_start nm8-confirm "${JOB_TIMEOUT:-560}"
SB_JOB_MARGIN=10
E=bench/explore/nm8gpu
sb_job_build
for s in grid held fresh small fresh2 chunk fresh3 chunk1 fresh4 tile tile-held; do
    stage confirm-$s 40 $E/$s.yaml --device nvidia --variants $E/confirm-variants.txt --rounds 10
done
for s in grid held fresh small fresh2 chunk fresh3 chunk1 fresh4 tile tile-held; do
    python3 bench/explore/nm7/paired.py "$OUT/confirm-$s.jsonl" > "$OUT/confirm-$s.md" 2>&1
done
cat "$OUT"/confirm-*.md | grep -E "slower|resolution"
for s in grid held fresh small fresh2 chunk fresh3 chunk1 fresh4 tile tile-held; do gzip -k "$OUT/confirm-$s.jsonl"; done
stamp end
