#!/usr/bin/env python3
"""nm9 fp16: CSR / nm by event time (kernel time) per case, CSR the faster of csr and
csr_balanced (csr_auto has no fp16 version), from two `sparsebench run` result folders of the
same config (above 1: nm faster), each run's ratio; only rows with status ok (every one
validated by the run).
    fp16_table.py RUN1_DIR RUN2_DIR"""
import csv
import os
import sys


def ratios(folder):
    t = {}
    for r in csv.DictReader(open(os.path.join(folder, "results.csv"))):
        if r["status"] == "ok" and r["kernel"] in ("nm", "csr", "csr_balanced"):
            t.setdefault((r["matrix"], int(r["N"])), {})[r["kernel"]] = float(r["event_median_ms"])
    return {k: min(v["csr"], v["csr_balanced"]) / v["nm"] for k, v in t.items() if len(v) == 3}


def main():
    a, b = ratios(sys.argv[1]), ratios(sys.argv[2])
    keys = sorted(set(a) & set(b), key=lambda k: (k[1], k[0]))
    print("| case | N | best CSR / nm, run 1 | run 2 | verdict |")
    print("|---|---:|---:|---:|---|")
    n = {"faster": 0, "slower": 0, "unclear": 0}
    for k in keys:
        lo, hi = min(a[k], b[k]), max(a[k], b[k])
        v = "faster" if lo > 1.03 else "slower" if hi < 0.97 else "unclear"
        n[v] += 1
        print(f"| {k[0]} | {k[1]} | {a[k]:.3f} | {b[k]:.3f} | {v} |")
    print(f"\n{len(keys)} cases: nm faster in both runs by more than 3% on {n['faster']}, "
          f"slower in both by more than 3% on {n['slower']}, unclear on {n['unclear']}")


if __name__ == "__main__":
    main()
