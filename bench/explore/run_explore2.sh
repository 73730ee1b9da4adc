#!/usr/bin/env bash
# The second GPU exploration call (after run_explore.sh): csr_auto and the new variants (split K,
# the unrolled row split, the N:M kernel's two paths, 3xTF32 with per-chunk accumulation) on the
# same Transformer subset and DLMC layers (cuSPARSE times come from the first call: same
# patterns), 2:4 at small N, the event-timer floor, then the final pipeline end to end
# (bench/vs_cusparse.sh) on DLMC batch 1 and the 4096^2 benchmark. Writes under $JOB_OUT.
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
    local rc=$?
    stamp "$name done rc=$rc: $(grep -c '"status":"ok"' "$OUT/$name.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/$name.jsonl") wrong, $(grep -c '"status":"failed"' "$OUT/$name.jsonl") failed"
    grep -h 'wrong\|failed' "$OUT/$name.err" | head -4
}

stage tiny 40 $SW $E/tiny.yaml --device "$DEV" --variants $E/variants-gpu2.txt
stage nm-small 25 $SW $E/nm-small.yaml --device "$DEV" --variants $E/variants-gpu2.txt
stage tsub 90 $SW $E/transformer-sub.yaml --device "$DEV" --variants $E/variants-gpu2.txt
stage dlmc-b1 30 $SW $E/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc2.txt
stage dlmc-b8 35 $SW $E/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc2.txt --batch 8

stamp "pipeline: DLMC batch 1"
timeout 70 bench/vs_cusparse.sh configs/resnet50-dlmc-methods.yaml --out "$OUT/vs-dlmc-b1" \
    --device "$DEV" --group model --title "DLMC ResNet-50 90% batch 1: csr_auto vs cuSPARSE" \
    -- --data-dir "$DATA" 2>&1 | tail -14
stamp "pipeline: 4096^2"
timeout 60 bench/vs_cusparse.sh configs/bench-gale.yaml --out "$OUT/vs-gale" --device "$DEV" \
    --title "4096^2 benchmark: csr_auto vs cuSPARSE" -- --kernels csr_auto --N 256,1024,4096 2>&1 | tail -14
stamp end
