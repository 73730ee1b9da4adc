#!/usr/bin/env bash
# rs21 g (session 21), one call: rule R3 (rules.md: the row split's KSPLIT at least 4 for rows
# of 96 and more at N <= 2048), held out on new shapes where split_for picks 2: csr_auto (with R3)
# against KSPLIT 2 and 4 given explicitly.
# Prediction (rules.md): where R3 fires KSPLIT 4 >= 0.98x KSPLIT 2 on every case, and csr_auto
# equals the explicit KSPLIT 4 within noise; rows of 70-90 show whether 96 is placed right.
set -u
. bench/explore/lib.sh
sb_job_start rs21-g "${JOB_TIMEOUT:-560}"
sb_job_build
E=bench/explore/rs21gpu
stage split 200 $E/split-held.yaml --device nvidia --variants $E/variants-split-held.txt --rounds 3 --b2b
gzip -kf "$OUT/split.jsonl"
python3 $E/split_held.py "$OUT/split.jsonl" | tee "$OUT/split.md"
stamp end
