#!/usr/bin/env python3
"""pocl6: paired, interleaved ratios from `sb_sweep --rounds K` (bench/sweep.c) output.

Per matrix and N, per round: csr's event median / each other variant's (above 1: the variant is
faster), from rows of the same round only (within a round the variants ran one after the other,
tens of ms apart, so a host that switches throughput for minutes hits them alike). A round counts
only when every variant's row is ok (each validated by sb_sweep before and after its timed runs).
Reported: the median over rounds and a bootstrap 95% interval of that median (rounds resampled,
2000 times, percentile interval, seed 0).

The control: csr / csr_copy, the identical kernel. Its widest deviation from 1 over all cases
(max of 1 - lo, hi - 1) is the method's RESOLUTION. A variant is "faster" on a case when its
interval's lower bound is above 1 + resolution, "slower" when its upper bound is below
1 - resolution, else "tie".

Rule search (fixed before measuring): for each candidate (bal, bal_k4u4) and N, and each feature
(row_mean, row_cv), classes "feature >= T" over the observed values T. A class is a rule worth
keeping only if the candidate is "faster" on every case of the class in the tuned-on files AND on
every case of the class in the held-out files, with at least 2 held-out cases in the class.

With --rule-mean T [--rule-nnz-max X]: the check of a candidate rule written in a held-out set's
yaml before that set was measured (R1 in held2.yaml: T = 96; R2 in held3.yaml: T = 80,
X = 1000000): on the held-out cases at N = 1 with mean row >= T (and nnz <= X), (a) csr/bal_k4u4's
median >= 0.95 on every one and (b) bal_k4u4 'faster' on at least 3 of 4 of them.

    paired.py --tuned T1.jsonl ... --held H1.jsonl ... [--rule-mean T [--rule-nnz-max X]]
"""
import argparse
import json
import random
import statistics
import sys

LABELS = ["csr_copy", "auto", "bal", "bal_k4u4"]


def load(paths):
    cases, bad = {}, []
    for p in paths:
        for line in open(p):
            d = json.loads(line)
            key = (d["matrix"], d["N"])
            c = cases.setdefault(key, {"info": d, "rounds": {}})
            if d["status"] != "ok" or d["event_ms"] <= 0:
                bad.append((key, d["round"], d["label"], d["status"], d["message"]))
            c["rounds"].setdefault((p, d["round"]), {})[d["label"]] = d
    return cases, bad


def median_ci(xs, reps=2000, seed=0):
    rng = random.Random(seed)
    n = len(xs)
    meds = sorted(statistics.median(rng.choices(xs, k=n)) for _ in range(reps))
    return statistics.median(xs), meds[int(0.025 * reps)], meds[int(0.975 * reps) - 1]


