#!/usr/bin/env python3
"""rs21 g: per case, csr_auto's rule, KSPLIT and row mean, and k2/auto, k4/auto, k2/k4 (median
over rounds of per-round time ratios: above 1 the second faster), per-run events and back to
back; then the verdict for rule R3 (rules.md). split_held.py SWEEP.jsonl"""
import json, math, re, statistics, sys
from collections import defaultdict
t = defaultdict(lambda: defaultdict(dict))
meta = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["status"] != "ok":
        continue
    k = (r["matrix"], r["N"])
    t[k][r["round"]][r["label"]] = (r["event_ms"], r.get("b2b_ms", -1))
    if r["label"] == "auto":
        m = re.search(r"KSPLIT=(\d+)", r["variant"])
        meta[k] = (r["variant"].split(" -> ")[0].replace("auto ", ""), int(m.group(1)) if m else 0, r["row_mean"])
print("| case | N | rule | KSPLIT | row mean | auto ms | auto2/auto | k2/auto | k4/auto | k2/k4 | b2b k2/k4 |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
fired, below = [], []
for k in sorted(t):
    rs = [v for v in t[k].values() if {"auto", "auto2", "k2", "k4"} <= set(v)]
    if not rs or k not in meta:
        continue
    med = lambda a, b, i: statistics.median(v[a][i] / v[b][i] for v in rs)
    rule, ks, mean = meta[k]
    x = (med("k2", "k4", 0), med("k2", "k4", 1))
    print("| %s | %d | %s | %d | %.0f | %.4f | %.3f | %.3f | %.3f | %.3f | %.3f |" % (
        k[0], k[1], rule, ks, mean, statistics.median(v["auto"][0] for v in rs), med("auto2", "auto", 0),
        med("k2", "auto", 0), med("k4", "auto", 0), x[0], x[1]))
    if rule == "split" and mean >= 96 and k[1] <= 2048:
        fired.append(x)
    elif rule == "split" and k[1] <= 2048:
        below.append(x)
for name, xs in (("R3 fires (rows >= 96, N <= 2048)", fired), ("split, rows under 96", below)):
    if xs:
        print("\n%s: %d cases, k2/k4 per run geomean %.3f (min %.3f, below 0.98: %d), back to back %.3f (min %.3f, below 0.98: %d)" % (
            name, len(xs), math.exp(sum(math.log(a) for a, _ in xs) / len(xs)), min(a for a, _ in xs),
            sum(a < 0.98 for a, _ in xs), math.exp(sum(math.log(b) for _, b in xs) / len(xs)),
            min(b for _, b in xs), sum(b < 0.98 for _, b in xs)))
