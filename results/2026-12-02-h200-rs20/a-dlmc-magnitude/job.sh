#!/usr/bin/env bash
# rs20 a (session 20), one call: is DLMC batch 1's > 2x cuSPARSE (1.72x back to back at rs15)
# within reach of the runtime and of a choice among csr_auto's forms?
#  1. the empty kernel's back-to-back floor (`sparsebench peak`'s new launch_b2b_us);
#  2. csr_auto against 22 forms of its kernels on the 54 magnitude layers, back to back
#     (sb_sweep --b2b, csr_auto twice as the control);
#  3. cuSPARSE on the same patterns in the same call.
# Prediction: the best form per layer is 5-10% faster than csr_auto (a ceiling: a minimum of many
# noisy numbers), short of the 16% 2x needs, and the floor is over half of csr_auto's time.
set -u
. bench/explore/lib.sh
sb_job_start rs20-a "${JOB_TIMEOUT:-560}"
sb_job_build
D=bench/explore/rs20gpu
stamp peak
build/sparsebench peak --device nvidia --refresh --json > "$OUT/peak.json" 2> "$OUT/peak.err"
build/sparsebench peak --device nvidia | tee "$OUT/peak.txt"
FLOOR=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["launch_b2b_us"])' "$OUT/peak.json")
stage oracle 260 $D/dlmc-mag.yaml --device nvidia --variants $D/oracle.txt --batch 1 --b2b
dlmc_n() { grep -m1 "\"matrix\":\"$(basename "$1" .smtx)\"" "$OUT/oracle.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["N"])'; }
anchor cus 150 $D/dlmc-mag.yaml dlmc_n
python3 $D/oracle.py "$OUT/oracle.jsonl" "$OUT/cus.jsonl" --floor-us "$FLOOR" > "$OUT/oracle.md"
gzip -kf "$OUT/oracle.jsonl"
tail -7 "$OUT/oracle.md"
stamp end
