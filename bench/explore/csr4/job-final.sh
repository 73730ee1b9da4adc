#!/usr/bin/env bash
# csr4-2 (issue 14, session 4, final): csr_auto as landed against cuSPARSE CSR on the same
# patterns, by kernel time on both sides (bench/vs_cusparse.sh, each part bounded by --limit):
#   gale      4096^2 at 50-98% (unstructured, 32x32 blocks, 2:4), N 256/1024/4096 (the target:
#             >= 1.3x at 70-98% for every N)
#   tsplit    rule 3b's cases (bench/explore/csr4/tsplit.yaml: M = 2048 at N = 256/320, M = 512
#             at N = 1024), where the landed rule moves 24 cases to the row blocks
#   dlmc-b8   DLMC ResNet-50 90%, three pruning methods, batch 8 (no choice changed)
#   tf-held   with the time left, not part of the landed change: csr4-1's KCHUNK lead (4096^2
#             at 90-95%) on the held-out Transformer shapes at N = 4096/2048 (sb_sweep, every
#             row validated; csr_auto beside it; cuSPARSE from the committed transformer grid)
# Each part's suite and anchor stop at its limit (or at half the time left); the band tables
# print last.
set -u
. bench/explore/lib.sh
SB_JOB_MARGIN=15
sb_job_start csr4-2 ${JOB_TIMEOUT:-270}
sb_job_build
vs_part gale 55 configs/bench-gale.yaml band "4096^2 benchmark: csr_auto vs cuSPARSE" -- --kernels csr_auto --N 256,1024,4096
vs_part tsplit 18 bench/explore/csr4/tsplit.yaml band "rule 3b cases: csr_auto vs cuSPARSE" -- --kernels csr_auto
vs_part dlmc-b8 35 configs/resnet50-dlmc-methods.yaml model "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE" -- --data-dir "$DATA" --batch 8
lim=$(( $(left) - 5 ))
if [ "$lim" -ge 10 ]; then
    stamp "tf-held: KCHUNK on held-out shapes (limit ${lim}s)"
    mkdir -p "$OUT/kchunk"
    timeout -s INT "$lim" build/bench/sb_sweep bench/explore/csr4/tf-held.yaml --device nvidia \
        --variants bench/explore/csr4/variants-kchunk.txt > "$OUT/kchunk/tf-held.jsonl" 2> "$OUT/kchunk/tf-held.err"
    stamp "tf-held rc=$?: $(grep -c '"status":"ok"' "$OUT/kchunk/tf-held.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/kchunk/tf-held.jsonl") wrong"
fi
stamp summary
G=results/2026-11-30-h200-transformer-grid
python3 bench/explore/csr4/summary.py --out "$OUT/kchunk" --anchors $G/N4096/cusparse.jsonl \
    $G/N2048/cusparse.jsonl > "$OUT/kchunk/summary.md" 2>&1
echo "== KCHUNK on the held-out Transformer shapes (auto / variant, geomean over the cases both ran)"
awk '/^## tf-held: [0-9]+ cases/ {f = 1; next} /^## / {f = 0} f && /^\|/' "$OUT/kchunk/summary.md"
for p in dlmc-b8 tsplit gale; do
    echo "== $p: csr_auto vs cuSPARSE (kernel_ms)"
    if [ "$p" = dlmc-b8 ]; then
        grep -E '^\| (all|magnitude|random|variational) \| all' "$OUT/$p/vs-cusparse.md" 2>/dev/null
    else
        grep -E '^\| ([0-9]+%|all) \| ' "$OUT/$p/vs-cusparse.md" 2>/dev/null | head -24
    fi
done
stamp end
