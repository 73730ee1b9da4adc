#!/usr/bin/env python3
"""pocl6: issue 14's PoCL check from `sparsebench run` results (check-run.yaml), one or more runs.
Per run and case: csr_auto's speedup_vs_dense / the best fixed CSR kernel's (csr, csr_balanced,
csr_tile, those the run has), and csr_auto's / csr's. Each speedup divides the CLBlast baseline timed run for run beside that kernel, so the
ratio is paired through the baseline (a host that drifts between kernels hits each kernel and its
baseline alike). Below 1: csr_auto slower than the best fixed kernel; the check wants >= 1/1.1.

    check_run.py RUN_DIR ...
"""
import csv
import statistics
import sys

FIXED = ("csr", "csr_balanced", "csr_tile")


def main():
    per = {}
    for d in sys.argv[1:]:
        rows = list(csv.DictReader(open(d + "/results.csv")))
        bad = [r for r in rows if r["status"] != "ok"]
        if bad:
            print("%s: %d rows not ok" % (d, len(bad)))
        by = {}
        for r in rows:
            if r["status"] == "ok":
                by.setdefault((r["matrix"], r["N"]), {})[r["kernel"]] = r
        for key, k in by.items():
            if "csr_auto" not in k or "csr" not in k:
                continue
            sp = lambda name: float(k[name]["speedup_vs_dense"])
            best = max((f for f in FIXED if f in k), key=sp)
            e = per.setdefault(key, {"rel": [], "csr": [], "best": [],
                                     "variant": k["csr_auto"]["variant"]})
            e["rel"].append(sp("csr_auto") / sp(best))
            e["csr"].append(sp("csr_auto") / sp("csr"))
            e["best"].append(best)
    print("| matrix | N | csr_auto's choice | runs | csr_auto / csr, by speedup (median, min-max) "
          "| csr_auto / best fixed (median, min-max) | best fixed (runs) | within 10% (every run) |")
    print("|---|---|---|---|---|---|---|---|")
    for (m, N), e in sorted(per.items(), key=lambda kv: (int(kv[0][1]), kv[0][0])):
        bests = {b: e["best"].count(b) for b in sorted(set(e["best"]))}
        print("| %s | %s | %s | %d | %.3f (%.3f-%.3f) | %.3f (%.3f-%.3f) | %s | %s |" % (
            m, N, e["variant"].split(":")[0], len(e["rel"]), statistics.median(e["csr"]),
            min(e["csr"]), max(e["csr"]), statistics.median(e["rel"]),
            min(e["rel"]), max(e["rel"]), ", ".join("%s %d" % kv for kv in bests.items()),
            "yes" if min(e["rel"]) >= 1 / 1.1 else "NO"))


if __name__ == "__main__":
    main()
