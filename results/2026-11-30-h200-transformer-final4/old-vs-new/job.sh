#!/usr/bin/env bash
# Lead (session 4): is the row-block kernel slower at main than at session 3's end (821719f)?
# lead4-3 measured the N = 256 rows cases at 95% 4-12% slower than session 3's run (other cases
# ~3%: drift). Both binaries built here, the same cases and variant, passes interleaved.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
stamp "build new $(cat COMMIT) and old $(cat old/COMMIT)"
( cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > "$out/build-new.log" 2>&1 &&
  cmake --build build -j8 --target sb_sweep >> "$out/build-new.log" 2>&1 ) &
( cd old && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF > "$out/build-old.log" 2>&1 &&
  cmake --build build -j8 --target sb_sweep >> "$out/build-old.log" 2>&1 ) &
wait
[ -x build/bench/sb_sweep ] && [ -x old/build/bench/sb_sweep ] || { tail -20 "$out"/build-*.log; echo "build FAILED"; exit 1; }
for pass in 1 2 3; do
    for side in old new; do
        sw=build/bench/sb_sweep; [ $side = old ] && sw=old/build/bench/sb_sweep
        export SPARSEBENCH_CACHE=/tmp/sb-cache-l44-$side
        timeout -s INT 40 $sw rows256.yaml --device nvidia --variants rows.txt > "$out/$side-$pass.jsonl" 2> "$out/$side-$pass.err"
        stamp "$side pass $pass rc=$?: $(grep -c '"status":"ok"' "$out/$side-$pass.jsonl") ok"
    done
done
python3 - "$out" <<'PY'
import json, math, sys, glob, collections
out = sys.argv[1]
t = collections.defaultdict(lambda: collections.defaultdict(list))
for side in ('old', 'new'):
    for f in glob.glob(f'{out}/{side}-*.jsonl'):
        for line in open(f):
            x = json.loads(line)
            if x['status'] == 'ok':
                t[(x['matrix'], x['label'])][side].append(x['event_ms'])
print('| case | variant | old us (min of passes) | new us | old/new |')
print('|---|---|---:|---:|---:|')
r = []
for k in sorted(t):
    o, n = min(t[k]['old'] or [float('nan')]), min(t[k]['new'] or [float('nan')])
    r.append(o / n)
    print(f'| {k[0]} | {k[1]} | {o*1000:.2f} | {n*1000:.2f} | {o/n:.3f} |')
ok = [a for a in r if a == a]
print(f'geomean old/new {math.exp(sum(map(math.log, ok)) / len(ok)):.3f} over {len(ok)} (below 1: main is slower)')
PY
stamp done
