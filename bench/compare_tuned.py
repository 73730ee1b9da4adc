#!/usr/bin/env python3
"""Tuned against untuned, row by row: two result directories of the same config on the same device
(one run with the tuning database, one with --tuning none). Prints every case with both medians and
their ratio, and says which rows are slower tuned than untuned beyond a noise margin.

usage: bench/compare_tuned.py UNTUNED_DIR TUNED_DIR [--margin 0.05] [--out FILE]
"""
import argparse
import csv
import sys


def rows(path):
    out = {}
    for r in csv.DictReader(open(f"{path}/results.csv")):
        key = (r["device_index"], r["matrix"], r["kernel"], r["target_sparsity"], r["N"])
        out[key] = r
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("untuned")
    ap.add_argument("tuned")
    ap.add_argument("--margin", type=float, default=0.05,
                    help="a tuned row counts as slower only beyond this fraction (timing noise)")
    ap.add_argument("--out")
    a = ap.parse_args()
    u, t = rows(a.untuned), rows(a.tuned)
    lines = ["| matrix | kernel | sparsity | N | untuned ms | tuned ms | untuned / tuned | tuned params |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    slower, compared = [], 0
    for key in sorted(set(u) & set(t), key=lambda k: (k[1], k[2], float(k[3] or 0), int(k[4]))):
        ru, rt = u[key], t[key]
        if ru["status"] != "ok" or rt["status"] != "ok":
            lines.append(f"| {key[1]} | {key[2]} | {key[3]} | {key[4]} | {ru['status']} | {rt['status']} | | |")
            continue
        if key[2] in ("clblast", "dense"):
            continue
        compared += 1
        mu, mt = float(ru["median_ms"]), float(rt["median_ms"])
        tuned = rt["variant"].split("[tuned ")[-1].rstrip("]") if "[tuned " in rt["variant"] else "-"
        lines.append(f"| {key[1]} | {key[2]} | {key[3]} | {key[4]} | {mu:.4g} | {mt:.4g} | {mu / mt:.2f}x | {tuned} |")
        if mt > mu * (1 + a.margin):
            slower.append((key, mu, mt))
    lines.append("")
    lines.append(f"{compared} sparse-kernel rows compared; {len(slower)} slower tuned than untuned by more "
                 f"than {a.margin:.0%}" + ("" if not slower else ":"))
    for key, mu, mt in slower:
        lines.append(f"- {key[1]} {key[2]} sparsity {key[3]} N {key[4]}: {mu:.4g} -> {mt:.4g} ms")
    text = "\n".join(lines)
    print(text)
    if a.out:
        open(a.out, "w").write(text + "\n")
    return 1 if slower else 0


if __name__ == "__main__":
    sys.exit(main())
