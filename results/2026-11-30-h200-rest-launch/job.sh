#!/usr/bin/env bash
# lead4-2 (issue 14, session 4): the row blocks with and without the rest launch (REST_LAUNCH) on
# N with a ragged rest: correctness first, then Transformer shapes at N = 320/1000/2000 (A/B in one
# sb_sweep), csr_auto against cuSPARSE on the same (bench/vs_cusparse.sh), and, held out, DLMC
# ResNet-50 at 90% (every layer, three methods) at batch 1 and 8 (A/B). Every row validated.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-290}
T0=$(date +%s)
E=bench/explore/lead4
SW=build/bench/sb_sweep
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/sbdata; ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc; export SPARSEBENCH_DATA=/tmp/sbdata
fi
DATA=${SPARSEBENCH_DATA:-}
export SPARSEBENCH_CACHE=/tmp/sb-cache-lead4
stamp "build $(cat COMMIT)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) > "$OUT/build.log" 2>&1 &&
       cmake --build build -j16 --target sparsebench sb_sweep >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
fi
stage() { # stage NAME SECONDS ARGS... (sb_sweep)
    local name=$1 secs=$2; shift 2
    local l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (limit ${secs}s)"
    timeout -s INT "$secs" $SW "$@" > "$OUT/$name.jsonl" 2> "$OUT/$name.err"
    stamp "$name rc=$?: $(grep -c '"status":"ok"' "$OUT/$name.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/$name.jsonl") wrong, $(grep -c '"status":"failed"' "$OUT/$name.jsonl") failed"
    grep -h '"status":"wrong"\|"status":"failed"' "$OUT/$name.jsonl" | cut -c1-400 | head -3
}
stage tiny 12 $E/tiny.yaml --device nvidia --variants $E/variants.txt --warmup 1 --repeats 2
stage ragged 70 $E/ragged.yaml --device nvidia --variants $E/variants.txt
stage dlmc-b1 30 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants.txt
stage dlmc-b8 45 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants.txt --batch 8
l=$(left)
stamp "vs cuSPARSE: csr_auto on ragged.yaml (limit $(( l / 2 ))s each)"
bash bench/vs_cusparse.sh $E/ragged.yaml --out "$OUT/vs" --device nvidia --group band --limit $(( l / 2 )) \
    --title "csr_auto (REST_LAUNCH=1) vs cuSPARSE, Transformer shapes at ragged N" > "$OUT/vs.log" 2>&1
stamp "vs rc=$?"
stamp summary
python3 $E/summary.py tiny=$OUT/tiny.jsonl ragged=$OUT/ragged.jsonl dlmc-b1=$OUT/dlmc-b1.jsonl dlmc-b8=$OUT/dlmc-b8.jsonl > "$OUT/summary.md" 2>&1
grep -E "^\| (80|90|95|all)% \|" "$OUT/vs/vs-cusparse.md" 2>/dev/null | head -20
grep -E "^\| all \| all" "$OUT/vs/vs-cusparse.md" 2>/dev/null
cat "$OUT/summary.md"
stamp end
