#!/usr/bin/env bash
# rs12 e (issue 14 item 5 at fp16, session 12), one call: a status check, not a held-out result:
# nm (its model, NM_FP16_SINGLE built in) against csr_auto at fp16 on every 2:4 fp16 set of
# sessions 11-12 (rs11gpu/nm-fp16*.yaml and nmtile-fp16.yaml; rs12gpu screen/, held/, held-c/,
# held-d/), at their N, sb_sweep at fp16, 5 paired rounds each; nm7/paired.py's table per set
# (auto / nm, the control auto / auto2) and a count over all. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs12-e "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=15
sb_job_build
V=bench/explore/rs12gpu/status-variants.txt
for y in bench/explore/rs11gpu/nm-fp16-gather.yaml bench/explore/rs11gpu/nm-fp16-gather2.yaml \
         bench/explore/rs11gpu/nm-fp16-held.yaml bench/explore/rs11gpu/nmtile-fp16.yaml \
         bench/explore/rs12gpu/screen/*.yaml bench/explore/rs12gpu/held/*.yaml \
         bench/explore/rs12gpu/held-c/*.yaml bench/explore/rs12gpu/held-d/*.yaml; do
    n=$(basename "$(dirname "$y")")-$(basename "$y" .yaml)
    stage "st-$n" 30 "$y" --device nvidia --variants "$V" --rounds 5
done
for f in "$OUT"/st-*.jsonl; do
    python3 bench/explore/nm7/paired.py "$f" > "${f%.jsonl}.md" 2>&1
done
python3 bench/explore/rs12gpu/status.py "$OUT"/st-*.jsonl > "$OUT/status.md" 2>&1
gzip -f "$OUT"/st-*.jsonl
cat "$OUT/status.md"
stamp end
