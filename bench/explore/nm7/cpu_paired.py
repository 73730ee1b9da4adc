#!/usr/bin/env python3
"""nm7-cpu: paired ratios from `sb_sweep --rounds K` with cpu-variants.txt (auto, auto2, nm, cand).

Per matrix and N, per round (rows of one round only, every row ok): csr_auto / cand (above 1:
the candidate CPU gather is faster than csr_auto), nm / cand (above 1: faster than nm as it was),
csr_auto / csr_auto again (the control); medians over rounds with bootstrap 95% intervals (2000
resamples, seed 0). With --check, the held-out verdict fixed in cpu-held.yaml: cand faster than nm
on every case (interval above 1), and csr_auto / cand not below csr_auto / nm on any case.
    cpu_paired.py SWEEP.jsonl[.gz] [--check]"""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from paired import interval as interval_rng, load_rounds  # noqa: E402

rows = load_rounds(sys.argv[1])
rng = random.Random(0)


def interval(v):
    return interval_rng(v, rng)


def cell(x):
    return f"{x[0]:.2f} [{x[1]:.2f}, {x[2]:.2f}]"


print("| case | N | rounds | csr_auto ms | csr_auto / cand | nm / cand | csr_auto / nm | control |")
print("|---|---:|---:|---:|---|---|---|---|")
ok, fails = 0, []
for key in sorted(rows, key=lambda k: (k[0], k[1])):
    rounds = [t for t in rows[key].values() if {"auto", "auto2", "nm", "cand"} <= t.keys()]
    if len(rounds) < 2:
        continue
    ac = interval([t["auto"] / t["cand"] for t in rounds])
    nc = interval([t["nm"] / t["cand"] for t in rounds])
    an = interval([t["auto"] / t["nm"] for t in rounds])
    ctl = interval([t["auto"] / t["auto2"] for t in rounds])
    print(f"| {key[0]} | {key[1]} | {len(rounds)} | {statistics.median(t['auto'] for t in rounds):.3f} | "
          f"{cell(ac)} | {cell(nc)} | {cell(an)} | {cell(ctl)} |")
    good = nc[1] > 1 and ac[0] >= an[0]
    ok += good
    if not good:
        fails.append(f"{key[0]} N={key[1]}")
if "--check" in sys.argv:
    print(f"\nheld-out check: {ok} of {ok + len(fails)} cases pass" +
          (f"; fail: {', '.join(fails)}" if fails else ""))
