#!/usr/bin/env python3
"""Tensor-core anchors through PyTorch on CUDA: cuBLAS fp16 and TF32, cuSPARSELt 2:4, BSR and CSR fp16.

The vendor libraries the suite's tensor-core kernels (cl_kernels/tc_*.cl) are compared with, on
random matrices of the same shapes (A M x K, B K x N):

  cublas_hgemm     torch.mm(A, B), fp16 in and out (cuBLAS, fp32 accumulation)
  cublas_tf32      torch.mm(A, B), fp32 in and out with allow_tf32 (cuBLAS TF32 tensor cores)
  cusparselt_24    to_sparse_semi_structured(A) @ B, A 2:4 fp16 (cuSPARSELt where PyTorch has it,
                   else its CUTLASS kernels; the line says which)
  torch_bsr_f16    A.to_sparse_bsr((b, b)) @ B, fp16, A pruned in b x b blocks (PyTorch's dispatch)
  triton_bsr_f16   torch.sparse._triton_ops.bsr_dense_mm on the same BSR matrix (Triton)
  cusparse_csr_f16 A.to_sparse_csr() @ B, fp16, A pruned unstructured (cuSPARSE SpMM)

With --rn50 DATA_DIR the same anchors (cublas_hgemm, cusparselt_24) run on every layer shape of
DLMC ResNet-50 (the 0.9 folder's M x K, N = n_per_sample x --batch): one line per layer, then one
"total" line per anchor (sum of the layer medians, and how many layers it covers).

Timing (--timer graph, the default): the call is captured in a CUDA graph and replayed --batch-calls
times back to back between two CUDA events per sample, so a sample is GPU time without the ~20 us
of host dispatch a single torch call leaves between its events (small layers would otherwise
measure the dispatch; our OpenCL rows are profiling events of the kernel alone). Where capture
fails the same number of plain calls go between the events, and the line's timer says so.
--timer events: one call between two events (torch_anchors.py's way). Median (and min) of the
counted samples after warm-up.
Validation: against the float64 product of the same fp16 (or tf32-rounded) inputs; relative
error in Frobenius norm <= --tolerance (the outputs are fp16: ~3e-4 is their rounding alone).
One JSON line per anchor and case on stdout; where PyTorch or CUDA is missing one line
{"anchor":"torch_tc","skipped":"reason"} and exit status 0. Exit 1 if a result was wrong or failed.
"""
import argparse
import json
import sys
import warnings

from anchor_common import median, parse_list
from torch_anchors import Timer, prune_blocks, prune_unstructured

ANCHORS = ["hgemm", "tf32", "sparse24", "bsr", "triton_bsr", "csr"]


class GraphTimer:
    """Per-call GPU time from a CUDA graph of the call replayed `batch` times between two events
    (see the module's docstring); plain calls when the call cannot be captured."""

    def __init__(self, torch, batch):
        self.torch, self.batch, self.name = torch, max(1, batch), "cuda_graph_replay"

    def time(self, fn, warmup, repeats, max_seconds):
        torch = self.torch
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm-up off the capture stream, as graphs require
            for _ in range(max(1, warmup)):
                out = fn()
        torch.cuda.current_stream().wait_stream(side)
        torch.cuda.synchronize()
        run, how = fn, "cuda_graph_replay"
        try:
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                out = fn()
            run = graph.replay
        except Exception as e:  # not capturable: plain back-to-back calls
            torch.cuda.synchronize()
            how = f"cuda_event_batched (no graph: {type(e).__name__})"
            out = None
        for _ in range(max(1, warmup)):
            res = run()
            if how != "cuda_graph_replay":
                out = res
        torch.cuda.synchronize()
        ms, spent = [], 0.0
        while len(ms) < repeats:
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(self.batch):
                res = run()
            end.record()
            end.synchronize()
            if how != "cuda_graph_replay":
                out = res
            total = start.elapsed_time(end)
            ms.append(total / self.batch)
            spent += total
            if len(ms) >= 3 and spent > max_seconds * 1e3:
                break
        self.name = how
        return ms, out


def skip(reason):
    print(json.dumps({"anchor": "torch_tc", "skipped": reason}), flush=True)
    return 0


