#!/usr/bin/env python3
"""cuSPARSE CSR SpMM (through PyTorch) on the sparsity patterns of .smtx files: the vendor anchor for
real layers (DLMC) and for the suite's own synthetic matrices (their patterns written by
`sb_sweep --patterns DIR`), so both sides multiply exactly the same pattern.

  torch_smtx.py --smtx FILE... --N LIST                 every file at every N
  torch_smtx.py --smtx FILE... --batchsizes rn50_batchsizes.txt --batch B
                                                        N = the layer's n_per_sample x B (DLMC)
  torch_smtx.py --cases FILE                            lines "PATH.smtx N[,N...]" (what a suite
                                                        run measured: bench/cusparse_table.py cases)

A's values are seeded uniform(-1, 1) on the file's pattern, B is K x N row-major, fp32, TF32 off.
Timers (both CUDA events, medians of --repeats):
  kernel_ms  events around --calls back-to-back calls queued behind a GPU sleep, divided by the
             calls: the GPU time of one call without the host's dispatch gaps (what the suite's
             event_median_ms measures for its kernels). The primary number.
  call_ms    events around one call on an idle GPU (PyTorch's dispatch time shows up in it).
Validation: the last output against a float64 product on the GPU (relative Frobenius error
<= --tolerance). One JSON line per file and N; where PyTorch or CUDA is missing one line
{"anchor": "torch", "skipped": reason} and exit 0. Exit 1 if a result was wrong or failed.
--kernels adds the CUDA kernels one call launches (profiler: which cuSPARSE algorithm ran),
their summed time (kernels_sum_ms) and the longest one's, the SpMM itself (spmm_kernel_ms).
"""
import argparse
import json
import os
import sys

from anchor_common import median, parse_list


def read_smtx(path):
    """(M, K, row_ptr, col_idx) of a DLMC .smtx file; the index lists as int32 numpy arrays."""
    import warnings
    import numpy as np

    def ints(line):  # numpy's C parser: ~0.2 s for 10^6 numbers (a Python split is 15x slower)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fromstring's text mode is deprecated, still fastest
            return np.fromstring(line, dtype=np.int32, sep=" ")
    with open(path) as f:
        head = f.readline().replace(",", " ").split()
        M, K, nnz = int(head[0]), int(head[1]), int(head[2])
        row_ptr = ints(f.readline())
        col_idx = ints(f.readline()) if nnz else np.zeros(0, np.int32)
    if len(row_ptr) != M + 1 or len(col_idx) != nnz or (M and row_ptr[-1] != nnz):
        raise ValueError(f"{path}: malformed .smtx (M={M} nnz={nnz}, {len(row_ptr)} row "
                         f"pointers, {len(col_idx)} column indices)")
    return M, K, row_ptr, col_idx


def read_batchsizes(path):
    out = {}
    with open(path) as f:
        for line in f:
            if "," in line:
                name, n = line.strip().rsplit(",", 1)
                out[name] = int(n)
    return out


