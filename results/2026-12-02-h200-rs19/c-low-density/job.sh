#!/usr/bin/env bash
# rs19 c (session 19), one call: the last 4096^2 miss (unstructured 98% at N = 4096, 1.27x
# cuSPARSE, csr_auto's rows-wide). Prediction: 16-row groups (more rows of one column tile on a
# CU at once, so more rows of B met again in L1) are 2-4% faster than rows-wide at density
# 1/33-1/100 and N = 2048-4096 (session 4 saw +1.5-3% on 4096^2 at 90-98%); the lockstep does not
# help below 1/32 (rs11 d-uns). Paired rounds (sb_sweep --rounds 5), tuned-on set low.yaml, then
# the held-out shapes low-held.yaml, then cuSPARSE on low.yaml's patterns.
set -u
. bench/explore/lib.sh
sb_job_start rs19-c "${JOB_TIMEOUT:-560}"
sb_job_build
D=bench/explore/rs19gpu
stage low 150 $D/low.yaml --device nvidia --variants $D/low.txt --rounds 5
stage held 170 $D/low-held.yaml --device nvidia --variants $D/low.txt --rounds 5
anchor cus 120 $D/low.yaml 2048,4096
P="wide:wide_ctl wide:tall16 wide:tall8 wide:lock16 wide:wide_u4 wide:w4x8x16 wide:auto"
for s in low held; do python3 $D/pipe.py "$OUT/$s.jsonl" $P > "$OUT/$s.md"; echo "== $s"; tail -8 "$OUT/$s.md"; done
grep -h '"kernel_ms"' "$OUT/cus.jsonl" | python3 -c '
import sys, json
for l in sys.stdin:
    r = json.loads(l)
    print(r.get("matrix") or r.get("file"), r.get("N"), r.get("kernel_ms"), r.get("status"))' | head -12
stamp end
