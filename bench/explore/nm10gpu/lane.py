#!/usr/bin/env python3
"""nm10: LANE against nm's model as it is, per case: the rule the model chose (from the nm row's
variant), the LANE the lane row ran (its variant; 0: lowered), the paired median nm / lane (above 1:
LANE faster) with its bootstrap 95% interval, and csr_auto / nm, csr_auto / lane; then per rule
how many cases LANE (where not lowered) made faster, slower (interval clear of 1) or left within.
    lane.py SWEEP.jsonl[.gz]..."""
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import interval, load_rounds, sweep_rows  # noqa: E402


def main():
    rng = random.Random(0)
    per_rule = {}
    print("| set | case | N | rule | LANE | nm / lane [95%] | csr_auto / nm | csr_auto / lane |")
    print("|---|---|---:|---|---|---|---:|---:|")
    for path in sys.argv[1:]:
        rule, lane_on = {}, {}
        for r in sweep_rows(path):
            key = (r.get("matrix"), r.get("N"))
            if r.get("label") == "nm":
                m = re.match(r"auto (\S+) ->", r.get("variant", ""))
                rule[key] = m.group(1) if m else "?"
            elif r.get("label") == "lane":
                m = re.search(r" LANE=(\d)", r.get("variant", ""))
                lane_on[key] = int(m.group(1)) if m else 0
        rounds = load_rounds(path)
        name = re.sub(r"^lane-|\.jsonl(\.gz)?$", "", os.path.basename(path))
        for key in sorted(rounds):
            t = [x for x in rounds[key].values() if {"auto", "nm", "lane"} <= set(x)]
            if not t:
                continue
            med, lo, hi = interval([x["nm"] / x["lane"] for x in t], rng)
            a_nm = interval([x["auto"] / x["nm"] for x in t], rng)[0]
            a_lane = interval([x["auto"] / x["lane"] for x in t], rng)[0]
            on = lane_on.get(key, 0)
            print("| %s | %s | %d | %s | %d | %.3f [%.3f, %.3f] | %.3f | %.3f |" % (
                name, key[0], key[1], rule.get(key, "?"), on, med, lo, hi, a_nm, a_lane))
            if on:
                c = per_rule.setdefault(rule.get(key, "?"), [0, 0, 0])
                c[0 if lo > 1 else 2 if hi < 1 else 1] += 1
    print("\n| rule (LANE not lowered) | LANE faster | within | LANE slower |")
    print("|---|---:|---:|---:|")
    for r, c in sorted(per_rule.items()):
        print("| %s | %d | %d | %d |" % (r, *c))


if __name__ == "__main__":
    main()
