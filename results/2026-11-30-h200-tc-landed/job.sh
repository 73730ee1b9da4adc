#!/bin/bash
# tc3-2 (issue 15, lane 1): the landed tensor-core state on the H200 (cp.async.ca for tc_dense fp16
# and tc_nm, f16x2 epilogue), laid out like results/2026-11-30-h200-tc. Most important first:
#   1. sparsebench run configs/tc-h200.yaml --kernels tc_dense,tc_bsr,tc_nm  -> tc-h200/
#   2. torch_tc_anchors.py (4096 shapes, CUDA-graph replays)                 -> anchors.jsonl
#      + cuBLAS fp16 / cuSPARSELt one call between events                     -> anchors-events.jsonl
#   3. sparsebench run configs/resnet50-tc.yaml (held-out shapes for .ca)      -> resnet50-tc/
#   4. tc_bench A/B of the cache operator (SB_CP_CA=0 = before) on 4096 and RN50 layer shapes,
#      tc_bsr / tf32 with .ca (not landed: data for later)                    -> cache-ab.csv
#   5. sparsebench run configs/resnet50-dlmc-fp16.yaml --kernels tc_dense (every layer's new fp16
#      baseline; the full config needs ~210 s alone)                          -> resnet50-dlmc-fp16/
#   6. bench/tc/table.py                                                     -> table.md (printed last)
set -u
out=${JOB_OUT:?}
T=${JOB_TIMEOUT:-240}
start=$(date +%s)
el() { echo $(( $(date +%s) - start )); }
stamp() { echo "[$(el)s] $*"; }
left() { echo $(( T - 10 - $(el) )); }
lim() { local l; l=$(left); [ "$l" -lt "$1" ] && echo $(( l > 1 ? l : 1 )) || echo "$1"; }
export SPARSEBENCH_CACHE=/tmp/sb-cache-tc3b XDG_DATA_HOME=/tmp/xdg-tc3b
nvidia-smi > "$out/nvidia-smi.txt" 2>&1
stamp build
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
       cmake --build build -j16 --target sparsebench tc_bench; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
SB=build/sparsebench; TB=build/bench/tc/tc_bench
stamp tc-h200
timeout $(lim 50) $SB run configs/tc-h200.yaml --device nvidia --kernels tc_dense,tc_bsr,tc_nm \
  --out "$out/tc-h200" --no-progress > "$out/tc-h200.log" 2>&1; echo "exit $?" >> "$out/tc-h200.log"
stamp anchors
timeout $(lim 40) python3 bench/anchors/torch_tc_anchors.py --sparsity 0.5,0.6,0.7,0.8,0.9,0.95,0.98 \
  > "$out/anchors.jsonl" 2> "$out/anchors.log"; echo "exit $?" >> "$out/anchors.log"
timeout $(lim 20) python3 bench/anchors/torch_tc_anchors.py --sparsity 0.5 --anchors hgemm,sparse24 --timer events \
  > "$out/anchors-events.jsonl" 2> "$out/anchors-events.log"; echo "exit $?" >> "$out/anchors-events.log"
stamp resnet50-tc
if [ -n "${SPARSEBENCH_DATA:-}" ]; then
  timeout $(lim 60) $SB run configs/resnet50-tc.yaml --device nvidia --data-dir "$SPARSEBENCH_DATA" \
    --out "$out/resnet50-tc" --no-progress > "$out/resnet50-tc.log" 2>&1; echo "exit $?" >> "$out/resnet50-tc.log"
fi
stamp cache-ab
g=gemm_f16:4096:1024:4096; n=nm24:4096:1024:4096
cases="$g $g:SB_CP_CA=0 $n $n:SB_CP_CA=0"
for s in 256:1568:2304 64:25088:576 2048:392:512 512:6272:1152; do
  cases="$cases gemm_f16:$s gemm_f16:$s:SB_CP_CA=0 nm24:$s nm24:$s:SB_CP_CA=0"; done
cases="$cases bsr32:4096:1024:4096:0.9 bsr32:4096:1024:4096:0.9:SB_CP_CA=1 bsr32:4096:1024:4096:0.7 bsr32:4096:1024:4096:0.7:SB_CP_CA=1"
cases="$cases gemm_tf32:4096:1024:4096 gemm_tf32:4096:1024:4096:SB_CP_CA=1"
timeout $(lim 40) $TB --device nvidia --reps 30 --warmup 5 --tol 1e-3 --csv "$out/cache-ab.csv" $cases \
  > "$out/cache-ab.log" 2>&1; echo "exit $?" >> "$out/cache-ab.log"
stamp resnet50-dlmc-fp16
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ "$(left)" -gt 15 ]; then
  timeout $(left) $SB run configs/resnet50-dlmc-fp16.yaml --device nvidia --kernels tc_dense \
    --data-dir "$SPARSEBENCH_DATA" --out "$out/resnet50-dlmc-fp16" --no-progress > "$out/resnet50-dlmc-fp16.log" 2>&1
  echo "exit $?" >> "$out/resnet50-dlmc-fp16.log"
fi
stamp table
runs=(--run "$out/tc-h200"); [ -d "$out/resnet50-tc" ] && runs+=(--run "$out/resnet50-tc")
timeout 8 python3 bench/tc/table.py "${runs[@]}" --anchors "$out/anchors.jsonl" --out "$out/table.md" > /dev/null 2> "$out/table.log"
echo "===== tc3-2 summary ($(el) s)"
tail -n 2 "$out"/*.log 2>/dev/null | grep -v "^$"
python3 - "$out/cache-ab.csv" <<'PY'
import csv, sys
try: rows = list(csv.reader(open(sys.argv[1])))
except OSError: sys.exit(0)
print("cache-ab (tc_bench, ms):")
for r in rows: print(f"  {r[1]:9} {r[2]}x{r[3]}x{r[4]} s={r[5]} {r[6] or '(landed)':14} {r[7]:5} {float(r[8]):.4f}")
PY
cat "$out/table.md" 2>/dev/null | head -40
