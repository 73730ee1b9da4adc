#!/usr/bin/env python3
"""rs19: paired ratios from sb_sweep --rounds output. For each pair BASE:VARIANT given, per matrix
and N, per round: BASE's event time / VARIANT's (above 1: VARIANT faster), the median over rounds
and the lowest and highest round. Rounds count only where both rows are ok.

    pipe.py FILE.jsonl BASE:VARIANT ...
"""
import json
import statistics
import sys
from collections import defaultdict

rows = defaultdict(dict)
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("status") == "ok" and r.get("event_ms", -1) > 0:
        rows[(r["matrix"], r["N"], r["round"])][r["label"]] = r["event_ms"]
cases = sorted({(m, n) for (m, n, _) in rows})
pairs = [p.split(":") for p in sys.argv[2:]]
print("| matrix | N | " + " | ".join(f"{a}/{b}" for a, b in pairs) + " |")
print("|---|---:|" + "---:|" * len(pairs))
allr = defaultdict(list)
for m, n in cases:
    cells = []
    for a, b in pairs:
        rs = [v[a] / v[b] for (mm, nn, _), v in rows.items() if (mm, nn) == (m, n) and a in v and b in v]
        if not rs:
            cells.append("")
            continue
        med = statistics.median(rs)
        allr[(a, b)].append(med)
        cells.append(f"{med:.3f} [{min(rs):.2f}, {max(rs):.2f}] n={len(rs)}")
    print(f"| {m} | {n} | " + " | ".join(cells) + " |")
print()
for (a, b), v in allr.items():
    g = 1.0
    for x in v:
        g *= x
    print(f"{a}/{b}: {len(v)} cases, geomean of medians {g ** (1 / len(v)):.3f}, "
          f"min {min(v):.3f}, max {max(v):.3f}, above 1.02: {sum(x > 1.02 for x in v)}, "
          f"below 0.98: {sum(x < 0.98 for x in v)}")
