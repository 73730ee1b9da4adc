#!/usr/bin/env python3
"""The fair race's two tables (issue 13), from result directories of `sparsebench run`.

  dense --tuned DIR... --untuned DIR...
      The dense baseline (clblast / dense rows) tuned by CLBlast's own tuners against CLBlast as
      shipped (--tuning none), per matrix and N, by both timers (latency median_ms and batch_ms),
      with dense-equivalent GFLOP/s and share of the measured peak; then the ratio per shape
      (M x K x N): median and range over the matrices of that shape. Several directories per side
      (interleaved runs) are pooled: each case's rows are matched by device, matrix, sparsity, N.

  overhead DIR...
      Per ok row: the latency median (one enqueue + clFinish), the batch time (back-to-back
      enqueues, per run) and the launch overhead = latency - batch, as ms and as a share of the
      latency; then per kernel the median and range of that share.

Writes Markdown to stdout (and --out FILE).
"""
import argparse
import csv
import math
import statistics
import sys


def load(dirs):
    out = []
    for d in dirs:
        try:
            with open(f"{d}/results.csv") as f:
                out.extend(csv.DictReader(f))
        except OSError as e:
            print(f"fair_race: {d}: {e.strerror} (skipped)", file=sys.stderr)
    return out


def num(r, k):
    try:
        v = float(r.get(k) or "nan")
    except ValueError:
        return math.nan
    return v


def gflops(r, ms):
    return 2.0 * int(r["M"]) * int(r["K"]) * int(r["N"]) / (ms * 1e6) if ms > 0 else math.nan


def fmt(v, spec=".4g"):
    return "-" if not math.isfinite(v) else format(v, spec)


def dense(a):
    def baseline_rows(dirs):
        rows = {}
        for r in load(dirs):
            if r["kernel"] not in ("clblast", "dense") or r["status"] != "ok":
                continue
            key = (r["device"], r["matrix"], r["target_sparsity"], int(r["N"]))
            rows.setdefault(key, []).append(r)
        return rows

    t, u = baseline_rows(a.tuned), baseline_rows(a.untuned)
    lines = ["| device | matrix | sparsity | M x K x N | untuned ms | tuned ms | ratio (latency) "
             "| untuned batch ms | tuned batch ms | ratio (batch) | tuned GFLOP/s | tuned % of peak |",
             "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    by_shape = {}
    variants = set()
    for key in sorted(set(t) & set(u), key=lambda k: (k[0], k[3], k[1], k[2])):
        # several interleaved runs of one case: the median of their medians
        tm = statistics.median(num(r, "median_ms") for r in t[key])
        um = statistics.median(num(r, "median_ms") for r in u[key])
        tb = statistics.median(num(r, "batch_ms") for r in t[key])
        ub = statistics.median(num(r, "batch_ms") for r in u[key])
        r0 = t[key][0]
        pf = statistics.median(num(r, "peak_fraction") for r in t[key])
        variants.add((r0["kernel"], r0["variant"]))
        shape = (key[0], f"{r0['M']} x {r0['K']} x {r0['N']}")
        by_shape.setdefault(shape, []).append((um / tm, ub / tb, gflops(r0, tm), pf))
        lines.append(f"| {key[0]} | {key[1]} | {key[2] or '-'} | {shape[1]} | {fmt(um)} | {fmt(tm)} | "
                     f"{fmt(um / tm, '.2f')}x | {fmt(ub)} | {fmt(tb)} | {fmt(ub / tb, '.2f')}x | "
                     f"{fmt(gflops(r0, tm), '.1f')} | {fmt(100 * pf, '.1f')} |")
    lines += ["", "Per shape (median and range over its matrices):", "",
              "| device | M x K x N | cases | untuned/tuned latency | range | untuned/tuned batch "
              "| range | tuned GFLOP/s (median) | % of peak |",
              "|---|---|---:|---:|---|---:|---|---:|---:|"]
    for (dev, shape), v in sorted(by_shape.items()):
        lat, bat = [x[0] for x in v], [x[1] for x in v]
        lines.append(f"| {dev} | {shape} | {len(v)} | {statistics.median(lat):.2f}x | "
                     f"{min(lat):.2f}-{max(lat):.2f} | {fmt(statistics.median(bat), '.2f')}x | "
                     f"{fmt(min(bat), '.2f')}-{fmt(max(bat), '.2f')} | "
                     f"{statistics.median(x[2] for x in v):.1f} | "
                     f"{fmt(100 * statistics.median(x[3] for x in v), '.1f')} |")
    lines += ["", "Tuned variants:"] + [f"- {k}: {v}" for k, v in sorted(variants)]
    if not by_shape:
        lines.append("no baseline case ok on both sides")
    return lines, 0 if by_shape else 1


def overhead(a):
    lines = ["| device | model / matrix | layer | N | kernel | latency ms | batch ms | overhead ms "
             "| overhead share |", "|---|---|---|---:|---|---:|---:|---:|---:|"]
    per_kernel = {}
    for r in load(a.dirs):
        if r["status"] != "ok":
            continue
        lat, bat = num(r, "median_ms"), num(r, "batch_ms")
        if not (math.isfinite(lat) and math.isfinite(bat) and lat > 0):
            continue
        share = (lat - bat) / lat
        per_kernel.setdefault((r["device"], r["kernel"]), []).append((share, lat - bat, lat))
        lines.append(f"| {r['device']} | {r['model'] or r['matrix']} | {r['layer'] or '-'} | {r['N']} | "
                     f"{r['kernel']} | {lat:.4g} | {bat:.4g} | {lat - bat:.4g} | {100 * share:.0f}% |")
    lines += ["", "Per kernel: the share of the latency median that was launch overhead "
              "((latency - batch) / latency) over its rows:", "",
              "| device | kernel | rows | median share | min | max | median overhead ms "
              "| sum latency ms | sum batch ms |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (dev, k), v in sorted(per_kernel.items()):
        s = [x[0] for x in v]
        tot = sum(x[2] for x in v)
        lines.append(f"| {dev} | {k} | {len(v)} | {100 * statistics.median(s):.0f}% | "
                     f"{100 * min(s):.0f}% | {100 * max(s):.0f}% | "
                     f"{statistics.median(x[1] for x in v):.4g} | {tot:.4g} | "
                     f"{tot - sum(x[1] for x in v):.4g} |")
    return lines, 0 if per_kernel else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dense")
    d.add_argument("--tuned", nargs="+", required=True)
    d.add_argument("--untuned", nargs="+", required=True)
    d.add_argument("--out")
    o = sub.add_parser("overhead")
    o.add_argument("dirs", nargs="+")
    o.add_argument("--out")
    a = ap.parse_args()
    lines, rc = dense(a) if a.cmd == "dense" else overhead(a)
    text = "\n".join(lines)
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    return rc


if __name__ == "__main__":
    sys.exit(main())
