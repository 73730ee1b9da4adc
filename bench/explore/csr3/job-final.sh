#!/usr/bin/env bash
# csr3-2 (issue 14, session 3, final): csr_auto as landed (row split UNROLL 8 at KSPLIT 4) on the
# held-out sets against cuSPARSE: bench/final_gpu.sh dlmc (DLMC ResNet-50 90%, batch 1 and 8) and
# gale (4096^2), then each against the committed session-2 run of the same part
# (results/2026-11-30-h200-csr-auto-vs-cusparse): the layers whose choice changed, and the drift
# of those whose choice did not.
set -u
. bench/explore/lib.sh
sb_job_start csr3-2 ${JOB_TIMEOUT:-270}
sb_job_build
OLD=results/2026-11-30-h200-csr-auto-vs-cusparse
stamp "dlmc (limit 85 s)"
timeout -s INT 85 bash bench/final_gpu.sh dlmc "$OUT/final" > "$OUT/dlmc.log" 2>&1
stamp "dlmc rc=$?"
stamp "gale (limit 70 s)"
timeout -s INT 70 bash bench/final_gpu.sh gale "$OUT/final" > "$OUT/gale.log" 2>&1
stamp "gale rc=$?"
for p in dlmc-b1 dlmc-b8 gale; do
    [ -f "$OUT/final/$p/suite/results.jsonl" ] || { echo "$p: no results"; continue; }
    python3 bench/explore/csr3/before_after.py "$OLD/$p/suite" "$OUT/final/$p/suite" \
        --title "$p: landed model vs session 2" > "$OUT/$p-before-after.md" 2>&1
done
stamp summary
for p in dlmc-b1 dlmc-b8 gale; do
    echo "== $p vs cuSPARSE (kernel_ms)"
    if [ "$p" = gale ]; then # every band x N: the target is per N (>= 1.3x at 70-98%)
        grep -E '^\| ([0-9]+%|all) \| ' "$OUT/final/$p/vs-cusparse.md" 2>/dev/null | head -24
    else
        grep -E '^\| (all|magnitude|random|variational) \| all' "$OUT/final/$p/vs-cusparse.md" 2>/dev/null
    fi
    cat "$OUT/$p-before-after.md" 2>/dev/null
done
stamp end
