#!/usr/bin/env python3
"""Anchors through PyTorch on CUDA: cuSPARSE CSR SpMM, PyTorch's BSR 32x32, cuBLAS SGEMM.

The vendor libraries the suite's OpenCL kernels are compared with on an NVIDIA GPU, on random
matrices of the suite's shapes (fp32, A M x K, B K x N):

  cublas_sgemm   torch.mm(A, B), dense, TF32 off                       (one line per N)
  cusparse_csr   A.to_sparse_csr() @ B, A pruned unstructured (uniform random pattern)
  torch_bsr      A.to_sparse_bsr((32, 32)) @ B, A pruned in 32x32 blocks: PyTorch's default
                 dispatch for BSR @ dense (aten addmm; on CUDA, cuSPARSE bsrmm)
  triton_bsr     torch.sparse._triton_ops.bsr_dense_mm(A_bsr, B) on the same BSR matrix: the
                 Triton kernel PyTorch ships (N must be a multiple of 16)

Timing: CUDA events around each call, median (and min) of the counted runs after warm-up (the
first runs also build cuSPARSE/Triton state). Validation: the output of the last run against a
float64 product (on the GPU, all rows); relative error in Frobenius norm, <= --tolerance.
One JSON line per anchor and case on stdout; where PyTorch or CUDA is missing a single line
{"anchor":"torch","skipped":"reason"} and exit status 0. Exit 1 if a result was wrong or failed.
`--device cpu` runs the same code on the CPU (anchor names torch_cpu_*), to test it without a GPU.
"""
import argparse
import json
import sys
import time
import warnings

from anchor_common import median, parse_list, rows_to_check


def skip(reason):
    print(json.dumps({"anchor": "torch", "skipped": reason}), flush=True)
    return 0


class Timer:
    """CUDA events on a GPU (what the kernels take on the device, launch overhead included),
    the host clock on the CPU."""

    def __init__(self, torch, device):
        self.torch, self.cuda = torch, device.type == "cuda"
        self.name = "cuda_event" if self.cuda else "host"

    def time(self, fn, warmup, repeats, max_seconds):
        torch = self.torch
        out = None
        for _ in range(warmup):
            out = fn()
        if self.cuda:
            torch.cuda.synchronize()
        ms = []
        while len(ms) < repeats:
            if self.cuda:
                start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                out = fn()
                end.record()
                end.synchronize()
                ms.append(start.elapsed_time(end))
            else:
                t0 = time.perf_counter()
                out = fn()
                ms.append((time.perf_counter() - t0) * 1e3)
            if len(ms) >= 3 and sum(ms) > max_seconds * 1e3:
                break
        return ms, out


