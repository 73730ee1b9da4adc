#!/usr/bin/env python3
"""Plots for `sparsebench report`: python3 plot_report.py MERGED_CSV OUT_DIR

Reads merged.csv, and devices.csv / crossover.csv beside it when present (written by the
report command), and writes OUT_DIR/plots/<name>.png and .svg:

  speedup_<device>   speedup over dense vs sparsity, one line per kernel and N (shape and
                     pattern in the label), the 1.0 line dashed, crossovers marked with x and
                     their bootstrap interval (crossover.csv crossover_ci_low/high) as a bar
  roofline_<device>  with run.json's peak (devices.csv peak_gflops / peak_gbps): the roofline
                     min(peak, AI * bandwidth) and every ok row at arithmetic intensity
                     AI = 2*nnz*N / (bytes + 4*(K*N + M*N)) and its useful GFLOP/s.
                     Without a peak: the rows' efficiency (bound_ms / median_ms) at the same
                     AI, under a roof at 1.0.
  latency_<device>   box plots of the raw counted runs (samples_ms) per case; a case without
                     samples gets a box from median to p90, whiskers min..max, a dot at p99.
  vendors_<family>   when the report holds two or more devices: one kernel family (csr_task counts
                     as csr) across them, useful GFLOP/s per case, one line per implementation
                     (device and platform), the cases on one shared axis.

A device is its label in the report (merged.csv's device_label: name and platform), so PoCL's and
Intel's runtime on one CPU are two lines, never pooled.

Protocol with the C command: one line "plot<TAB>title<TAB>png<TAB>svg" per plot on stdout
(paths relative to OUT_DIR); exit 3 with the reason on the last line when matplotlib is missing.
"""
import csv
import math
import os
import re
import sys

EXIT_NO_MATPLOTLIB = 3
MAX_BOXES = 40  # more boxes than this make an unreadable latency plot


def number(text):
    try:
        v = float(text)
    except (TypeError, ValueError):
        return math.nan
    return v


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def slug(text):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "device"


def sparsity_key(row):
    key = number(row.get("target_sparsity"))
    if math.isnan(key):
        key = number(row.get("sparsity"))
    return round(key, 4)


def pattern_label(row):
    block = row.get("block", "")
    return f"{row.get('pattern', '')} {block}".strip()


def is_baseline(kernel):
    return kernel in ("dense", "clblast", "tc_dense")


def precision_of(r):
    """fp32 for files written before the column."""
    return r.get("precision") or "fp32"


def kernel_label(r):
    """'csr', or 'csr fp16' for a row at another precision (as report.md names its series)."""
    prec = precision_of(r)
    return r["kernel"] if prec == "fp32" else f"{r['kernel']} {prec}"


class Plotter:
    def __init__(self, plt, out_dir):
        import matplotlib.ticker
        self.ticker = matplotlib.ticker
        self.plt = plt
        self.out_dir = out_dir
        self.plot_dir = os.path.join(out_dir, "plots")
        os.makedirs(self.plot_dir, exist_ok=True)
        self.used = set()

    def save(self, fig, name, title):
        base = name
        i = 2
        while base in self.used:  # two devices whose names slug alike
            base = f"{name}_{i}"
            i += 1
        self.used.add(base)
        png = os.path.join("plots", base + ".png")
        svg = os.path.join("plots", base + ".svg")
        fig.savefig(os.path.join(self.out_dir, png), dpi=120, bbox_inches="tight")
        fig.savefig(os.path.join(self.out_dir, svg), bbox_inches="tight")
        self.plt.close(fig)
        print(f"plot\t{title}\t{png}\t{svg}")


MAX_FACETS = 12


