#!/usr/bin/env python3
"""Our kernels (a `sparsebench run` results folder: event_median_ms, the kernel time) against
cuSPARSE CSR (bench/anchors/torch_smtx.py on the same patterns) by kernel time on both sides.

  cusparse_table.py cases SUITE_DIR PATTERN_DIR > cases.txt
      the (pattern file, N) pairs the suite measured, for torch_smtx.py --cases
  cusparse_table.py table SUITE_DIR ANCHOR.jsonl [--kernel csr_auto] [--group model|band]
                    [--title T] [--out FILE]
      per-case ratios (cuSPARSE ms / ours; above 1: ours faster), then per group (DLMC: the model,
      i.e. pruning method; synthetic: sparsity band) and N the geometric mean and the worst case,
      against each cuSPARSE timing the anchor took:
        kernel_ms       GPU time per call, calls queued back to back (no host gaps): primary
        call_ms         CUDA events around one call (includes PyTorch's dispatch gaps)
        spmm_kernel_ms  cuSPARSE's SpMM kernel alone (profiler), without PyTorch's other kernels

  cusparse_table.py compare SUITE_DIR --a KERNEL --b KERNEL[,KERNEL...] [--title T] [--out FILE]
      kernel A against the best of the B kernels on every (matrix, N) both ran ok, by kernel time:
      ratio = best B ms / A ms (above 1: A faster); e.g. nm against csr_auto on the 2:4 matrices,
      or csr_auto against the best fixed CSR kernel (--a csr_auto --b csr,csr_balanced,csr_tile)

Each takes --device-index P:D: the suite's rows of that device only, needed where the suite ran on
more than one device (the anchor times one GPU; without it such a suite is refused).

Pattern files are named as sb_sweep --patterns names them: MODEL__LAYER for a model's layer,
NAME_s<sparsity> for a synthetic matrix, NAME otherwise.
"""
import argparse
import csv
import json
import math
import os
import sys
from collections import defaultdict

TIMINGS = ("kernel_ms", "call_ms", "spmm_kernel_ms")
SUMMARY_RULE = "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|"  # under the summary's header


def stem_of(row):
    if row.get("model"):
        return f"{row['model']}__{row['matrix']}"
    if row.get("source") == "synthetic" and row.get("target_sparsity") not in ("", None):
        return f"{row['matrix']}_s{float(row['target_sparsity']):g}"
    return row["matrix"]


def suite_rows(folder, kernels, device_index=None):
    """The suite's rows of these kernels, of one device: the anchor times one GPU, so a suite that
    ran on several (a selection such as `nvidia` on a two-GPU machine) needs --device-index P:D;
    its rows would otherwise count twice against one anchor."""
    path = os.path.join(folder, "results.csv")
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["kernel"] in kernels]
    devices = sorted({(r.get("device_index", ""), r.get("device", "")) for r in rows})
    if device_index is not None:
        rows = [r for r in rows if r.get("device_index") == device_index]
        if not rows:
            sys.exit(f"cusparse_table.py: {path} has no {'/'.join(kernels)} row of device "
                     f"{device_index} (it has {', '.join(f'{i} {n}' for i, n in devices) or 'none'})")
    elif len(devices) > 1:
        sys.exit(f"cusparse_table.py: {path} has rows of {len(devices)} devices "
                 f"({', '.join(f'{i} {n}' for i, n in devices)}); cuSPARSE timed one GPU: give "
                 "--device-index P:D (bench/vs_cusparse.sh: --device P:D for the suite)")
    return rows


def band(s):
    for b in (0.5, 0.7, 0.8, 0.9, 0.95, 0.98):
        if s < b + 0.025:
            return f"{round(b * 100)}%"
    return "99%"


def gmean(v):
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float("nan")


def cmd_cases(a):
    seen = defaultdict(set)
    for r in suite_rows(a.suite, [a.kernel], a.device_index):
        if r["status"] == "ok":
            seen[os.path.join(a.patterns, stem_of(r) + ".smtx")].add(int(r["N"]))
    for path, ns in sorted(seen.items()):
        print(path, ",".join(str(n) for n in sorted(ns)))
    return 0


