#!/usr/bin/env bash
# nm8 (issue 14 item 5, session 8): nm's gather at fixed KSPLIT 2-32 against its model and
# csr_auto, paired in 10 rounds with a control, on tune.yaml (the ten 2:4 matrices at N = 16) and
# the held-out held.yaml / held10.yaml (committed before this ran). Every run validated. Table last.
set -u
. bench/explore/lib.sh
sb_job_start nm8 "${JOB_TIMEOUT:-240}"
SB_JOB_MARGIN=10
E=bench/explore/nm8
sb_job_build
stage tune 60 $E/tune.yaml --device nvidia --variants $E/variants.txt --rounds 10
stage held 100 $E/held.yaml --device nvidia --variants $E/variants.txt --rounds 10
stage held10 60 $E/held10.yaml --device nvidia --variants $E/variants.txt --rounds 10
for s in tune held held10; do
    python3 $E/table.py "$OUT/$s.jsonl" > "$OUT/$s.md" 2>&1
done
cat "$OUT/tune.md"
stamp end
