#!/usr/bin/env bash
# rs11 uns (issue 14, 4096^2 >= 1.3x cuSPARSE; session 11), one call: csr's tunables around
# csr_auto's choice on the 4096^2 unstructured patterns at 95/98% and a 4096x1024 FFN shape at
# 98%, N = 2048/4096 (uns.yaml; paired, 10 rounds, a control; uns-variants.txt); best.py's
# table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-uns "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/rs11gpu
stage uns 240 $E/uns.yaml --device nvidia --variants $E/uns-variants.txt --rounds 10
gzip -k "$OUT/uns.jsonl"
python3 bench/explore/nm9gpu/best.py "$OUT/uns.jsonl.gz" > "$OUT/uns.md" 2>&1
cat "$OUT/uns.md"
stamp end