def random_weights(torch, M, K, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(M, K, generator=g, dtype=torch.float32) * 2 - 1, g


def prune_unstructured(torch, W, sparsity, g):
    """Exactly round(sparsity * M * K) zeros at uniformly random positions."""
    n_zero = round(sparsity * W.numel())
    W.view(-1)[torch.randperm(W.numel(), generator=g)[:n_zero]] = 0
    return W


def prune_blocks(torch, W, sparsity, block, g):
    """Exactly round(sparsity * tiles) of the block x block tiles set to zero, chosen at random."""
    M, K = W.shape
    tiles = (M // block) * (K // block)
    keep = torch.ones(tiles, dtype=W.dtype)
    keep[torch.randperm(tiles, generator=g)[:round(sparsity * tiles)]] = 0
    keep = keep.view(M // block, K // block).repeat_interleave(block, 0).repeat_interleave(block, 1)
    return W * keep


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--device", default="cuda", help="cuda (default) or cpu (to test the code)")
    ap.add_argument("--M", type=int, default=4096)
    ap.add_argument("--K", type=int, default=4096)
    ap.add_argument("--N", type=lambda s: parse_list(s, int), default=[1, 256, 1024, 4096])
    ap.add_argument("--sparsity", type=lambda s: parse_list(s, float),
                    default=[0.5, 0.7, 0.9, 0.95, 0.98])
    ap.add_argument("--block", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=2.0,
                    help="stop repeating (after 3 counted runs) once this much time is spent")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--anchors", type=lambda s: parse_list(s, str),
                    default=["sgemm", "csr", "bsr", "triton_bsr"],
                    help="which to run: sgemm,csr,bsr,triton_bsr (default all)")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=".*support is in beta state.*")
    if a.M < 1 or a.K < 1 or min(a.N) < 1 or a.repeats < 1 or a.warmup < 1:
        ap.error("M, K, N, --repeats and --warmup must be >= 1")
    if any(not 0 <= s < 1 for s in a.sparsity):
        ap.error("--sparsity values must be in [0, 1)")
    if a.M % a.block or a.K % a.block:
        ap.error(f"M and K must be multiples of --block {a.block}")
    unknown = set(a.anchors) - {"sgemm", "csr", "bsr", "triton_bsr"}
    if unknown:
        ap.error(f"unknown anchor(s) {sorted(unknown)}; known: sgemm, csr, bsr, triton_bsr")

    try:
        import torch
    except ImportError as e:
        return skip(f"PyTorch is not installed ({e})")
    if a.device == "cuda" and not torch.cuda.is_available():
        return skip(f"torch {torch.__version__} sees no CUDA device "
                    f"(built for CUDA {torch.version.cuda or 'none'})")
    device = torch.device(a.device)
    cuda = device.type == "cuda"
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32 SGEMM, as CLBlast and the suite compute
    torch.backends.cudnn.allow_tf32 = False
    timer = Timer(torch, device)
    dev_name = torch.cuda.get_device_name(device) if cuda else "cpu"
    names = {"sgemm": "cublas_sgemm" if cuda else "torch_cpu_sgemm",
             "csr": "cusparse_csr" if cuda else "torch_cpu_csr",
             "bsr": "torch_bsr" if cuda else "torch_cpu_bsr",
             "triton_bsr": "triton_bsr" if cuda else "torch_cpu_triton_bsr"}
    library = {"sgemm": "torch.mm (cuBLAS)" if cuda else "torch.mm (CPU)",
               "csr": "torch sparse_csr @ dense (cuSPARSE SpMM)" if cuda else "torch sparse_csr @ dense (CPU)",
               "bsr": "torch sparse_bsr @ dense (aten addmm: cuSPARSE bsrmm)" if cuda else "torch sparse_bsr @ dense (CPU)",
               "triton_bsr": "torch.sparse._triton_ops.bsr_dense_mm (Triton)"}
    triton_mm, triton_why = None, ""
    if "triton_bsr" in a.anchors:
        try:
            from torch.sparse._triton_ops import bsr_dense_mm as triton_mm
        except Exception as e:  # older torch, or no triton
            triton_why = f"torch.sparse._triton_ops.bsr_dense_mm is not importable ({e})"
        if not cuda:
            triton_mm, triton_why = None, "Triton's BSR kernel runs on CUDA only"

    bad = 0

    def emit(kind, N, sparsity, measured, fn, ref_of, block=None, note=None):
        """Times fn, validates its last output against ref_of(rows), prints one line."""
        nonlocal bad
        line = {"anchor": names[kind], "library": library[kind] + f", torch {torch.__version__}",
                "device": dev_name, "M": a.M, "K": a.K, "N": N, "sparsity": sparsity,
                "measured_sparsity": measured, "block": block, "warmup": a.warmup,
                "timer": timer.name}
        try:
            ms, out = timer.time(fn, a.warmup, a.repeats, a.max_seconds)
            ref, rows = ref_of(out.shape[1])
            got = out.double() if rows is None else out[rows].double()
            err = float(torch.linalg.norm(got - ref) / torch.linalg.norm(ref))
            good = err <= a.tolerance  # NaN is never <= tolerance
            line.update({"median_ms": median(ms), "min_ms": min(ms), "runs": len(ms),
                         "rel_error": err if err == err else None,
                         "checked_rows": a.M if rows is None else len(rows),
                         "status": "ok" if good else "wrong"})
            if not good:
                bad += 1
                print(f"torch_anchors: FAIL: {names[kind]} sparsity {sparsity} N {N}: relative "
                      f"error {err:g} > {a.tolerance:g}", file=sys.stderr)
        except Exception as e:  # one anchor failing (memory, an unsupported case) is one line
            bad += 1
            line.update({"status": "failed", "message": f"{type(e).__name__}: {e}"[:500]})
        if note:
            line["note"] = note
        print(json.dumps(line), flush=True)

    def reference(A, B, row_work):
        """float64 A @ B: every row on the GPU; on the CPU an even spread of rows (cost)."""
        def ref_of(N):
            if cuda:
                return A.double() @ B.double(), None
            rows = rows_to_check(a.M, row_work, N)
            return A[rows].double() @ B.double(), rows
        return ref_of

    def make_B(N):
        g = torch.Generator().manual_seed(a.seed * 1000003 + N)
        return (torch.rand(a.K, N, generator=g) * 2 - 1).to(device)

    Bs = {N: make_B(N) for N in a.N}
    if "sgemm" in a.anchors:
        W, _ = random_weights(torch, a.M, a.K, a.seed)
        A = W.to(device)
        for N in a.N:
            B = Bs[N]
            emit("sgemm", N, None, None, lambda: torch.mm(A, B), reference(A, B, a.K))
        del A, W

    for s in a.sparsity:
        seed = a.seed * 7919 + round(s * 1e6)
        if "csr" in a.anchors:
            W, g = random_weights(torch, a.M, a.K, seed)
            A = prune_unstructured(torch, W, s, g).to(device)
            measured = 1 - int(torch.count_nonzero(A)) / A.numel()
            A_csr = A.to_sparse_csr()
            for N in a.N:
                B = Bs[N]
                emit("csr", N, s, measured, lambda: A_csr @ B, reference(A, B, (1 - s) * a.K))
            del A, A_csr
        if "bsr" in a.anchors or "triton_bsr" in a.anchors:
            W, g = random_weights(torch, a.M, a.K, seed + 1)
            A = prune_blocks(torch, W, s, a.block, g).to(device)
            measured = 1 - int(torch.count_nonzero(A)) / A.numel()
            A_bsr = A.to_sparse_bsr((a.block, a.block))
            for N in a.N:
                B = Bs[N]
                ref = reference(A, B, (1 - s) * a.K)
                if "bsr" in a.anchors:
                    emit("bsr", N, s, measured, lambda: A_bsr @ B, ref, block=a.block)
                if "triton_bsr" not in a.anchors:
                    continue
                if triton_mm is None or N % 16:
                    why = triton_why or f"bsr_dense_mm needs N to be a multiple of 16 (N = {N})"
                    print(json.dumps({"anchor": names["triton_bsr"], "device": dev_name, "M": a.M,
                                      "K": a.K, "N": N, "sparsity": s, "block": a.block,
                                      "status": "skipped", "message": why}), flush=True)
                    continue
                emit("triton_bsr", N, s, measured, lambda: triton_mm(A_bsr, B), ref, block=a.block)
            del A, A_bsr
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
