#!/usr/bin/env python3
"""nm against csr_auto from a `sparsebench run` of bench/nm-vs-csr.yaml, split into the cases nm's
model was fitted on and the held-out ones (by kernel time, event_median_ms; rows both `ok`):

  nm_split.py SUITE_DIR

ratio = csr_auto ms / nm ms (above 1: nm faster). Sets: tune = the encoder shapes (enc24-*) at
N = 1, 64, 256; held = the BERT-base shapes and 4096^2 (bert24-*) at N <= 512 and the encoder
shapes at N = 16, 128, 512; large = N >= 1024 (the tile path, unchanged by the model). Rows not ok
are listed, never compared."""
import csv
import math
import os
import sys

TUNE_N = {1, 64, 256}


def set_of(matrix, n):
    if n >= 1024:
        return "large"
    return "tune" if matrix.startswith("enc24") and n in TUNE_N else "held"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows = list(csv.DictReader(open(os.path.join(argv[1], "results.csv"))))
    by = {}
    bad = []
    for r in rows:
        if r["kernel"] not in ("nm", "csr_auto"):
            continue
        if r["status"] != "ok" or not r["event_median_ms"]:
            bad.append(r)
            continue
        by.setdefault((r["matrix"], int(r["N"])), {})[r["kernel"]] = r
    cases = sorted((k for k, v in by.items() if len(v) == 2),
                   key=lambda k: (["tune", "held", "large"].index(set_of(*k)), k[1], k[0]))
    print("# 2:4: nm against csr_auto by kernel time (csr_auto ms / nm ms; above 1: nm faster)\n")
    for r in bad:
        print(f"NOT OK: {r['matrix']} N={r['N']} {r['kernel']}: {r['status']} {r['message'][:160]}")
    print("| set | case | N | nm us | csr_auto us | ratio | nm variant | csr_auto variant |")
    print("|---|---|---:|---:|---:|---:|---|---|")
    per = {}
    for m, n in cases:
        a, b = by[(m, n)]["nm"], by[(m, n)]["csr_auto"]
        ra = float(b["event_median_ms"]) / float(a["event_median_ms"])
        s = set_of(m, n)
        per.setdefault(s, []).append((ra, m, n))
        print(f"| {s} | {m} | {n} | {float(a['event_median_ms'])*1e3:.1f} | "
              f"{float(b['event_median_ms'])*1e3:.1f} | {ra:.2f} | {a['variant'][:60]} | "
              f"{b['variant'][:40]} |")
    print("\n| set | cases | geomean | worst | at or above 1 | below 0.95 |")
    print("|---|---:|---:|---|---:|---:|")
    for s in ("tune", "held", "large"):
        v = per.get(s, [])
        if not v:
            continue
        g = math.exp(sum(math.log(x[0]) for x in v) / len(v))
        w = min(v)
        print(f"| {s} | {len(v)} | {g:.3f} | {w[0]:.2f} ({w[1]} N={w[2]}) | "
              f"{sum(x[0] >= 1 for x in v)} | {sum(x[0] < 0.95 for x in v)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
