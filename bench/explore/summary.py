#!/usr/bin/env python3
"""Joins sb_sweep output (our kernel variants, event_ms) with torch_smtx.py output (cuSPARSE,
kernel_ms) on (matrix, N) and prints, as Markdown: per variant the geometric mean of
cuSPARSE / ours by sparsity band and N, the per-case oracle (best variant), and the worst cases.

  summary.py --ours A.jsonl [B.jsonl ...] --anchor X.jsonl [...] [--out FILE] [--title T]
"""
import argparse
import json
import math
import sys
from collections import defaultdict


def load(paths):
    rows = []
    for p in paths:
        try:
            with open(p) as f:
                for line in f:
                    line = line.strip()
                    if line.startswith("{"):
                        try:
                            rows.append(json.loads(line))
                        except json.JSONDecodeError:
                            pass
        except OSError as e:
            print(f"summary: {p}: {e}", file=sys.stderr)
    return rows


def band(s):
    for b in (0.5, 0.7, 0.8, 0.9, 0.95, 0.98):
        if s < b + 0.025:
            return f"{round(b * 100)}%"
    return "99%"


def gmean(v):
    v = [x for x in v if x > 0]
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float("nan")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", nargs="+", default=[])
    ap.add_argument("--anchor", nargs="*", default=[])
    ap.add_argument("--out")
    ap.add_argument("--title", default="sweep")
    a = ap.parse_args(argv)
    ours = load(a.ours)
    anchor = {}
    for r in load(a.anchor):
        if r.get("status") == "ok":
            anchor[(r["matrix"], r["N"])] = r["kernel_ms"]
    cases = defaultdict(dict)  # (matrix, N) -> label -> ms
    info = {}
    bad = defaultdict(list)
    for r in ours:
        key = (r["matrix"], r["N"])
        info[key] = r
        if r["status"] == "ok":
            cases[key][r["label"]] = r["event_ms"]
        elif r["status"] != "skipped":
            bad[r["label"]].append(f"{r['matrix']} N={r['N']}: {r['status']} {r['message'][:120]}")
    labels = sorted({l for c in cases.values() for l in c})
    out = [f"# {a.title}", ""]
    out.append(f"{len(cases)} cases, {sum(len(c) for c in cases.values())} ok measurements; "
               f"{sum(1 for k in cases if k in anchor)} with a cuSPARSE time. Ratio = cuSPARSE "
               "kernel_ms / our event_ms (above 1: ours faster).")
    out.append("")
    groups = defaultdict(list)  # (band, N) -> keys
    for k in cases:
        if k in anchor:
            groups[(band(info[k]["sparsity"]), k[1])].append(k)
    gkeys = sorted(groups, key=lambda g: (g[0], g[1]))
    head = "| variant | " + " | ".join(f"{b} N={n}" for b, n in gkeys) + " | all |"
    out += ["## Geometric mean ratio per variant (cases it ran ok)", "", head,
            "|---|" + "---:|" * (len(gkeys) + 1)]
    for l in labels + ["ORACLE"]:
        cells, allv = [], []
        for g in gkeys:
            v = []
            for k in groups[g]:
                ms = min(cases[k].values()) if l == "ORACLE" else cases[k].get(l)
                if ms:
                    v.append(anchor[k] / ms)
            allv += v
            cells.append(f"{gmean(v):.2f}" if v else "")
        out.append(f"| {l} | " + " | ".join(cells) + f" | {gmean(allv):.2f} |")
    out += ["", "## Per case: cuSPARSE, the best variant, ratio", "",
            "| matrix | M x K | N | sparsity | row cv | cuSPARSE ms | best | ms | ratio | 2nd |",
            "|---|---|---:|---:|---:|---:|---|---:|---:|---|"]
    worst = []
    for k in sorted(cases, key=lambda k: (k[0], k[1])):
        r, c = info[k], cases[k]
        if not c:
            continue
        order = sorted(c, key=c.get)
        best = order[0]
        an = anchor.get(k)
        ratio = an / c[best] if an else float("nan")
        second = f"{order[1]} {c[order[1]]:.4g}" if len(order) > 1 else ""
        out.append(f"| {k[0]} | {r['M']}x{r['K']} | {k[1]} | {r['sparsity']:.3f} | "
                   f"{r['row_cv']:.2f} | {an if an else '':.5} | {best} | {c[best]:.5g} | "
                   f"{ratio:.2f} | {second} |")
        if an:
            worst.append((ratio, k, best))
    worst.sort()
    out += ["", "## Worst 15 cases (oracle)", ""]
    out += [f"- {w[1][0]} N={w[1][1]}: {w[0]:.2f}x ({w[2]})" for w in worst[:15]]
    if bad:
        out += ["", "## Not ok", ""]
        for l, msgs in sorted(bad.items()):
            out.append(f"- {l}: {len(msgs)} cases, e.g. {msgs[0]}")
    text = "\n".join(out) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    # the short table last (what a truncated log keeps)
    i0 = out.index(head)
    print(f"== {a.title}")
    print("\n".join(l for l in out[i0:i0 + len(labels) + 3] if not l.startswith("|---")))
    for w in worst[:5]:
        print(f"worst: {w[1][0]} N={w[1][1]}: {w[0]:.2f}x ({w[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
