#!/usr/bin/env python3
"""nm8 tile2: per held-out case (tile2-held.yaml), csr_auto's event time over nm's (the gather), over
nm_tile at BM 32 TN 2 (t32tn2) and at 64 x 64 (t64), and t32tn2 against the gather, paired by round
with bootstrap 95% intervals (nm7/paired.py); "rule" marks the cases tile-short takes (M <= 1584,
1.5 x 2^20 <= M x K < 3 x 2^20, as written in tile2-held.yaml before the run).
    tile2.py SWEEP.jsonl[.gz]"""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds  # noqa: E402

rng = random.Random(0)
rows = load_rounds(sys.argv[1])
res = 0.0
print("| case | N | M x K | rule | csr_auto / gather | csr_auto / t32tn2 | csr_auto / t64 | "
      "gather / t32tn2 [95%] |")
print("|---|---:|---:|---|---:|---:|---:|---|")
for case in sorted(rows):
    rounds = list(rows[case].values())
    res = max(res, abs(statistics.median([r["auto"] / r["auto2"] for r in rounds]) - 1))
    m, k = (int(x) for x in case[0].split("-")[1].split("_")[0].split("x"))
    rule = m <= 1584 and 1.5 * 2**20 <= m * k < 3 * 2**20

    def med(lab):
        return statistics.median([r["auto"] / r[lab] for r in rounds])
    g = interval([r["nm"] / r["t32tn2"] for r in rounds], rng)
    print("| %s | %d | %.2f M | %s | %.3f | %.3f | %.3f | %.3f [%.3f, %.3f] |" % (
        case[0], case[1], m * k / 2**20, "yes" if rule else "no", med("nm"), med("t32tn2"),
        med("t64"), *g))
print("\nresolution (the control's widest deviation from 1): %.3f" % res)
