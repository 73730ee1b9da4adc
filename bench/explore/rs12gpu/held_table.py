#!/usr/bin/env python3
"""rs12: the held-out table of nm's fp16-as-fp32 rule, from sb_sweep --rounds output (held_gen.py's
variants: auto, auto2, nm, new, old).

Per matrix and N, per round (rows of the same round; every row ok: sb_sweep validated it): old / new
(above 1: the rule faster), csr_auto / new and csr_auto / nm; medians over rounds with bootstrap
95% intervals (nm7/paired.py's). Resolution: the control auto / auto2's widest median deviation
from 1. The rule is "faster" on a case when old / new's interval lies above 1 + resolution,
"slower" below 1 - resolution, else "tie". The criterion (held/README.md, committed before the
run): no case's median old / new below 0.98, and more cases faster than slower.
    held_table.py SWEEP.jsonl[.gz] ..."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds  # noqa: E402


def main():
    cases = {}
    for path in sys.argv[1:]:
        cases.update(load_rounds(path))
    rng = random.Random(0)
    rows, res = [], 0.0
    for key in sorted(cases, key=lambda c: (c[0], c[1])):
        rounds = cases[key].values()
        def ratio(a, b):
            v = [r[a] / r[b] for r in rounds if a in r and b in r]
            return interval(v, rng) if v else None
        ctl = ratio("auto", "auto2")
        if ctl:
            res = max(res, abs(ctl[0] - 1))
        rows.append((key, ctl, ratio("old", "new"), ratio("auto", "new"), ratio("auto", "nm")))
    fmt = lambda c: "%.3f [%.2f, %.2f]" % c if c else ""
    print("| matrix | N | control | old / new | verdict | csr_auto / new | csr_auto / nm |")
    print("|---|---:|---:|---:|---|---:|---:|")
    faster = slower = 0
    low = None
    for (m, n), ctl, on, an, am in rows:
        verdict = ""
        if on:
            verdict = ("faster" if on[1] > 1 + res else "slower" if on[2] < 1 - res else "tie")
            faster += verdict == "faster"
            slower += verdict == "slower"
            low = on[0] if low is None else min(low, on[0])
        print("| %s | %d | %s | %s | %s | %s | %s |" % (m, n, "%.3f" % ctl[0] if ctl else "",
                                                     fmt(on), verdict, fmt(an), fmt(am)))
    print("\nRESOLUTION = %.3f; %d cases: %d faster, %d tie, %d slower; lowest old / new %s"
          % (res, len(rows), faster, len(rows) - faster - slower, slower,
             "%.3f" % low if low is not None else "-"))
    ok = low is not None and low >= 0.98 and faster > slower
    print("CRITERION (no median below 0.98, more faster than slower): %s" % ("MET" if ok else
                                                                          "FAILED"))


main()
