#!/usr/bin/env bash
# Lead (session 6): DLMC ResNet-50 90% at batch 1, all three models (162 layers), csr_auto only,
# our suite alone (the cuSPARSE anchors of results/2026-11-30-h200-dlmc-b1-b2b are on the same
# patterns). Question: with events asked only of a gated batch's first and last runs, is the
# back-to-back time (batch_event_ms) still 1.19x the isolated event time? Table last.
set -u
. bench/explore/lib.sh
sb_job_start lead6-b2b "${JOB_TIMEOUT:-240}"
sb_job_build
lim=$(( $(left) - 5 ))
stamp "suite (limit ${lim}s)"
timeout -s INT "$lim" build/sparsebench run configs/resnet50-dlmc-methods.yaml --device nvidia \
    --data-dir "$DATA" --kernels csr_auto --out "$OUT/suite" --no-progress > "$OUT/suite.log" 2>&1
stamp "suite rc=$?"
python3 - "$OUT/suite/results.csv" <<'PY'
import csv, math, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["kernel"] == "csr_auto"]
by = {}
for r in rows:
    try:
        e, b = float(r["event_median_ms"]), float(r["batch_event_ms"])
    except ValueError:
        continue
    if r["status"] != "ok" or not (e > 0 and b > 0):
        continue
    by.setdefault(r["model"], []).append(b / e)
print("| model | layers | b2b / per-run events (geomean) | min | max |")
print("|---|---:|---:|---:|---:|")
allv = []
for m, v in sorted(by.items()):
    allv += v
    print(f"| {m} | {len(v)} | {math.exp(sum(map(math.log, v)) / len(v)):.3f} | {min(v):.3f} | {max(v):.3f} |")
if allv:
    print(f"| all | {len(allv)} | {math.exp(sum(map(math.log, allv)) / len(allv)):.3f} | {min(allv):.3f} | {max(allv):.3f} |")
print("rows ok:", sum(r["status"] == "ok" for r in rows), "of", len(rows))
PY
stamp end
