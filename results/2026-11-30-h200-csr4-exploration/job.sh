#!/usr/bin/env bash
# csr4-1 (issue 14, session 4): (1) 4096^2 at N = 4096, 90-98%: csr_auto's row blocks ("rows-wide")
# against variants of width, unroll, group size, order and the new KCHUNK lockstep, cuSPARSE
# re-timed on the same patterns (and at N = 256: gale256); held out: Transformer shapes at
# N = 4096/2048 (never tuned on).
# (2) rule 3b (few row blocks, long rows): the row split against the row blocks with the old and
# the new ragged-tile loop (RAGGED) on Transformer M = 2048 / 512 and DLMC batch 8 / 1.
# Every row validated by sb_sweep. Results as they come under $JOB_OUT; a short table last.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-270}
T0=$(date +%s)
E=bench/explore/csr4
SW=build/bench/sb_sweep
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 12 )); }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/sbdata
    ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc
    export SPARSEBENCH_DATA=/tmp/sbdata
fi
DATA=${SPARSEBENCH_DATA:-}
export SPARSEBENCH_CACHE=/tmp/sb-cache-csr4
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
anchor() { # anchor NAME SECONDS CONFIG N: cuSPARSE on the config's patterns at N (by-M, gale: per file)
    local name=$1 secs=$2 cfg=$3 n=$4
    local l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    local P=/tmp/csr4-patterns-$name; mkdir -p $P
    $SW "$cfg" --patterns $P --patterns-only 2> "$OUT/$name-patterns.log"
    (cd $P && sha256sum *.smtx) > "$OUT/$name-patterns.sha256"
    : > "$OUT/$name-cases.txt"
    for f in $P/*.smtx; do
        case "$n:$f" in
            by-M:*enc-512x*) echo "$f 1024" ;;
            by-M:*) echo "$f 256,320" ;;
            gale:*unstructured_s0.9.smtx) echo "$f 4096,3968,1024,2048,256" ;;
            gale:*) echo "$f 4096,256" ;;
            *) echo "$f $n" ;;
        esac >> "$OUT/$name-cases.txt"
    done
    stamp "$name: cuSPARSE (limit ${secs}s)"
    timeout -s INT "$secs" python3 bench/anchors/torch_smtx.py --cases "$OUT/$name-cases.txt" > "$OUT/$name.jsonl" 2> "$OUT/$name.log"
    stamp "$name rc=$?: $(grep -c '"status": "ok"' "$OUT/$name.jsonl") ok"
}
stage tiny 12 $E/tiny.yaml --device nvidia --variants $E/variants-tiny.txt
stage gale4096 60 $E/gale4096.yaml --device nvidia --variants $E/variants-4096.txt
anchor cusparse-gale4096 22 $E/gale4096.yaml gale
stage galeN 12 $E/galeN.yaml --device nvidia --variants $E/variants-galeN.txt
stage gale256 10 $E/gale256.yaml --device nvidia --variants $E/variants-256.txt
stage tsplit 25 $E/tsplit.yaml --device nvidia --variants $E/variants-split.txt
stage dlmc-b8 28 $E/dlmc-held.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-split.txt --batch 8
stage tf-held 45 $E/tf-held.yaml --device nvidia --variants $E/variants-held.txt
stage dlmc-b1 18 $E/dlmc-held.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-split.txt
anchor cusparse-tsplit 15 $E/tsplit.yaml by-M
stamp summary
G=results/2026-11-30-h200-transformer-grid
python3 $E/summary.py --out "$OUT" --anchors $G/N4096/cusparse.jsonl $G/N2048/cusparse.jsonl > "$OUT/summary.md" 2>&1
python3 $E/summary.py --out "$OUT" --brief 2>&1 | tail -75
stamp end
