#!/usr/bin/env bash
# rs21 a (session 21), one call: session 20's job e, never run for want of a device. DLMC batch 8
# is 1.47x cuSPARSE back to back (rs15) against the > 2x target. Is 2x within reach of a choice
# among csr_auto's forms? csr_auto against the same 22 forms as rs20 a (rs20gpu/oracle.txt) on the
# 54 magnitude layers at N = 8 x output height x width, back to back (sb_sweep --b2b), cuSPARSE on
# the same patterns in the same call, the launch floor read before.
# Prediction: with kernels of 15-100 us the launch matters less than at batch 1, so the best form
# per layer gains more over csr_auto than at batch 1 (3-4%), 5-10%, but not the ~36% 2x needs.
set -u
. bench/explore/lib.sh
sb_job_start rs21-a "${JOB_TIMEOUT:-560}"
sb_job_build
D=bench/explore/rs20gpu
stamp peak
build/sparsebench peak --device nvidia --refresh --json > "$OUT/peak.json" 2> "$OUT/peak.err"
build/sparsebench peak --device nvidia | tee "$OUT/peak.txt"
FLOOR=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["launch_b2b_us"])' "$OUT/peak.json")
stage b8 300 $D/dlmc-mag.yaml --device nvidia --variants $D/oracle.txt --batch 8 --b2b
dlmc_n() { grep -m1 "\"matrix\":\"$(basename "$1" .smtx)\"" "$OUT/b8.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["N"])' 2> /dev/null; }
anchor cus 120 $D/dlmc-mag.yaml dlmc_n
python3 $D/oracle.py "$OUT/b8.jsonl" "$OUT/cus.jsonl" --floor-us "$FLOOR" > "$OUT/b8.md"
gzip -kf "$OUT/b8.jsonl"
tail -7 "$OUT/b8.md"
stamp end
