#!/usr/bin/env bash
# rs20 b (session 20), one call: job-a's question on the held-out pruning methods (random and
# variational dropout, 108 layers at batch 1): the empty kernel's back-to-back floor, csr_auto
# against the same 22 forms back to back (csr_auto twice), cuSPARSE on the same patterns. A form
# that won on magnitude's layers (job-a) counts only if it wins here too.
set -u
. bench/explore/lib.sh
sb_job_start rs20-b "${JOB_TIMEOUT:-560}"
sb_job_build
D=bench/explore/rs20gpu
stamp peak
build/sparsebench peak --device nvidia --refresh --json > "$OUT/peak.json" 2> "$OUT/peak.err"
build/sparsebench peak --device nvidia | tee "$OUT/peak.txt"
FLOOR=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["launch_b2b_us"])' "$OUT/peak.json")
echo "launch_b2b_us $FLOOR"
stage held 250 $D/dlmc-held.yaml --device nvidia --variants $D/oracle.txt --batch 1 --b2b
dlmc_n() { grep -m1 "\"matrix\":\"$(basename "$1" .smtx)\"" "$OUT/held.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["N"])'; }
anchor cus 150 $D/dlmc-held.yaml dlmc_n
python3 $D/oracle.py "$OUT/held.jsonl" "$OUT/cus.jsonl" --floor-us "$FLOOR" > "$OUT/held.md"
gzip -kf "$OUT/held.jsonl"
tail -7 "$OUT/held.md"
stamp end
