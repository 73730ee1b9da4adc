#!/usr/bin/env bash
# rs13 e (issue 14 item 5, session 13), one call: where item 5 stands with rs13's rules built in
# (nm's NM_GPU_EDGES, csr_auto's AUTO_SHIFT): nm against csr_auto, 5 paired rounds each, a
# control (csr_auto twice), every run validated (sb_sweep).
#  fp16: every 2:4 fp16 set of sessions 11-13 (rs12 h-status's list; rs13 screen/, screen-b/ b-*,
#        held/ h-*);
#  fp32: rs13's fp32 sets (screen-b/ c-*, held/ i-*; job-f: sessions 8-10's).
# rs12's status.py per precision (counts by N band).
set -u
. bench/explore/lib.sh
sb_job_start rs13-e "${JOB_TIMEOUT:-400}"
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
for y in $E/rs13gpu/screen-b/c-*.yaml $E/rs13gpu/held/i-*.yaml; do
    stage "s-$(basename "$(dirname "$y")")-$(basename "$y" .yaml)" 25 "$y" --device nvidia \
        --variants "$V" --rounds 5
done
python3 $E/rs12gpu/status.py "$OUT"/h-*.jsonl > "$OUT/status-fp16.md" 2>&1
python3 $E/rs12gpu/status.py "$OUT"/s-*.jsonl > "$OUT/status-fp32.md" 2>&1
gzip -f "$OUT"/h-*.jsonl "$OUT"/s-*.jsonl
tail -8 "$OUT/status-fp16.md"
tail -8 "$OUT/status-fp32.md"
grep -h "slower" "$OUT"/status-fp16.md "$OUT"/status-fp32.md | head -40
stamp end