def prune_24(torch, W):
    """Keeps the two largest |w| of every 4 consecutive weights of a row."""
    M, K = W.shape
    g = W.view(M, K // 4, 4)
    idx = g.abs().topk(2, dim=2).indices
    mask = torch.zeros_like(g, dtype=torch.bool).scatter_(2, idx, True)
    return (g * mask).view(M, K)


def round_tf32(torch, X):
    """X rounded to tf32 (10 mantissa bits, ties away from zero), kept as float32."""
    bits = X.contiguous().view(torch.int32)
    return ((bits + 0x1000) & ~0x1FFF).view(torch.float32)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--M", type=int, default=4096)
    ap.add_argument("--K", type=int, default=4096)
    ap.add_argument("--N", type=lambda s: parse_list(s, int), default=[1024])
    ap.add_argument("--sparsity", type=lambda s: parse_list(s, float),
                    default=[0.5, 0.7, 0.8, 0.9, 0.95, 0.98])
    ap.add_argument("--block", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--tolerance", type=float, default=2e-3)
    ap.add_argument("--anchors", type=lambda s: parse_list(s, str), default=ANCHORS,
                    help="which to run: " + ",".join(ANCHORS) + " (default all)")
    ap.add_argument("--timer", choices=["graph", "events"], default="graph",
                    help="graph: CUDA-graph replays between events (default); events: one call")
    ap.add_argument("--batch-calls", type=int, default=10,
                    help="--timer graph: replays per timed sample")
    ap.add_argument("--rn50", metavar="DATA_DIR",
                    help="time cublas_hgemm and cusparselt_24 on the DLMC ResNet-50 layer shapes")
    ap.add_argument("--batch", type=int, default=8, help="--rn50: N = n_per_sample x batch")
    a = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    unknown = set(a.anchors) - set(ANCHORS)
    if unknown:
        ap.error(f"unknown anchor(s) {sorted(unknown)}; known: {', '.join(ANCHORS)}")
    if a.M % a.block or a.K % a.block or a.K % 4:
        ap.error(f"M and K must be multiples of --block {a.block} (and K of 4)")
    try:
        import torch
    except ImportError as e:
        return skip(f"PyTorch is not installed ({e})")
    if not torch.cuda.is_available():
        return skip(f"torch {torch.__version__} sees no CUDA device")
    dev = torch.device("cuda")
    timer = GraphTimer(torch, a.batch_calls) if a.timer == "graph" else Timer(torch, dev)
    dev_name = torch.cuda.get_device_name(dev)
    bad = 0

    def emit(name, library, N, sparsity, fn, A64, B64, block=None):
        nonlocal bad
        line = {"anchor": name, "library": f"{library}, torch {torch.__version__}",
                "device": dev_name, "M": a.M, "K": a.K, "N": N, "sparsity": sparsity,
                "block": block, "warmup": a.warmup}
        try:
            ms, out = timer.time(fn, a.warmup, a.repeats, a.max_seconds)
            line["timer"] = timer.name
            ref = A64 @ B64
            err = float(torch.linalg.norm(out.double() - ref) / torch.linalg.norm(ref))
            good = err <= a.tolerance
            line.update({"median_ms": median(ms), "min_ms": min(ms), "runs": len(ms),
                         "rel_error": err if err == err else None,
                         "status": "ok" if good else "wrong"})
            if not good:
                bad += 1
        except Exception as e:  # one anchor failing is one line, the others still run
            bad += 1
            line.update({"status": "failed", "message": f"{type(e).__name__}: {e}"[:500]})
        print(json.dumps(line), flush=True)

    if a.rn50:
        return rn50(a, torch, dev, timer, dev_name)
    g = torch.Generator().manual_seed(a.seed)
    W = torch.rand(a.M, a.K, generator=g) * 2 - 1
    for N in a.N:
        B32 = torch.rand(a.K, N, generator=g) * 2 - 1
        B16 = B32.half().to(dev)
        B64 = B16.double()
        if "hgemm" in a.anchors:
            A16 = W.half().to(dev)
            emit("cublas_hgemm", "torch.mm fp16 (cuBLAS)", N, None, lambda: torch.mm(A16, B16),
                 A16.double(), B64)
            del A16
        if "tf32" in a.anchors:
            torch.backends.cuda.matmul.allow_tf32 = True
            At = round_tf32(torch, W).to(dev)
            Bt = round_tf32(torch, B32).to(dev)
            emit("cublas_tf32", "torch.mm fp32 with allow_tf32 (cuBLAS)", N, None,
                 lambda: torch.mm(At, Bt), At.double(), Bt.double())
            torch.backends.cuda.matmul.allow_tf32 = False
            del At, Bt
        if "sparse24" in a.anchors:
            try:
                from torch.sparse import to_sparse_semi_structured
                A16 = prune_24(torch, W).half().to(dev)
                As = to_sparse_semi_structured(A16)
                emit("cusparselt_24", f"to_sparse_semi_structured ({type(As).__name__})", N, 0.5,
                     lambda: torch.mm(As, B16), A16.double(), B64, block="2:4")
                del A16, As
            except Exception as e:
                bad += 1
                print(json.dumps({"anchor": "cusparselt_24", "N": N, "status": "failed",
                                  "message": f"{type(e).__name__}: {e}"[:500]}), flush=True)
        triton_mm = None
        if "triton_bsr" in a.anchors:
            try:
                from torch.sparse._triton_ops import bsr_dense_mm as triton_mm
            except Exception:
                triton_mm = None
        # One anchor over all sparsities before the next: the cheap ones first (Triton compiles).
        for kind in ("csr", "bsr", "triton_bsr"):
            if kind not in a.anchors or (kind == "triton_bsr" and triton_mm is None):
                continue
            for s in a.sparsity:
                if kind == "csr":
                    gc = torch.Generator().manual_seed(a.seed + 2)
                    A16 = prune_unstructured(torch, W.clone(), s, gc).half().to(dev)
                    Ac = A16.to_sparse_csr()
                    emit("cusparse_csr_f16", "torch sparse_csr @ dense fp16 (cuSPARSE SpMM)", N, s,
                         lambda: Ac @ B16, A16.double(), B64)
                    del A16, Ac
                    continue
                gb = torch.Generator().manual_seed(a.seed + 1)
                A16 = prune_blocks(torch, W.clone(), s, a.block, gb).half().to(dev)
                Ab = A16.to_sparse_bsr((a.block, a.block))
                if kind == "bsr":
                    emit("torch_bsr_f16", "torch sparse_bsr @ dense fp16", N, s,
                         lambda: Ab @ B16, A16.double(), B64, block=a.block)
                else:
                    emit("triton_bsr_f16", "torch.sparse._triton_ops.bsr_dense_mm fp16 (Triton)",
                         N, s, lambda: triton_mm(Ab, B16), A16.double(), B64, block=a.block)
                del A16, Ab
    return 1 if bad else 0


def rn50_layers(data):
    """(name, M, K, n_per_sample) of every DLMC ResNet-50 layer (the 0.9 folder's headers)."""
    import os
    sizes = {}
    with open(os.path.join(data, "dlmc", "rn50_batchsizes.txt")) as f:
        for line in f:
            name, n = line.strip().split(",")
            sizes[name] = int(n)
    folder = os.path.join(data, "dlmc", "rn50", "magnitude_pruning", "0.9")
    out = []
    for fn in sorted(os.listdir(folder)):
        if fn.endswith(".smtx"):
            with open(os.path.join(folder, fn)) as f:
                M, K, _ = (int(x) for x in f.readline().split(","))
            out.append((fn[:-5], M, K, sizes[fn[:-5]]))
    return out


def rn50(a, torch, dev, timer, dev_name):
    """cuBLAS fp16 and cuSPARSELt 2:4 on every ResNet-50 layer shape, then their totals."""
    from torch.sparse import to_sparse_semi_structured
    totals = {"cublas_hgemm": [0.0, 0], "cusparselt_24": [0.0, 0]}
    bad = 0
    for name, M, K, n in rn50_layers(a.rn50):
        N = n * a.batch
        g = torch.Generator().manual_seed(a.seed)
        W = torch.rand(M, K, generator=g) * 2 - 1
        B = (torch.rand(K, N, generator=g) * 2 - 1).half().to(dev)
        for anchor in ("cublas_hgemm", "cusparselt_24"):
            line = {"anchor": anchor, "model": "resnet50", "layer": name, "M": M, "K": K, "N": N,
                    "batch": a.batch, "device": dev_name, "library": f"torch {torch.__version__}"}
            try:
                if anchor == "cublas_hgemm":
                    A = W.half().to(dev)
                    fn = lambda: torch.mm(A, B)
                else:
                    if K % 4:
                        raise ValueError(f"K = {K} is not a multiple of 4: no 2:4 pruning")
                    A = prune_24(torch, W).half().to(dev)
                    As = to_sparse_semi_structured(A)
                    line["library"] += f", {type(As).__name__}"
                    fn = lambda: torch.mm(As, B)
                ms, out = timer.time(fn, a.warmup, a.repeats, a.max_seconds)
                line["timer"] = timer.name
                ref = A.double() @ B.double()
                err = float(torch.linalg.norm(out.double() - ref) / torch.linalg.norm(ref))
                ok = err <= a.tolerance
                line.update({"median_ms": median(ms), "min_ms": min(ms), "runs": len(ms),
                             "rel_error": err, "status": "ok" if ok else "wrong"})
                if ok:
                    totals[anchor][0] += median(ms)
                    totals[anchor][1] += 1
                else:
                    bad += 1
            except Exception as e:  # a shape the library refuses is one line; the rest still run
                line.update({"status": "failed", "message": f"{type(e).__name__}: {e}"[:300]})
            print(json.dumps(line), flush=True)
    for anchor, (ms, n) in totals.items():
        print(json.dumps({"anchor": anchor, "model": "resnet50", "total_ms": ms, "layers": n,
                          "batch": a.batch, "device": dev_name}), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
