#!/usr/bin/env python3
"""nm8gpu: item 5 on the H200 after the session's rules, from the final confirm run (nm with its
model against csr_auto, paired rounds, csr_auto against itself as the control; nm7/paired.py's
loader and bootstrap interval), per stage: cases where nm is faster (the interval's lower bound
above 1), where the interval spans 1, and where nm is slower (its upper bound below 1), the worst
case, and every slower case. With --before DIR also the old model's nm (the "nm" label of the grid
run, b-grid, 5 rounds) on the stages it measured.
    summary.py FINAL_DIR [--before GRID_DIR]"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import case_intervals, print_slower, stage_counts  # noqa: E402

STAGES = [("grid", "tuned on"), ("small", "tuned on"), ("chunk", "tuned on"),
          ("chunk1", "tuned on"), ("tile", "tuned on"), ("held", "held out"), ("fresh", "held out"),
          ("fresh2", "held out"), ("fresh3", "held out"), ("fresh4", "held out"),
          ("tile-held", "held out")]


cases = case_intervals  # (matrix, N) -> (median, lo, hi) of csr_auto / nm over the rounds


def main():
    final = sys.argv[1]
    before = sys.argv[sys.argv.index("--before") + 1] if "--before" in sys.argv else None
    rng = random.Random(0)
    print("| stage | role | N | cases | nm faster | spans 1 | nm slower | worst csr_auto / nm |")
    print("|---|---|---|---:|---:|---:|---:|---|")
    slower, total = [], [0, 0, 0, 0]
    for stage, role in STAGES:
        c = cases(os.path.join(final, "confirm-%s.jsonl.gz" % stage), rng)
        ns, fast, spans, slow, worst = stage_counts(c)
        print("| %s | %s | %s | %d | %d | %d | %d | %.3f (%s, N = %d) |" % (
            stage, role, ",".join(map(str, ns)), len(c), fast, spans, len(slow), worst[1][0],
            worst[0][0], worst[0][1]))
        for i, n in enumerate((len(c), fast, spans, len(slow))):
            total[i] += n
        slower += [(stage, k, v) for k, v in slow]
    print("| all | | | %d | %d | %d | %d | |" % tuple(total))
    print_slower(slower)
    if before:
        print("\nThe same cases before the session's rules (the old model's nm in the grid run, "
              "5 rounds; ratio csr_auto / nm), and after:\n")
        print("| stage | cases | old model: geomean, worst, slower | now: geomean, worst, slower |")
        print("|---|---:|---|---|")
        for stage in ("grid", "held", "fresh"):
            old = cases(os.path.join(before, "%s.jsonl.gz" % stage), rng)
            new = cases(os.path.join(final, "confirm-%s.jsonl.gz" % stage), rng)
            common = sorted(set(old) & set(new))

            def gm(d):
                p = 1.0
                for k in common:
                    p *= d[k][0]
                return p ** (1 / len(common))
            print("| %s | %d | %.3f, %.3f, %d | %.3f, %.3f, %d |" % (
                stage, len(common), gm(old), min(old[k][0] for k in common),
                sum(old[k][2] < 1 for k in common), gm(new), min(new[k][0] for k in common),
                sum(new[k][2] < 1 for k in common)))


main()
