#!/usr/bin/env python3
"""rs11 nm_tile at fp16: per case, csr_auto / nm and csr_auto / nm_tile from one or more
`sparsebench run` results.jsonl (above 1: faster than csr_auto; every row validated by the run);
one nm_tile column per file (labels from the file's parent folder).
    nmtile.py RESULTS.jsonl..."""
import json
import os
import sys


def load(path):
    out = {}
    for line in open(path):
        r = json.loads(line)
        if r.get("status") == "ok" and r.get("event_median_ms"):
            out.setdefault((r["matrix"], r["N"]), {})[r["kernel"]] = r["event_median_ms"]
    return out


def main():
    runs = [(os.path.basename(os.path.dirname(p)), load(p)) for p in sys.argv[1:]]
    keys = sorted(set().union(*(r.keys() for _, r in runs)))
    labels = [label for label, _ in runs]
    print("| case | N | csr_auto ms | csr_auto / nm | " +
          " | ".join(f"csr_auto / nm_tile ({x})" for x in labels) + " |")
    print("|---|---:|---:|---:|" + "---:|" * len(labels))
    for key in keys:
        first = next(r[key] for _, r in runs if key in r)
        auto = first.get("csr_auto")
        if not auto:
            continue
        nm = f"{auto / first['nm']:.3f}" if "nm" in first else ""
        tiles = [f"{auto / r[key]['nm_tile']:.3f}" if key in r and "nm_tile" in r[key] else ""
                 for _, r in runs]
        print(f"| {key[0]} | {key[1]} | {auto:.4f} | {nm} | " + " | ".join(tiles) + " |")


if __name__ == "__main__":
    main()
