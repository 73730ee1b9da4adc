#!/usr/bin/env python3
"""Launch overhead per kernel from a run's own rows, by the two clocks every row carries:
host_median_ms (one enqueue + clFinish on the host clock) and event_median_ms (the kernel's
OpenCL profiling events). overhead = host - event, share = overhead / host. It is the batch
timer's question (issue 13: how much of each row was launch overhead) answered from rows that
have no batch_ms (runs made before the batch timer existed).

  bench/overhead_from_events.py RUN_DIR [RUN_DIR...] [--title T]   -> a markdown table
"""
import argparse
import csv
import os
import statistics as st
import sys
from collections import defaultdict


def table(dirs, title):
    groups = defaultdict(list)
    for d in dirs:
        with open(os.path.join(d, "results.csv"), newline="") as f:
            for r in csv.DictReader(f):
                if r.get("status") != "ok":
                    continue
                try:
                    host, event = float(r["host_median_ms"]), float(r["event_median_ms"])
                except (KeyError, ValueError):
                    continue  # no event time (a library call or untrusted events)
                if host > 0 and event > 0:
                    groups[(r["device"], r["kernel"])].append((host, event))
    out = [f"## {title}", "",
           "share = (host_median_ms - event_median_ms) / host_median_ms per row (launch, "
           "enqueue and clFinish round trip on the host clock beside the kernel's own event time)",
           "", "| device | kernel | rows | median share | min | max | median overhead ms | "
           "sum host ms | sum event ms |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (dev, kern), v in sorted(groups.items()):
        share = [(h - e) / h for h, e in v]
        over = [h - e for h, e in v]
        out.append(f"| {dev} | {kern} | {len(v)} | {st.median(share):.2f} | {min(share):.2f} | "
                   f"{max(share):.2f} | {st.median(over):.4f} | {sum(h for h, _ in v):.3f} | "
                   f"{sum(e for _, e in v):.3f} |")
    if not groups:
        out.append("| (no row with both clocks) | | | | | | | | |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--title", default="Launch overhead by the two clocks")
    a = ap.parse_args()
    sys.stdout.write(table(a.dirs, a.title))


if __name__ == "__main__":
    main()
