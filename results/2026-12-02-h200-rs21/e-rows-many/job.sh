#!/usr/bin/env bash
# rs21 e (session 21), one call: csr_auto's new rule 6m ("rows-many", read off DLMC batch 8's
# M = 1024, N = 1568 layers, held out on random and variational pruning) on shapes outside DLMC
# where it fires (Transformer M = 2048-8192 at N = 256-1024, 4096^2 98% at N = 1000/2048, other
# M x K at N = 1568/1000) and two where it does not (control: auto equals the old form).
# Prediction: where it fires, 1.00-1.10x the old rule 6 form by both per-run events and back to
# back, no case below 0.98x (kept only then); the control cases 0.98-1.02.
set -u
. bench/explore/lib.sh
sb_job_start rs21-e "${JOB_TIMEOUT:-560}"
sb_job_build
E=bench/explore/rs21gpu
stage many 300 $E/many.yaml --device nvidia --variants $E/variants-many.txt --rounds 3 --b2b
python3 $E/many.py "$OUT/many.jsonl" > "$OUT/many.md"
gzip -kf "$OUT/many.jsonl"
cat "$OUT/many.md"
stamp end