def kernels_of(torch, fn):
    """The CUDA kernels one call launches and their times in ms (the profiler), or the error."""
    try:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            fn()
            torch.cuda.synchronize()
        out = []
        for ev in prof.events():
            if ev.device_type == torch.autograd.DeviceType.CUDA:
                us = getattr(ev, "device_time_total", None)
                if us is None:
                    us = getattr(ev, "cuda_time_total", 0)
                out.append((ev.name[:90], round(us / 1e3, 5)))
        return out
    except Exception as e:  # the profiler is a diagnostic: its failure loses no measurement
        return [f"profiler failed: {type(e).__name__}: {e}"[:200]]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--smtx", nargs="+", default=[])
    ap.add_argument("--cases", help="file of lines 'PATH N[,N...]'")
    ap.add_argument("--N", type=lambda s: parse_list(s, int))
    ap.add_argument("--batchsizes")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--calls", type=int, default=20, help="back-to-back calls per kernel_ms sample")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--tag", default="", help="copied into every line (e.g. the pruning method)")
    ap.add_argument("--kernels", action="store_true")
    a = ap.parse_args(argv)
    per_file = {}
    if a.cases:
        with open(a.cases) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    per_file.setdefault(parts[0], []).extend(parse_list(parts[1], int))
        a.smtx = list(a.smtx) + [p for p in per_file if p not in a.smtx]
    if not a.smtx:
        ap.error("give --smtx FILE... or --cases FILE")
    if not a.N and not a.batchsizes and not per_file:
        ap.error("give --N, --batchsizes or --cases")
    try:
        import torch
    except ImportError as e:
        print(json.dumps({"anchor": "torch", "skipped": f"PyTorch is not installed ({e})"}))
        return 0
    if not torch.cuda.is_available():
        print(json.dumps({"anchor": "torch", "skipped": "no CUDA device"}))
        return 0
    torch.backends.cuda.matmul.allow_tf32 = False
    dev = torch.device("cuda")
    dev_name = torch.cuda.get_device_name(dev)
    sizes = read_batchsizes(a.batchsizes) if a.batchsizes else {}
    bad = 0
    for path in a.smtx:
        stem = os.path.basename(path)[:-5] if path.endswith(".smtx") else os.path.basename(path)
        base = {"anchor": "cusparse_csr", "library": f"torch {torch.__version__} sparse_csr @ dense "
                "(cuSPARSE SpMM)", "device": dev_name, "smtx": path, "matrix": stem, "tag": a.tag}
        try:
            M, K, row_ptr, col_idx = read_smtx(path)
        except (OSError, ValueError) as e:
            bad += 1
            print(json.dumps({**base, "status": "failed", "message": str(e)}), flush=True)
            continue
        if path in per_file:
            Ns = sorted(set(per_file[path]))
        elif a.batchsizes:
            layer = stem.split("__")[-1]  # sb_sweep names a model's layer MODEL__LAYER
            if layer not in sizes:
                print(json.dumps({**base, "status": "skipped",
                                  "message": f"{stem} not in {a.batchsizes}"}), flush=True)
                continue
            Ns = [sizes[layer] * a.batch]
        else:
            Ns = a.N
        g = torch.Generator().manual_seed(a.seed)
        nnz = len(col_idx)
        vals = torch.rand(nnz, generator=g) * 2 - 1
        A_csr = torch.sparse_csr_tensor(torch.from_numpy(row_ptr), torch.from_numpy(col_idx), vals,
                                        size=(M, K)).to(dev)
        A64 = A_csr.to_dense().double()
        for i, N in enumerate(Ns):
            line = {**base, "M": M, "K": K, "N": N, "nnz": nnz,
                    "sparsity": 1 - nnz / (M * K) if M * K else 0.0}
            try:
                B = (torch.rand(K, N, generator=g) * 2 - 1).to(dev)
                fn = lambda: A_csr @ B  # noqa: E731
                for _ in range(a.warmup):
                    out = fn()
                torch.cuda.synchronize()
                call, kern = [], []
                for _ in range(a.repeats):
                    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                    s.record()
                    out = fn()
                    e.record()
                    e.synchronize()
                    call.append(s.elapsed_time(e))
                # enough calls per sample for ~2 ms of GPU work (at most --calls)
                calls = max(1, min(a.calls, int(2.0 / max(median(call), 1e-3))))
                for _ in range(a.repeats):
                    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                    torch.cuda._sleep(5_000_000)  # keeps the GPU busy while the calls queue up
                    s.record()
                    for _ in range(calls):
                        out = fn()
                    e.record()
                    e.synchronize()
                    kern.append(s.elapsed_time(e) / calls)
                ref = A64 @ B.double()
                err = float(torch.linalg.norm(out.double() - ref) / torch.linalg.norm(ref)) \
                    if float(torch.linalg.norm(ref)) > 0 else float(torch.linalg.norm(out.double()))
                good = err <= a.tolerance
                line.update({"median_ms": median(kern), "kernel_ms": median(kern),
                             "call_ms": median(call), "min_ms": min(kern), "runs": len(kern),
                             "calls_per_run": calls, "rel_error": err if err == err else None,
                             "status": "ok" if good else "wrong", "timer": "cuda_event"})
                if not good:
                    bad += 1
                if a.kernels:
                    ks = kernels_of(torch, fn)
                    line["cuda_kernels"] = ks
                    times = [k[1] for k in ks if isinstance(k, tuple)]
                    if times:  # the GPU time of the kernels alone, and of the SpMM kernel itself
                        line["kernels_sum_ms"] = sum(times)
                        line["spmm_kernel_ms"] = max(times)
                del B
            except Exception as e:  # one case failing (memory, an unsupported case) is one line
                bad += 1
                line.update({"status": "failed", "message": f"{type(e).__name__}: {e}"[:500]})
            print(json.dumps(line), flush=True)
        del A_csr, A64
        torch.cuda.empty_cache()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
