#!/usr/bin/env bash
# ragged5-2 (issue 14, session 5): csr_auto as landed against cuSPARSE CSR on the same patterns at
# ragged N, by kernel time on both sides, and against origin/main's csr_auto (NEW.diff reversed)
# in the same job:
#   1. correctness (tiny shapes, the row-block shapes csr_auto uses)
#   2. DLMC ResNet-50 90%, three methods, batch 1 and 8 (held out): csr_auto new and old (sb_sweep,
#      validated), cuSPARSE on the same patterns
#   3. Transformer shapes, the tuning set (N = 320/1000/2000) and the held-out N (100/500/1500/
#      3000/4000): csr_auto new and old (sb_sweep), cuSPARSE on the same patterns
#   4. aligned N = 256/1024/2048/4096 (whole tiles: must not get slower), new and old
#   5. with the time left: bench/vs_cusparse.sh on the tuning set (sparsebench run: the suite's path)
# The ratio tables (summary-final.py) print last.
set -u
OUT=${JOB_OUT:?}
BUDGET=${JOB_TIMEOUT:-250}
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
    if ! cmake -S "$1" -B "$1/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
            -DSB_GIT_COMMIT="$(cat COMMIT)" > "$2" 2>&1; then
        return 1
    fi
    cmake --build "$1/build" -j"$J" --target sparsebench sb_sweep >> "$2" 2>&1
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
anchor() { # anchor NAME SECONDS PATTERN_DIR SWEEP.jsonl: cuSPARSE on the (pattern, N) the sweep measured
    local name=$1 secs=$2 pat=$3 sweep=$4 l; l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    python3 - "$pat" "$sweep" > "$OUT/$name.cases" <<'PY'
import collections, json, os, sys
ns = collections.defaultdict(set)
for line in open(sys.argv[2]):
    try:
        x = json.loads(line)
    except ValueError:
        continue
    if x.get('status') == 'ok':
        ns[x['matrix']].add(int(x['N']))
for m in sorted(ns):
    p = os.path.join(sys.argv[1], m + '.smtx')
    if os.path.exists(p):
        print(p, ','.join(map(str, sorted(ns[m]))))
PY
    stamp "$name: cuSPARSE on $(wc -l < "$OUT/$name.cases") patterns (limit ${secs}s)"
    timeout -s INT "$secs" python3 bench/anchors/torch_smtx.py --cases "$OUT/$name.cases" > "$OUT/$name.jsonl" 2> "$OUT/$name.log"
    stamp "$name rc=$?: $(grep -c '"status": "ok"' "$OUT/$name.jsonl") ok"
}
PT=/tmp/ragged5-pt PD=/tmp/ragged5-pd
stage tiny . 15 $E/tiny.yaml --device "$DEV" --variants $E/variants-tiny.txt --warmup 1 --repeats 2
stage dlmc-b1-new . 10 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-auto.txt
stage dlmc-b1-old "$OLD" 10 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-auto.txt
stage dlmc-b8-new . 16 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-auto.txt --batch 8
stage dlmc-b8-old "$OLD" 16 bench/explore/dlmc-090.yaml --device "$DEV" --data-dir "$DATA" --variants $E/variants-auto.txt --batch 8
rm -rf "$PT" "$PD"; mkdir -p "$PT" "$PD"
build/bench/sb_sweep bench/explore/dlmc-090.yaml --data-dir "$DATA" --patterns "$PD" --patterns-only 2> "$OUT/patterns-dlmc.log"
anchor cus-dlmc-b1 22 "$PD" "$OUT/dlmc-b1-new.jsonl"
anchor cus-dlmc-b8 22 "$PD" "$OUT/dlmc-b8-new.jsonl"
stage tuned-new . 15 $E/tuned.yaml --device "$DEV" --variants $E/variants-auto.txt
stage tuned-old "$OLD" 15 $E/tuned.yaml --device "$DEV" --variants $E/variants-auto.txt
stage held-new . 20 $E/held.yaml --device "$DEV" --variants $E/variants-auto.txt
stage held-old "$OLD" 20 $E/held.yaml --device "$DEV" --variants $E/variants-auto.txt
stage aligned-new . 14 $E/aligned.yaml --device "$DEV" --variants $E/variants-auto.txt
stage aligned-old "$OLD" 14 $E/aligned.yaml --device "$DEV" --variants $E/variants-auto.txt
build/bench/sb_sweep $E/tuned.yaml --patterns "$PT" --patterns-only 2> "$OUT/patterns.log"
anchor cus-tuned 15 "$PT" "$OUT/tuned-new.jsonl"
anchor cus-held 20 "$PT" "$OUT/held-new.jsonl"
l=$(( $(left) / 2 ))
if [ "$l" -ge 15 ]; then
    stamp "vs cuSPARSE (bench/vs_cusparse.sh, sparsebench run) on the tuning set, limit ${l}s each"
    bash bench/vs_cusparse.sh $E/tuned.yaml --out "$OUT/vs-tuned" --device "$DEV" --group band --limit "$l" \
        --title "csr_auto (ragged5) vs cuSPARSE, Transformer shapes at N = 320/1000/2000" > "$OUT/vs-tuned.log" 2>&1
    stamp "vs rc=$?"
fi
stamp summary
python3 $E/summary-final.py "$OUT" > "$OUT/summary.md" 2>&1
grep -E '^\| (80|90|95|all)% \|' "$OUT/vs-tuned/vs-cusparse.md" 2>/dev/null | head -16
cat "$OUT/summary.md"
stamp end
