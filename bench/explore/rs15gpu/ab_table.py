#!/usr/bin/env python3
"""rs15: an A/B of two builds' csr_auto, stage by stage (SET-new1, SET-old1, SET-new2, ...: sb_sweep
JSON lines), by kernel time. Per case (matrix, N) the median over the stages of each build;
old / new above 1 = new faster. Per set and N: geometric mean, lowest and highest, and how many
cases new is faster / slower by more than 3%; the cases slower by more than 3% listed with new's
variant; per unit of work at N = 1000 against N = 1024 (t(1000) / t(1024) x 1024 / 1000) where
both were run. Every row not ok is counted and its first ones shown.
Usage: ab_table.py DIR SET...  (reads DIR/SET-new*.jsonl and DIR/SET-old*.jsonl)"""
import glob
import json
import math
import os
import statistics
import sys


def load(paths):
    t, var, bad = {}, {}, []
    for p in paths:
        for line in open(p):
            try:
                x = json.loads(line)
            except ValueError:
                continue
            if x.get('status') == 'ok':
                key = (x['matrix'], int(x['N']))
                t.setdefault(key, []).append(x['event_ms'])
                var[key] = x.get('variant', '')
            elif x.get('status') != 'skipped':
                bad.append(x)
    return {k: statistics.median(v) for k, v in t.items()}, var, bad


def geo(v):
    return math.exp(sum(math.log(x) for x in v) / len(v)) if v else float('nan')


def main():
    d = sys.argv[1]
    for s in sys.argv[2:]:
        new, var, bad_n = load(sorted(glob.glob(os.path.join(d, s + '-new*.jsonl'))))
        old, _, bad_o = load(sorted(glob.glob(os.path.join(d, s + '-old*.jsonl'))))
        print(f"## {s}: {len(new)} cases new, {len(old)} old; not ok: {len(bad_n)} new, "
              f"{len(bad_o)} old")
        for x in (bad_n + bad_o)[:3]:
            print(f"  NOT OK {x.get('matrix')} N={x.get('N')}: {x.get('status')} "
                  f"{str(x.get('message'))[:160]}")
        both = sorted(k for k in new if k in old)
        print("| N | cases | old/new geomean | lowest | highest | faster >3% | slower >3% |")
        print("|---|---|---|---|---|---|---|")
        for n in sorted({k[1] for k in both}):
            r = [old[k] / new[k] for k in both if k[1] == n]
            print(f"| {n} | {len(r)} | {geo(r):.3f} | {min(r):.3f} | {max(r):.3f} | "
                  f"{sum(x > 1.03 for x in r)} | {sum(x < 1 / 1.03 for x in r)} |")
        r = [old[k] / new[k] for k in both]
        if r:
            print(f"| all | {len(r)} | {geo(r):.3f} | {min(r):.3f} | {max(r):.3f} | "
                  f"{sum(x > 1.03 for x in r)} | {sum(x < 1 / 1.03 for x in r)} |")
        for k in both:
            if old[k] / new[k] < 1 / 1.03:
                print(f"  slower: {k[0]} N={k[1]} {old[k] / new[k]:.3f} ({new[k]:.4f} ms vs "
                      f"{old[k]:.4f}) {var[k][:150]}")
        pu = {}
        for name, t in (('new', new), ('old', old)):
            v = [t[(m, 1000)] / t[(m, 1024)] * 1.024 for (m, n) in t if n == 1000 and (m, 1024) in t]
            if v:
                pu[name] = (geo(v), max(v), len(v))
        for name, (g, hi, c) in pu.items():
            print(f"  per unit of work, N = 1000 against 1024, {name}: geomean {g:.3f}, "
                  f"highest {hi:.3f} ({c} matrices)")


if __name__ == '__main__':
    main()
