#!/usr/bin/env bash
# rs13 h (issue 14 item 5, session 13), one call: job-e's fp16 status again with every rs13 rule
# built in (nm's NM_GPU_EDGES and NM_TILE_FP16_TILES4, csr_auto's AUTO_SHIFT): nm against
# csr_auto, 5 paired rounds each, a control (csr_auto twice), every run validated (sb_sweep), on
# every 2:4 fp16 set of sessions 11-13 (rs12 h-status's list; rs13 screen/, screen-b/ b-*,
# held/ h-*); rs12's status.py (counts by N band).
set -u
. bench/explore/lib.sh
sb_job_start rs13-h "${JOB_TIMEOUT:-330}"
SB_JOB_MARGIN=15
sb_job_build
V=bench/explore/rs12gpu/status-variants.txt
E=bench/explore
for y in $E/rs11gpu/nm-fp16-gather.yaml $E/rs11gpu/nm-fp16-gather2.yaml \
         $E/rs11gpu/nm-fp16-held.yaml $E/rs11gpu/nmtile-fp16.yaml \
         $E/rs12gpu/screen/*.yaml $E/rs12gpu/held/*.yaml $E/rs12gpu/held-[cdeg]/*.yaml \
         $E/rs13gpu/screen/*.yaml $E/rs13gpu/screen-b/b-*.yaml $E/rs13gpu/held/h-*.yaml; do
    d=$(dirname "$y")
    stage "h-$(basename "$(dirname "$d")")-$(basename "$d")-$(basename "$y" .yaml)" 25 "$y" \
        --device nvidia \
        --variants "$V" --rounds 5
done
python3 $E/rs12gpu/status.py "$OUT"/h-*.jsonl > "$OUT/status-fp16.md" 2>&1
gzip -f "$OUT"/h-*.jsonl
tail -8 "$OUT/status-fp16.md"
grep -h "slower" "$OUT"/status-fp16.md | head -40
stamp end
