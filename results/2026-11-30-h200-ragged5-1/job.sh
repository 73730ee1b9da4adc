#!/usr/bin/env bash
# ragged5-1 (issue 14, session 5): the row blocks' ragged last tile as the whole tile's unrolled
# loop (new: RAGGED 2 shifted loads, 1 predicated) against origin/main (old: one pass per vector),
# built side by side from this tree and this tree with NEW.diff reversed. Correctness first, then
# the tuning set (Transformer shapes at N = 320/1000/2000, both binaries, csr_auto and the
# candidates of its rules), DLMC b1/b8 (held out, both binaries),
# aligned N (256/1024/2048: old, new, old again for the noise), cuSPARSE on the tuning set's
# patterns, the held-out N (100/500/1500/3000/4000) and cuSPARSE there. Every row is validated.
# The ratio tables (summary.py) print last.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-270}
T0=$(date +%s)
E=bench/explore/ragged5
stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( BUDGET - ($(date +%s) - T0) - 12 )); }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/sbdata; ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc; export SPARSEBENCH_DATA=/tmp/sbdata
fi
DATA=${SPARSEBENCH_DATA:-}
DEV=${RAGGED5_DEVICE:-nvidia} # a local dry run: RAGGED5_DEVICE=pocl RAGGED5_JOBS=1
J=${RAGGED5_JOBS:-8}
OLD=/tmp/ragged5-old
stamp "build new $(cat COMMIT) and old (NEW.diff reversed)"
rm -rf "$OLD"; mkdir -p "$OLD"
tar c --exclude=./build . | tar x -C "$OLD"
( cd "$OLD" && patch -s -R -p1 < NEW.diff ) || { echo "old tree: patch -R failed"; exit 1; }
build() { # DIR LOG
    cmake -S "$1" -B "$1/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) > "$2" 2>&1 &&
        cmake --build "$1/build" -j$J --target sparsebench sb_sweep >> "$2" 2>&1
}
build . "$OUT/build-new.log" & p1=$!
build "$OLD" "$OUT/build-old.log" & p2=$!
wait $p1 || { tail -30 "$OUT/build-new.log"; echo "new build FAILED"; exit 1; }
wait $p2 || { tail -30 "$OUT/build-old.log"; echo "old build FAILED (the new parts still run)"; }
stamp built
stage() { # stage NAME BINARY_DIR SECONDS ARGS... (sb_sweep)
    local name=$1 dir=$2 secs=$3; shift 3
    local l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 6 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (limit ${secs}s)"
    SPARSEBENCH_CACHE=/tmp/sb-cache-$(basename "$dir") timeout -s INT "$secs" "$dir/build/bench/sb_sweep" "$@" \
        > "$OUT/$name.jsonl" 2> "$OUT/$name.err"
    stamp "$name rc=$?: $(grep -c '"status":"ok"' "$OUT/$name.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/$name.jsonl") wrong, $(grep -c '"status":"failed"' "$OUT/$name.jsonl") failed"
    grep -h '"status":"wrong"\|"status":"failed"' "$OUT/$name.jsonl" | cut -c1-500 | head -3
}
P=/tmp/ragged5-patterns
anchor() { # anchor NAME SECONDS NLIST
    local name=$1 secs=$2 ns=$3 l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    for f in "$P"/*.smtx; do echo "$f $ns"; done > "$OUT/$name.cases"
    stamp "$name: cuSPARSE on $(wc -l < "$OUT/$name.cases") patterns at N = $ns (limit ${secs}s)"
    timeout -s INT "$secs" python3 bench/anchors/torch_smtx.py --cases "$OUT/$name.cases" > "$OUT/$name.jsonl" 2> "$OUT/$name.log"
    stamp "$name rc=$?: $(grep -c '"status": "ok"' "$OUT/$name.jsonl") ok"
}
stage tiny . 15 $E/tiny.yaml --device "$DEV" --variants $E/variants-tiny.txt --warmup 1 --repeats 2
stage tuned-new . 50 $E/tuned.yaml --device "$DEV" --variants $E/variants-new.txt
stage tuned-old "$OLD" 25 $E/tuned.yaml --device "$DEV" --variants $E/variants-old.txt
stage dlmc-b1-new . 10 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc.txt
stage dlmc-b1-old "$OLD" 10 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc-old.txt
stage dlmc-b8-new . 24 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc.txt --batch 8
stage dlmc-b8-old "$OLD" 16 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-dlmc-old.txt --batch 8
stage aligned-old "$OLD" 10 $E/aligned.yaml --device "$DEV" --variants $E/variants-auto.txt
stage aligned-new . 10 $E/aligned.yaml --device "$DEV" --variants $E/variants-auto.txt
stage aligned-old2 "$OLD" 10 $E/aligned.yaml --device "$DEV" --variants $E/variants-auto.txt
rm -rf "$P"; mkdir -p "$P"
build/bench/sb_sweep $E/tuned.yaml --patterns "$P" --patterns-only 2> "$OUT/patterns.log"
anchor cus-tuned 25 320,1000,2000
stage held-new . 35 $E/held.yaml --device "$DEV" --variants $E/variants-held.txt
stage held-old "$OLD" 15 $E/held.yaml --device "$DEV" --variants $E/variants-auto.txt
anchor cus-held 30 100,500,1500,3000,4000
anchor cus-aligned 15 256,1024,2048
stamp summary
python3 $E/summary.py "$OUT" > "$OUT/summary.md" 2>&1
cat "$OUT/summary.md"
stamp end
