#!/usr/bin/env python3
"""Anchor: dense SGEMM through numpy (OpenBLAS in the usual wheels), M x K times K x N in float32.

The CPU reference point for the suite's sparse kernels on the same shapes: a sparse kernel on a CPU
is only worth having where it beats the best dense GEMM there. Timed with the host clock
(time.perf_counter) around np.matmul into a preallocated output, warm-up runs not counted; the
output of the last run is compared with a float64 product on an even spread of rows.

One JSON line per N on stdout:
  {"anchor":"openblas_sgemm","library":...,"M":..,"K":..,"N":..,"median_ms":..,"min_ms":..,
   "runs":..,"rel_error":..,"status":"ok"|"wrong",...}
Exit status 1 if a result is wrong, 2 on a usage error.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

from anchor_common import cpu_name, median, parse_list, rows_to_check


def blas_name():
    """What numpy's matmul calls, as numpy reports it (OpenBLAS in the PyPI and Debian builds)."""
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"numpy {np.__version__}, {blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # numpy < 1.26 has no mode="dicts"
        return f"numpy {np.__version__}"


def time_runs(fn, warmup, repeats, max_seconds):
    for _ in range(warmup):
        fn()
    ms = []
    while len(ms) < repeats:
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
        if len(ms) >= 3 and sum(ms) > max_seconds * 1e3:
            break
    return ms


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--M", type=int, default=4096)
    ap.add_argument("--K", type=int, default=4096)
    ap.add_argument("--N", type=lambda s: parse_list(s, int), default=[256],
                    help="comma-separated list (default 256)")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--max-seconds", type=float, default=5.0,
                    help="stop repeating (after 3 counted runs) once this much time is spent")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args(argv)
    if a.M < 1 or a.K < 1 or min(a.N) < 1 or a.repeats < 1 or a.warmup < 0:
        ap.error("M, K, N and --repeats must be >= 1, --warmup >= 0")

    rng = np.random.default_rng(a.seed)
    A = rng.uniform(-1, 1, size=(a.M, a.K)).astype(np.float32)
    ok = True
    for N in a.N:
        B = rng.uniform(-1, 1, size=(a.K, N)).astype(np.float32)
        C = np.full((a.M, N), np.nan, dtype=np.float32)
        ms = time_runs(lambda: np.matmul(A, B, out=C), a.warmup, a.repeats, a.max_seconds)
        rows = rows_to_check(a.M, a.K, N)
        ref = A[rows].astype(np.float64) @ B.astype(np.float64)
        err = float(np.linalg.norm(C[rows] - ref) / np.linalg.norm(ref))
        good = bool(err <= a.tolerance)  # NaN (an unwritten element) is never <= tolerance
        ok &= good
        print(json.dumps({
            "anchor": "openblas_sgemm", "library": blas_name(), "op": "sgemm",
            "device": cpu_name(), "threads": os.cpu_count(), "M": a.M, "K": a.K, "N": N,
            "sparsity": None, "median_ms": median(ms), "min_ms": min(ms), "runs": len(ms),
            "warmup": a.warmup, "timer": "host", "rel_error": err if err == err else None,
            "checked_rows": len(rows), "status": "ok" if good else "wrong"}), flush=True)
        if not good:
            print(f"openblas_sgemm: FAIL: N {N}: relative error {err:g} > {a.tolerance:g}",
                  file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
