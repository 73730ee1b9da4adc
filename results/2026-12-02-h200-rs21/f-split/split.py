#!/usr/bin/env python3
"""rs21 f: per case, csr_auto's KSPLIT and each explicit KSPLIT's speed against csr_auto (median
over rounds of the per-round ratio auto/kX, above 1 the form faster), per-run events and back to
back; then what split_for would pick at other AUTO_SPLIT_ITEMS and the ratio of that form over
the one it picks at 3072. split.py SWEEP.jsonl"""
import json, math, re, statistics, sys
from collections import defaultdict

def pow2_floor(x):
    p = 1
    while p * 2 <= x and p < (1 << 20):
        p *= 2
    return p

def split_for(M, N, row_mean, items, cu=132):  # src/kernels/csr_auto.c split_for
    col = 32 if N / 2.0 < 32 else ((N // 2 + 31) // 32) * 32.0
    want = items * cu / (M * col)
    k = pow2_floor(want)
    if want >= 1.5 * k:
        k *= 2
    return max(2, min(32, min(k, pow2_floor(row_mean / 4.0))))

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
        meta[k] = (r, r["variant"].split(" -> ")[0].replace("auto ", ""), int(m.group(1)) if m else 0)
ks = ["k2", "k4", "k8", "k16"]
print("| case | N | rule | KSPLIT | auto ms | auto2 | " + " | ".join(ks) + " | b2b " + " | b2b ".join(ks) + " |")
print("|---|---:|---|---:|---:|---:|" + "---:|" * 8)
ratio = {}
for k in sorted(t):
    rs = [v for v in t[k].values() if {"auto", "auto2", *ks} <= set(v)]
    if not rs or k not in meta:
        continue
    med = lambda l, i: statistics.median(v["auto"][i] / v[l][i] for v in rs)
    ratio[k] = {l: (med(l, 0), med(l, 1)) for l in ks}
    r, rule, kk = meta[k]
    print("| %s | %d | %s | %d | %.4f | %.3f | %s | %s |" % (k[0], k[1], rule, kk,
          statistics.median(v["auto"][0] for v in rs), 1 / med("auto2", 0),
          " | ".join("%.3f" % ratio[k][l][0] for l in ks), " | ".join("%.3f" % ratio[k][l][1] for l in ks)))
print()
for items in (3072, 4096, 5000, 6144, 8192):
    ch = []
    for k, (r, rule, kk) in meta.items():
        if rule != "split" or k not in ratio:
            continue
        k0 = split_for(r["M"], r["N"], r["row_mean"], 3072)
        k1 = split_for(r["M"], r["N"], r["row_mean"], items)
        if k1 != k0 and "k%d" % k1 in ks:
            a, b = ratio[k]["k%d" % k1], ratio[k]["k%d" % k0]
            ch.append((a[0] / b[0], a[1] / b[1]))
    if ch:
        print("AUTO_SPLIT_ITEMS %d: changes %d cases; new/old per run geomean %.3f (min %.3f, below 0.98: %d), back to back %.3f (min %.3f, below 0.98: %d)" % (
            items, len(ch), math.exp(sum(math.log(c[0]) for c in ch) / len(ch)), min(c[0] for c in ch),
            sum(c[0] < 0.98 for c in ch), math.exp(sum(math.log(c[1]) for c in ch) / len(ch)),
            min(c[1] for c in ch), sum(c[1] < 0.98 for c in ch)))
    else:
        print("AUTO_SPLIT_ITEMS %d: changes nothing here" % items)
