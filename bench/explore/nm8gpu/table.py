#!/usr/bin/env python3
"""nm8: per case (matrix, N), csr_auto's event time over each variant's, paired by round (above 1:
the variant is faster than csr_auto), median over rounds with a bootstrap 95% interval
(nm7/paired.py's loader and interval), the control auto/auto2, the resolution (the control's widest
deviation from 1 over all cases) and the KSPLIT nm's model picked (from its variant string).
    table.py SWEEP.jsonl[.gz]..."""
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds, sweep_rows  # noqa: E402

LABELS = ["nm", "k2", "k4", "k8", "k16", "k32", "k4u4"]


def model_ksplit(path):
    """(matrix, N) -> KSPLIT in nm's variant string (the model's choice)."""
    out = {}
    for r in sweep_rows(path):
        if r.get("label") == "nm" and r.get("status") == "ok":
            m = re.search(r"KSPLIT=(\d+)", r.get("variant", ""))
            out[(r["matrix"], r["N"])] = m.group(1) if m else "tile?"
    return out


def main():
    rng = random.Random(0)
    res, lines = 0.0, []
    for path in sys.argv[1:]:
        rows, ks = load_rounds(path), model_ksplit(path)
        for case in sorted(rows):
            rounds = [r for r in rows[case].values() if "auto" in r and "auto2" in r]
            ctl = interval([r["auto"] / r["auto2"] for r in rounds], rng)
            res = max(res, abs(ctl[0] - 1))
            us = sorted(r["auto"] for r in rounds)[len(rounds) // 2] * 1000
            cells = []
            for lab in LABELS:
                v = [r["auto"] / r[lab] for r in rounds if lab in r]
                cells.append("%.3f [%.3f, %.3f]" % interval(v, rng) if v else "-")
            lines.append("| %s | %d | %d | %.1f | %s | %s | %.3f [%.3f, %.3f] |" % (
                case[0], case[1], len(rounds), us, ks.get(case, "?"), " | ".join(cells), *ctl))
    print("resolution (the control's widest deviation from 1): %.3f\n" % res)
    print("| case | N | rounds | csr_auto us | model KSPLIT | " + " | ".join(
        "auto/" + l for l in LABELS) + " | control |")
    print("|---|---:|---:|---:|---:|" + "---|" * (len(LABELS) + 1))
    print("\n".join(lines))


main()
