#!/usr/bin/env python3
"""pocl7: screen of one `sparsebench run` of configs/resnet50-dlmc-methods-cpu.yaml (issue 14's
PoCL check): rows ok per kernel, csr_auto's rule per layer (the text between "auto " and " ->" in
its variant), and the layers where csr_auto's kernel time (event_median_ms, as
bench/cusparse_table.py compare reads it) is more than 10% above the best fixed CSR kernel's.
Those single timings are noisy on the shared 2-core VM: the screen only picks the layers that
confirm.sh measures paired. Writes the candidate list (always with the three final_dense layers)
as TSV: model, layer, N, the fixed kernels that read faster than csr_auto.

    screen.py RESULTS_DIR [--fixed csr,csr_balanced,csr_tile] [--tsv CANDIDATES.tsv] > screen.md
"""
import argparse
import collections
import csv
import gzip
import json
import os

BOUND = 1.10


def rows_of(folder):
    for name, op in (("results.jsonl", open), ("results.jsonl.gz", gzip.open)):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            with op(p, "rt") as f:
                return [json.loads(l) for l in f if l.strip()]
    raise SystemExit("screen.py: no results.jsonl[.gz] in %s" % folder)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--fixed", default="csr,csr_balanced,csr_tile")
    ap.add_argument("--tsv")
    a = ap.parse_args()
    fixed = a.fixed.split(",")
    rows = rows_of(a.folder)
    status = collections.Counter((r["kernel"], r["status"]) for r in rows)
    print("Rows: %d; ok %d\n" % (len(rows), sum(r["status"] == "ok" for r in rows)))
    print("| kernel | ok | not ok |\n|---|---:|---:|")
    for k in sorted({r["kernel"] for r in rows}):
        print("| %s | %d | %d |" % (k, status[(k, "ok")], sum(v for (kk, s), v in status.items()
                                                               if kk == k and s != "ok")))
    t = collections.defaultdict(dict)
    for r in rows:
        if r["status"] == "ok":
            t[(r["model"], r["layer"], r["N"])][r["kernel"]] = r
    rules = collections.Counter()
    cands, table = [], []
    for key, k in sorted(t.items()):
        if "csr_auto" not in k:
            continue
        auto = k["csr_auto"]
        rule = auto["variant"].split(" ->")[0].replace("auto ", "")
        chosen = auto["variant"].split("-> ")[1].split(":")[0]
        rules[(rule, chosen)] += 1
        ms = lambda r: float(r["event_median_ms"] or r["median_ms"])
        fx = [(ms(k[f]), f) for f in fixed if f in k]
        if not fx:
            continue
        best_ms, best = min(fx)
        ratio = ms(auto) / best_ms
        faster = [f for m, f in sorted(fx) if m < ms(auto)]
        fd = key[1] == "final_dense"
        if ratio > BOUND or fd:
            table.append((key, auto, rule, chosen, ms(auto), best, best_ms, ratio, faster))
            cands.append((key, faster))
    print("\ncsr_auto's rule and kernel, layers: " + ", ".join(
        "%s -> %s: %d" % (r, c, n) for (r, c), n in sorted(rules.items())))
    n_layers = sum("csr_auto" in k for k in t.values())
    print("\nLayers where csr_auto's event time is more than %.0f%% above the best of %s (and the "
          "final_dense layers): %d of %d (%d beyond the bound)\n" %
          ((BOUND - 1) * 100, ", ".join(fixed), len(table), n_layers,
           sum(x[7] > BOUND for x in table)))
    print("| model | layer | N | row mean | nnz | rule -> kernel | csr_auto ms | best fixed | ms "
          "| csr_auto / best | read faster |")
    print("|---|---|---:|---:|---:|---|---:|---|---:|---:|---|")
    for key, auto, rule, chosen, am, best, bm, ratio, faster in table:
        print("| %s | %s | %d | %.0f | %d | %s -> %s | %.4g | %s | %.4g | %.2f | %s |" % (
            key[0], key[1], key[2], auto["nnz"] / auto["M"], auto["nnz"], rule, chosen, am, best,
            bm, ratio, ",".join(faster) or "-"))
    if a.tsv:
        with open(a.tsv, "w") as f:
            for (m, l, n), faster in cands:
                f.write("%s\t%s\t%d\t%s\n" % (m, l, n, ",".join(faster) or "-"))


if __name__ == "__main__":
    main()
