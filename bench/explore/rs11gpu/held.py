#!/usr/bin/env python3
"""rs11 held out: a kernel with a rule (new build) against the same kernel without it (old build),
from stages run alternately (old, new, old, new): sb_sweep's rows (variants auto and auto2) or
`sparsebench run`'s results.jsonl (fp16, which sb_sweep does not measure).
Per case: each stage's median event time over its rounds (auto and auto2 pooled); ratio =
median of the old stages' medians / median of the new stages' (above 1: the rule faster). The
resolution is the widest stage-to-stage deviation of the same build over all cases (old1 / old2,
new1 / new2); a case is "faster" above 1 + resolution, "slower" below 1 - resolution.
    held.py [--kernel K] [--rule R] OLD1 NEW1 OLD2 NEW2   (.jsonl or .jsonl.gz)
K: the kernel whose rows are compared (default csr_auto); R: the text in the new build's variant
that says the rule under test fired (default rows-shared: csr_auto's block rule; a parameter such
as VEC=4 where the rule changes one)."""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import sweep_rows  # noqa: E402


def stage(path, kernel):
    """(matrix, N) -> (median event ms over kernel's ok rows, its variant)."""
    times, variant = {}, {}
    for r in sweep_rows(path):
        ms = r.get("event_ms", r.get("event_median_ms", -1)) or -1
        if r.get("status") != "ok" or ms <= 0 or r.get("kernel", "csr_auto") != kernel:
            continue
        name = r["matrix"]
        if "round" not in r:  # a run's row: the sparsity is its own column
            name += f"_s{r['target_sparsity']:g}"
        key = (name, r["N"])
        times.setdefault(key, []).append(ms)
        variant[key] = r.get("variant", "")
    return {k: (statistics.median(v), variant[k]) for k, v in times.items()}


def main():
    args, kernel, rule_text = sys.argv[1:], "csr_auto", "rows-shared"
    while args and args[0] in ("--kernel", "--rule"):
        if args[0] == "--kernel":
            kernel = args[1]
        else:
            rule_text = args[1]
        args = args[2:]
    old1, new1, old2, new2 = (stage(p, kernel) for p in args[:4])
    keys = sorted(set(old1) & set(new1) & set(old2) & set(new2))
    res = max(max(abs(old1[k][0] / old2[k][0] - 1), abs(new1[k][0] / new2[k][0] - 1))
              for k in keys)
    print(f"resolution (widest same-build stage-to-stage deviation): {res:.3f}\n")
    print("| case | N | old ms | new ms | old / new | verdict | new rule |")
    print("|---|---:|---:|---:|---:|---|---|")
    counts = {"faster": 0, "slower": 0, "tie": 0}
    worst = None
    for k in keys:
        o = statistics.median([old1[k][0], old2[k][0]])
        n = statistics.median([new1[k][0], new2[k][0]])
        ratio = o / n
        rule = new1[k][1].split(" -> ")[0]
        fires = rule_text in new1[k][1]
        verdict = "faster" if ratio > 1 + res else "slower" if ratio < 1 - res else "tie"
        if fires:
            counts[verdict] += 1
            worst = ratio if worst is None else min(worst, ratio)
        print(f"| {k[0]} | {k[1]} | {o:.4f} | {n:.4f} | {ratio:.3f} | "
              f"{verdict if fires else '(rule not fired)'} | {rule} |")
    lowest = "none" if worst is None else f"{worst:.3f}"
    print(f"\nwhere the rule fires: {counts['faster']} faster, {counts['tie']} tie, "
          f"{counts['slower']} slower; lowest old / new {lowest}")


if __name__ == "__main__":
    main()
