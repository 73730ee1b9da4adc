#!/usr/bin/env bash
# rs15 d (issue 14, session 15): job-c.sh for the layers its limit cut: random and variational
# (dlmc-rv.yaml, 108 layers) at batch 8.
set -u
. bench/explore/lib.sh
sb_job_start rs15-d "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=8
sb_job_build
# vs_cusparse.sh itself (vs_part caps each side at half the time left): the suite may take 400 s
stamp "dlmc-b8-rv (suite and anchor limit 400s each)"
bash bench/vs_cusparse.sh bench/explore/rs15gpu/dlmc-rv.yaml --out "$OUT/dlmc-b8-rv" --device nvidia \
    --group model --limit 400 \
    --title "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --data-dir "$DATA" --kernels csr_auto --batch 8 > "$OUT/dlmc-b8-rv.log" 2>&1
stamp "dlmc-b8-rv rc=$?: $(grep -c ',ok,' "$OUT/dlmc-b8-rv/suite/results.csv" 2>/dev/null) ok rows, $(grep -c '"status": "ok"' "$OUT/dlmc-b8-rv/cusparse.jsonl" 2>/dev/null) anchors"
grep -E '^\| [a-z]+ \| all \|' "$OUT/dlmc-b8-rv/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
stamp end
