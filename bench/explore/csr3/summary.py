#!/usr/bin/env python3
"""csr3-1 summary: per case csr_auto's choice against the best variant of the grid, both against
cuSPARSE kernel_ms (re-measured in the job; the old anchor of the committed Transformer study
beside it), per band and N geometric means, and per variant its geometric mean against auto.

  summary.py --out JOB_OUT [--old RESULTS_DIR]
"""
import argparse, json, math, os, sys
from collections import defaultdict


def load(p):
    rows = []
    try:
        for line in open(p):
            if line.lstrip().startswith("{"):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    except OSError:
        pass
    return rows


def gm(v):
    v = [x for x in v if x and x > 0]
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float("nan")


def band(s):
    for b in (0.5, 0.7, 0.8, 0.9, 0.95, 0.98):
        if s < b + 0.025:
            return f"{round(b * 100)}%"
    return "99%"


def anchors(paths):
    a = {}
    for p in paths:
        for r in load(p):
            if r.get("status") == "ok" and r.get("kernel_ms"):
                a[(r["matrix"], int(r["N"]))] = r["kernel_ms"]
    return a


def cases_of(rows):
    c = defaultdict(dict)
    var = {}
    for r in rows:
        if r.get("status") != "ok" or not r.get("event_ms"):
            continue
        k = (r["matrix"], int(r["N"]))
        c[k][r["label"]] = r["event_ms"]
        if r["label"] == "auto":
            var[k] = r.get("variant", "")
        c[k]["_s"] = r.get("sparsity", r.get("target_sparsity", 0))
    return c, var


def short(v):
    v = v.replace("auto ", "").replace("csr_spmm_balanced ", "").replace("csr_spmm_rowblock ", "")
    return v.replace("csr_spmm_tile ", "")[:70]


def report(name, rows, new, old, out, brief=False):
    c, var = cases_of(rows)
    if not c:
        out.append(f"\n## {name}: no rows\n")
        return
    out.append(f"\n## {name} ({len(c)} cases)\n")
    out.append("| case | N | auto us | auto's choice | best | best us | auto/best | cuSP new us | cuSP old us | auto x | best x |")
    out.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|")
    by = defaultdict(lambda: defaultdict(list))
    per_var = defaultdict(list)
    per_var_band = defaultdict(lambda: defaultdict(list))
    for k in sorted(c, key=lambda k: (k[1], band(c[k]["_s"]), k[0])):
        v = {l: t for l, t in c[k].items() if l != "_s"}
        if "auto" not in v:
            continue
        best = min(v, key=v.get)
        cn, co = new.get(k), old.get(k)
        ax = (cn / v["auto"]) if cn else float("nan")
        bx = (cn / v[best]) if cn else float("nan")
        b = band(c[k]["_s"])
        g = by[(b, k[1])]
        g["auto/best"].append(v["auto"] / v[best])
        if cn:
            g["auto x"].append(ax)
            g["best x"].append(bx)
        for l, t in v.items():
            per_var[l].append(v["auto"] / t)
            per_var_band[(b, k[1])][l].append(v["auto"] / t)
        if brief:
            continue
        out.append(f"| {k[0]} | {k[1]} | {v['auto']*1e3:.1f} | {short(var.get(k, ''))} | {best} | "
                   f"{v[best]*1e3:.1f} | {v['auto']/v[best]:.3f} | {cn*1e3 if cn else float('nan'):.1f} | "
                   f"{co*1e3 if co else float('nan'):.1f} | {ax:.2f} | {bx:.2f} |")
    out.append(f"\n### {name}: by band and N (x = cuSPARSE new kernel_ms / ours)\n")
    out.append("| band | N | cases | auto x | oracle x | auto/oracle | top variants (geomean auto/variant, min) |")
    out.append("|---|---:|---:|---:|---:|---:|---|")
    for key in sorted(by):
        g = by[key]
        pv = per_var_band[key]
        n = len(g["auto/best"])
        top = sorted(((gm(x), min(x), l) for l, x in pv.items() if len(x) == n), reverse=True)[:5]
        out.append(f"| {key[0]} | {key[1]} | {n} | {gm(g['auto x']):.3f} | {gm(g['best x']):.3f} | "
                   f"{gm(g['auto/best']):.3f} | " + ", ".join(f"{l} {a:.3f}/{m:.2f}" for a, m, l in top) + " |")
    out.append(f"\n### {name}: every variant, geomean of auto/variant over all cases it ran (>1: faster than auto)\n")
    out.append("| variant | cases | geomean | min | max |")
    out.append("|---|---:|---:|---:|---:|")
    for l, x in sorted(per_var.items(), key=lambda i: -gm(i[1]))[:12 if brief else 99]:
        out.append(f"| {l} | {len(x)} | {gm(x):.3f} | {min(x):.3f} | {max(x):.3f} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--old", default="")
    ap.add_argument("--brief", action="store_true", help="no per-case rows, top 12 variants")
    a = ap.parse_args()
    new = anchors([os.path.join(a.out, "cusparse.jsonl")])
    old = anchors([os.path.join(a.old, d, "cusparse.jsonl") for d in ("N256", "N2048")]) if a.old else {}
    both = [k for k in new if k in old]
    out = ["# csr3-1: csr_auto against a grid of variants (H200, event_ms; cuSPARSE kernel_ms)"]
    if both:
        out.append(f"\ncuSPARSE re-measured vs the committed anchor on {len(both)} common cases: "
                   f"geomean new/old {gm([new[k] / old[k] for k in both]):.3f}, "
                   f"range {min(new[k] / old[k] for k in both):.3f}-{max(new[k] / old[k] for k in both):.3f}")
    for name in ("dlmc-b1", "dlmc-b8", "tbig256", "tnm", "t2048", "t256"):
        report(name, load(os.path.join(a.out, name + ".jsonl")), new, old, out,
               a.brief or name.startswith("dlmc"))
    print("\n".join(out))


if __name__ == "__main__":
    main()
