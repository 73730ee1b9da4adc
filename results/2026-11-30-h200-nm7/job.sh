#!/usr/bin/env bash
# nm7 (issue 14 item 5, session 7): nm against csr_auto on bench/nm-vs-csr.yaml's 2:4 matrices at
# N = 1 and 16, paired in 15 rounds with a control (csr_auto against itself): are the four
# 0.984-0.998x cases of nm4-landed a loss or the spread? Every run validated (sb_sweep). Table last.
set -u
. bench/explore/lib.sh
sb_job_start nm7 "${JOB_TIMEOUT:-150}"
SB_JOB_MARGIN=6
E=bench/explore/nm7
sb_job_build
stage nm24 120 $E/nm24.yaml --device nvidia --variants $E/variants.txt --rounds 15
python3 $E/paired.py "$OUT/nm24.jsonl" > "$OUT/paired.md" 2>&1
cat "$OUT/paired.md"
stamp end
