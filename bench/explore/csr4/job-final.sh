#!/usr/bin/env bash
# csr4-2 (issue 14, session 4, final): csr_auto as landed against cuSPARSE CSR on the same
# patterns, by kernel time on both sides (bench/vs_cusparse.sh, each part bounded by --limit):
#   gale      4096^2 at 50-98% (unstructured, 32x32 blocks, 2:4), N 256/1024/4096 (the target:
#             >= 1.3x at 70-98% for every N)
#   tsplit    rule 3b's cases (bench/explore/csr4/tsplit.yaml: M = 2048 at N = 256/320, M = 512
#             at N = 1024), where the landed rule moves 24 cases to the row blocks
#   dlmc-b8   DLMC ResNet-50 90%, three pruning methods, batch 8 (no choice changed)
#   tf-held   Transformer shapes at N = 4096, 80-95% (held out; no choice changed), with what
#             time is left
# Each part's suite and anchor stop at its limit (or at half the time left); the band tables
# print last.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-270}
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/sbdata
    ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc
    export SPARSEBENCH_DATA=/tmp/sbdata
fi
DATA=${SPARSEBENCH_DATA:-}
export SPARSEBENCH_CACHE=/tmp/sb-cache-csr4-2
stamp "build $(cat COMMIT)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) > "$OUT/build.log" 2>&1 &&
       cmake --build build -j16 --target sparsebench sb_sweep >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
fi
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
part() { # part NAME LIMIT CONFIG GROUP TITLE -- RUN ARGS
    local name=$1 lim=$2 cfg=$3 group=$4 title=$5
    shift 6
    local half=$(( $(left) / 2 ))
    [ "$lim" -le "$half" ] || lim=$half
    [ "$lim" -ge 10 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (suite and anchor limit ${lim}s each)"
    bash bench/vs_cusparse.sh "$cfg" --out "$OUT/$name" --device nvidia --group "$group" \
        --title "$title" --limit "$lim" -- "$@" > "$OUT/$name.log" 2>&1
    stamp "$name rc=$?: $(grep -c ',ok,' "$OUT/$name/suite/results.csv" 2>/dev/null) ok rows, $(grep -c '"status": "ok"' "$OUT/$name/cusparse.jsonl" 2>/dev/null) anchors"
}
part gale 55 configs/bench-gale.yaml band "4096^2 benchmark: csr_auto vs cuSPARSE" -- --kernels csr_auto --N 256,1024,4096
part tsplit 18 bench/explore/csr4/tsplit.yaml band "rule 3b cases: csr_auto vs cuSPARSE" -- --kernels csr_auto
part dlmc-b8 35 configs/resnet50-dlmc-methods.yaml model "DLMC ResNet-50 90%, batch 8: csr_auto vs cuSPARSE" -- --data-dir "$DATA" --batch 8
part tf-held 60 configs/transformer.yaml band "Transformer shapes (held out), N = 4096: csr_auto vs cuSPARSE" -- --kernels csr_auto --N 4096 --sparsity 0.8,0.9,0.95
stamp summary
for p in tf-held dlmc-b8 tsplit gale; do
    echo "== $p: csr_auto vs cuSPARSE (kernel_ms)"
    if [ "$p" = dlmc-b8 ]; then
        grep -E '^\| (all|magnitude|random|variational) \| all' "$OUT/$p/vs-cusparse.md" 2>/dev/null
    else
        grep -E '^\| ([0-9]+%|all) \| ' "$OUT/$p/vs-cusparse.md" 2>/dev/null | head -24
    fi
done
stamp end
