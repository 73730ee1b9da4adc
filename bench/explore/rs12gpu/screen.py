#!/usr/bin/env python3
"""rs12: the fp16 small-N screen's table, from sb_sweep --rounds output (gen.py's variants).

Per matrix and N, per round: csr_auto's event time / each nm variant's (above 1: nm faster than
csr_auto), from rows of the same round (every row ok: sb_sweep validated it); the median over
rounds with a bootstrap 95% interval (nm7/paired.py's). The control auto / auto2 (the identical
kernel) gives the resolution: its widest median deviation from 1 over all cases.
    screen.py [--labels A,B,...] SWEEP.jsonl[.gz] ...   (labels: gen.py's by default)"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds  # noqa: E402

LABELS = ["nm", "nmx", "f32", "f32w", "u4", "k2", "kh"]


def main():
    global LABELS
    args = sys.argv[1:]
    if args[:1] == ["--labels"]:
        LABELS, args = args[1].split(","), args[2:]
    cases = {}
    for path in args:
        cases.update(load_rounds(path))
    rng = random.Random(0)
    out, res = [], 0.0
    for (m, n) in sorted(cases, key=lambda c: (c[0], c[1])):
        rounds = cases[(m, n)].values()
        def ratio(label):
            v = [r["auto"] / r[label] for r in rounds if "auto" in r and label in r]
            return interval(v, rng) if v else None
        ctl = ratio("auto2")
        if ctl:
            res = max(res, abs(ctl[0] - 1))
        cells = {l: ratio(l) for l in LABELS}
        best = max((l for l in LABELS if cells[l]), key=lambda l: cells[l][0], default="")
        out.append((m, n, ctl, cells, best))
    print("csr_auto / variant (median over rounds [95% interval]); above 1: nm faster\n")
    print("| matrix | N | control | " + " | ".join(LABELS) + " | best |")
    print("|---|---:|---:|" + "---:|" * len(LABELS) + "---|")
    for m, n, ctl, cells, best in out:
        fmt = lambda c: "%.3f [%.2f, %.2f]" % c if c else ""
        print("| %s | %d | %s | %s | %s |" % (m, n, "%.3f" % ctl[0] if ctl else "",
                                            " | ".join(fmt(cells[l]) for l in LABELS), best))
    print("\nRESOLUTION = %.3f (the control's widest deviation)" % res)


main()
