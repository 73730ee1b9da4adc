#!/usr/bin/env bash
# rs20 e (session 20), one call: job-a's question at batch 8 (1.47x cuSPARSE back to back at rs15,
# against the same > 2x target): csr_auto against the same 22 forms on the 54 magnitude layers at
# N = 8 x output height x width, back to back, cuSPARSE on the same patterns in the same call.
# (A second try, with the device time left: 90 s of layers.)
# Prediction: with kernels of 15-100 us the launch matters less than at batch 1, so the best form
# per layer gains more over csr_auto than at batch 1 (3%), but not the 36% 2x needs.
set -u
. bench/explore/lib.sh
sb_job_start rs20-e "${JOB_TIMEOUT:-160}"
sb_job_build
D=bench/explore/rs20gpu
stage b8 90 $D/dlmc-mag.yaml --device nvidia --variants $D/oracle.txt --batch 8 --b2b
dlmc_n() { grep -m1 "\"matrix\":\"$(basename "$1" .smtx)\"" "$OUT/b8.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["N"])' 2> /dev/null; }
anchor cus 30 $D/dlmc-mag.yaml dlmc_n
python3 $D/oracle.py "$OUT/b8.jsonl" "$OUT/cus.jsonl" > "$OUT/b8.md"
gzip -kf "$OUT/b8.jsonl"
tail -5 "$OUT/b8.md"
stamp end
