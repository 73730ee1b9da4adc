#!/usr/bin/env python3
"""nm8-cpu: paired ratios from `sb_sweep --rounds K` with held-variants.txt (rule, auto, auto2,
cand) or landed-variants.txt (the same labels: rule = nm's model as built, old = ACCS 1).

Per matrix and N, per round (rows of one round only, every row ok): rule / cand (above 1: the
candidate is faster than the rule), csr_auto / cand and csr_auto / rule (above 1: faster than
csr_auto), csr_auto / csr_auto again (the control); medians over rounds with bootstrap 95%
intervals (nm7's paired.py: 2000 resamples, seed 0). --check: held.yaml's criterion, the
candidate faster than the rule (interval above 1) on every case; --check-large: held-large.yaml's,
not slower (interval not entirely below 1). Item 5's verdict per case (csr_auto / cand): "wins"
(interval above 1), "loses" (below 1), else "unresolved".
    paired.py SWEEP.jsonl[.gz] [--check | --check-large] [--base rule] [--cand cand]"""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval as interval_rng, load_rounds  # noqa: E402

args = sys.argv[1:]
base = args[args.index("--base") + 1] if "--base" in args else "rule"
cand = args[args.index("--cand") + 1] if "--cand" in args else "cand"
rows = load_rounds(args[0])
rng = random.Random(0)


def interval(v):
    return interval_rng(v, rng)


def cell(x):
    return f"{x[0]:.2f} [{x[1]:.2f}, {x[2]:.2f}]"


print(f"| case | N | rounds | csr_auto ms | {base} / {cand} | csr_auto / {cand} | "
      f"csr_auto / {base} | control | item 5 ({cand} vs csr_auto) |")
print("|---|---:|---:|---:|---|---|---|---|---|")
ok, fails = 0, []
for key in sorted(rows, key=lambda k: (k[0], k[1])):
    rounds = [t for t in rows[key].values() if {"auto", "auto2", base, cand} <= t.keys()]
    if len(rounds) < 2:
        continue
    rc = interval([t[base] / t[cand] for t in rounds])
    ac = interval([t["auto"] / t[cand] for t in rounds])
    ar = interval([t["auto"] / t[base] for t in rounds])
    ctl = interval([t["auto"] / t["auto2"] for t in rounds])
    item5 = "wins" if ac[1] > 1 else "loses" if ac[2] < 1 else "unresolved"
    print(f"| {key[0]} | {key[1]} | {len(rounds)} | "
          f"{statistics.median(t['auto'] for t in rounds):.3f} | {cell(rc)} | {cell(ac)} | "
          f"{cell(ar)} | {cell(ctl)} | {item5} |")
    good = rc[1] > 1 if "--check" in args else not rc[2] < 1
    ok += good
    if not good:
        fails.append(f"{key[0]} N={key[1]}")
if "--check" in args or "--check-large" in args:
    what = "faster than" if "--check" in args else "not slower than"
    print(f"\ncheck ({cand} {what} {base}): {ok} of {ok + len(fails)} cases pass" +
          (f"; unresolved or failed: {', '.join(fails)}" if fails else ""))
