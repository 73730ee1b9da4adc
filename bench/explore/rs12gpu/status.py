#!/usr/bin/env python3
"""rs12 e: nm against csr_auto at fp16 over several sb_sweep outputs (variants auto, auto2, nm):
per case the paired median of auto / nm with its bootstrap interval (nm7/paired.py's), the
resolution as the control's widest deviation over all cases, and counts of nm faster / tie /
slower by N band (1-4, 5-8, 9-32, 33 and up).
    status.py SWEEP.jsonl[.gz] ..."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds  # noqa: E402


def band(n):
    return "1-4" if n <= 4 else "5-8" if n <= 8 else "9-32" if n <= 32 else ">= 33"


def main():
    cases = {}
    for path in sys.argv[1:]:
        for key, rounds in load_rounds(path).items():
            cases[(os.path.basename(path), key)] = rounds
    rng = random.Random(0)
    rows, res = [], 0.0
    for (src, (m, n)), rounds in sorted(cases.items(), key=lambda c: (c[0][1][1], c[0][1][0])):
        rs = rounds.values()
        ctl = [r["auto"] / r["auto2"] for r in rs if "auto" in r and "auto2" in r]
        v = [r["auto"] / r["nm"] for r in rs if "auto" in r and "nm" in r]
        if not v:
            continue
        if ctl:
            res = max(res, abs(interval(ctl, rng)[0] - 1))
        rows.append((m, n, interval(v, rng)))
    counts = {}
    print("| matrix | N | csr_auto / nm | verdict |\n|---|---:|---:|---|")
    for m, n, (med, lo, hi) in rows:
        verdict = "faster" if lo > 1 + res else "slower" if hi < 1 - res else "tie"
        c = counts.setdefault(band(n), {"faster": 0, "tie": 0, "slower": 0})
        c[verdict] += 1
        print("| %s | %d | %.3f [%.2f, %.2f] | %s |" % (m, n, med, lo, hi, verdict))
    print("\nRESOLUTION = %.3f\n\n| N | cases | nm faster | tie | nm slower |\n|---|---:|---:|---:|---:|"
          % res)
    for b in ("1-4", "5-8", "9-32", ">= 33"):
        if b in counts:
            c = counts[b]
            print("| %s | %d | %d | %d | %d |" % (b, sum(c.values()), c["faster"], c["tie"],
                                                  c["slower"]))


main()