def speedup_plot(p, device, rows, crossovers):
    """One panel per matrix (shape and pruning pattern), a line per kernel and N. Model layers are
    left out: the report's model totals speak for them."""
    panels = {}
    for r in rows:
        if r["status"] != "ok" or is_baseline(r["kernel"]) or r.get("model"):
            continue
        s, v = sparsity_key(r), number(r.get("speedup_vs_dense"))
        if math.isnan(s) or math.isnan(v):
            continue
        n_val = number(r["N"])
        n = 0 if math.isnan(n_val) else int(n_val)
        panel = (int(number(r["M"])), int(number(r["K"])), r.get("pattern", ""), r.get("block", ""))
        measured = number(r.get("sparsity"))
        panels.setdefault(panel, {}).setdefault((r["kernel"], precision_of(r), n), {}).setdefault(
            s, []).append((measured if not math.isnan(measured) else s, v))
    if not panels:
        return
    keys = sorted(panels)[:MAX_FACETS]
    cols = min(3, len(keys))
    rows_n = (len(keys) + cols - 1) // cols
    fig, axes = p.plt.subplots(rows_n, cols, figsize=(5.2 * cols, 3.9 * rows_n), squeeze=False)
    for i, panel in enumerate(keys):
        ax = axes[i // cols][i % cols]
        m, k, pattern, block = panel
        for kernel, prec, n in sorted(panels[panel]):
            pts = sorted((sum(x for x, _ in g) / len(g), sum(v for _, v in g) / len(g))
                         for g in panels[panel][(kernel, prec, n)].values())
            name = kernel if prec == "fp32" else f"{kernel} {prec}"
            line, = ax.plot([x for x, _ in pts], [v for _, v in pts], marker="o",
                            label=f"{name} N={n}")
            c = crossovers.get((device, kernel, prec, str(m), str(k), pattern, block, str(n)))
            if c and c.get("crossover") == "at":
                at = number(c.get("crossover_sparsity"))
                if not math.isnan(at):
                    ax.plot([at], [1.0], marker="x", markersize=11, mew=2, color=line.get_color())
                    # its bootstrap interval; a bound beyond the measured range ends at the range
                    lo, hi = number(c.get("crossover_ci_low")), number(c.get("crossover_ci_high"))
                    if not math.isnan(lo) and not math.isnan(hi):
                        xs = [x for x, _ in pts]
                        lo, hi = max(lo, min(xs)), min(hi, max(xs))
                        ax.errorbar([at], [1.0], xerr=[[max(at - lo, 0)], [max(hi - at, 0)]],
                                    fmt="none", ecolor=line.get_color(), capsize=4, lw=1.5)
            ref = number(c.get("reference_crossover")) if c else math.nan
            if not math.isnan(ref):  # Gale et al.'s crossover for this kind of fp16 series
                ax.axvline(ref, color=line.get_color(), linestyle=":", linewidth=1.2)
        ax.axhline(1.0, color="black", linestyle="--", linewidth=1)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(p.ticker.FormatStrFormatter("%g"))
        ax.yaxis.set_minor_formatter(p.ticker.NullFormatter())
        ax.set_title(f"{m}x{k} {pattern} {block}".strip(), fontsize=9)
        ax.set_xlabel("sparsity", fontsize=8)
        ax.set_ylabel("speedup over dense", fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6, loc="upper left", ncol=2)
    for j in range(len(keys), rows_n * cols):
        axes[j // cols][j % cols].axis("off")
    shown = "" if len(panels) <= MAX_FACETS else f" (first {MAX_FACETS} of {len(panels)} matrices)"
    fig.suptitle(f"Speedup over the dense baseline vs sparsity{shown}: {device}\n"
                 f"(dashed: 1.0, above it sparse wins; x: interpolated crossover, bar: its 95% "
                 f"bootstrap interval; dotted: Gale et al. 2020's fp16 crossover for that "
                 f"series)", fontsize=10)
    fig.tight_layout()
    p.save(fig, "speedup_" + slug(device), f"Speedup vs sparsity: {device}")


def intensity(r):
    """Useful FLOP per byte of compulsory traffic: the sparse operand, B (K x N), C (M x N)."""
    m, k, n = number(r.get("M")), number(r.get("K")), number(r.get("N"))
    nnz = number(r.get("nnz"))
    if math.isnan(nnz):
        nnz = m * k * (1.0 - (number(r.get("sparsity")) if not math.isnan(
            number(r.get("sparsity"))) else 0.0))
    a_bytes = number(r.get("bytes"))
    if math.isnan(a_bytes):
        a_bytes = number(r.get("dense_bytes"))
    elem = 2.0 if precision_of(r) == "fp16" else 4.0  # B and C in halves at fp16
    traffic = a_bytes + elem * (k * n + m * n)
    if math.isnan(traffic) or traffic <= 0 or math.isnan(nnz):
        return math.nan
    return 2.0 * nnz * n / traffic


def roofline_plot(p, device, rows, meta):
    peak_f = number(meta.get("peak_gflops")) if meta else math.nan
    peak_b = number(meta.get("peak_gbps")) if meta else math.nan
    absolute = not math.isnan(peak_f) and not math.isnan(peak_b) and peak_f > 0 and peak_b > 0
    points = {}
    for r in rows:
        if r["status"] != "ok":
            continue
        ai = intensity(r)
        y = number(r.get("gflops_useful")) if absolute else number(r.get("efficiency"))
        if math.isnan(ai) or math.isnan(y) or ai <= 0 or y <= 0:
            continue
        points.setdefault(kernel_label(r), []).append((ai, y))
    if not points:
        return
    fig, ax = p.plt.subplots(figsize=(8, 5))
    all_ai = [a for pts in points.values() for a, _ in pts]
    lo, hi = min(all_ai) / 4, max(all_ai) * 4
    if absolute:
        ridge = peak_f / peak_b
        lo, hi = min(lo, ridge / 8), max(hi, ridge * 8)
        xs = [lo * (hi / lo) ** (i / 200) for i in range(201)]
        ax.plot(xs, [min(peak_f, x * peak_b) for x in xs], color="black",
                label=f"roof: {peak_f:.0f} GFLOP/s, {peak_b:.0f} GB/s")
        ax.set_ylabel("useful GFLOP/s (2·nnz·N / t)")
        title = f"Roofline (run.json peak): {device}"
    else:
        ax.axhline(1.0, color="black", label="roof (efficiency 1.0)")
        ax.set_ylabel("efficiency = bound_ms / median_ms")
        title = f"Roofline (relative, no peak in run.json): {device}"
    for kernel in sorted(points):
        pts = points[kernel]
        ax.scatter([a for a, _ in pts], [y for _, y in pts], label=kernel, s=18)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(lo, hi)
    ax.set_xlabel("arithmetic intensity (FLOP/byte)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    p.save(fig, "roofline_" + slug(device), title)


def latency_plot(p, device, rows):
    stats, labels, from_samples = [], [], 0
    cases = [r for r in rows if r["status"] == "ok" and not r.get("model") and
             not math.isnan(number(r.get("median_ms")))]
    total = len(cases)
    for r in cases[:MAX_BOXES]:
        s = sparsity_key(r)
        label = f"{kernel_label(r)} {r['M']}x{r['K']} N={r['N']}" + ("" if math.isnan(s) else f" s={s:g}")
        samples = [number(x) for x in (r.get("samples_ms") or "").split()]
        samples = sorted(x for x in samples if not math.isnan(x))
        if samples:
            from_samples += 1
            q = lambda f: samples[min(len(samples) - 1, int(round(f * (len(samples) - 1))))]
            stats.append({"med": q(0.5), "q1": q(0.25), "q3": q(0.75), "whislo": samples[0],
                          "whishi": samples[-1], "fliers": [], "label": label})
        else:
            med = number(r.get("median_ms"))
            get = lambda name: (lambda v: med if math.isnan(v) else v)(number(r.get(name)))
            p99 = get("p99_ms")
            stats.append({"med": med, "q1": med, "q3": get("p90_ms"), "whislo": get("min_ms"),
                          "whishi": get("max_ms"), "fliers": [p99], "label": label})
        labels.append(label)
    if not stats:
        return
    fig, ax = p.plt.subplots(figsize=(max(6, 0.35 * len(stats) + 2), 5))
    ax.bxp(stats, showfliers=True)
    ax.set_yscale("log")
    ax.set_ylabel("time per run (ms)")
    ax.tick_params(axis="x", labelrotation=80, labelsize=7)
    source = ("raw samples" if from_samples == len(stats) else
              "min/median/p90/p99/max" if from_samples == 0 else "raw samples where recorded")
    shown = f", first {len(stats)} of {total} cases" if total > len(stats) else ""
    title = f"Latency ({source}{shown}): {device}"
    ax.set_title(title, fontsize=9)
    ax.grid(True, axis="y", alpha=0.3)
    p.save(fig, "latency_" + slug(device), f"Latency: {device}")


def device_of(r):
    return r.get("device_label") or r["device"]


def family(kernel):
    return kernel[:-len("_task")] if kernel.endswith("_task") else kernel


def vendors_plot(p, fam, rows, order):
    """One kernel family on every device: useful GFLOP/s of each ok case (matrix, pattern,
    sparsity, N), a line per device, so implementations compare case by case."""
    def case_key(r):
        s = sparsity_key(r)
        return (r["matrix"], pattern_label(r), -1 if math.isnan(s) else s, int(number(r["N"]) or 0),
                precision_of(r))
    by_dev, cases = {}, set()
    for r in rows:
        g = number(r.get("gflops_useful"))
        if r["status"] != "ok" or r.get("model") or math.isnan(g):
            continue
        key = case_key(r)
        cases.add(key)
        by_dev.setdefault(device_of(r), {}).setdefault(key, []).append(g)
    if len(by_dev) < 2:
        return
    cases = sorted(cases)
    xs = list(range(len(cases)))
    fig, ax = p.plt.subplots(figsize=(max(7, 0.3 * len(cases) + 3), 5))
    for dev in [d for d in order if d in by_dev]:
        ys = [sum(by_dev[dev][c]) / len(by_dev[dev][c]) if c in by_dev[dev] else float("nan")
              for c in cases]
        ax.plot(xs, ys, marker="o", markersize=3, label=dev)
    ax.set_xticks(xs)
    ax.set_xticklabels([(f"{m} {pat} s={s:g} N={n}" if s >= 0 else f"{m} {pat} N={n}") +
                        ("" if prec == "fp32" else f" {prec}")
                        for m, pat, s, n, prec in cases], rotation=80, fontsize=6)
    ax.set_yscale("log")
    ax.set_ylabel("useful GFLOP/s (2*nnz*N / median)")
    ax.legend(fontsize=7)
    ax.grid(True, alpha=0.3)
    title = f"{fam} across implementations (useful GFLOP/s per case)"
    ax.set_title(title, fontsize=9)
    p.save(fig, "vendors_" + slug(fam), title)


def main(argv):
    if len(argv) != 3:
        print("usage: plot_report.py MERGED_CSV OUT_DIR", file=sys.stderr)
        return 2
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        print(f"cannot import matplotlib: {e}", file=sys.stderr)
        return EXIT_NO_MATPLOTLIB
    merged, out_dir = argv[1], argv[2]
    rows = read_csv(merged)
    here = os.path.dirname(os.path.abspath(merged))
    devices = {}
    if os.path.exists(os.path.join(here, "devices.csv")):
        devices = {d["device"]: d for d in read_csv(os.path.join(here, "devices.csv"))}
    crossovers = {}
    if os.path.exists(os.path.join(here, "crossover.csv")):
        for c in read_csv(os.path.join(here, "crossover.csv")):
            crossovers[(c["device"], c["kernel"], c.get("precision") or "fp32", c["M"], c["K"],
                        c["pattern"], c["block"], c["N"])] = c
    order = []
    for r in rows:
        if device_of(r) not in order:
            order.append(device_of(r))
    p = Plotter(plt, out_dir)
    for device in order:
        dev_rows = [r for r in rows if device_of(r) == device]
        speedup_plot(p, device, dev_rows, crossovers)
        roofline_plot(p, device, dev_rows, devices.get(device))
        latency_plot(p, device, dev_rows)
    if len(order) > 1:
        for fam in sorted({family(r["kernel"]) for r in rows if r["kernel"]}):
            vendors_plot(p, fam, [r for r in rows if family(r["kernel"]) == fam], order)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
