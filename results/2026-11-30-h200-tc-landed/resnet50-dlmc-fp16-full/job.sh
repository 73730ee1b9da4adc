#!/usr/bin/env bash
# Lead (session 3): issue 15's missing measurement, the DLMC ResNet-50 as pruned (magnitude, 90%)
# at fp16, batch 8: configs/resnet50-dlmc-fp16.yaml (tc_dense, csr, csr_balanced, model totals).
# Rows are written as they go; a cut at the wall limit keeps them (run.json says interrupted).
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
    mkdir -p /tmp/fp16data
    ln -sfn "$SPARSEBENCH_DATA" /tmp/fp16data/dlmc
    export SPARSEBENCH_DATA=/tmp/fp16data
fi
export SPARSEBENCH_CACHE=/tmp/sb-cache-fp16 XDG_DATA_HOME=/tmp/xdg-fp16
stamp "build $(cat COMMIT); data ${SPARSEBENCH_DATA:-none}"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
lim=$(( ${JOB_TIMEOUT:-230} - ($(date +%s) - start) - 10 ))
stamp "resnet50-dlmc-fp16 (limit ${lim}s)"
timeout -s INT "$lim" build/sparsebench run configs/resnet50-dlmc-fp16.yaml --device nvidia \
    --out "$out/resnet50-dlmc-fp16" --no-progress > "$out/resnet50-dlmc-fp16.log" 2>&1
echo "exit $?" >> "$out/resnet50-dlmc-fp16.log"
tail -12 "$out/resnet50-dlmc-fp16.log"
echo "== models.csv"; cat "$out/resnet50-dlmc-fp16/models.csv" 2>/dev/null
python3 - "$out/resnet50-dlmc-fp16/results.csv" <<'PY'
import csv, sys
from collections import defaultdict
try:
    rows = list(csv.DictReader(open(sys.argv[1])))
except OSError:
    sys.exit("no results.csv")
st = defaultdict(lambda: defaultdict(int)); tot = defaultdict(float); n = defaultdict(int)
for r in rows:
    st[r["kernel"]][r["status"]] += 1
    if r["status"] == "ok" and r.get("event_median_ms"):
        tot[r["kernel"]] += float(r["event_median_ms"]); n[r["kernel"]] += 1
print("| kernel | rows | statuses | sum of event medians (ms) over ok rows |")
print("|---|---:|---|---:|")
for k in st:
    print(f"| {k} | {sum(st[k].values())} | {dict(st[k])} | {tot[k]:.3f} ({n[k]} rows) |")
PY
stamp done
