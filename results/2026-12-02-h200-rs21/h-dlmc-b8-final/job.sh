#!/usr/bin/env bash
# rs21 h (session 21), one call at the session's final code: DLMC batch 8, all three pruning
# methods (162 layers), csr_auto against cuSPARSE back to back (rule R3 in; a and d measured
# 1.422x and 1.487x before it), then the default test suite with NVIDIA's OpenCL as the test device.
# Prediction (from a's and d's same-call numbers on R3's layers): magnitude about 1.44x, random and
# variational about 1.52x together; the worst layer about 0.88x (variational, M = 512, N = 1568:
# the row blocks, which R3 does not touch).
set -u
. bench/explore/lib.sh
sb_job_start rs21-h "${JOB_TIMEOUT:-340}"
sb_job_build
D=bench/explore/rs20gpu
E=bench/explore/rs21gpu
cat $D/dlmc-mag.yaml > /tmp/dlmc-all.yaml
sed -n '/^  - name: random/,$p' $D/dlmc-held.yaml >> /tmp/dlmc-all.yaml
stage b8 70 /tmp/dlmc-all.yaml --device nvidia --variants $E/variants-auto.txt --batch 8 --b2b
dlmc_n() { grep -m1 "\"matrix\":\"$(basename "$1" .smtx)\"" "$OUT/b8.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["N"])' 2> /dev/null; }
anchor cus 45 /tmp/dlmc-all.yaml dlmc_n
python3 $E/auto_vs_cus.py "$OUT/b8.jsonl" "$OUT/cus.jsonl" | tee "$OUT/b8.md"
sb_job_suite
stamp end
