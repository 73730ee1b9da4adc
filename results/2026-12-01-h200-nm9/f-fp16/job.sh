#!/usr/bin/env bash
# nm9 fp16 (issue 14 item 5, session 9): nm against csr and csr_balanced at fp16 storage,
# two runs of fp16.yaml by sparsebench run (every row validated), then fp16_table.py.
set -u
. bench/explore/lib.sh
sb_job_start nm9-fp16 "${JOB_TIMEOUT:-400}"
SB_JOB_MARGIN=10
sb_job_build
for i in 1 2; do
    stamp "run $i"
    timeout -s INT 150 build/sparsebench run bench/explore/nm9gpu/fp16.yaml --device nvidia \
        --out "$OUT/fp16-run$i" > "$OUT/fp16-run$i.log" 2>&1
    stamp "run $i rc=$?: $(grep -c ',ok,' "$OUT/fp16-run$i/results.csv") ok rows, $(grep -c ',wrong,\|,failed,' "$OUT/fp16-run$i/results.csv") wrong or failed"
done
python3 bench/explore/nm9gpu/fp16_table.py "$OUT/fp16-run1" "$OUT/fp16-run2" | tee "$OUT/fp16.md"
stamp end
