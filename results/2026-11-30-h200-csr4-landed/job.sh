#!/usr/bin/env bash
# csr4-4 (= csr4-3 on 50b271b, rows-lockstep with 16 rows): csr_auto with the rows-lockstep rule
# against cuSPARSE CSR on the same patterns, by kernel time on both sides (bench/vs_cusparse.sh,
# each part bounded by --limit). Replaces the parts list of job-final.sh (csr4-2):
#   gale4096  4096^2 at 90-98%, N = 4096 (the rule's own cases; 98% stays on the row blocks)
#   tf-held   the held-out Transformer shapes of csr4-2's KCHUNK sweep, N = 2048/4096, 80-95%
#   tsplit    rule 3b's cases, the M = 512, N = 1024 ones csr4-2 did not reach first
# The band tables print last.
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
export SPARSEBENCH_CACHE=/tmp/sb-cache-csr4-3
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
part gale4096 60 bench/explore/csr4/gale4096.yaml band "4096^2 at N = 4096: csr_auto (rows-lockstep) vs cuSPARSE" -- --kernels csr_auto
part tf-held 75 bench/explore/csr4/tf-held.yaml band "held-out Transformer shapes, N = 2048/4096: csr_auto (rows-lockstep) vs cuSPARSE" -- --kernels csr_auto
part tsplit 60 bench/explore/csr4/tsplit-512.yaml band "rule 3b's held-out cases (M = 512, N = 1024): csr_auto vs cuSPARSE" -- --kernels csr_auto
stamp summary
for p in tsplit tf-held gale4096; do
    echo "== $p: csr_auto vs cuSPARSE (kernel_ms)"
    grep -E '^\| ([0-9]+%|all) \| ' "$OUT/$p/vs-cusparse.md" 2>/dev/null | head -24
done
stamp end
