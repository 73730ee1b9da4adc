#!/usr/bin/env python3
"""nm8-cpu: paired ratios from `sb_sweep --rounds K` output against one baseline label.

Per matrix and N, per round (rows of that round only, every row ok: sb_sweep validated each):
BASE's event time / each other label's (above 1: that variant is faster than BASE); the median
over rounds with a bootstrap 95% interval (nm7's paired.py: 2000 resamples, seed 0). The
control is auto / auto2 (csr_auto against itself) where both ran.
    vs.py SWEEP.jsonl[.gz] [BASE]   (BASE defaults to "rule": nm's model as it is)"""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds  # noqa: E402

rows = load_rounds(sys.argv[1])
base = sys.argv[2] if len(sys.argv) > 2 else "rule"
rng = random.Random(0)
labels = []
for key in rows:
    for t in rows[key].values():
        for lab in t:
            if lab not in labels:
                labels.append(lab)
others = [l for l in labels if l != base]
print(f"{base}'s event time / each label's (median over rounds [bootstrap 95%]); "
      f"ctl = auto / auto2\n")
print("| case | N | rounds | " + base + " ms | " + " | ".join(others) + " | ctl |")
print("|---|---:|---:|---:|" + "---|" * (len(others) + 1))
for key in sorted(rows, key=lambda k: (k[0], k[1])):
    rounds = [t for t in rows[key].values() if base in t]
    cells = []
    for lab in others:
        v = [t[base] / t[lab] for t in rounds if lab in t]
        if len(v) >= 2:
            m, lo, hi = interval(v, rng)
            cells.append(f"{m:.2f} [{lo:.2f}, {hi:.2f}]")
        else:
            cells.append("-")
    c = [t["auto"] / t["auto2"] for t in rounds if "auto" in t and "auto2" in t]
    ctl = "{:.2f} [{:.2f}, {:.2f}]".format(*interval(c, rng)) if len(c) >= 2 else "-"
    print(f"| {key[0]} | {key[1]} | {len(rounds)} | "
          f"{statistics.median(t[base] for t in rounds):.3f} | " + " | ".join(cells) + f" | {ctl} |")
