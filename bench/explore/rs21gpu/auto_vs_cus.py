#!/usr/bin/env python3
"""rs21 h: csr_auto against cuSPARSE per pruning method, back to back (b2b_ms against the anchor's
kernel_ms on the same .smtx patterns): geometric mean, worst layer, layers under 1.0x.
    auto_vs_cus.py SWEEP.jsonl CUSPARSE.jsonl..."""
import json, math, sys
from collections import defaultdict
ours = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["status"] == "ok" and r.get("b2b_ms", -1) > 0 and r["label"] == "auto":
        ours[(r["matrix"], r["N"])] = (r["b2b_ms"], r["model"])
cus = {}
for p in sys.argv[2:]:
    for line in open(p):
        a = json.loads(line)
        if a.get("status") == "ok":
            cus[(a["matrix"], a["N"])] = a["kernel_ms"]
by = defaultdict(list)
for k, (t, model) in ours.items():
    if k in cus:
        by[model].append((cus[k] / t, k[0]))
print("| method | layers | csr_auto vs cuSPARSE | worst | under 1.0x |")
print("|---|---:|---:|---:|---:|")
allv = []
for m in sorted(by):
    v = [x for x, _ in by[m]]
    allv += v
    print("| %s | %d | %.3fx | %.2fx (%s) | %d |" % (m, len(v), math.exp(sum(map(math.log, v)) / len(v)),
          min(v), min(by[m])[1], sum(x < 1 for x in v)))
if allv:
    print("| all | %d | %.3fx | %.2fx | %d |" % (len(allv), math.exp(sum(map(math.log, allv)) / len(allv)),
          min(allv), sum(x < 1 for x in allv)))
