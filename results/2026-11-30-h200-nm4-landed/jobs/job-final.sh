#!/usr/bin/env bash
# nm4-2 (issue 14 item 5, session 4): the landed nm (its model, include/sb_nm_auto.h) against
# csr_auto on the same 2:4 matrices through `sparsebench run` (every run validated), tuning set and
# held-out set at N <= 512 first, then N = 1024/2048, then nm as before the model (AUTO=0) on the
# same machine. Tables printed last.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-270}
T0=$(date +%s)
DEV=${NM4_DEVICE:-nvidia}
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 15 )); }
export SPARSEBENCH_CACHE=/tmp/sb-cache-nm4f
stamp build
if [ -z "${NM4_NOBUILD:-}" ]; then
    if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) > "$OUT/build.log" 2>&1 &&
           cmake --build build -j16 --target sparsebench sb_sweep >> "$OUT/build.log" 2>&1; }; then
        tail -30 "$OUT/build.log"; echo "build FAILED"; exit 1
    fi
fi
part() { # part NAME SECONDS ARGS... (bench/nm_vs_csr.sh)
    local name=$1 secs=$2; shift 2
    local l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 10 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (limit ${secs}s)"
    timeout -s INT "$secs" bench/nm_vs_csr.sh "$OUT/$name" --device "$DEV" -- "$@" > "$OUT/$name.log" 2>&1
    stamp "$name rc=$?: $(grep -c ',ok,' "$OUT/$name/suite/results.csv" 2>/dev/null) ok rows, $(grep -c ',wrong,' "$OUT/$name/suite/results.csv" 2>/dev/null) wrong"
}
# correctness first: odd 2:4 and 1:4 shapes through the model's choices
stamp tiny
timeout -s INT 15 build/bench/sb_sweep bench/explore/nm4/tiny-nm.yaml --device "$DEV" --warmup 1 --repeats 2 > "$OUT/tiny.jsonl" 2> "$OUT/tiny.err"
stamp "tiny rc=$?: $(grep -c '"status":"ok"' "$OUT/tiny.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/tiny.jsonl") wrong, $(grep -c '"status":"failed"' "$OUT/tiny.jsonl") failed"
grep -h '"status":"wrong"\|"status":"failed"' "$OUT/tiny.jsonl" | cut -c1-400 | head -3
part small 110 --N 1,16,64,128,256,512
part large 70 --N 1024,2048
part before 60 --N 1,16,64,128,256,512 --param nm_spmm.AUTO=0
stamp tables
for p in before large small; do
    [ -f "$OUT/$p/nm-vs-csr-sets.md" ] || continue
    echo "== $p"; grep '^NOT OK' "$OUT/$p/nm-vs-csr-sets.md" | head -5
    sed -n '/^| set | cases/,$p' "$OUT/$p/nm-vs-csr-sets.md"
done
echo "== small, per case"; grep '^| tune \|^| held ' "$OUT/small/nm-vs-csr-sets.md" 2>/dev/null | cut -c1-110
stamp end
