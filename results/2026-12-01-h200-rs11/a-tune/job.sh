#!/usr/bin/env bash
# rs11 tune (issue 14, 4096^2 >= 1.3x cuSPARSE; session 11), one call: csr's ROW_SHARE on the
# benchmark's 32x32-block patterns at 90-98%, N = 256/1024/4096, against csr_auto (paired, 10
# rounds, a control; tune-variants.txt), then nm9gpu/best.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-tune "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/rs11gpu
stage tune 240 $E/tune.yaml --device nvidia --variants $E/tune-variants.txt --rounds 10
gzip -k "$OUT/tune.jsonl"
python3 bench/explore/nm9gpu/best.py "$OUT/tune.jsonl.gz" > "$OUT/tune.md" 2>&1
cat "$OUT/tune.md"
stamp end
