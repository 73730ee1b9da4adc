#!/usr/bin/env bash
# rs21 d (session 21), one call: job a's question on the held-out pruning methods (random and
# variational dropout, 108 layers) at batch 8: csr_auto against the same 22 forms back to back,
# cuSPARSE on the same patterns in the same call. Prints only csr_auto against cuSPARSE: a rule
# read off job a's magnitude layers is written down before this run's per-form table is read.
# Prediction: csr_auto 1.4-1.5x cuSPARSE (magnitude: 1.42x), the best form per layer 3-5% more.
set -u
. bench/explore/lib.sh
sb_job_start rs21-d "${JOB_TIMEOUT:-560}"
sb_job_build
D=bench/explore/rs20gpu
stage held8 440 $D/dlmc-held.yaml --device nvidia --variants $D/oracle.txt --batch 8 --b2b
dlmc_n() { grep -m1 "\"matrix\":\"$(basename "$1" .smtx)\"" "$OUT/held8.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["N"])' 2> /dev/null; }
anchor cus 60 $D/dlmc-held.yaml dlmc_n
python3 $D/oracle.py "$OUT/held8.jsonl" "$OUT/cus.jsonl" > "$OUT/held8.md"
gzip -kf "$OUT/held8.jsonl"
grep "^vs cuSPARSE" "$OUT/held8.md" | sed 's/, the best form.*//'
stamp end
