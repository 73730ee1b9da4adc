#!/usr/bin/env python3
"""smalln5-1 summary: each sb_sweep stage's variants against csr_auto (geometric mean of
auto/variant over the cases both ran ok: above 1 = the variant is faster); against cuSPARSE
(kernel_ms, the job's own anchors first, older ones on the same patterns where the job's were
cut) per sparsity band and N for csr_auto, the best variant per case (oracle) and csr_auto with a
variant put in wherever csr_auto runs the row blocks or the row split (a candidate rule); the
gather's effective rate (nnz x N x 4 bytes / kernel time) on the row-block cases.

  summary.py --out JOB_OUT [--brief] [--anchors FILE.jsonl ...]
  summary.py --out JOB_OUT --ab     (smalln5-2: csr_auto against the 8-row choice, ab-*.jsonl)
"""
import argparse
import collections
import glob
import gzip
import json
import math
import os

STAGES = ["tune", "held-a", "held-b", "held-c", "held-n512", "gale", "dlmc-b8", "tiny"]
ANCHORED = ["tune", "held-a", "held-b", "held-c", "held-n512", "gale"]


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
            c["rule"] = d.get("variant", "").split(" ->")[0].replace("auto ", "")
        if d["status"] == "ok":
            c["t"][d["label"]] = d["event_ms"]
    return cases


def labels_of(cases):
    out = []
    for c in cases.values():
        for lab in c["t"]:
            if lab not in out:
                out.append(lab)
    return out


def variants_vs(cases, base="auto"):
    out = []
    for lab in labels_of(cases):
        r = [c["t"][base] / c["t"][lab] for c in cases.values() if base in c["t"] and lab in c["t"]]
        if r:
            out.append((lab, len(r), gm(r), min(r), max(r), sum(x > 1.0 for x in r)))
    return out


def anchors(paths):
    a = {}
    for p in paths:  # later files win: the job's own anchors come last
        if not os.path.exists(p):
            continue
        for d in read(p):
            if d.get("status") == "ok":
                a[(d["matrix"], d["N"])] = d["kernel_ms"]
    return a


def band(c):
    return f"{round(100 * c['feat']['target_sparsity'])}%"


def rule_time(c, lab):
    """csr_auto with lab where it runs the row blocks or the row split."""
    t = c["t"]
    if "auto" not in t:
        return None
    if c.get("rule") in ("rows", "split", "rows-wide", "rows-lockstep") and lab in t:
        return t[lab]
    return t["auto"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--brief", action="store_true")
    ap.add_argument("--anchors", nargs="*", default=[])
    ap.add_argument("--ab", action="store_true")
    a = ap.parse_args()
    if a.ab:
        return ab(a.out)
    stages = [s for s in STAGES if os.path.exists(os.path.join(a.out, s + ".jsonl"))]
    data = {s: by_case(read(os.path.join(a.out, s + ".jsonl"))) for s in stages}
    anc = anchors(a.anchors + sorted(glob.glob(os.path.join(a.out, "cusparse-*.jsonl"))))
    for s in stages:
        cases = data[s]
        st = collections.Counter(x for c in cases.values() for x in c["status"].values())
        print(f"\n## {s}: {len(cases)} cases, statuses {dict(st)}")
        if a.brief and s not in ("tune",):
            continue
        print("\n| variant | cases | auto/variant geomean | min | max | faster in |")
        print("|---|---:|---:|---:|---:|---:|")
        for lab, n, g, lo, hi, wins in variants_vs(cases):
            print(f"| {lab} | {n} | {g:.3f} | {lo:.3f} | {hi:.3f} | {wins} |")
    # candidate rules: ranked on the tuning set only
    tune = data.get("tune", {})
    cands = sorted((lab for lab in labels_of(tune) if lab != "auto"),
                   key=lambda lab: -gm([rule_time(c, "auto") / rule_time(c, lab)
                                        for c in tune.values() if rule_time(c, lab)] or [0.0001]))
    top = cands[:5]
    print(f"\n## against cuSPARSE (kernel_ms / ours): csr_auto, the oracle, and csr_auto with a "
          f"variant where it runs rows/split (ranked on tune only: {', '.join(top)})")
    hdr = "| set | band | N | cases | auto | oracle | " + " | ".join(f"auto+{t}" for t in top) + " |"
    print("\n" + hdr)
    print("|---|---|---:|---:|---:|---:|" + "---:|" * len(top))
    for s in ANCHORED:
        if s not in data:
            continue
        groups = collections.OrderedDict()
        for (m, n), c in data[s].items():
            cu = anc.get((m, n))
            if cu and "auto" in c["t"]:
                groups.setdefault((band(c), n), []).append((cu, c))
        for (b, n), lst in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            auto = gm([cu / c["t"]["auto"] for cu, c in lst])
            orc = gm([cu / min(c["t"].values()) for cu, c in lst])
            cols = []
            for lab in top:
                xs = [cu / rule_time(c, lab) for cu, c in lst]
                cols.append(f"{gm(xs):.3f} ({min(xs):.2f})")
            print(f"| {s} | {b} | {n} | {len(lst)} | {auto:.3f} ({min(cu / c['t']['auto'] for cu, c in lst):.2f}) "
                  f"| {orc:.3f} | " + " | ".join(cols) + " |")
    if not a.brief:
        print("\n## row-block cases of csr_auto: the gather's effective rate (nnz x N x 4 B / event time)")
        print("\n| set | case | N | rule | auto us | TB/s | best | best us | TB/s |")
        print("|---|---|---:|---|---:|---:|---|---:|---:|")
        for s in ("tune", "held-a", "gale"):
            for (m, n), c in data.get(s, {}).items():
                t = c["t"]
                if "auto" not in t:
                    continue
                byts = c["feat"]["nnz"] * n * 4
                best = min(t, key=t.get)
                print(f"| {s} | {m} | {n} | {c.get('rule', '')} | {1000 * t['auto']:.1f} | "
                      f"{byts / t['auto'] / 1e9:.2f} | {best} | {1000 * t[best]:.1f} | "
                      f"{byts / t[best] / 1e9:.2f} |")
    reg = os.path.join(a.out, "registers.txt")
    if os.path.exists(reg):
        print("\n## registers (ptxas -v on the driver's PTX, sm_90): csr_spmm")
        for line in open(reg):
            if line.startswith("csr_spmm") and (not a.brief or "VPT4" in line):
                print("  " + line.strip()[:230])


def ab(out):
    """csr_auto (as landed) against r8, the choice its rule 'rows-tall' replaced: time r8 / auto
    (above 1: the landed choice is faster), on the cases the rule takes and on the others."""
    print("| set | cases | rule | r8 / auto geomean | min | max | auto faster in |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for path in sorted(glob.glob(os.path.join(out, "ab-*.jsonl"))):
        cases = by_case(read(path))
        for tall in (True, False):
            r = [c["t"]["r8"] / c["t"]["auto"] for c in cases.values()
                 if "r8" in c["t"] and "auto" in c["t"] and (c.get("rule") == "rows-tall") == tall]
            if r:
                print(f"| {os.path.basename(path)[3:-6]} | {len(r)} | "
                      f"{'rows-tall' if tall else 'other'} | {gm(r):.3f} | {min(r):.3f} | "
                      f"{max(r):.3f} | {sum(x > 1 for x in r)} |")


if __name__ == "__main__":
    main()
