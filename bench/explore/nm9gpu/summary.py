#!/usr/bin/env python3
"""nm9gpu: item 5 on the H200 with this session's rules built in, from the confirm run (nm with its
model against csr_auto, paired rounds, csr_auto against itself as the control; nm7/paired.py's
loader and bootstrap interval), per stage: cases where nm is faster (the interval's lower bound
above 1), where the interval spans 1, where nm is slower (its upper bound below 1), the worst case,
every slower case; and an earlier confirm (session 8's final, k-final, unless named) on the same
stages beside it. Stages without a file in CONFIRM_DIR are left out (lane-held came in session 10).
    summary.py CONFIRM_DIR EARLIER_DIR [EARLIER_LABEL]"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nm7"))
from paired import case_intervals, print_slower, stage_counts  # noqa: E402

STAGES = [("grid", "tuned on, s8"), ("small", "tuned on, s8"), ("chunk", "tuned on, s8"),
          ("chunk1", "tuned on, s8"), ("tile", "tuned on, s8"), ("held", "held out, s8"),
          ("fresh", "held out, s8"), ("fresh2", "held out, s8"), ("fresh3", "held out, s8"),
          ("fresh4", "held out, s8"), ("tile-held", "held out, s8"), ("mirror", "tuned on, s9"),
          ("mirror-short", "tuned on, s9"), ("mirror-held", "seen, s9"),
          ("mirror-short-held", "seen, s9"), ("narrow-held", "held out, s9"),
          ("lane-held", "held out, s10"), ("lane2-held", "held out, s10")]


def cases(path, rng):
    """(matrix, N) -> (median, lo, hi) of csr_auto / nm over the rounds; {} if no file."""
    return case_intervals(path, rng) if os.path.exists(path) else {}


def main():
    now_dir, before_dir = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else "session 8 final"
    rng = random.Random(0)
    print("| stage | role | N | cases | nm faster | spans 1 | nm slower | worst csr_auto / nm "
          "| %s: slower |" % label)
    print("|---|---|---|---:|---:|---:|---:|---|---:|")
    slower, total, total8 = [], [0, 0, 0, 0], 0
    for stage, role in STAGES:
        c = cases(os.path.join(now_dir, "confirm-%s.jsonl.gz" % stage), rng)
        if not c:
            continue
        old = cases(os.path.join(before_dir, "confirm-%s.jsonl.gz" % stage), rng)
        ns, fast, spans, slow, worst = stage_counts(c)
        s8 = sum(v[2] < 1 for v in old.values()) if old else None
        print("| %s | %s | %s | %d | %d | %d | %d | %.3f (%s, N = %d) | %s |" % (
            stage, role, ",".join(map(str, ns)), len(c), fast, spans, len(slow), worst[1][0],
            worst[0][0], worst[0][1], "-" if s8 is None else s8))
        for i, n in enumerate((len(c), fast, spans, len(slow))):
            total[i] += n
        total8 += s8 or 0
        slower += [(stage, k, v) for k, v in slow]
    print("| all | | | %d | %d | %d | %d | | %d |" % (*total, total8))
    print_slower(slower)


if __name__ == "__main__":
    main()
