#!/usr/bin/env bash
# rs11 narrow (issue 14, 4096^2 >= 1.3x cuSPARSE; session 11), one call: csr's ROW_SHARE on the
# benchmark's 32x32-block patterns at 90-98%, N = 128-2048 (narrow.yaml), against csr_auto
# (paired, 10 rounds, a control; narrow-variants.txt), then nm9gpu/best.py's table. Every run
# validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-narrow "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/rs11gpu
stage narrow 220 $E/narrow.yaml --device nvidia --variants $E/narrow-variants.txt --rounds 10
gzip -k "$OUT/narrow.jsonl"
python3 bench/explore/nm9gpu/best.py "$OUT/narrow.jsonl.gz" > "$OUT/narrow.md" 2>&1
cat "$OUT/narrow.md"
stamp end
