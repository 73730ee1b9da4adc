#!/bin/bash
# The tensor-core results of issue 15 on an NVIDIA GPU, in one call (bench/tc/README.md):
#   1. sparsebench run configs/tc-h200.yaml        -> OUTDIR/tc-h200/      (4096x4096, N = 1024)
#   2. torch_tc_anchors.py (4096 shapes)            -> OUTDIR/anchors.jsonl
#   3. sparsebench run configs/resnet50-tc.yaml     -> OUTDIR/resnet50-tc/  (DLMC ResNet-50, batch 8)
#   4. torch_tc_anchors.py --rn50 (layer shapes)    -> OUTDIR/anchors-rn50.jsonl
#   5. tc_bench: the tile sweep at 4096 (BK 16/32)  -> OUTDIR/sweep.csv
#   6. bench/tc/table.py over all of it             -> OUTDIR/table.md (printed last)
# Each part has its own time limit (LIMIT_SCALE multiplies them: 1 fits a 300 s job), so one that
# fails or hangs does not lose the others. The data directory (DLMC) comes from SPARSEBENCH_DATA.
#   bench/tc/h200_final.sh OUTDIR
set -u
out=${1:?usage: h200_final.sh OUTDIR}
scale=${LIMIT_SCALE:-1}
lim() { echo $(( $1 * scale )); }
mkdir -p "$out"
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
data=${SPARSEBENCH_DATA:-}

nvidia-smi > "$out/nvidia-smi.txt" 2>&1
stamp build
if ! { cmake -S . -B build-tc -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
       cmake --build build-tc -j16 --target sparsebench tc_bench; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"
    echo "build FAILED"
    exit 1
fi
sb=build-tc/sparsebench
tb=build-tc/bench/tc/tc_bench

stamp tc-h200
timeout "$(lim 75)" $sb run configs/tc-h200.yaml --device nvidia --out "$out/tc-h200" --no-progress \
    > "$out/tc-h200.log" 2>&1
echo "exit $?" >> "$out/tc-h200.log"

stamp anchors
timeout "$(lim 40)" python3 bench/anchors/torch_tc_anchors.py --sparsity 0.5,0.6,0.7,0.8,0.9,0.95,0.98 \
    > "$out/anchors.jsonl" 2> "$out/anchors.log"
echo "exit $?" >> "$out/anchors.log"

stamp resnet50-tc
if [ -n "$data" ]; then
    timeout "$(lim 75)" $sb run configs/resnet50-tc.yaml --device nvidia --data-dir "$data" \
        --out "$out/resnet50-tc" --no-progress > "$out/resnet50-tc.log" 2>&1
    echo "exit $?" >> "$out/resnet50-tc.log"
    stamp anchors-rn50
    timeout "$(lim 30)" python3 bench/anchors/torch_tc_anchors.py --rn50 "$data" --batch 8 \
        > "$out/anchors-rn50.jsonl" 2> "$out/anchors-rn50.log"
    echo "exit $?" >> "$out/anchors-rn50.log"
else
    echo "SPARSEBENCH_DATA is not set: no ResNet-50 part" | tee "$out/resnet50-tc.log"
fi

stamp sweep
g=gemm_f16:4096:1024:4096
timeout "$(lim 30)" $tb --device nvidia --reps 30 --warmup 5 --tol 1e-3 --csv "$out/sweep.csv" \
    $g $g:BK=16,STAGES=4 $g:BK=16,STAGES=6 $g:BM=128,BN=256,WM=64,WN=64,BK=16,STAGES=3 \
    $g:BM=128,BN=256,WM=64,WN=64,BK=16,STAGES=4 $g:BM=256,BN=128,WM=64,WN=64,BK=16,STAGES=4 \
    nm24:4096:1024:4096 nm24:4096:1024:4096:STAGES=2 $g > "$out/sweep.log" 2>&1
echo "exit $?" >> "$out/sweep.log"

stamp table
runs=(--run "$out/tc-h200")
if [ -d "$out/resnet50-tc" ]; then runs+=(--run "$out/resnet50-tc"); fi
anch=(--anchors "$out/anchors.jsonl")
if [ -s "$out/anchors-rn50.jsonl" ]; then anch+=(--anchors "$out/anchors-rn50.jsonl"); fi
python3 bench/tc/table.py "${runs[@]}" "${anch[@]}" --out "$out/table.md" > /dev/null 2> "$out/table.log"
stamp done
echo "===== summary"
grep -h "tensor_cores" "$out"/tc-h200/run.json 2>/dev/null | head -2
tail -n 4 "$out/tc-h200.log" "$out/resnet50-tc.log" "$out/anchors.log" "$out/sweep.log" 2>/dev/null
sed -n '/^case /,$p' "$out/sweep.log"
cat "$out/table.md" 2>/dev/null || cat "$out/table.log"
