#!/usr/bin/env bash
# `sparsebench compare` on PoCL, the evidence of issue 16. One config (bench/compare-pocl.yaml, 36
# cases) is run four times, A1 A2 (BASE) and B1 B2 (NEW), and once with a deliberately slowed CSR
# kernel (--param csr_spmm.VEC=1 --param csr_spmm.ROWS_PER_WG=1, against the pocl profile's 16
# and 8). Targets: the config run twice is "same" or "noise" for >= 95% of its cases, compared
# one run a side (A1 vs B1) and two runs a side (A1+A2 vs B1+B2, where the interval also draws
# the runs: a two-level bootstrap); the slowed run is "slower" on every csr case against BASE,
# with exit status 3 under --fail-on-regression. It takes about 35-40 min on the 2-core
# development host: five runs of 6.5-7.5 min (the dense baseline is timed beside each kernel since
# 0b60c45), measured at 04:25 and 06:13-06:48 UTC 2026-11-30 (compare-pocl.yaml's header;
# results/2026-11-30-epyc2-compare-pocl-quiet/host.txt). From the repository root, after the build:
#
#   bench/compare_pocl.sh [--device SEL] [--out DIR] [--bin PATH] [--config FILE]
#
# The anchor of every ratio is BASE. DIR (default runs/compare-pocl-<UTC time>) gets the runs
# (base/A1, base/A2, new/B1, new/B2, slowed), the comparisons (one-a-side/, two-a-side/,
# slowed-compare/: compare.md, compare.csv), host.txt (uptime at each step: the development
# machine is shared, and its load decides how much noise there is) and table.md, also printed.
# Exit status: 0 every target met; 1 a target missed or a step failed; 2 a usage error.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
usage() { grep -m1 '^#   bench/compare_pocl.sh ' "$0" | sed 's/^# *//' >&2; echo "compare_pocl: $*" >&2; exit 2; }
SEL=pocl OUT="" SB=build/sparsebench CONFIG=bench/compare-pocl.yaml
while [ $# -gt 0 ]; do
    case "$1" in
        --device) SEL=${2:?--device needs a selector}; shift 2 ;;
        --out) OUT=${2:?--out needs a directory}; shift 2 ;;
        --bin) SB=${2:?--bin needs a path}; shift 2 ;;
        --config) CONFIG=${2:?--config needs a file}; shift 2 ;;
        *) usage "unknown option '$1'" ;;
    esac
done
[ -x "$SB" ] || usage "$SB not found: build first (cmake -S . -B build && cmake --build build -j2)"
OUT=${OUT:-runs/compare-pocl-$(date -u +%Y%m%dT%H%M%SZ)}
if [ -e "$OUT" ]; then usage "$OUT exists: give another --out"; fi
mkdir -p "$OUT" || exit 1
SLOW=(--param csr_spmm.VEC=1 --param csr_spmm.ROWS_PER_WG=1)
note() { echo "$(date -u +%H:%M:%S) $* | $(uptime)" >> "$OUT/host.txt"; }

note "start"
for run in base/A1 base/A2 new/B1 new/B2 slowed; do
    extra=()
    if [ "$run" = slowed ]; then extra=("${SLOW[@]}"); fi
    note "run $run: $SB run $CONFIG --device $SEL ${extra[*]}"
    mkdir -p "$OUT/$(dirname "$run")"
    if ! "$SB" run "$CONFIG" --device "$SEL" --out "$OUT/$run" --no-progress "${extra[@]}" \
        > "$OUT/${run//\//-}.log" 2>&1; then
        echo "compare_pocl: run $run failed (see $OUT/${run//\//-}.log)" >&2
        exit 1
    fi
done
note "runs done"
"$SB" compare "$OUT/base/A1" "$OUT/new/B1" --out "$OUT/one-a-side" > "$OUT/one-a-side.log" 2>&1
one_rc=$?
"$SB" compare "$OUT/base" "$OUT/new" --out "$OUT/two-a-side" > "$OUT/two-a-side.log" 2>&1
two_rc=$?
"$SB" compare "$OUT/base" "$OUT/slowed" --out "$OUT/slowed-compare" --fail-on-regression \
    > "$OUT/slowed.log" 2>&1
slow_rc=$?
note "compared (exit $one_rc, $two_rc, $slow_rc)"

python3 - "$OUT" "$one_rc" "$two_rc" "$slow_rc" "${SLOW[*]}" <<'PY'
import csv, statistics, sys
out, one_rc, two_rc, slow_rc, slow_args = sys.argv[1], *map(int, sys.argv[2:5]), sys.argv[5]
def load(d):
    return list(csv.DictReader(open(f"{out}/{d}/compare.csv")))
one, two, slowed = load("one-a-side"), load("two-a-side"), load("slowed-compare")
lines = ["# compare on PoCL: BASE (anchor) against NEW, the same config, and against a run with "
         f"{slow_args}", "",
         "| comparison | kernel | cases | slower | faster | same | noise | other | median NEW/BASE |",
         "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
def table(name, rows):
    for k in sorted({r["kernel"] for r in rows}) + ["all"]:
        rs = [r for r in rows if k == "all" or r["kernel"] == k]
        v = [r["verdict"] for r in rs]
        ratios = [float(r["ratio"]) for r in rs if r["ratio"]]
        other = len(v) - sum(v.count(x) for x in ("slower", "faster", "same", "noise"))
        med = f"{statistics.median(ratios):.3f}" if ratios else ""
        lines.append(f"| {name} | {k} | {len(rs)} | {v.count('slower')} | {v.count('faster')} | "
                     f"{v.count('same')} | {v.count('noise')} | {other} | {med} |")
table("A1 vs B1 (one run a side)", one)
table("A1+A2 vs B1+B2 (two runs a side)", two)
table("A1+A2 vs slowed csr", slowed)
lines.append("")
ok = True
for name, rows, rc in (("one run a side", one, one_rc), ("two runs a side", two, two_rc)):
    matched = [r for r in rows if r["verdict"] in ("slower", "faster", "same", "noise")]
    quiet = sum(r["verdict"] in ("same", "noise") for r in matched)
    frac = quiet / len(matched) if matched else 0
    ok = ok and frac >= 0.95
    lines.append(f"- target: the same config twice ({name}) -> same or noise for >= 95% of cases: "
                 f"{quiet}/{len(matched)} = {100 * frac:.1f}% -> **{'met' if frac >= 0.95 else 'missed'}** "
                 f"(compare exit {rc})")
    for r in (x for x in matched if x["verdict"] not in ("same", "noise")):
        lines.append(f"  - {r['verdict']}: {r['matrix']} s={r['sparsity']} N={r['N']} {r['kernel']} "
                     f"x{float(r['ratio']):.3f} [{float(r['ci_low']):.3f}, {float(r['ci_high']):.3f}] "
                     f"p={float(r['p_value']):.2g}")
csr = [r for r in slowed if r["kernel"] == "csr"]
flagged = sum(r["verdict"] == "slower" for r in csr)
ok2 = bool(csr) and flagged == len(csr) and slow_rc == 3
lines.append(f"- target: the slowed csr flagged slower: {flagged}/{len(csr)} csr cases slower, "
             f"--fail-on-regression exit {slow_rc} (3 expected) -> **{'met' if ok2 else 'missed'}**")
lines.append(f"- load average (uptime) at each step: {out}/host.txt")
text = "\n".join(lines) + "\n"
open(f"{out}/table.md", "w").write(text)
print(text)
print(open(f"{out}/host.txt").read())
sys.exit(0 if ok and ok2 else 1)
PY