def analyse(cases):
    out = []
    for (matrix, N), c in sorted(cases.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ratios = {x: [] for x in LABELS}
        n_rounds = 0
        for rows in c["rounds"].values():
            if "csr" not in rows or any(
                    l not in rows or rows[l]["status"] != "ok" or rows[l]["event_ms"] <= 0
                    for l in ["csr"] + LABELS):
                continue
            n_rounds += 1
            for x in LABELS:
                ratios[x].append(rows["csr"]["event_ms"] / rows[x]["event_ms"])
        if n_rounds < 5:
            print("paired.py: %s N=%d: only %d complete rounds, left out" % (matrix, N, n_rounds),
                  file=sys.stderr)
            continue
        i = c["info"]
        r = {"matrix": matrix, "N": N, "M": i["M"], "K": i["K"], "nnz": i.get("nnz", 0),
             "row_mean": i["row_mean"],
             "row_cv": i["row_cv"], "rounds": n_rounds,
             "csr_ms": statistics.median(
                 rows["csr"]["event_ms"] for rows in c["rounds"].values() if "csr" in rows)}
        for x in LABELS:
            r[x] = median_ci(ratios[x])
        out.append(r)
    return out


def verdict(ci, res):
    return "faster" if ci[1] > 1 + res else "slower" if ci[2] < 1 - res else "tie"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tuned", nargs="+", required=True)
    ap.add_argument("--held", nargs="+", required=True)
    ap.add_argument("--rule-mean", type=float)
    ap.add_argument("--rule-nnz-max", type=float, default=float("inf"))
    a = ap.parse_args()
    sets = {}
    allbad = []
    for name, paths in (("tuned", a.tuned), ("held", a.held)):
        cases, bad = load(paths)
        allbad += bad
        sets[name] = analyse(cases)
    every = sets["tuned"] + sets["held"]
    res = max(max(1 - r["csr_copy"][1], r["csr_copy"][2] - 1) for r in every)
    ctl = [r["csr_copy"] for r in every]
    print("Rows not ok: %d%s" % (len(allbad), "".join("\n  %s" % (b,) for b in allbad[:20])))
    print("Control csr/csr_copy (identical kernel): medians %.3f-%.3f, intervals within "
          "[%.3f, %.3f]; RESOLUTION = %.3f" % (min(c[0] for c in ctl), max(c[0] for c in ctl),
                                               min(c[1] for c in ctl), max(c[2] for c in ctl), res))
    fmt = lambda ci: "%.3f [%.3f, %.3f]" % ci
    for name in ("tuned", "held"):
        print("\n### %s\n" % name)
        print("| matrix | N | M x K | row mean | row cv | rounds | csr ms | control csr/csr_copy "
              "| csr/auto | csr/bal | csr/bal_k4u4 | bal | bal_k4u4 |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in sets[name]:
            print("| %s | %d | %dx%d | %.0f | %.2f | %d | %.4f | %s | %s | %s | %s | %s | %s |" % (
                r["matrix"], r["N"], r["M"], r["K"], r["row_mean"], r["row_cv"], r["rounds"],
                r["csr_ms"], fmt(r["csr_copy"]), fmt(r["auto"]), fmt(r["bal"]),
                fmt(r["bal_k4u4"]), verdict(r["bal"], res), verdict(r["bal_k4u4"], res)))
    print("\n### rule search (class: feature >= T; kept only if 'faster' on every tuned-on and "
          "every held-out case in it, >= 2 held-out)\n")
    found = 0
    for cand in ("bal", "bal_k4u4"):
        for N in sorted({r["N"] for r in every}):
            for feat in ("row_mean", "row_cv"):
                for T in sorted({r[feat] for r in every if r["N"] == N}):
                    cls = {s: [r for r in sets[s] if r["N"] == N and r[feat] >= T]
                           for s in sets}
                    if len(cls["held"]) < 2 or not cls["tuned"]:
                        continue
                    ok = all(verdict(r[cand], res) == "faster" for s in cls for r in cls[s])
                    if ok:
                        found += 1
                        print("- KEEPABLE: %s at N = %d when %s >= %.3g (%d tuned, %d held)" % (
                            cand, N, feat, T, len(cls["tuned"]), len(cls["held"])))
    if not found:
        print("- none: no class 'row_mean >= T' or 'row_cv >= T' has the candidate faster beyond "
              "the resolution on all its tuned-on and held-out cases")
    if a.rule_mean is not None:
        cls = [r for r in sets["held"] if r["N"] == 1 and r["row_mean"] >= a.rule_mean and
               r["nnz"] <= a.rule_nnz_max]
        n_fast = sum(verdict(r["bal_k4u4"], res) == "faster" for r in cls)
        low = [r["matrix"] for r in cls if r["bal_k4u4"][0] < 0.95]
        ok = bool(cls) and not low and 4 * n_fast >= 3 * len(cls)
        print("\n### rule (N = 1, row_mean >= %g, nnz <= %g -> bal_k4u4) on the held-out set: "
              "%s\n" % (a.rule_mean, a.rule_nnz_max, "KEPT" if ok else "REJECTED"))
        print("- %d cases in the class; bal_k4u4 faster on %d; median under 0.95 on: %s" % (
            len(cls), n_fast, ", ".join(low) or "none"))


if __name__ == "__main__":
    main()
