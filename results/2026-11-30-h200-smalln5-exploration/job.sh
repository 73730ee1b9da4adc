#!/usr/bin/env bash
# smalln5-1 (issue 14, session 5): the Transformer bands at N = 256/1024 under 1.2x cuSPARSE.
# Question: does the group's rows walking K in lockstep (KCHUNK; PCHUNK = the same with masked
# UNROLL-wide steps, new) give the L1 reuse of B at small N that it gave at N = 4096, and is the
# row gather at N = 256 bound by L2 bandwidth or by occupancy (registers of each variant from the
# driver's own PTX via ptxas)? Tuned on tune.yaml (six shapes, 80/90%, N = 256/1024); HELD OUT:
# held-a (the other ten shapes at 80/90%), held-b (95%), held-c (70%), held-n512 (N = 512), gale
# (4096^2 at N = 256 and 4096), DLMC 90% batch 8. cuSPARSE re-timed on the same patterns.
# Every row validated by sb_sweep; rows written as they come under $JOB_OUT; a short table last.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-270}
T0=$(date +%s)
E=bench/explore/smalln5
SW=build/bench/sb_sweep
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 14 )); }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/sbdata
    ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc
    export SPARSEBENCH_DATA=/tmp/sbdata
fi
DATA=${SPARSEBENCH_DATA:-}
export SPARSEBENCH_CACHE=/tmp/sb-cache-smalln5
stamp build
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
anchor() { # anchor NAME SECONDS CONFIG NLIST: cuSPARSE on the config's patterns at each N
    local name=$1 secs=$2 cfg=$3 n=$4
    local l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    local P=/tmp/smalln5-patterns-$name; mkdir -p $P
    $SW "$cfg" --patterns $P --patterns-only 2> "$OUT/$name-patterns.log"
    (cd $P && sha256sum *.smtx) > "$OUT/$name-patterns.sha256"
    : > "$OUT/$name-cases.txt"
    for f in $P/*.smtx; do
        case "$f" in
            *gale-unstructured*) echo "$f 256,4096" ;;
            *) echo "$f $n" ;;
        esac >> "$OUT/$name-cases.txt"
    done
    stamp "$name: cuSPARSE (limit ${secs}s)"
    timeout -s INT "$secs" python3 bench/anchors/torch_smtx.py --cases "$OUT/$name-cases.txt" > "$OUT/$name.jsonl" 2> "$OUT/$name.log"
    stamp "$name rc=$?: $(grep -c '"status": "ok"' "$OUT/$name.jsonl") ok"
}
stage tiny 12 $E/tiny.yaml --device nvidia --variants $E/variants-tiny.txt
stage tune 40 $E/tune.yaml --device nvidia --variants $E/variants.txt
anchor cusparse-tune 14 $E/tune.yaml 256,1024
stage held-a 45 $E/held-a.yaml --device nvidia --variants $E/variants.txt
anchor cusparse-held-a 18 $E/held-a.yaml 256,1024
stage held-b 28 $E/held-b.yaml --device nvidia --variants $E/variants.txt
anchor cusparse-held-b 14 $E/held-b.yaml 256,1024
stage gale 16 $E/gale.yaml --device nvidia --variants $E/variants.txt
stage held-n512 10 $E/held-n512.yaml --device nvidia --variants $E/variants.txt
stage dlmc-b8 20 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-dlmc.txt --batch 8
stage held-c 20 $E/held-c.yaml --device nvidia --variants $E/variants.txt
anchor cusparse-rest 14 $E/held-n512.yaml 512
stamp registers
# registers and spills of every program the driver built (PTX on NVIDIA), by ptxas for sm_90
{ for b in $(find "$SPARSEBENCH_CACHE" -name '*.bin' | sort); do
      grep -q '\.entry' "$b" 2>/dev/null || continue
      r=$(timeout 10 ptxas -arch=sm_90 -v "$b" -o /tmp/smalln5.cubin 2>&1 | grep -E 'Used|spill' | tr '\n' ' ' | sed 's/ptxas info *: //g')
      echo "$(basename "$b" .bin): $r"
  done; } > "$OUT/registers.txt" 2>&1
grep -c . "$OUT/registers.txt"
stamp summary
F=results/2026-11-30-h200-transformer-final4
python3 $E/summary.py --out "$OUT" --anchors $F/transformer-N256/cusparse.jsonl $F/transformer-N1024/cusparse.jsonl \
    results/2026-11-30-h200-csr4-exploration/cusparse-gale4096.jsonl > "$OUT/summary.md" 2>&1
python3 $E/summary.py --out "$OUT" --anchors $F/transformer-N256/cusparse.jsonl $F/transformer-N1024/cusparse.jsonl \
    results/2026-11-30-h200-csr4-exploration/cusparse-gale4096.jsonl --brief 2>&1 | tail -60
stamp end
