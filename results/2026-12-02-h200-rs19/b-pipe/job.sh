#!/usr/bin/env bash
# rs19 b (session 19), one call: PIPE (the next step's indices and values loaded during this step)
# in csr_spmm's row blocks and csr_balanced's split, screened on the Transformer cases at N = 256
# where csr_auto runs each (rs16 d), and on 4096^2 at N = 256/4096, paired rounds against the same
# kernel without PIPE (and itself, the control). Prediction: 3-10% on the N = 256 cases, whose
# time is a chain of dependent steps in few work-groups a CU; no change on 4096^2 at N = 4096
# (bound by L2 requests, not latency).
set -u
. bench/explore/lib.sh
sb_job_start rs19-b "${JOB_TIMEOUT:-560}"
sb_job_build
D=bench/explore/rs19gpu
stage tiny 40 bench/explore/tiny.yaml --device nvidia --variants $D/pipe-tiny.txt
stage rows 150 $D/rows.yaml --device nvidia --variants $D/rows.txt --rounds 5
stage split 130 $D/split.yaml --device nvidia --variants $D/split.txt --rounds 5
stage big 110 $D/big.yaml --device nvidia --variants $D/rows.txt --rounds 5
for s in rows big; do
    python3 $D/pipe.py "$OUT/$s.jsonl" rows:rows_ctl rows:rows_p rows:rows_u4p auto:rows_p > "$OUT/$s.md"
done
python3 $D/pipe.py "$OUT/split.jsonl" k8u4:k8u4_ctl k8u4:k8u4_p k4u8:k4u8_p auto:k8u4_p auto:k4u8_p > "$OUT/split.md"
for s in rows split big; do echo "== $s"; tail -6 "$OUT/$s.md"; done
stamp end
