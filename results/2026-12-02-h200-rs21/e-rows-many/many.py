#!/usr/bin/env python3
"""rs21 e: per case, csr_auto's rule and its speed against the old rule 6 form ("rowsold") and
rows-many's form given explicitly ("many"), by per-run events and back to back (above 1: auto
faster); the median over rounds of each round's ratio. many.py SWEEP.jsonl"""
import json, statistics, sys
from collections import defaultdict
t = defaultdict(lambda: defaultdict(dict))
rule = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["status"] != "ok":
        continue
    k = (r["matrix"], r["N"])
    t[k][r["round"]][r["label"]] = (r["event_ms"], r.get("b2b_ms", -1))
    if r["label"] == "auto":
        rule[k] = r["variant"].split(" -> ")[0].replace("auto ", "")
print("| case | N | rule | auto ms | auto2/auto | rowsold/auto | many/auto | b2b rowsold/auto | b2b many/auto |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
fired = []
for k in sorted(t):
    rs = [v for v in t[k].values() if {"auto", "auto2", "rowsold", "many"} <= set(v)]
    if not rs:
        continue
    med = lambda l, i: statistics.median(v[l][i] / v["auto"][i] for v in rs)
    row = [med("auto2", 0), med("rowsold", 0), med("many", 0), med("rowsold", 1), med("many", 1)]
    print("| %s | %d | %s | %.4f | %s |" % (k[0], k[1], rule[k], statistics.median(v["auto"][0] for v in rs),
                                     " | ".join("%.3f" % x for x in row)))
    if rule[k] == "rows-many":
        fired.append(row)
if fired:
    gm = lambda xs: statistics.geometric_mean(xs)
    print(f"\nrows-many fired on {len(fired)}: rowsold/auto per run geomean {gm([f[1] for f in fired]):.3f} "
          f"(min {min(f[1] for f in fired):.3f}, below 0.98: {sum(f[1] < 0.98 for f in fired)}); back to back "
          f"{gm([f[3] for f in fired]):.3f} (min {min(f[3] for f in fired):.3f}, below 0.98: {sum(f[3] < 0.98 for f in fired)})")
