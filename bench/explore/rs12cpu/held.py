#!/usr/bin/env python3
"""rs12: the held-out check of held.yaml from `sb_sweep --rounds` output: per case csr_auto's rule
(its variant), the paired median and bootstrap 95% interval of old / auto (csr at the profile's
parameters over csr_auto: above 1, csr_auto faster) and of auto2 / auto (the control), and the
counts, csr_auto's: faster (interval above 1), slower (below 1), unresolved; rows not ok.
    held.py SWEEP.jsonl[.gz] [LABEL]   (LABEL: the variant against csr_auto, default old)"""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds, sweep_rows  # noqa: E402


def main():
    path = sys.argv[1]
    label = sys.argv[2] if len(sys.argv) > 2 else "old"
    rng = random.Random(12)
    rules, bad = {}, 0
    for r in sweep_rows(path):
        if r.get("status") != "ok":
            bad += 1
        if r.get("label") == "auto":
            rules.setdefault((r["matrix"], r["N"]), set()).add(r["variant"].split(":")[0])
    rows = load_rounds(path)
    print(f"{os.path.basename(path)}: {label} / auto and auto2 / auto, paired median [95% interval]"
          f" of {max(len(v) for v in rows.values())} rounds; rows not ok: {bad}")
    print(f"| case | N | csr_auto's rule | {label} / auto | auto2 / auto (control) |")
    print("|---|---:|---|---:|---:|")
    counts = {"faster": 0, "slower": 0, "unresolved": 0}
    lows = []
    for key in sorted(rows, key=lambda k: (k[0], k[1])):
        rounds = [t for t in rows[key].values() if "auto" in t]
        v = interval([t[label] / t["auto"] for t in rounds if label in t], rng)
        c = interval([t["auto2"] / t["auto"] for t in rounds if "auto2" in t], rng)
        kind = "faster" if v[1] > 1 else "slower" if v[2] < 1 else "unresolved"
        counts[kind] += 1
        lows.append(v[0])
        print(f"| {key[0]} | {key[1]} | {', '.join(sorted(rules.get(key, [])))} | "
              f"{v[0]:.2f} [{v[1]:.2f}, {v[2]:.2f}] | {c[0]:.2f} [{c[1]:.2f}, {c[2]:.2f}] |")
    print(f"\ncsr_auto: {counts['faster']} faster, {counts['unresolved']} unresolved, {counts['slower']} "
          f"slower; medians {min(lows):.2f}-{max(lows):.2f}")


if __name__ == "__main__":
    main()
