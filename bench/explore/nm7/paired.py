#!/usr/bin/env python3
"""nm7: paired ratios from `sb_sweep --rounds K` output (variants auto, auto2, nm).

Per matrix and N, per round: auto's event time / nm's (above 1: nm faster) and auto / auto2 (the
control: the identical kernel), from rows of the same round only (every row ok: sb_sweep
validated it). Reported: the median over rounds with a bootstrap 95% interval (rounds resampled
2000 times, percentile interval, seed 0). The control's widest deviation from 1 is the method's
resolution; nm is "slower" on a case when its interval's upper bound is below 1 - resolution,
"faster" when the lower bound is above 1 + resolution, else "tie".
    paired.py SWEEP.jsonl[.gz]"""
import gzip
import json
import random
import statistics
import sys

def sweep_rows(path):
    """The rows of an sb_sweep output (.jsonl or .jsonl.gz), lines that are not JSON skipped."""
    for line in (gzip.open(path, "rt") if path.endswith(".gz") else open(path)):
        try:
            yield json.loads(line)
        except ValueError:
            continue


def load_rounds(path):
    """(matrix, N) -> round -> label -> event ms, from ok rows (sb_sweep validated each)."""
    rows = {}
    for r in sweep_rows(path):
        if r.get("status") == "ok" and r.get("event_ms", -1) > 0:
            rows.setdefault((r["matrix"], r["N"]), {}).setdefault(r["round"], {})[r["label"]] = \
                r["event_ms"]
    return rows


def interval(v, rng):
    """The median of v and a bootstrap 95% interval of it (2000 resamples)."""
    meds = sorted(statistics.median(rng.choices(v, k=len(v))) for _ in range(2000))
    return statistics.median(v), meds[49], meds[1949]


def case_intervals(path, rng, label="nm"):
    """(matrix, N) -> (median, lo, hi) of csr_auto / label over the rounds of an sb_sweep output
    (interval's bootstrap, rng drawn from in the cases' order)."""
    out = {}
    for case, rounds in load_rounds(path).items():
        v = [r["auto"] / r[label] for r in rounds.values() if "auto" in r and label in r]
        if v:
            out[case] = interval(v, rng)
    return out


def stage_counts(c):
    """Of a case_intervals dict: its N values, and how many cases are faster (lower bound above 1),
    span 1, are slower (upper bound below 1), the slower (case, interval) pairs and the worst
    (case, interval) by median. The stage tables of nm8gpu and nm9gpu summary.py read it."""
    fast = sum(lo > 1 for _, lo, _ in c.values())
    slow = [(k, v) for k, v in c.items() if v[2] < 1]
    worst = min(c.items(), key=lambda kv: kv[1][0])
    return sorted({k[1] for k in c}), fast, len(c) - fast - len(slow), slow, worst


def print_slower(slower):
    """The (stage, case, interval) triples, slowest first, as the summaries' last table."""
    print("\nnm slower (the interval's upper bound below 1):\n")
    print("| stage | case | N | csr_auto / nm [95%] |")
    print("|---|---|---:|---|")
    for stage, k, v in sorted(slower, key=lambda s: s[2][0]):
        print("| %s | %s | %d | %.3f [%.3f, %.3f] |" % (stage, k[0], k[1], *v))


def main():
    rows = load_rounds(sys.argv[1])
    rng = random.Random(0)
    res, out = 0.0, []
    for key in sorted(rows):
        rounds = [t for t in rows[key].values() if {"auto", "auto2", "nm"} <= t.keys()]
        if len(rounds) < 3:
            continue
        nm = interval([t["auto"] / t["nm"] for t in rounds], rng)
        ctl = interval([t["auto"] / t["auto2"] for t in rounds], rng)
        res = max(res, 1 - ctl[1], ctl[2] - 1)
        out.append((key, len(rounds), nm, ctl, statistics.median(t["auto"] for t in rounds)))
    print(f"resolution (the control's widest deviation from 1): {res:.3f}\n")
    print("| case | N | rounds | csr_auto us | csr_auto / nm [95%] | control [95%] | verdict |")
    print("|---|---:|---:|---:|---|---|---|")
    for key, n, nm, ctl, us in out:
        verdict = ("slower" if nm[2] < 1 - res else "faster" if nm[1] > 1 + res else "tie")
        print(f"| {key[0]} | {key[1]} | {n} | {us * 1000:.1f} | {nm[0]:.3f} [{nm[1]:.3f}, {nm[2]:.3f}] | "
              f"{ctl[0]:.3f} [{ctl[1]:.3f}, {ctl[2]:.3f}] | {verdict} |")


if __name__ == "__main__":
    main()
