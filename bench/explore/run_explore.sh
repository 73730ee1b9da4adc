#!/usr/bin/env bash
# One GPU exploration call (the GPU queue's job.sh runs it from the source tree): build, check
# every candidate on odd shapes, then time them on the Transformer-shaped subset, the 4096^2
# benchmark shape, 2:4 and every DLMC ResNet-50 layer at 90% (three methods, batch 1 and 8),
# each next to cuSPARSE on the same patterns. Stages have their own time limits, so a slow or
# broken one loses only itself. Writes under $JOB_OUT (default /tmp/explore-out); the summary
# tables are printed last.
#   bench/explore/run_explore.sh [STAGE ...]   (default: all)
set -u
OUT=${JOB_OUT:-/tmp/explore-out}
mkdir -p "$OUT"
DATA=${SPARSEBENCH_DATA:-../shared/data}
PAT=/tmp/explore-patterns   # patterns stay out of $OUT (tens of MB)
mkdir -p "$PAT/t" "$PAT/d"
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
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,power.draw,temperature.gpu --format=csv > "$OUT/gpu.txt" 2>&1
build/sparsebench devices > "$OUT/devices.txt" 2>&1
export SPARSEBENCH_CACHE=/tmp/sb-cache

stage() { # stage NAME SECONDS COMMAND...
    local name=$1 secs=$2
    shift 2
    stamp "$name (limit ${secs}s)"
    timeout "$secs" "$@" > "$OUT/$name.jsonl" 2> "$OUT/$name.err"
    local rc=$?
    stamp "$name done rc=$rc, $(grep -c '"status":"ok"' "$OUT/$name.jsonl" 2>/dev/null) ok, $(grep -c '"status":"wrong"\|"status":"failed"' "$OUT/$name.jsonl" 2>/dev/null) wrong/failed"
    tail -3 "$OUT/$name.err"
}
grep -v '^mma' $E/variants-gpu.txt > /tmp/variants-simt.txt
{ grep '^mma' $E/variants-gpu.txt; echo "csr csr"; } > /tmp/variants-mma.txt

stage tiny 40 $SW $E/tiny.yaml --device "$DEV" --variants $E/variants-gpu.txt
stage tsub-simt 80 $SW $E/transformer-sub.yaml --device "$DEV" --variants /tmp/variants-simt.txt --patterns "$PAT/t"
stage tsub-mma 40 $SW $E/transformer-sub.yaml --device "$DEV" --variants /tmp/variants-mma.txt
stage tsub-cusparse-a 35 python3 bench/anchors/torch_smtx.py --smtx "$PAT"/t/t*.smtx --N 256,2048 --kernels
stage tsub-cusparse-b 35 python3 bench/anchors/torch_smtx.py --smtx "$PAT"/t/g4096*.smtx "$PAT"/t/nm4096*.smtx --N 256,1024,4096
stage dlmc-b1 30 $SW $E/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc.txt --patterns "$PAT/d"
stage dlmc-b1-cusparse 20 python3 bench/anchors/torch_smtx.py --smtx "$PAT"/d/*.smtx --batchsizes "$DATA/dlmc/rn50_batchsizes.txt" --batch 1 --kernels
stage dlmc-b8 30 $SW $E/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc.txt --batch 8
stage dlmc-b8-cusparse 20 python3 bench/anchors/torch_smtx.py --smtx "$PAT"/d/*.smtx --batchsizes "$DATA/dlmc/rn50_batchsizes.txt" --batch 8

stamp summary
python3 $E/summary.py --title "tiny (correctness)" --ours "$OUT/tiny.jsonl" --out "$OUT/tiny.md" > /dev/null
grep -A30 "## Not ok" "$OUT/tiny.md" | head -20
python3 $E/summary.py --title "Transformer subset + 4096^2 + 2:4" --ours "$OUT"/tsub-simt.jsonl "$OUT"/tsub-mma.jsonl \
    --anchor "$OUT"/tsub-cusparse-a.jsonl "$OUT"/tsub-cusparse-b.jsonl --out "$OUT/tsub.md"
python3 $E/summary.py --title "DLMC 90% batch 1" --ours "$OUT/dlmc-b1.jsonl" --anchor "$OUT/dlmc-b1-cusparse.jsonl" --out "$OUT/dlmc-b1.md"
python3 $E/summary.py --title "DLMC 90% batch 8" --ours "$OUT/dlmc-b8.jsonl" --anchor "$OUT/dlmc-b8-cusparse.jsonl" --out "$OUT/dlmc-b8.md"
stamp end
