#!/usr/bin/env python3
"""Ratio tables: the suite's kernels against the anchors (CLBlast, cuSPARSE, PyTorch BSR, ViennaCL,
OpenBLAS, cuBLAS) on the same shapes and device, and the issue's targets as met / missed / not
measured.

Usage: ratio_table.py PATH... [--out FILE] [--stat median|min]
  PATH: a suite results directory (with results.csv, and run.json for the device type) or an
  anchors file (*.jsonl, one JSON line per anchor case, as bench/anchors/* print them); several of
  each may be given (a bench split over several calls). The Markdown is printed and written to
  --out (default: bench-table.md in the first results directory).

Only rows with status ok count: a wrong or failed row is shown as such and never counts as a win.
Every ratio is "how many times faster ours is": the other's median / ours.
"""
import argparse
import csv
import json
import math
import os
import sys

SPARSITIES = [0.5, 0.7, 0.9, 0.95, 0.98]
GPU_TARGET_NS = [256, 1024, 4096]


def num(text):
    try:
        v = float(text)
        return v if math.isfinite(v) else None
    except (TypeError, ValueError):
        return None


def skey(s):
    """Sparsities compared to 4 decimals (0.95 from YAML, 0.95 from JSON)."""
    return None if s is None else round(float(s), 4)


class Cell:
    """One measured number (ms) with its status and, for ours, which kernel gave it."""

    def __init__(self, ms=None, status="ok", kernel="", bound=None, speedup=None, note=""):
        self.ms, self.status, self.kernel = ms, status, kernel
        self.bound, self.speedup, self.note = bound, speedup, note

    @property
    def ok(self):
        return self.status == "ok" and self.ms is not None


def best_ok(cells):
    """The fastest ok cell; else a cell saying why none is ok (wrong beats failed in the text)."""
    ok = [c for c in cells if c and c.ok]
    if ok:
        return min(ok, key=lambda c: c.ms)
    bad = [c for c in cells if c]
    return bad[0] if bad else None


# ---------------------------------------------------------------- reading

def read_suite(dirs, stat="median"):
    """rows[(device, M, K, N, family, sparsity, kernel)] = Cell; devices[name] = type."""
    rows, devices = {}, {}
    for d in dirs:
        path = os.path.join(d, "results.csv")
        if not os.path.isfile(path):
            sys.exit(f"ratio_table: {path}: no such file (is {d} a sparsebench results directory?)")
        meta = os.path.join(d, "run.json")
        if os.path.isfile(meta):
            with open(meta) as f:
                for dev in json.load(f).get("devices", []):
                    devices[dev.get("name", "")] = dev.get("type", "")
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                family = {"unstructured": "csr", "nm": "nm"}.get(r["pattern"])
                if r["pattern"] == "block":
                    family = "bsr" + r["block"]  # e.g. bsr32x32
                if family is None:
                    continue
                s = skey(num(r["target_sparsity"]) if num(r["target_sparsity"]) is not None
                         else num(r["sparsity"]))
                key = (r["device"], int(r["M"]), int(r["K"]), int(r["N"]), family, s, r["kernel"])
                rows[key] = Cell(num(r[stat + "_ms"]), r["status"], r["kernel"], num(r["bound_ms"]),
                                 num(r["speedup_vs_dense"]), r["message"])
                devices.setdefault(r["device"], "")
    return rows, devices


def read_anchors(files, stat="median"):
    """anchors[(name, M, K, N, sparsity or None)] = Cell; skipped = [(anchor, reason)]; info."""
    anchors, skipped, info = {}, [], {}
    for path in files:
        with open(path) as f:
            for i, line in enumerate(f, 1):
                line = line.strip()
                if not line.startswith("{"):
                    continue
                try:
                    a = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"ratio_table: {path}:{i}: not a JSON line ({e})")
                name = a.get("anchor", "?")
                if "skipped" in a or a.get("status") == "skipped":
                    item = (name if "skipped" in a else f"{name} N={a.get('N')}",
                            a.get("skipped") or a.get("message", ""))
                    if item not in skipped:
                        skipped.append(item)
                    continue
                key = (name, a.get("M"), a.get("K"), a.get("N"), skey(a.get("sparsity")))
                anchors[key] = Cell(num(a.get(stat + "_ms")), a.get("status", "ok"), name,
                                    note=a.get("message", ""))
                if a.get("library"):
                    info.setdefault(name, (a["library"], a.get("device", "?")))
    return anchors, skipped, info


