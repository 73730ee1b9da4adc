#!/bin/bash
# tc3-1 (issue 15, lane 1): why is tc_dense ~2x cuBLAS fp16 at 4096x4096, N = 1024, and does any
# tile or kernel variant close it? Most important first, each part with its own time limit:
#   A. tc_bench (validated, events, median of 30): tc_dense default, kernel variants (TC_FASTLOAD:
#      pointers/predicates once; SB_CP_CA: cp.async.ca), odd-shape checks of TC_FASTLOAD, and
#      ablations (TC_ABL, results wrong ON PURPOSE: 8 = copies read nothing, 1 = no copies,
#      2 = no ldmatrix, 4 = no barrier/wait; 15 = mma.sync alone = ceiling at this occupancy);
#      tc_nm default, TC_FASTLOAD, SB_SP_ORDERED (mma.sp::ordered_metadata), ABL 8; ptxas info from NVIDIA's compiler (-cl-nv-verbose).
#   B. PyTorch anchors on the same shape: cuBLAS fp16 (graph timer and events), cuSPARSELt 2:4.
#   C. sparsebench run configs/resnet50-dlmc-fp16.yaml (DLMC RN50 90% at fp16, batch 8).
#   D. the f16x2 epilogue patch (notes/tc_tile_f16x2.patch) A/B through sparsebench (C in halves).
#   E. the tunable sweep of tc_dense and tc_nm (catalogue ranges), as far as time allows.
set -u
out=${JOB_OUT:?}
T=${JOB_TIMEOUT:-240}
start=$(date +%s)
el() { echo $(( $(date +%s) - start )); }
stamp() { echo "[$(el)s] $*"; }
left() { echo $(( T - 12 - $(el) )); }  # seconds left, 12 s kept for the table
lim() { local l; l=$(left); [ "$l" -lt "$1" ] && echo $(( l > 1 ? l : 1 )) || echo "$1"; }  # min(N, left)
export SPARSEBENCH_CACHE=/tmp/sb-cache-tc3 XDG_DATA_HOME=/tmp/xdg-tc3
nvidia-smi > "$out/nvidia-smi.txt" 2>&1
stamp build
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
       cmake --build build -j16 --target sparsebench tc_bench; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
SB=build/sparsebench; TB=build/bench/tc/tc_bench
g=gemm_f16:4096:1024:4096; n=nm24:4096:1024:4096

stamp A-core; mkdir -p "$out/ptx"
timeout $(lim 80) $TB --device nvidia --reps 30 --warmup 5 --tol 1e-3 --csv "$out/core.csv" --verbose --dump-ptx "$out/ptx" \
  $g $g:TC_FASTLOAD=1 $g:TC_FASTLOAD=1,TC_INTERLEAVE=1 $g:SB_CP_CA=1 $g:TC_FASTLOAD=1,TC_INTERLEAVE=1,SB_CP_CA=1 \
  $g:BK=16,STAGES=4,TC_FASTLOAD=1,TC_INTERLEAVE=1 $g:WM=32,WN=64,TC_FASTLOAD=1,TC_INTERLEAVE=1 $g \
  $g:BM=128,BN=256,BK=16,STAGES=4,TC_FASTLOAD=1,TC_INTERLEAVE=1 $g:BM=256,BN=128,BK=16,STAGES=4,TC_FASTLOAD=1,TC_INTERLEAVE=1 \
  $g:STAGES=2,TC_FASTLOAD=1,TC_INTERLEAVE=1 $g:BM=128,BN=256,STAGES=2,TC_FASTLOAD=1,TC_INTERLEAVE=1 \
  $g:TC_ABL=8 $g:TC_ABL=1 $g:TC_ABL=5 $g:TC_ABL=2 $g:TC_ABL=7 $g:TC_ABL=15 $g:TC_ABL=13 \
  $g:WM=32,WN=64,TC_ABL=15 $g:BM=64,BN=64,WM=32,WN=32,TC_ABL=15 $g:WM=32,WN=64,TC_ABL=8 \
  $n $n:TC_FASTLOAD=1 $n:TC_FASTLOAD=1,TC_INTERLEAVE=1 $n:SB_SP_ORDERED=1 $n:TC_FASTLOAD=1,TC_INTERLEAVE=1,SB_SP_ORDERED=1 \
  $n:SB_CP_CA=1 $n $n:BM=256,STAGES=2,TC_FASTLOAD=1,TC_INTERLEAVE=1 $n:BN=256,STAGES=2,TC_FASTLOAD=1,TC_INTERLEAVE=1 \
  $n:BN=64,WN=32,KSTEPS=2,STAGES=2,TC_FASTLOAD=1,TC_INTERLEAVE=1 \
  $n:TC_ABL=8 \
  gemm_f16:1000:200:300:TC_FASTLOAD=1 gemm_f16:257:72:1024:BM=64,BN=128,WM=32,WN=64,STAGES=4,TC_FASTLOAD=1 \
  gemm_f16:64:1:64:TC_FASTLOAD=1 gemm_f16:1000:200:300:BK=16,STAGES=4,TC_FASTLOAD=1,TC_INTERLEAVE=1 \
  gemm_f16:1000:200:300:TC_FASTLOAD=1,TC_INTERLEAVE=1 gemm_f16:257:72:1024:TC_FASTLOAD=1,TC_INTERLEAVE=1 \
  nm24:1000:200:300:TC_FASTLOAD=1 nm24:257:72:1024:BM=64,WM=32,TC_FASTLOAD=1 nm24:64:1:64:TC_FASTLOAD=1,SB_SP_ORDERED=1 \
  nm24:1000:200:300:TC_FASTLOAD=1,TC_INTERLEAVE=1 nm24:257:72:1024:TC_FASTLOAD=1,TC_INTERLEAVE=1,SB_SP_ORDERED=1 \
  > "$out/core.log" 2>&1
