#!/usr/bin/env python3
"""csr4-1 summary: every sb_sweep stage's variants against csr_auto (geometric mean of auto/variant
over the cases both ran ok: above 1 = the variant is faster), the 4096^2 N = 4096 cases against
cuSPARSE (kernel_ms, re-timed in the job), and rule 3b's cases (row blocks vs row split) by the
row-length cv and whether N leaves a ragged last column tile.

  summary.py --out JOB_OUT [--brief] [--anchors FILE.jsonl ...]
"""
import argparse
import collections
import glob
import gzip
import json
import math
import os

CUS = 132  # H200


def read(path):
    op = gzip.open if path.endswith(".gz") else open
    rows = []
    with op(path, "rt") as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except ValueError:
                pass  # a line cut by the stage's time limit
    return rows


def gm(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def by_case(rows):
    cases = collections.OrderedDict()
    for d in rows:
        if "label" not in d:
            continue
        c = cases.setdefault((d["matrix"], d["N"]), {"feat": d, "t": {}, "status": {}})
        c["status"][d["label"]] = d["status"]
        if d["label"] == "auto":
            c["auto"] = d.get("variant", "").split(" ->")[0].replace("auto ", "")
        if d["status"] == "ok":
            c["t"][d["label"]] = d["event_ms"]
    return cases


def variants_vs(cases, base="auto"):
    labels = []
    for c in cases.values():
        for lab in c["t"]:
            if lab not in labels:
                labels.append(lab)
    out = []
    for lab in labels:
        r = [c["t"][base] / c["t"][lab] for c in cases.values() if base in c["t"] and lab in c["t"]]
        if r:
            out.append((lab, len(r), gm(r), min(r), max(r), sum(x > 1.0 for x in r)))
    return out


def anchors(paths):
    a = {}
    for p in paths:
        for d in read(p):
            if d.get("status") == "ok":
                a[(d["matrix"], d["N"])] = d["kernel_ms"]
    return a


def rule3b(f):
    rb = ((f["M"] + 7) // 8) * ((f["N"] + 127) // 128)
    return 2 * CUS <= rb < 4 * CUS and f["row_mean"] >= 64 and f["N"] <= 2048


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--brief", action="store_true")
    ap.add_argument("--anchors", nargs="*", default=[])
    a = ap.parse_args()
    stages = [s for s in ["gale4096", "tf-held", "galeN", "gale256", "tsplit", "dlmc-b8", "dlmc-b1",
                          "tiny"]
              if os.path.exists(os.path.join(a.out, s + ".jsonl"))]
    data = {s: by_case(read(os.path.join(a.out, s + ".jsonl"))) for s in stages}
    anc = anchors(glob.glob(os.path.join(a.out, "cusparse-*.jsonl")) + a.anchors)
    for s in stages:
        if a.brief and s not in ("gale4096", "tf-held", "gale256"):
            continue
        cases = data[s]
        bad = collections.Counter(st for c in cases.values() for st in c["status"].values())
        print(f"\n## {s}: {len(cases)} cases, statuses {dict(bad)}")
        print("\n| variant | cases | auto/variant geomean | min | max | faster in |")
        print("|---|---:|---:|---:|---:|---:|")
        for lab, n, g, lo, hi, wins in variants_vs(cases):
            print(f"| {lab} | {n} | {g:.3f} | {lo:.3f} | {hi:.3f} | {wins} |")
    if "gale4096" in data or "tf-held" in data:
        for s in ("gale4096", "tf-held", "galeN", "gale256"):
            if s not in data or (a.brief and s == "tf-held"):
                continue
            print(f"\n## {s}: per case (ms; x = cuSPARSE kernel_ms / ours)")
            print("\n| case | N | auto | best variant | best ms | cuSPARSE | auto x | best x |")
            print("|---|---:|---:|---|---:|---:|---:|---:|")
            for (m, n), c in data[s].items():
                t = c["t"]
                if not t:
                    continue
                best = min(t, key=t.get)
                cu = anc.get((m, n))
                ax = f"{cu / t['auto']:.3f}" if cu and "auto" in t else ""
                bx = f"{cu / t[best]:.3f}" if cu else ""
                print(f"| {m} | {n} | {t.get('auto', float('nan')):.4f} | {best} | {t[best]:.4f} | "
                      f"{cu if cu else ''} | {ax} | {bx} |")
    for s in ("tsplit", "dlmc-b8", "dlmc-b1"):
        if s not in data:
            continue
        print(f"\n## {s}: rule 3b cases (2-4 row blocks per CU, rows >= 64, N <= 2048): "
              "split (b2k2u4) time / row blocks time (above 1: the row blocks are faster)")
        print("\n| case | M | N | ragged | mean | cv | max/mean | auto picks | split/r | split/rg | split/rgu4 | split/wg | split/b2k1u4 |")
        print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
        groups = collections.defaultdict(list)
        for (m, n), c in data[s].items():
            f, t = c["feat"], c["t"]
            if not rule3b(f) or "b2k2u4" not in t:
                continue
            r = {lab: t["b2k2u4"] / t[lab] for lab in ("r", "rg", "rgu4", "wg", "b2k1u4") if lab in t}
            rag = n % 128
            key = ("cv>=0.15" if f["row_cv"] >= 0.15 else "cv<0.15") + (" ragged" if rag else " whole")
            groups[key].append(r)
            if not a.brief:
                print(f"| {m} | {f['M']} | {n} | {rag} | {f['row_mean']:.0f} | {f['row_cv']:.3f} | "
                  f"{f['row_max'] / f['row_mean']:.2f} | {c.get('auto', '')} | "
                  + " | ".join(f"{r[lab]:.3f}" if lab in r else "" for lab in ("r", "rg", "rgu4", "wg", "b2k1u4"))
                      + " |")
        print(f"\n{s} by group (geomean split/rows; min-max):")
        for key in sorted(groups):
            line = [f"  {key}: {len(groups[key])} cases"]
            for lab in ("r", "rg", "rgu4", "wg", "b2k1u4"):
                xs = [r[lab] for r in groups[key] if lab in r]
                if xs:
                    line.append(f"{lab} {gm(xs):.3f} ({min(xs):.2f}-{max(xs):.2f})")
            print("; ".join(line))


if __name__ == "__main__":
    main()