# ---------------------------------------------------------------- formatting

def fmt_ms(c, with_kernel=False):
    if c is None:
        return ""
    if not c.ok:
        return c.status
    text = f"{c.ms:.4g}" if c.ms < 1000 else f"{c.ms:.0f}"
    return f"{text} ({c.kernel})" if with_kernel and c.kernel else text


def ratio(other, ours):
    """other / ours when both are ok, else None."""
    if other and ours and other.ok and ours.ok and ours.ms > 0:
        return other.ms / ours.ms
    return None


def fmt_x(x):
    return "" if x is None else f"{x:.2f}x"


# ---------------------------------------------------------------- the data of one device

class DeviceData:
    def __init__(self, device, dtype, rows, anchors):
        self.device, self.dtype = device, dtype
        self.rows = {k[1:]: v for k, v in rows.items() if k[0] == device}
        self.anchors = anchors
        shapes = sorted({(k[0], k[1]) for k in self.rows})
        self.M, self.K = shapes[0] if shapes else (4096, 4096)
        self.Ns = sorted({k[2] for k in self.rows if (k[0], k[1]) == (self.M, self.K)})
        self.block_family = next((k[3] for k in self.rows if k[3].startswith("bsr")), "bsr32x32")

    def our(self, N, family, s, kernels):
        return best_ok([self.rows.get((self.M, self.K, N, family, s, k)) for k in kernels])

    def csr(self, N, s):
        """csr_auto where it ran (the suite's CSR row: it picks the kernel), else the faster of
        csr and csr_balanced."""
        auto = self.our(N, "csr", s, ["csr_auto"])
        return auto if auto else self.our(N, "csr", s, ["csr", "csr_balanced"])

    def spmv(self, N, s):
        return self.our(N, "csr", s, ["csr_spmv", "csr", "csr_balanced"])

    def clblast(self, N, family, s):
        return self.our(N, family, s, ["clblast"])

    def bsr(self, N, s):
        return self.our(N, self.block_family, s, ["bsr"])

    def nm(self, N):
        return self.our(N, "nm", 0.5, ["nm"])

    def anchor(self, name, N, s=None):
        c = self.anchors.get((name, self.M, self.K, N, s))
        return c

    def torch_bsr(self, N, s):
        return best_ok([self.anchor("torch_bsr", N, s), self.anchor("triton_bsr", N, s)])

    def sparsities(self, N):
        found = {k[4] for k in self.rows if k[2] == N and k[4] is not None and k[3] != "nm"}
        return sorted(found | ({0.5} if self.nm(N) else set()))


