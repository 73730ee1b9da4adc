#!/usr/bin/env python3
"""rs11 fp16: per case, csr_auto's event time against the faster of csr and csr_balanced (above
1: csr_auto faster) and, on 2:4 matrices, csr_auto / nm, from a `sparsebench run` results.jsonl
(every row validated by the run). Criterion (fp16.yaml): no case below 0.90.
    fp16.py RESULTS.jsonl"""
import json
import math
import sys


def main():
    cases = {}
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if r.get("status") != "ok" or not r.get("event_median_ms"):
            continue
        key = (r["matrix"], r["target_sparsity"], r["N"])
        cases.setdefault(key, {})[r["kernel"]] = (r["event_median_ms"], r["variant"])
    print("| case | N | csr ms | csr_balanced ms | csr_auto ms | best fixed / csr_auto | "
          "csr_auto / nm | csr_auto's rule |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    ratios, nm = [], []
    for (m, s, n), k in sorted(cases.items()):
        if "csr_auto" not in k:
            continue
        auto = k["csr_auto"][0]
        fixed = min(k[x][0] for x in ("csr", "csr_balanced") if x in k)
        ratios.append(fixed / auto)
        nm_r = ""
        if "nm" in k:
            nm.append(auto / k["nm"][0])
            nm_r = f"{nm[-1]:.3f}"
        cell = lambda x: f"{k[x][0]:.4f}" if x in k else ""  # noqa: E731
        print(f"| {m} {s:g} | {n} | {cell('csr')} | {cell('csr_balanced')} | {auto:.4f} | "
              f"{fixed / auto:.3f} | {nm_r} | {k['csr_auto'][1].split(' -> ')[0]} |")
    gm = math.exp(sum(map(math.log, ratios)) / len(ratios))
    print(f"\n{len(ratios)} cases: best fixed / csr_auto geomean {gm:.3f}, "
          f"lowest {min(ratios):.3f}; below 0.90: {sum(x < 0.9 for x in ratios)}")
    if nm:
        print(f"2:4: csr_auto / nm {min(nm):.3f}-{max(nm):.3f}; nm slower on "
              f"{sum(x < 1 for x in nm)} of {len(nm)}")


if __name__ == "__main__":
    main()
