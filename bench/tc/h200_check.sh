#!/bin/bash
# First look at the tensor-core kernels on an NVIDIA GPU, in one call (bench/tc/README.md):
# build tc_bench, run the capability probe, check every kernel on odd and small shapes, time the
# anchors (PyTorch: cuBLAS fp16/TF32, cuSPARSELt 2:4, BSR and CSR fp16), then sweep the tunables
# at 4096 x 4096, N = 1024. Each part has its own time limit, so one that hangs or fails does not
# lose the others.
#   bench/tc/h200_check.sh OUTDIR
# Writes OUTDIR/{check,anchors,perf,wgmma}.log, perf.csv, anchors.jsonl, ptx/*.ptx (NVIDIA's PTX of
# each program: run ptxas -v / cuobjdump on them anywhere) and prints a summary last.
set -u
out=${1:?usage: h200_check.sh OUTDIR}
mkdir -p "$out/ptx"
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }

nvidia-smi > "$out/nvidia-smi.txt" 2>&1
stamp build
if ! { cmake -S . -B build-tc -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
       cmake --build build-tc -j16 --target tc_bench; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"
    echo "build FAILED"
    exit 1
fi
tb=build-tc/bench/tc/tc_bench

stamp wgmma
# Can this OpenCL compiler target sm_90a (wgmma)? The default target is sm_90.
for opt in "" "-cl-nv-arch sm_90a" "-cl-nv-arch=sm_90a"; do
    echo "=== options [$opt]"
    timeout 15 $tb --device NVIDIA --kernel-dir bench/tc --cl-opts "$opt" --build-only wgmma_try.cl 2>&1 | tail -4
done > "$out/wgmma.log" 2>&1

stamp check
# Odd shapes: M not a multiple of 16, K not of 8 (padded), N not of 8, N = 1, ragged tiles, empty
# block rows; and rings over 48 KB (dynamic local memory: does the device allow them?).
timeout 70 $tb --device NVIDIA --probe --verbose --dump-ptx "$out/ptx" --reps 3 --warmup 1 --tol 1e-3 \
    gemm_f16:1000:200:300 gemm_f16:64:1:64 gemm_f16:257:72:1024:BM=64,BN=128,WM=32,WN=64,STAGES=4 \
    gemm_tf32:1000:200:300 gemm_tf32:128:128:4096 \
    nm24:1000:200:300 nm24:256:256:4096:BM=128,BN=64,WM=64,WN=32,STAGES=4 \
    nm24:512:384:512:BM=64,BN=128,WM=32,WN=64,KSTEPS=2,STAGES=2 \
    bsr32:1024:200:1024:0.9 bsr16:512:100:512:0.7 bsr64:512:256:512:0.8:STAGES=2,BN=128,WN=32 \
    bsr32:256:1024:4096:0.98:BN=256,WN=64,STAGES=2 \
    gemm_f16:512:512:1024:BM=128,BN=128,WM=64,WN=64,STAGES=4 \
    gemm_f16:512:512:1024:BM=128,BN=256,WM=64,WN=64,STAGES=3 \
    nm24:512:512:1024:BM=128,BN=128,WM=64,WN=64,KSTEPS=2,STAGES=3 \
    > "$out/check.log" 2>&1
echo "check exit $?" >> "$out/check.log"

stamp anchors
timeout 55 python3 bench/anchors/torch_tc_anchors.py --sparsity 0.5,0.6,0.7,0.8,0.9,0.95,0.98 \
    > "$out/anchors.jsonl" 2> "$out/anchors.log"
timeout 30 python3 bench/anchors/torch_tc_anchors.py --N 256,4096 --anchors hgemm,tf32,sparse24 \
    >> "$out/anchors.jsonl" 2>> "$out/anchors.log"
echo "anchors exit $?" >> "$out/anchors.log"

stamp perf
# Most important first: a part cut by its time limit loses the least. The first case is timed
# again at the end (noise).
g=gemm_f16:4096:1024:4096
n=nm24:4096:1024:4096
b=bsr32:4096:1024:4096
b2=BN=256,WN=64,STAGES=2
b3=BN=256,WN=32,STAGES=3
timeout 150 $tb --device NVIDIA --reps 30 --warmup 5 --tol 1e-3 --csv "$out/perf.csv" \
    $g $g:BM=128,BN=128,WM=64,WN=64,STAGES=4 $g:BM=128,BN=256,WM=64,WN=64,STAGES=3 \
    $g:BM=256,BN=128,WM=64,WN=64,STAGES=3 $g:BM=128,BN=128,WM=64,WN=32,STAGES=3 \
    $g:BM=128,BN=128,WM=64,WN=64,STAGES=2 $g:BM=128,BN=256,WM=64,WN=64,STAGES=2 \
    $g:BM=128,BN=128,WM=32,WN=64,STAGES=3 $g:BM=128,BN=128,WM=64,WN=64,STAGES=5 \
    $n $n:BM=128,BN=128,WM=64,WN=64,KSTEPS=2,STAGES=3 $n:BM=128,BN=128,WM=64,WN=64,STAGES=4 \
    $n:BM=128,BN=256,WM=64,WN=64,STAGES=3 $n:BM=128,BN=128,WM=64,WN=64,STAGES=2 \
    $n:BM=128,BN=256,WM=64,WN=64,STAGES=2 $n:BM=128,BN=128,WM=64,WN=32,STAGES=3 \
    $n:BM=128,BN=64,WM=64,WN=32,KSTEPS=2,STAGES=3 $n:BM=256,BN=128,WM=64,WN=64,STAGES=2 \
    $b:0.5 $b:0.5:$b2 $b:0.5:$b3 $b:0.6 $b:0.6:$b2 $b:0.6:$b3 $b:0.7 $b:0.7:$b2 $b:0.7:$b3 \
    $b:0.8 $b:0.8:$b2 $b:0.8:$b3 $b:0.9 $b:0.9:$b2 $b:0.9:$b3 $b:0.95 $b:0.95:$b2 $b:0.95:$b3 \
    $b:0.98 $b:0.98:$b2 $b:0.98:$b3 \
    gemm_tf32:4096:1024:4096 gemm_tf32:4096:1024:4096:BM=128,BN=128,WM=64,WN=64,STAGES=4 \
    gemm_tf32:4096:1024:4096:BM=128,BN=256,WM=64,WN=64,STAGES=3 \
    bsr16:4096:1024:4096:0.7 bsr16:4096:1024:4096:0.9 bsr64:4096:1024:4096:0.7:BN=128,WN=32,STAGES=2 \
    gemm_f16:256:1568:2304 nm24:256:1568:2304 gemm_f16:64:25088:576 nm24:64:25088:576 \
    gemm_f16:2048:392:512 nm24:2048:392:512 \
    gemm_f16:4096:256:4096 nm24:4096:256:4096 gemm_f16:4096:4096:4096 nm24:4096:4096:4096 $g \
    > "$out/perf.log" 2>&1
echo "perf exit $?" >> "$out/perf.log"

stamp done
echo "===== summary"
grep -E "^device|^probe|build-only|^===" "$out/check.log" "$out/wgmma.log" | head -20
grep -E "checked:|^==|launch failed|tiling" "$out/check.log" | cut -c1-150
grep -E '"anchor"' "$out/anchors.jsonl" | python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l)
    print(d.get("anchor"), d.get("sparsity"), d.get("status"), d.get("median_ms"), d.get("rel_error"), d.get("message", "")[:80])'
sed -n '/^case /,$p' "$out/perf.log"
tail -n 3 "$out/anchors.log" "$out/perf.log"
