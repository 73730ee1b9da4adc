#!/usr/bin/env python3
"""smalln5: where N = 256 loses its lead. For every case csr_auto and cuSPARSE ran at both N = 256
and 1024 (sb_sweep's tune/held-a/held-b stages and the job's cusparse-*.jsonl), each side's time
as fixed + per-column cost through the two points: t(N) = intercept + slope * N (us). A fixed part
that does not shrink with N takes a larger share at N = 256.

  intercept.py JOB_OUT
"""
import glob
import gzip
import json
import math
import os
import sys


def lines(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt") as f:
        for line in f:
            try:
                yield json.loads(line)
            except ValueError:
                pass


def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main():
    out = sys.argv[1]
    anc = {}
    for p in glob.glob(os.path.join(out, "cusparse-*.jsonl")):
        for d in lines(p):
            if d.get("status") == "ok":
                anc[(d["matrix"], d["N"])] = d["kernel_ms"] * 1000
    t, rule, feat = {}, {}, {}
    for s in ("tune", "held-a", "held-b"):
        paths = [p for p in (os.path.join(out, s + ".jsonl"), os.path.join(out, s + ".jsonl.gz"))
                 if os.path.exists(p)]
        for d in (x for p in paths[:1] for x in lines(p)):
            if d.get("label") == "auto" and d["status"] == "ok":
                t[(d["matrix"], d["N"])] = d["event_ms"] * 1000
                rule[(d["matrix"], d["N"])] = d["variant"].split(" ->")[0][5:]
                feat[d["matrix"]] = d
    print("| case | rule at 256 | ours 256 / 1024 us | ours: fixed us, us per 1000 columns | "
          "cuSPARSE: fixed, per 1000 | x at 256 | x at 1024 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    fixed, cfixed, slopes = [], [], []
    for m in sorted(feat, key=lambda m: (feat[m]["M"], m)):
        k1, k4 = (m, 256), (m, 1024)
        if not all(k in t and k in anc for k in (k1, k4)):
            continue
        s = (t[k4] - t[k1]) / 768
        i = t[k1] - 256 * s
        cs = (anc[k4] - anc[k1]) / 768
        ci = anc[k1] - 256 * cs
        fixed.append(i)
        cfixed.append(ci)
        slopes.append(cs / s)
        print(f"| {m} | {rule[k1]} | {t[k1]:.1f} / {t[k4]:.1f} | {i:.1f}, {1000 * s:.1f} | "
              f"{ci:.1f}, {1000 * cs:.1f} | {anc[k1] / t[k1]:.2f} | {anc[k4] / t[k4]:.2f} |")
    if fixed:
        fixed.sort()
        cfixed.sort()
        print(f"\n{len(fixed)} cases: our fixed part {fixed[0]:.1f}-{fixed[-1]:.1f} us (median "
              f"{fixed[len(fixed) // 2]:.1f}), cuSPARSE's {cfixed[0]:.1f}-{cfixed[-1]:.1f} us (median "
              f"{cfixed[len(cfixed) // 2]:.1f}); per-column cost, cuSPARSE / ours: geomean "
              f"{gm(slopes):.2f} ({min(slopes):.2f}-{max(slopes):.2f})")


if __name__ == "__main__":
    main()
