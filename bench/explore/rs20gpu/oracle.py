#!/usr/bin/env python3
"""rs20: csr_auto against the best of its kernels' forms per case, back to back (sb_sweep --b2b's
b2b_ms), and both against cuSPARSE's kernel_ms on the same patterns.

  oracle.py SWEEP.jsonl [CUSPARSE.jsonl] [--floor-us F]

Per case: auto (csr_auto), ctl (csr_auto again: the control), best (the fastest of every other
variant, so a minimum over many noisy numbers: optimistic, an upper bound on what a choice
among them could give). Prints the geometric means of auto/ctl, auto/best and, with the anchor,
cuSPARSE/auto and cuSPARSE/best (above 1: ours faster), the variants that win most, and with
--floor-us the share of each side's time that is the empty kernel's back-to-back floor."""
import json
import math
import sys
from collections import Counter, defaultdict


def gm(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def main():
    args = sys.argv[1:]
    floor = None
    if "--floor-us" in args:
        i = args.index("--floor-us")
        floor = float(args[i + 1]) * 1e-3
        del args[i:i + 2]
    rows = defaultdict(dict)
    bad = 0
    for line in open(args[0]):
        r = json.loads(line)
        if r["status"] != "ok" or r.get("b2b_ms", -1) <= 0:
            bad += r["status"] != "ok"
            continue
        rows[(r["matrix"], r["N"])][r["label"]] = (r["b2b_ms"], r)
    cus = {}
    if len(args) > 1:
        for line in open(args[1]):
            a = json.loads(line)
            if a.get("status") == "ok":
                cus[(a["matrix"], a["N"])] = a["kernel_ms"]
    print(f"# csr_auto against the best of its forms, back to back ({len(rows)} cases, "
          f"{bad} rows not ok)\n")
    print("| case | N | auto us | ctl/auto | best us | best | auto/best | cuSPARSE us | "
          "cus/auto | cus/best |")
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    ctl, gain, va, vb, wins = [], [], [], [], Counter()
    for (m, n), v in sorted(rows.items()):
        if "auto" not in v:
            continue
        a = v["auto"][0]
        others = {k: t for k, (t, _) in v.items() if k not in ("auto", "auto_ctl")}
        if not others:
            continue
        bl = min(others, key=others.get)
        b = others[bl]
        wins[bl] += 1
        c = v["auto_ctl"][0] / a if "auto_ctl" in v else float("nan")
        if c == c:
            ctl.append(c)
        gain.append(a / b)
        cu = cus.get((m, n))
        if cu:
            va.append(cu / a)
            vb.append(cu / min(a, b))
        print(f"| {m} | {n} | {a * 1e3:.2f} | {c:.3f} | {b * 1e3:.2f} | {bl} | {a / b:.3f} | "
              + (f"{cu * 1e3:.2f} | {cu / a:.2f} | {cu / min(a, b):.2f} |" if cu else " | | |"))
    print()
    print(f"control ctl/auto: geomean {gm(ctl):.3f}, range {min(ctl):.3f}-{max(ctl):.3f}"
          if ctl else "control: none")
    print(f"auto/best: geomean {gm(gain):.3f}; best > 5% faster than auto on "
          f"{sum(g > 1.05 for g in gain)} of {len(gain)}")
    if va:
        print(f"vs cuSPARSE (kernel_ms / b2b): csr_auto {gm(va):.3f}x (worst {min(va):.2f}), "
              f"the best form per case {gm(vb):.3f}x (worst {min(vb):.2f}), {len(va)} cases")
    print("wins:", ", ".join(f"{k} {n}" for k, n in wins.most_common(8)))
    if floor:
        ours = [v["auto"][0] for v in rows.values() if "auto" in v]
        print(f"empty kernel back to back {floor * 1e3:.2f} us: csr_auto's median "
              f"{sorted(ours)[len(ours) // 2] * 1e3:.2f} us; floor share geomean "
              f"{gm([floor / t for t in ours]):.2f}")
        if cus:
            need = [cus[k] / 2 for k in rows if k in cus]
            print(f"2x cuSPARSE needs a median of {sorted(need)[len(need) // 2] * 1e3:.2f} us "
                  f"back to back ({sum(n <= floor for n in need)} of {len(need)} cases at or "
                  f"under the empty kernel's floor)")


if __name__ == "__main__":
    main()
