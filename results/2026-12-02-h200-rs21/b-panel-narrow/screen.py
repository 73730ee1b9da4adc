#!/usr/bin/env python3
"""rs16: a screen's table from `sb_sweep --rounds K` output: per matrix and N, csr_auto's event
time over each variant's (median over rounds of the per-round ratio; above 1: the variant is
faster), the control auto/auto2, and the best variant.
    screen.py SWEEP.jsonl[.gz]..."""
import statistics
import sys
sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/nm7")
from paired import load_rounds  # noqa: E402

for path in sys.argv[1:]:
    rows = load_rounds(path)
    labels = sorted({l for rs in rows.values() for t in rs.values() for l in t} - {"auto", "auto2"})
    print(f"\n## {path}\n")
    print("| matrix | N | auto ms | auto/auto2 | " + " | ".join(labels) + " | best |")
    print("|---|---:|---:|---:|" + "---:|" * len(labels) + "---|")
    for key in sorted(rows):
        rounds = [t for t in rows[key].values() if "auto" in t]
        if not rounds:
            continue
        med = lambda l: statistics.median([t["auto"] / t[l] for t in rounds if l in t]) \
            if any(l in t for t in rounds) else float("nan")
        r = {l: med(l) for l in labels}
        best = max(r, key=lambda l: r[l] if r[l] == r[l] else -1)
        print("| %s | %d | %.4f | %.3f | %s | %s %.3f |" % (
            key[0], key[1], statistics.median(t["auto"] for t in rounds), med("auto2"),
            " | ".join("%.3f" % r[l] for l in labels), best, r[best]))