def table_for(d, N):
    """The Markdown table of one device and N; columns nobody measured are left out."""
    cols = [
        ("sparsity", lambda s: f"{s:.0%}" if s * 100 == round(s * 100) else f"{s:.1%}"),
        ("CLBlast ms", lambda s: fmt_ms(d.clblast(N, "csr", s))),
        ("our CSR ms (kernel)", lambda s: fmt_ms(d.csr(N, s), True)),
        ("CSR vs CLBlast", lambda s: fmt_x(ratio(d.clblast(N, "csr", s), d.csr(N, s)))),
        ("cuSPARSE CSR ms", lambda s: fmt_ms(d.anchor("cusparse_csr", N, s))),
        ("CSR vs cuSPARSE", lambda s: fmt_x(ratio(d.anchor("cusparse_csr", N, s), d.csr(N, s)))),
        ("our BSR 32x32 ms", lambda s: fmt_ms(d.bsr(N, s))),
        ("BSR vs CLBlast", lambda s: fmt_x(ratio(d.clblast(N, d.block_family, s), d.bsr(N, s)))),
        ("PyTorch BSR ms (which)", lambda s: fmt_ms(d.torch_bsr(N, s), True)),
        ("BSR vs PyTorch BSR", lambda s: fmt_x(ratio(d.torch_bsr(N, s), d.bsr(N, s)))),
        ("our 2:4 ms", lambda s: fmt_ms(d.nm(N)) if s == 0.5 else ""),
        ("2:4 vs CLBlast", lambda s: fmt_x(ratio(d.clblast(N, "nm", 0.5), d.nm(N))) if s == 0.5 else ""),
        ("ViennaCL CSR ms", lambda s: fmt_ms(d.anchor("viennacl_csr", N, s))),
        ("CSR vs ViennaCL", lambda s: fmt_x(ratio(d.anchor("viennacl_csr", N, s), d.csr(N, s)))),
        ("OpenBLAS SGEMM ms", lambda s: fmt_ms(d.anchor("openblas_sgemm", N))),
        ("CSR vs OpenBLAS", lambda s: fmt_x(ratio(d.anchor("openblas_sgemm", N), d.csr(N, s)))),
        ("cuBLAS SGEMM ms", lambda s: fmt_ms(d.anchor("cublas_sgemm", N))),
        ("CSR vs cuBLAS", lambda s: fmt_x(ratio(d.anchor("cublas_sgemm", N), d.csr(N, s)))),
    ]
    if N == 1:
        def spmv_bound(s):
            c = d.spmv(N, s)
            return c.bound if c and c.ok else None
        cols += [
            ("our SpMV ms (kernel)", lambda s: fmt_ms(d.spmv(N, s), True)),
            ("bound ms", lambda s: "" if spmv_bound(s) is None else f"{spmv_bound(s):.4g}"),
            ("SpMV / bound", lambda s: "" if spmv_bound(s) is None else f"{d.spmv(N, s).ms / spmv_bound(s):.2f}"),
        ]
    sps = d.sparsities(N)
    cells = [[f(s) for _, f in cols] for s in sps]
    keep = [j for j in range(len(cols)) if j == 0 or any(row[j] for row in cells)]
    lines = ["| " + " | ".join(cols[j][0] for j in keep) + " |",
             "|" + "|".join("---" if j == 0 else "---:" for j in keep) + "|"]
    lines += ["| " + " | ".join(row[j] for j in keep) + " |" for row in cells]
    return lines


# ---------------------------------------------------------------- targets

def judge(cases):
    """cases: [(label, value or None, passed or None)] -> (verdict, text). None: not measured."""
    measured = [c for c in cases if c[2] is not None]
    if not measured:
        return "not measured", ""
    missed = [c for c in measured if not c[2]]
    absent = [c[0] for c in cases if c[2] is None]
    verdict = "missed" if missed else ("met" if not absent else "met where measured")
    text = ", ".join(f"{lab} {val}" + ("" if ok else " ✗") for lab, val, ok in measured)
    if absent:
        text += "; not measured: " + ", ".join(absent)
    return verdict, text


def target_cases(d, name):
    """Each target as (description, device class, cases)."""
    def speed_case(label, other, ours, need):
        x = ratio(other, ours)
        if ours is not None and not ours.ok and other is not None and other.ok:
            return (label, f"ours {ours.status}", False)  # a wrong row is never a win
        return (label, fmt_x(x), None if x is None else x >= need)

    pct = lambda s: f"{s:.0%}"
    if name == "csr_cusparse":
        return [speed_case(f"N={N} {pct(s)}", d.anchor("cusparse_csr", N, s), d.csr(N, s), 2.0)
                for N in GPU_TARGET_NS for s in [0.7, 0.9, 0.95, 0.98]]
    if name == "csr_clblast":
        return [speed_case(f"N={N} {pct(s)}", d.clblast(N, "csr", s), d.csr(N, s), 1.0 + 1e-12)
                for N in d.Ns for s in [0.7, 0.9, 0.95, 0.98]]
    if name == "bsr_clblast":
        return [speed_case(f"N={N}", d.clblast(N, d.block_family, 0.5), d.bsr(N, 0.5), 1.0 + 1e-12)
                for N in d.Ns]
    if name == "bsr_torch":
        return [speed_case(f"N={N} {pct(s)}", d.torch_bsr(N, s), d.bsr(N, s), 1.0)
                for N in d.Ns for s in SPARSITIES]
    if name == "nm_clblast":
        return [speed_case(f"N={N}", d.clblast(N, "nm", 0.5), d.nm(N), 1.5) for N in d.Ns]
    if name == "spmv_bound":
        out = []
        for s in SPARSITIES:
            c = d.spmv(1, s)
            if c is None or (not c.ok and c.status != "wrong") or (c.ok and c.bound is None):
                out.append((pct(s), "", None))
            elif not c.ok:
                out.append((pct(s), f"ours {c.status}", False))
            else:
                out.append((pct(s), f"{c.ms / c.bound:.2f}x bound ({c.kernel})", c.ms <= 2 * c.bound))
        return out
    if name == "csr_viennacl":
        return [speed_case(f"N={N}", d.anchor("viennacl_csr", N, 0.9), d.csr(N, 0.9), 8.0) for N in d.Ns]
    if name == "csr_openblas":
        return [speed_case(f"N={N}", d.anchor("openblas_sgemm", N), d.csr(N, 0.9), 1.0 + 1e-12)
                for N in d.Ns]
    raise KeyError(name)