def cmd_table(a):
    anchor = {}
    with open(a.anchor) as f:
        for line in f:
            if line.startswith("{"):
                r = json.loads(line)
                if r.get("status") == "ok":
                    anchor[(r["matrix"], int(r["N"]))] = r
    cases, missing, bad = [], [], []
    for r in suite_rows(a.suite, [a.kernel], a.device_index):
        key = (stem_of(r), int(r["N"]))
        if r["status"] != "ok":
            bad.append(f"{key[0]} N={key[1]}: {r['status']} {r['message'][:100]}")
            continue
        if key not in anchor:
            missing.append(f"{key[0]} N={key[1]}")
            continue
        ours = float(r["event_median_ms"])
        b2b = float(r["batch_event_ms"]) if r.get("batch_event_ms") else None
        an = anchor[key]
        group = (r["model"] or "") if a.group == "model" else band(float(r["sparsity"]))
        cases.append({"stem": key[0], "N": key[1], "group": group, "ours": ours,
                      "M": r["M"], "K": r["K"], "sparsity": float(r["sparsity"]),
                      "variant": r["variant"],
                      **{t: an[t] / ours for t in TIMINGS if an.get(t)},
                      **({"b2b": an["kernel_ms"] / b2b, "ours_b2b": b2b}
                         if b2b and an.get("kernel_ms") else {}),
                      **{"cus_" + t: an[t] for t in TIMINGS if an.get(t)}})
    out = [f"# {a.title}", "",
           f"Ours: `{a.kernel}` rows of {a.suite} (event_median_ms: kernel time). cuSPARSE: "
           f"{a.anchor}. Ratio = cuSPARSE ms / ours (above 1: ours faster). Primary: kernel_ms "
           "(cuSPARSE's GPU time per call, calls back to back); call_ms = events around one call "
           "(what issue 14 measured, PyTorch's dispatch gaps included); spmm = cuSPARSE's SpMM "
           "kernel alone; b2b = kernel_ms over our batch_event_ms (our runs back to back too, the "
           "device's span by events: the same method on both sides).", ""]
    groups = sorted({(c["group"], c["N"]) for c in cases}, key=lambda g: (g[0], g[1]))
    out += ["| group | N | cases | geomean (kernel_ms) | worst (kernel_ms) | geomean (call_ms) | "
            "worst (call_ms) | geomean (spmm) | worst (spmm) | geomean (b2b) | worst (b2b) |",
            SUMMARY_RULE]
    def summary(sel):
        cells = []
        for t in TIMINGS + ("b2b",):
            v = [c[t] for c in sel if t in c]
            if not v:
                cells += ["", ""]
                continue
            w = min(sel, key=lambda c: c.get(t, float("inf")))
            cells += [f"{gmean(v):.2f}x", f"{w[t]:.2f}x" + (f" ({w['stem']} N={w['N']})"
                                                             if t == "kernel_ms" else "")]
        return cells
    for g in groups:
        sel = [c for c in cases if (c["group"], c["N"]) == g]
        out.append(f"| {g[0]} | {g[1]} | {len(sel)} | " + " | ".join(summary(sel)) + " |")
    by_group = sorted({c["group"] for c in cases})
    for g in by_group:
        sel = [c for c in cases if c["group"] == g]
        out.append(f"| {g} | all | {len(sel)} | " + " | ".join(summary(sel)) + " |")
    out.append(f"| all | all | {len(cases)} | " + " | ".join(summary(cases)) + " |")
    out += ["", "## Per case", "",
            "| case | M x K | N | sparsity | ours ms | cuSPARSE kernel_ms | ratio | call_ms ratio "
            "| spmm ratio | ours b2b ms | b2b ratio | our variant |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for c in sorted(cases, key=lambda c: (c["group"], c["stem"], c["N"])):
        out.append(f"| {c['stem']} | {c['M']}x{c['K']} | {c['N']} | {c['sparsity']:.3f} | "
                   f"{c['ours']:.5g} | {c.get('cus_kernel_ms', float('nan')):.5g} | "
                   f"{c.get('kernel_ms', float('nan')):.2f} | {c.get('call_ms', float('nan')):.2f} | "
                   f"{c.get('spmm_kernel_ms', float('nan')):.2f} | "
                   f"{c.get('ours_b2b', float('nan')):.5g} | {c.get('b2b', float('nan')):.2f} | "
                   f"{c['variant'][:70]} |")
    if missing or bad:
        out += ["", "## Not compared", ""]
        out += [f"- no cuSPARSE time: {m}" for m in missing[:50]]
        out += [f"- ours not ok: {b}" for b in bad[:50]]
    text = "\n".join(out) + "\n"
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    # the summary table last on stdout (what a truncated log keeps)
    print(f"== {a.title}: {len(cases)} cases, {len(missing)} without cuSPARSE, {len(bad)} not ok")
    i = out.index(SUMMARY_RULE)
    print("\n".join([out[i - 1]] + out[i + 1:i + 1 + len(groups) + len(by_group) + 1]))
    return 1 if bad else 0


def cmd_compare(a):
    b_kernels = a.b.split(",")
    times = defaultdict(dict)  # (stem, N) -> kernel -> (ms, variant)
    info = {}
    for r in suite_rows(a.suite, [a.a] + b_kernels, a.device_index):
        if r["status"] == "ok":
            key = (stem_of(r), int(r["N"]))
            times[key][r["kernel"]] = (float(r["event_median_ms"] or r["median_ms"]), r["variant"])
            info[key] = r
    rows = []
    for key, t in sorted(times.items()):
        bs = [(t[k][0], k) for k in b_kernels if k in t]
        if a.a not in t or not bs:
            continue
        best_ms, best_k = min(bs)
        rows.append((best_ms / t[a.a][0], key, t[a.a][0], best_k, best_ms, t[a.a][1]))
    out = [f"# {a.title}", "", f"{a.a} against the best of {', '.join(b_kernels)} on each case both ran "
           f"ok (kernel time: event_median_ms). Ratio = best other ms / {a.a} ms (above 1: {a.a} "
           "faster).", "",
           f"| case | N | {a.a} ms | best other | ms | ratio | {a.a} variant |",
           "|---|---:|---:|---|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r[1][0]} | {r[1][1]} | {r[2]:.5g} | {r[3]} | {r[4]:.5g} | {r[0]:.2f} | "
                   f"{r[5][:70]} |")
    ratios = [r[0] for r in rows]
    summary = (f"{len(rows)} cases: geomean {gmean(ratios):.2f}x, worst {min(ratios):.2f}x "
               f"({min(rows)[1][0]} N={min(rows)[1][1]}), {sum(x >= 1 for x in ratios)} at or "
               f"above 1, {sum(x < 0.9 for x in ratios)} below 0.9") if rows else "no common cases"
    out += ["", summary]
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(out) + "\n")
    print(f"== {a.title}: {summary}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cases")
    c.add_argument("suite")
    c.add_argument("patterns")
    c.add_argument("--kernel", default="csr_auto")
    c.add_argument("--device-index", help="P:D: the suite's rows of this device only")
    t = sub.add_parser("table")
    t.add_argument("suite")
    t.add_argument("anchor")
    t.add_argument("--kernel", default="csr_auto")
    t.add_argument("--group", choices=["model", "band"], default="band")
    t.add_argument("--title", default="ours vs cuSPARSE")
    t.add_argument("--out")
    t.add_argument("--device-index", help="P:D: the suite's rows of this device only")
    m = sub.add_parser("compare")
    m.add_argument("suite")
    m.add_argument("--a", required=True)
    m.add_argument("--b", required=True)
    m.add_argument("--title", default="kernel against kernel")
    m.add_argument("--out")
    m.add_argument("--device-index", help="P:D: the suite's rows of this device only")
    a = ap.parse_args(argv)
    return {"cases": cmd_cases, "table": cmd_table, "compare": cmd_compare}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
