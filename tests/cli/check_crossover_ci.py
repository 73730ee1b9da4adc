#!/usr/bin/env python3
"""The crossover interval of `sparsebench report` on synthetic studies whose true crossover is
known: the dense baseline's runs have median 1 at every sparsity, the CSR kernel's median is
1 / (1 + 2.5 (s - 0.74)), so the true speedup is linear in s and crosses 1.0 at s = 0.74 exactly
(the rule interpolates linearly between the measured points 0.7 and 0.8). Each run's times carry
3% lognormal noise (20 runs a case). Checked: crossover.csv's interval holds 0.74 in at least 17
of 20 independent studies (nominal 95%), lies inside the measured range and is narrower than
0.05; the point estimate is inside its own interval; the same study gives the same interval;
report.md shows it as "0.7xx [lo, hi]" (and counts the rows with a timing_warning); a study where sparse always wins but only just at the
lowest sparsity has an interval reaching below the range ("<0.5"); rows without raw runs get none.

usage: check_crossover_ci.py SPARSEBENCH TMPDIR
"""
import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic_runs import case, write_run  # noqa: E402

bin_, tmp = sys.argv[1], sys.argv[2]
failures = []
SPARSITIES = [0.5, 0.6, 0.7, 0.8, 0.9]
TRUE = 0.74


def expect(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)


def study(name, seed, crossing=TRUE, jsonl=True):
    cases = []
    for s in SPARSITIES:
        cases.append(case("gale", "clblast", s, med=1.0, sigma=0.03,
                          warning="drift +12%" if s == 0.9 else ""))
        cases.append(case("gale", "csr", s, med=1.0 / (1 + 2.5 * (s - crossing)), sigma=0.03))
    write_run(os.path.join(tmp, name), cases, seed=seed, jsonl=jsonl)
    out = os.path.join(tmp, name + "-report")
    p = subprocess.run([bin_, "report", os.path.join(tmp, name), "--out", out, "--no-plots"],
                       capture_output=True, text=True)
    expect(p.returncode == 0, f"{name}: report exit {p.returncode}: {p.stderr}")
    rows = list(csv.DictReader(open(os.path.join(out, "crossover.csv"))))
    expect(len(rows) == 1, f"{name}: {len(rows)} series in crossover.csv")
    return rows[0], open(os.path.join(out, "report.md")).read()


covered = 0
for seed in range(20):
    r, md = study(f"s{seed}", seed + 100)
    lo, hi, at = float(r["crossover_ci_low"]), float(r["crossover_ci_high"]), float(r["crossover_sparsity"])
    covered += lo <= TRUE <= hi
    expect(r["crossover"] == "at" and lo <= at <= hi, f"seed {seed}: estimate {at} outside [{lo}, {hi}]")
    expect(0.5 <= lo and hi <= 0.9 and hi - lo < 0.05, f"seed {seed}: interval [{lo}, {hi}]")
    if seed == 0:
        expect("run s0: 1 rows have a timing_warning" in md, "report.md does not count the timing warnings")
        expect(f"{at:.3f} [{lo:.3f}, {hi:.3f}]" in md, f"report.md does not show '{at:.3f} [{lo:.3f}, {hi:.3f}]'")
        again, _ = study("s0-again", 100)
        expect(again["crossover_ci_low"] == r["crossover_ci_low"] and
               again["crossover_ci_high"] == r["crossover_ci_high"], "the same study, another interval")
print(f"the interval held the true crossover {TRUE} in {covered} of 20 studies")
expect(covered >= 17, f"coverage {covered}/20 < 17")

# sparse always wins, but only just at 0.5: some resamples cross, below the range
r, md = study("edge", 7, crossing=0.497)
expect(r["crossover"] == "always" and r["crossover_ci_low"] == "-inf",
       f"edge: {r['crossover']} [{r['crossover_ci_low']}, {r['crossover_ci_high']}]")
expect(r["crossover_ci_high"] not in ("", "-inf") and float(r["crossover_ci_high"]) > 0.5,
       f"edge: the upper bound {r['crossover_ci_high']} does not reach into the range")
expect("always [<0.5, 0." in md, "report.md does not show the edge interval as 'always [<0.5, ...]'")

r, _ = study("nojsonl", 3, jsonl=False)
expect(r["crossover_ci_low"] == "" and r["crossover_ci_high"] == "", "rows without raw runs have an interval")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