TARGETS = [
    ("csr_cusparse", "GPU", "CSR >= 2x cuSPARSE's speed at 70-98% for N = 256, 1024, 4096"),
    ("csr_clblast", "GPU", "CSR faster than CLBlast from 70%"),
    ("bsr_clblast", "GPU", "BSR 32x32 faster than CLBlast at 50%"),
    ("bsr_torch", "GPU", "BSR 32x32 at least as fast as PyTorch's BSR at every sparsity"),
    ("nm_clblast", "GPU", "2:4 >= 1.5x CLBlast"),
    ("spmv_bound", "GPU", "SpMV (N = 1) within 2x of the memory-bandwidth bound (median <= 2 x bound_ms)"),
    ("csr_viennacl", "CPU", "CSR >= 8x ViennaCL at 90%"),
    ("csr_openblas", "CPU", "CSR at 90% faster than OpenBLAS SGEMM"),
]


def targets_for(d):
    lines = ["| target | device | verdict | numbers (ours vs the other; ✗ = short of the target) |",
             "|---|---|---|---|"]
    for name, cls, text in TARGETS:
        if d.dtype and d.dtype.upper() != cls:
            verdict, numbers = f"not measured on this device (a {cls} target)", ""
        else:
            verdict, numbers = judge(target_cases(d, name))
        lines.append(f"| {text} | {cls} | **{verdict}** | {numbers} |")
    return lines


# ---------------------------------------------------------------- main

def render(rows, devices, anchors, skipped, info, sources, stat="median"):
    what = {"median": "medians", "min": "minimums"}[stat]
    out = ["# sparsebench against the anchors", "",
           f"Times are {what} of the counted runs in ms; a ratio is the other's {stat} / ours "
           "(above 1: ours is faster). Only rows with status ok count.",
           f"Sources: {', '.join(sources)}.", ""]
    if info:
        out.append("Anchors: " + "; ".join(f"{k}: {lib} on {dev}" for k, (lib, dev) in sorted(info.items())) + ".")
    if skipped:
        out.append("Skipped: " + "; ".join(f"{k} ({why})" for k, why in skipped) + ".")
    out.append("")
    for device in sorted(devices):
        d = DeviceData(device, devices[device], rows, anchors)
        out += [f"## {device} ({d.dtype or 'type unknown'}), A {d.M} x {d.K}", ""]
        for N in d.Ns:
            out += [f"### N = {N}", ""] + table_for(d, N) + [""]
        ours = [c for c in d.rows.values() if c.kernel in ("csr", "csr_balanced", "csr_auto")]
        if ours:
            out.append("our CSR = csr_auto where it ran (it picks the CSR kernel per matrix and N), "
                       "else the faster of csr and csr_balanced with status ok (the kernel is "
                       "named); CLBlast, BSR and 2:4 ratios use the CLBlast row of their own matrix.")
            out.append("")
        out += ["### Targets", ""] + targets_for(d) + [""]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+", help="results directories and anchors .jsonl files")
    ap.add_argument("--out", help="where to write the Markdown (default: DIR/bench-table.md)")
    ap.add_argument("--stat", choices=["median", "min"], default="median",
                    help="which time to compare (default median; min is steadier on a shared machine)")
    a = ap.parse_args(argv)
    dirs = [p for p in a.paths if os.path.isdir(p)]
    files = [p for p in a.paths if not os.path.isdir(p)]
    for f in files:
        if not os.path.isfile(f):
            ap.error(f"{f}: no such file or directory")
    if not dirs:
        ap.error("give at least one sparsebench results directory")
    rows, devices = read_suite(dirs, a.stat)
    anchors, skipped, info = read_anchors(files, a.stat)
    text = render(rows, devices, anchors, skipped, info, a.paths, a.stat)
    print(text)
    out = a.out or os.path.join(dirs[0], "bench-table.md")
    with open(out, "w") as f:
        f.write(text + "\n")
    print(f"\n(written to {out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
