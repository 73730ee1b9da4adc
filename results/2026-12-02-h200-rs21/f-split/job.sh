#!/usr/bin/env bash
# rs21 f (session 21), one call: the row split at KSPLIT 2/4/8/16 on shapes outside DLMC where
# csr_auto splits (d's lead: DLMC's worst batch-8 layers, variational at 0.88-0.93x cuSPARSE, are
# splits at KSPLIT 2 that ran 1.28-1.48x faster at 4; a's M = 256, N = 1568 layers agree, 10 of 11).
# Prediction: split_for's target of 3072 work-items per CU is low for rows of 100 and more: the
# next KSPLIT up wins on most shapes where the wanted KSPLIT lies in the upper half of its
# interval; a larger target (about 5000) loses nowhere by more than 2%. Kept only if so.
set -u
. bench/explore/lib.sh
sb_job_start rs21-f "${JOB_TIMEOUT:-560}"
sb_job_build
E=bench/explore/rs21gpu
stage split 240 $E/split.yaml --device nvidia --variants $E/variants-split.txt --rounds 3 --b2b
gzip -kf "$OUT/split.jsonl"
python3 $E/split.py "$OUT/split.jsonl" | tee "$OUT/split.md"
stamp end
