#!/usr/bin/env python3
"""`sparsebench compare` on result directories of known distributions (synthetic_runs.py):

  - a 20% slowdown is `slower`, a 30% speedup `faster`, a 0.5% change under 5% noise `same` or
    `noise`; ok -> wrong is `broken`, failed -> ok `fixed`, skipped `not compared`;
  - every ratio is the ratio of the medians recomputed here, inside its own interval; the p-value
    is scipy's Mann-Whitney U (when scipy is installed);
  - cases only one side has are listed as `only in BASE` / `only in NEW` (CSV and compare.md);
  - exit status 3 with --fail-on-regression and a regression, 0 without the option or without a
    regression; a wider --threshold makes the slowdown `same`;
  - the same seed gives the same file; across devices (--base-device/--new-device) works like two
    runs; a side given as a folder of shards is merged as `report` merges it, a missing shard
    exits 1, and so does a comparison where no shared case is ok on both sides (nothing was
    compared); bad input exits 2 with the reason.

usage: check_compare.py SPARSEBENCH TMPDIR
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic_runs import case, write_run  # noqa: E402

bin_, tmp = sys.argv[1], sys.argv[2]
failures = []


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def compare(*args, out="out"):
    path = os.path.join(tmp, out)
    shutil.rmtree(path, ignore_errors=True)
    p = subprocess.run([bin_, "compare", *args, "--out", path], capture_output=True, text=True)
    rows = []
    if os.path.exists(os.path.join(path, "compare.csv")):
        rows = list(csv.DictReader(open(os.path.join(path, "compare.csv"))))
    md = open(os.path.join(path, "compare.md")).read() if os.path.exists(os.path.join(path, "compare.md")) else ""
    return p, {(r["matrix"], r["kernel"], r["sparsity"]): r for r in rows}, rows, md


def d(name):
    return os.path.join(tmp, name)


base_cases = [
    case("slow", "csr", 0.9, med=1.0, sigma=0.02),
    case("fast", "csr", 0.9, med=2.0, sigma=0.02),
    case("tiny", "csr", 0.9, med=1.0, sigma=0.05),
    case("break", "csr", 0.9, med=1.0),
    case("fix", "csr", 0.9, status="failed"),
    case("skip", "csr_spmv", 0.9, status="skipped"),
    case("gone", "csr", 0.5, med=1.0),
    case("edge", "csr", 0.9, med=1.0, sigma=0.03),
]
new_cases = [
    case("slow", "csr", 0.9, med=1.2, sigma=0.02),    # 20% slower
    case("fast", "csr", 0.9, med=1.4, sigma=0.02),    # 30% faster
    case("tiny", "csr", 0.9, med=1.005, sigma=0.05),  # 0.5% under 5% noise
    case("break", "csr", 0.9, status="wrong"),
    case("fix", "csr", 0.9, med=1.0),
    case("skip", "csr_spmv", 0.9, status="skipped"),
    case("added", "csr", 0.95, med=1.0),
    case("edge", "csr", 0.9, med=1.05, sigma=0.03),  # 5% slower: the interval straddles 1.05
]
B = write_run(d("base"), base_cases, seed=1)
N = write_run(d("new"), new_cases, seed=2)

p, by, rows, md = compare(d("base"), d("new"))
expect(p.returncode == 0, f"compare without --fail-on-regression: exit {p.returncode} ({p.stderr})")
want = {"edge": "noise", "slow": "slower", "fast": "faster", "break": "broken", "fix": "fixed", "skip": "not compared",
        "gone": "only in BASE", "added": "only in NEW"}
for (m, k, s), r in by.items():
    if m in want:
        expect(r["verdict"] == want[m], f"{m}: verdict {r['verdict']}, expected {want[m]}")
tiny = by[("tiny", "csr", "0.9")]
expect(tiny["verdict"] in ("same", "noise"), f"tiny: 0.5% under 5% noise is {tiny['verdict']}")
expect(len(rows) == 9, f"{len(rows)} cases in compare.csv, expected 9 (8 + 1 only in NEW)")
edge = by[("edge", "csr", "0.9")]  # significant, yet not beyond the threshold as a whole
expect(float(edge["p_value"]) < 0.05 and float(edge["ci_low"]) < 1.05 < float(edge["ci_high"]),
       f"edge: p {edge['p_value']}, interval {edge['ci_low']}..{edge['ci_high']}")
for m in ("gone", "added"):
    expect(m in md and ("only in BASE" if m == "gone" else "only in NEW") in md,
           f"compare.md does not list the unmatched case {m}")
expect("Unmatched" in md, "compare.md has no Unmatched section")

# values: the ratio of medians recomputed here, inside its interval; the U test's p
try:
    from scipy.stats import mannwhitneyu
except ImportError:
    mannwhitneyu = None
for m in ("slow", "fast", "tiny"):
    r = by[(m, "csr", "0.9")]
    b, n = B[("pocl", m, "csr", 0.9, 16)], N[("pocl", m, "csr", 0.9, 16)]
    ratio = statistics.median(n) / statistics.median(b)
    expect(abs(float(r["ratio"]) - ratio) <= 1e-8 * ratio, f"{m}: ratio {r['ratio']}, recomputed {ratio}")
    expect(float(r["ci_low"]) <= ratio <= float(r["ci_high"]), f"{m}: {ratio} outside [{r['ci_low']}, {r['ci_high']}]")
    expect(int(r["base_runs"]) == 20 and int(r["new_runs"]) == 20, f"{m}: runs {r['base_runs']}/{r['new_runs']}")
    if mannwhitneyu:
        ref = mannwhitneyu(b, n, alternative="two-sided", method="exact").pvalue  # N = 40, no ties
        expect(abs(float(r["p_value"]) - ref) <= 1e-6 * max(ref, 1e-12) + 1e-15,
               f"{m}: p {r['p_value']}, scipy {ref}")
slow = by[("slow", "csr", "0.9")]
expect(1.15 < float(slow["ci_low"]) and float(slow["ci_high"]) < 1.25, f"slow: interval {slow['ci_low']}..{slow['ci_high']}")

# the regression gate
p3, *_ = compare(d("base"), d("new"), "--fail-on-regression")
expect(p3.returncode == 3, f"--fail-on-regression with a slower case: exit {p3.returncode}, expected 3")
expect("slower: slow" in p3.stdout and "broken: break" in p3.stdout, f"the regressions are not printed: {p3.stdout}")
p0, *_ = compare(d("base"), d("base"), "--fail-on-regression")
expect(p0.returncode == 0, f"BASE against itself with --fail-on-regression: exit {p0.returncode}")
pt, byt, _, _ = compare(d("base"), d("new"), "--threshold", "25")
expect(byt[("slow", "csr", "0.9")]["verdict"] == "same", f"20% within a 25% threshold: {byt[('slow', 'csr', '0.9')]['verdict']}")

# deterministic: the same seed, the same file; another seed, other intervals
pa, _, rows_a, _ = compare(d("base"), d("new"), out="a")
pb, _, rows_b, _ = compare(d("base"), d("new"), out="b")
expect(rows_a == rows_b, "two runs with the default seed differ")
_, _, rows_c, _ = compare(d("base"), d("new"), "--seed", "7", out="c")
expect([r["ci_low"] for r in rows_a] != [r["ci_low"] for r in rows_c], "--seed 7 gave the same intervals")

# across devices: one run, two devices; the Intel one 20% slower on one case
write_run(d("two"), [case("x", "csr", 0.9, med=1.0, device="pocl"),
                     case("y", "csr", 0.9, med=1.0, sigma=0.01, device="pocl"),
                     case("x", "csr", 0.9, med=1.2, device="intel"),
                     case("y", "csr", 0.9, med=1.0, sigma=0.01, device="intel")], seed=3)
px, byx, rowsx, mdx = compare(d("two"), d("two"), "--base-device", "pocl", "--new-device", "intel")
expect(px.returncode == 0 and len(rowsx) == 2, f"across devices: exit {px.returncode}, {len(rowsx)} cases ({px.stderr})")
if len(rowsx) == 2:
    expect(byx[("x", "csr", "0.9")]["verdict"] == "slower", f"x on intel vs pocl: {byx[('x', 'csr', '0.9')]['verdict']}")
    expect(byx[("y", "csr", "0.9")]["verdict"] == "same", f"y on intel vs pocl: {byx[('y', 'csr', '0.9')]['verdict']}")
    expect(byx[("x", "csr", "0.9")]["new_device"].startswith("Test CPU"), "the NEW device is not the Intel one")
pe, *_ = compare(d("two"), d("two"), "--base-device", "pocl")
expect(pe.returncode == 2 and "more than one device" in pe.stderr, f"NEW with two devices unselected: exit {pe.returncode} {pe.stderr}")
pn, *_ = compare(d("two"), d("two"), "--base-device", "nvidia", "--new-device", "intel")
expect(pn.returncode == 2 and "no row on a device matching 'nvidia'" in pn.stderr, f"selector matching nothing: {pn.returncode} {pn.stderr}")
pd, _, rowsd, _ = compare(d("two"), d("two"))
expect(pd.returncode == 0 and len(rowsd) == 4 and all(r["verdict"] == "same" for r in rowsd),
       "a two-device run against itself: every case matched on its own device and the same")

# NEW as the shards of a study, merged (a half-written *.partial-* folder is not a result)
shard = lambda i, keys: {"index": i, "count": 2, "plan": "0123456789abcdef", "units": 4, "unit_keys": keys}
same_runs = [dict(c, samples=N[(c["device"], c["matrix"], c["kernel"], c["sparsity"], c["N"])])
             for c in new_cases]  # each shard holds exactly NEW's runs of its cases
write_run(d("study/cpu/shard-1-of-2"), same_runs[:4], seed=0, shard=shard(1, ["a", "b"]))
write_run(d("study/cpu/shard-2-of-2"), same_runs[4:], seed=0, shard=shard(2, ["c", "d"]))
os.makedirs(d("study/cpu/shard-2-of-2.partial-77"))
open(d("study/cpu/shard-2-of-2.partial-77/results.csv"), "w").write("garbage\n")
ps, bys, rowss, _ = compare(d("base"), d("study"))
expect(ps.returncode == 0, f"sharded NEW: exit {ps.returncode} ({ps.stderr})")
expect(rowss == rows, "the sharded NEW does not give exactly the comparison of the whole NEW")
shutil.rmtree(d("study/cpu/shard-2-of-2"))
pm, bym, _, mdm = compare(d("base"), d("study"))
expect(pm.returncode == 1 and "shard 2/2 is missing" in mdm, f"a missing shard: exit {pm.returncode}")
expect(bym[("fix", "csr", "0.9")]["verdict"] == "only in BASE", "a missing shard's case is not listed as only in BASE")

# without raw runs on a side: no interval, the band decides
write_run(d("nojsonl"), new_cases, seed=2, jsonl=False)
pj, byj, _, _ = compare(d("base"), d("nojsonl"))
r = byj[("slow", "csr", "0.9")]
expect(r["ci_low"] == "" and r["verdict"] == "noise" and "no raw runs" in r["note"],
       f"no results.jsonl: {r['verdict']} [{r['ci_low']}] {r['note']}")
expect(byj[("tiny", "csr", "0.9")]["verdict"] == "same", "no raw runs, a ratio inside the band: not same")

# a side of two runs whose sessions disagree (30 runs at 1.0, 10 at 1.3): pooled, the runs would
# say same; the two-level interval makes it noise
write_run(d("one"), [case("s", "csr", 0.9, med=1.0, sigma=0.01)], seed=11)
write_run(d("sessions/r1"), [case("s", "csr", 0.9, med=1.0, sigma=0.01, runs=30)], seed=12)
write_run(d("sessions/r2"), [case("s", "csr", 0.9, med=1.3, sigma=0.01, runs=10)], seed=13)
p1, by1, _, _ = compare(d("one"), d("sessions/r1"))
expect(by1[("s", "csr", "0.9")]["verdict"] == "same", f"one session vs the quiet one: {by1[('s', 'csr', '0.9')]['verdict']}")
p2, by2, _, _ = compare(d("one"), d("sessions"))
r = by2[("s", "csr", "0.9")]
expect(r["verdict"] == "noise" and "two-level" in r["note"] and float(r["ci_high"]) > 1.2,
       f"two disagreeing sessions: {r['verdict']} [{r['ci_low']}, {r['ci_high']}] {r['note']}")

# every shared case skipped on a side: nothing compared, exit 1 (it was 0, "0 slower, 0 broken")
write_run(d("ok1"), [case("s", "csr", 0.9, med=1.0)], seed=21)
write_run(d("skip1"), [case("s", "csr", 0.9, status="skipped")], seed=22)
pk, byk, _, _ = compare(d("ok1"), d("skip1"), "--fail-on-regression")
expect(pk.returncode == 1 and "nothing was compared" in pk.stderr and
       byk[("s", "csr", "0.9")]["verdict"] == "not compared",
       f"every case skipped in NEW: exit {pk.returncode} ({pk.stderr})")

# bad input
pb1, *_ = compare(d("base"), d("nowhere"))
expect(pb1.returncode == 2 and "no such directory" in pb1.stderr, f"missing dir: {pb1.returncode} {pb1.stderr}")
os.makedirs(d("empty"))
pb2, *_ = compare(d("base"), d("empty"))
expect(pb2.returncode == 2 and "no results.csv" in pb2.stderr, f"dir without results: {pb2.returncode} {pb2.stderr}")
pb3 = subprocess.run([bin_, "compare", d("base"), d("new"), "--threshold", "5%"], capture_output=True, text=True)
expect(pb3.returncode == 2 and "--threshold" in pb3.stderr, f"--threshold 5%: {pb3.returncode} {pb3.stderr}")
pb4 = subprocess.run([bin_, "compare", d("base")], capture_output=True, text=True)
expect(pb4.returncode == 2, f"one directory: exit {pb4.returncode}")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
