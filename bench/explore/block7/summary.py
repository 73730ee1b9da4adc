#!/usr/bin/env python3
"""block7: per matrix and N, each variant's event median (median over the paired rounds), its
ratio to csr_auto's (above 1: faster than auto) and cuSPARSE's kernel_ms over it.
usage: summary.py OUT_DIR (reads tune.jsonl, held.jsonl, cus-*.jsonl)"""
import json, os, statistics, sys

out = sys.argv[1]
cus = {}
for name in os.listdir(out):
    if name.startswith("cus-") and name.endswith(".jsonl"):
        for line in open(os.path.join(out, name)):
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("status") == "ok":
                cus[(r["matrix"], int(r["N"]))] = r["kernel_ms"]
for part in ("tune", "held"):
    path = os.path.join(out, part + ".jsonl")
    if not os.path.exists(path):
        continue
    t = {}
    stats = {}
    auto_variant = {}
    bad = 0
    for line in open(path):
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if r.get("status") != "ok" or r.get("event_ms", -1) <= 0:
            bad += 1
            continue
        key = (r["matrix"], int(r["N"]))
        t.setdefault(key, {}).setdefault(r["label"], []).append(r["event_ms"])
        stats[key] = (r["row_mean"], r["row_cv"], r.get("variant", ""))
        if r["label"] == "auto":
            auto_variant[key] = r.get("variant", "")[:22]
    print(f"## {part} ({bad} rows not ok or without events)\n")
    labels = ["auto", "r8", "r8u4", "r16", "r4", "s2", "s4", "s8"]
    print("| case | N | mean | cv | auto us | " + " | ".join(l + "/auto" for l in labels[1:]) +
          " | best | cuSPARSE/auto | auto's choice |")
    print("|---|---:|---:|---:|---:|" + "---:|" * (len(labels) - 1) + "---|---:|---|")
    for key in sorted(t):
        m = {l: statistics.median(v) for l, v in t[key].items()}
        if "auto" not in m:
            continue
        a = m["auto"]
        cells = [f"{a / m[l]:.2f}" if l in m else "" for l in labels[1:]]
        best = min(m, key=m.get)
        c = cus.get(key)
        mean, cv, _ = stats[key]
        print(f"| {key[0]} | {key[1]} | {mean:.0f} | {cv:.2f} | {a * 1000:.1f} | " +
              " | ".join(cells) + f" | {best} | {c / a:.2f} | {auto_variant.get(key, '')} |" if c else
              f"| {key[0]} | {key[1]} | {mean:.0f} | {cv:.2f} | {a * 1000:.1f} | " +
              " | ".join(cells) + f" | {best} | | {auto_variant.get(key, '')} |")
    print()