echo "exit $?" >> "$out/core.log"

nvidia-smi -q -d CLOCK,PERFORMANCE > "$out/clocks-after-A.txt" 2>&1
stamp B-anchors
timeout $(lim 40) python3 bench/anchors/torch_tc_anchors.py --N 1024 --sparsity 0.5 --anchors hgemm,sparse24 \
  > "$out/anchors-graph.jsonl" 2> "$out/anchors-graph.log"; echo "exit $?" >> "$out/anchors-graph.log"
timeout $(lim 25) python3 bench/anchors/torch_tc_anchors.py --N 1024 --sparsity 0.5 --anchors hgemm --timer events \
  > "$out/anchors-events.jsonl" 2> "$out/anchors-events.log"; echo "exit $?" >> "$out/anchors-events.log"

stamp C-rn50-fp16
if [ -n "${SPARSEBENCH_DATA:-}" ]; then
  timeout $(lim 75) $SB run configs/resnet50-dlmc-fp16.yaml --device nvidia --data-dir "$SPARSEBENCH_DATA" \
    --out "$out/resnet50-dlmc-fp16" --no-progress > "$out/rn50-fp16.log" 2>&1
  echo "exit $?" >> "$out/rn50-fp16.log"
else echo "no SPARSEBENCH_DATA" > "$out/rn50-fp16.log"; fi

stamp D-f16x2
cat > /tmp/tc3-ab.yaml <<'Y'
name: tc3-ab
description: "tc3: C in halves, tensor-core kernels at 4096x4096, N = 1024"
defaults:
  warmup: 5
  repeats: 30
N: [1024]
matrices:
  - name: w4096-block32
    source: synthetic
    M: 4096
    K: 4096
    pattern: block
    block: [32, 32]
    sparsity: [0.9, 0.98]
    precision: fp16
    kernels: [tc_dense, tc_bsr]
  - name: w4096-2to4
    source: synthetic
    M: 4096
    K: 4096
    pattern: nm
    nm: "2:4"
    precision: fp16
    kernels: [tc_dense, tc_nm]
Y
rm -rf /tmp/home2 && mkdir /tmp/home2 && cp -r cl_kernels platforms configs tc_tile_f16x2.patch /tmp/home2/
(cd /tmp/home2 && patch -p1 < tc_tile_f16x2.patch > /dev/null) || echo "patch failed"
for v in base f16x2; do
  h=$PWD; [ $v = f16x2 ] && h=/tmp/home2
  [ "$(left)" -gt 60 ] || { echo "no time for $v"; break; }
  SPARSEBENCH_HOME=$h SPARSEBENCH_CACHE=/tmp/sb-cache-$v timeout $(lim 30) $SB run /tmp/tc3-ab.yaml --device nvidia \
    --out "$out/ab-$v" --no-progress > "$out/ab-$v.log" 2>&1; echo "exit $?" >> "$out/ab-$v.log"
done

stamp E-sweep
sl=$(left)
if [ "$sl" -gt 20 ]; then
  grep gemm_f16 sweep-cases.txt > /tmp/sw-d.txt; grep nm24 sweep-cases.txt > /tmp/sw-n.txt
  timeout $(( sl * 60 / 100 )) $TB --device nvidia --reps 20 --warmup 3 --tol 1e-3 --csv "$out/sweep.csv" \
    $(cat /tmp/sw-d.txt) > "$out/sweep.log" 2>&1; echo "exit $?" >> "$out/sweep.log"
  timeout $(( $(left) > 5 ? $(left) : 5 )) $TB --device nvidia --reps 20 --warmup 3 --tol 1e-3 --csv "$out/sweep-nm.csv" \
    $(cat /tmp/sw-n.txt) > "$out/sweep-nm.log" 2>&1; echo "exit $?" >> "$out/sweep-nm.log"
fi
stamp table
python3 table-tc3.py "$out" > "$out/table.txt" 2>&1
cat "$out/table.txt"
