#!/usr/bin/env bash
# The third GPU call: csr_auto as refit after the second (the choices it makes, on the same
# Transformer subset and DLMC layers; cuSPARSE times from the first call), nm against CSR at small
# and large N, then two final parts (bench/final_gpu.sh gale and dlmc). Writes under $JOB_OUT.
set -u
OUT=${JOB_OUT:-/tmp/explore-out}
mkdir -p "$OUT"
DATA=${SPARSEBENCH_DATA:-../shared/data}
E=bench/explore
DEV=${SB_DEVICE:-nvidia}
SW=build/bench/sb_sweep
T0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
stamp build
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > "$OUT/build.log" 2>&1 &&
       cmake --build build -j"$(nproc)" --target sparsebench sb_sweep >> "$OUT/build.log" 2>&1; }; then
    tail -30 "$OUT/build.log"
    exit 1
fi
export SPARSEBENCH_CACHE=/tmp/sb-cache
stage() { # stage NAME SECONDS COMMAND...
    local name=$1 secs=$2
    shift 2
    stamp "$name (limit ${secs}s)"
    timeout "$secs" "$@" > "$OUT/$name.jsonl" 2> "$OUT/$name.err"
    stamp "$name done rc=$?: $(grep -c '"status":"ok"' "$OUT/$name.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/$name.jsonl") wrong, $(grep -c '"status":"failed"' "$OUT/$name.jsonl") failed"
    grep -h 'wrong\|failed' "$OUT/$name.err" | head -4
}
stage tiny 30 $SW $E/tiny.yaml --device "$DEV" --variants $E/variants-gpu3.txt
stage nm-small 25 $SW $E/nm-small.yaml --device "$DEV" --variants $E/variants-gpu3.txt
stage tsub 45 $SW $E/transformer-sub.yaml --device "$DEV" --variants $E/variants-gpu3.txt
stage dlmc-b1 15 $SW $E/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-gpu3.txt
stage dlmc-b8 20 $SW $E/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-gpu3.txt --batch 8
stamp "final: gale"
timeout 70 bench/final_gpu.sh gale "$OUT/final" 2>&1 | tail -16
stamp "final: dlmc"
timeout 100 bench/final_gpu.sh dlmc "$OUT/final" 2>&1 | tail -12
stamp end
