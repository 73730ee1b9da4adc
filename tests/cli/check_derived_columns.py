#!/usr/bin/env python3
"""Recomputes every derived column of a run from what it rests on, apart from src/:

  from results.jsonl's raw samples_ms:  runs, min/median/p90/p99/mean/max_ms (numpy's linear
                                        percentile), host_median_ms, stddev_ms, cv, noise,
                                        outliers, drift and whether timing_warning names them
  from the saved A.mtx (--save-cases):  nnz, sparsity, bytes and fill of each format, dense_bytes
                                        (values, B and C of 2 bytes at fp16, else 4)
  from the row and its baseline:        gflops_useful = 2*nnz*N/t, gflops_dense_equiv = 2*M*K*N/t,
                                        baseline_ms = median of the baseline's runs timed beside
                                        the kernel (baseline_samples_ms; the baseline row: its own),
                                        batch_ms and baseline_batch_ms = medians of the batches,
                                        speedup_vs_dense = baseline / this, by speedup_timer
  from run.json's peak:                 bound_ms = max(flops/peak, bytes moved/bandwidth),
                                        efficiency = bound_ms / median_ms
  from the layers' rows:                models.csv totals (sum of medians), dense totals, speedups,
                                        bytes

and compares each with results.csv (9 significant digits), results.jsonl (exact doubles) and
models.csv (6 significant digits). Usage: check_derived_columns.py RUN_DIR CASES_DIR
"""
import csv
import json
import math
import os
import statistics
import sys

from device_rows import DENSE_KERNELS as DENSE

run_dir, cases_dir = sys.argv[1], sys.argv[2]
failures = []


def check(what, got, want, rel):
    """got (a string or a number from the files) against want (computed here)."""
    if got in (None, "") or want is None or (isinstance(want, float) and math.isnan(want)):
        ok = (got in (None, "", "nan")) == (want is None or (isinstance(want, float) and math.isnan(want)))
    else:
        g = float(got)
        ok = abs(g - want) <= rel * abs(want) + 1e-300
    if not ok:
        failures.append(f"{what}: file has {got!r}, recomputed {want!r}")


def percentile(sorted_v, q):
    pos = q * (len(sorted_v) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_v) - 1)
    return sorted_v[lo] + (sorted_v[hi] - sorted_v[lo]) * (pos - lo)


def read_mtx(path):
    """(M, K, set of (row, col) of the non-zeros) from a coordinate real general .mtx."""
    with open(path) as f:
        lines = [l for l in f if not l.startswith("%")]
    M, K, _ = (int(x) for x in lines[0].split())
    nz = set()
    for l in lines[1:]:
        if l.strip():
            r, c, v = l.split()
            if float(v) != 0.0:
                nz.add((int(r) - 1, int(c) - 1))
    return M, K, nz


def format_storage(kernel, block, M, K, nz, vb, variant):
    """(bytes, stored values) of A in the kernel's format, as the format is documented; vb: bytes
    of one stored value (4, or 2 at fp16); indices are 4-byte integers. The FPGA task kernels
    store bsr_task and nm_task as bsr and nm, csr_task as csr with every row padded with zeros to
    a multiple of its UNROLL (the variant's), the padding counted as stored."""
    nnz = len(nz)
    if kernel == "csr_task":
        unroll = int(dict(w.split("=") for w in variant.split() if "=" in w)["UNROLL"])
        per_row = [0] * M
        for r, _ in nz:
            per_row[r] += 1
        padded = sum(-(-n // unroll) * unroll for n in per_row)
        return 4 * (M + 1) + (4 + vb) * padded, padded
    kernel = {"bsr_task": "bsr", "nm_task": "nm"}.get(kernel, kernel)
    if kernel in DENSE:
        return vb * M * K, M * K
    if kernel in ("csr", "csr_spmv"):
        return 4 * (M + 1) + (4 + vb) * nnz, nnz
    if kernel == "csr_balanced":
        return 4 * (M + 1) + (4 + vb) * nnz + 4 * M, nnz
    if kernel == "bsr":
        br, bc = (int(x) for x in block.split("x"))
        blocks = {(r // br, c // bc) for r, c in nz}
        stored = len(blocks) * br * bc
        return 4 * (-(-M // br) + 1) + 4 * len(blocks) + vb * stored, stored
    if kernel == "nm":
        n, m = (int(x) for x in block.split(":"))
        groups = -(-K // m)
        stored = M * groups * n
        bits = max(1, (m - 1).bit_length())
        per_word = 32 // bits
        meta_words = -(-(groups * n) // per_word)
        return vb * stored + 4 * M * meta_words, stored
    raise SystemExit(f"no storage formula for kernel {kernel}")


rows = list(csv.DictReader(open(os.path.join(run_dir, "results.csv"))))
jrows = [json.loads(l) for l in open(os.path.join(run_dir, "results.jsonl"))]
meta = json.load(open(os.path.join(run_dir, "run.json")))
assert len(rows) == len(jrows) and rows, (len(rows), len(jrows))
peaks = {d["index"]: d.get("peak") for d in meta["devices"]}
assert all(p and p["gflops"] > 0 and p["gbps"] > 0 for p in peaks.values()), peaks
# where a device's profile disables CLBlast (run.json's baseline: dense, e.g. an FPGA), the
# config's clblast rows are skipped, saying so, and have nothing to recompute: only those
no_clblast = {d["index"]: d["profile"] for d in meta["devices"] if d["baseline"] != "clblast"}
kept = []
for r, j in zip(rows, jrows):
    if r["kernel"] == "clblast" and r["device_index"] in no_clblast:
        why = f"CLBlast is disabled for this device by its profile {no_clblast[r['device_index']]}"
        assert r["status"] == "skipped" == j["status"] and r["message"] == why, r
    else:
        kept.append((r, j))
assert kept, "no rows measured"

cases = {}
for name in os.listdir(cases_dir):
    c = json.load(open(os.path.join(cases_dir, name, "case.json")))
    cases[(c["device_index"], c["matrix"], c["kernel"], c["N"], c["precision"],
           round(c["sparsity"], 9))] = \
        os.path.join(cases_dir, name, "A.mtx")

checked = 0
for r, j in kept:
    key = (r["device_index"], r["matrix"], r["kernel"], int(r["N"]), r["precision"])
    what = "/".join(str(x) for x in key) + f" s={r['target_sparsity']}"
    vb = 2 if r["precision"] == "fp16" else 4  # bytes of a stored value, of B and of C
    assert r["status"] == "ok" == j["status"], (what, r["status"], r["message"])
    assert all(r[k] == str(j[k]) for k in ("matrix", "kernel")) and int(r["N"]) == j["N"], what
    M, K, N = int(r["M"]), int(r["K"]), int(r["N"])

    # latency statistics from the raw samples (JSONL holds them as exact doubles)
    s = sorted(j["samples_ms"])
    check(f"{what} runs", r["runs"], float(len(s)), 0)
    stats = {"min_ms": s[0], "max_ms": s[-1], "mean_ms": sum(s) / len(s),
             "median_ms": percentile(s, 0.5), "p90_ms": percentile(s, 0.9),
             "p99_ms": percentile(s, 0.99), "host_median_ms": percentile(s, 0.5)}
    for col, want in stats.items():
        check(f"{what} {col} (csv)", r[col], want, 1e-8)
        check(f"{what} {col} (jsonl)", j[col], want, 1e-12)
    # dispersion (README "Reading the results"), from the runs in the order they ran
    runs = j["samples_ms"]
    check(f"{what} stddev_ms", j["stddev_ms"], statistics.stdev(runs), 1e-12)
    check(f"{what} cv", r["cv"], statistics.stdev(runs) / statistics.fmean(runs), 1e-8)
    n = len(s)
    lo = max(1, math.floor(n / 2 - 0.98 * math.sqrt(n)))
    hi = min(n, math.ceil(1 + n / 2 + 0.98 * math.sqrt(n)))
    check(f"{what} noise", j["noise"], (s[hi - 1] - s[lo - 1]) / (2 * stats["median_ms"]), 1e-12)
    mad = statistics.median(abs(x - stats["median_ms"]) for x in runs)
    mean_ad = statistics.fmean(abs(x - stats["median_ms"]) for x in runs)
    scale = 0.6745 / mad if mad > 0 else 1 / (1.253314 * mean_ad) if mean_ad > 0 else 0
    outliers = sum(abs((x - stats["median_ms"]) * scale) > 3.5 for x in runs)
    check(f"{what} outliers", r["outliers"], float(outliers), 0)
    third = n // 3
    drift = statistics.median(runs[n - third:]) / statistics.median(runs[:third]) - 1 if n >= 6 else None
    # drift is a ratio minus 1: compared as the ratio (drift + 1), since near 0 the subtraction
    # leaves an ulp of 1 (2e-16) that is 1e-12 of a drift of 2e-4 (a fresh clone's row did that)
    check(f"{what} drift", None if j["drift"] is None else float(j["drift"]) + 1,
          None if drift is None else drift + 1, 1e-12)
    if (n >= 9 and abs(drift) > 0.10) != ("drift" in r["timing_warning"]) or \
            (outliers > 0) != ("outliers" in r["timing_warning"]):
        failures.append(f"{what}: timing_warning {r['timing_warning']!r} for drift {drift:.3f}, "
                        f"{outliers} outliers")
    t = stats["median_ms"]

    # the matrix as saved: nnz, sparsity, storage
    A = cases[key + (round(float(j["sparsity"]), 9),)]
    MA, KA, nz = read_mtx(A)
    assert (MA, KA) == (M, K), (what, MA, KA)
    nnz = len(nz)
    check(f"{what} nnz", r["nnz"], float(nnz), 0)
    check(f"{what} sparsity", r["sparsity"], 1 - nnz / (M * K), 1e-8)
    nbytes, stored = format_storage(r["kernel"], r["block"], M, K, nz, vb, r["variant"])
    check(f"{what} bytes", r["bytes"], float(nbytes), 0)
    check(f"{what} dense_bytes", r["dense_bytes"], float(vb) * M * K, 0)
    check(f"{what} fill", r["fill"], stored / nnz, 1e-8)

    # rates
    check(f"{what} gflops_useful", j["gflops_useful"], 2 * nnz * N / (t * 1e-3) / 1e9, 1e-12)
    check(f"{what} gflops_dense_equiv", j["gflops_dense_equiv"], 2 * M * K * N / (t * 1e-3) / 1e9, 1e-12)
    check(f"{what} gflops_useful (csv)", r["gflops_useful"], 2 * nnz * N / (t * 1e-3) / 1e9, 1e-8)

    # speedup against the baseline timed run for run beside this kernel (its own runs for the
    # baseline's row), by the timer the run says
    is_base = r["kernel"] == r["baseline"]
    b_s = j["samples_ms"] if is_base else j["baseline_samples_ms"]
    assert len(b_s) == (len(s) if not is_base else len(b_s)) and b_s, (what, len(b_s))
    b_t = percentile(sorted(b_s), 0.5)
    batch = percentile(sorted(j["batch_samples_ms"]), 0.5)
    b_batch = percentile(sorted(j["batch_samples_ms" if is_base else "baseline_batch_samples_ms"]), 0.5)
    check(f"{what} baseline_ms", j["baseline_ms"], b_t, 1e-12)
    check(f"{what} batch_ms", j["batch_ms"], batch, 1e-12)
    # the gated batches' device span by events (where the device's events count): the median of
    # its samples, each per run of a batch of batch_size, within 10x of what an ungated batch of
    # the same size takes per run by the host clock, and every sample within 100x: a span not
    # divided by the batch size (2048-4096 runs for these small cases) is far over both. Not a
    # tighter bound either way: on PoCL a tiny kernel spanned 1.3 us per run gated while the
    # host took 11 us to enqueue one, in the sanitizer build a gated bsr run spanned 8.9 us
    # against 5.6 us ungated, and on the 2-core machine with another test suite running one
    # sample of nm spanned 72 us per run against 3.8 us (19x; the median was within 10x).
    ev = j["batch_event_samples_ms"]
    if r["batch_event_ms"]:
        assert len(ev) == len(j["batch_samples_ms"]), (what, ev)
        med = percentile(sorted(ev), 0.5)
        check(f"{what} batch_event_ms", j["batch_event_ms"], med, 1e-12)
        assert 0 < med <= 10 * batch, (what, "span per run", med, "host per run", batch,
                                       j["batch_size"])
        for e in ev:
            assert 0 < e <= 100 * batch, (what, "span per run", e, "host per run", batch,
                                          j["batch_size"])
    else:
        assert ev == [] and j["batch_event_ms"] is None, (what, ev, j["batch_event_ms"])
    check(f"{what} baseline_batch_ms", j["baseline_batch_ms"], b_batch, 1e-12)
    assert r["speedup_timer"] in ("latency", "batch"), (what, r["speedup_timer"])
    speedup = b_t / t if r["speedup_timer"] == "latency" else b_batch / batch
    check(f"{what} speedup_vs_dense", j["speedup_vs_dense"], speedup, 1e-12)
    check(f"{what} speedup_vs_dense (csv)", r["speedup_vs_dense"], speedup, 1e-8)

    # roofline: useful work for sparse kernels, all of it for the dense ones; the measured peak is
    # the FP32 one, so a matrix engine's rows (tensor cores: tc_dense, the fp16 baseline on NVIDIA)
    # have none, and no fraction of it
    peak = peaks[key[0]]
    flops = 2.0 * (M * K if r["kernel"] in DENSE else nnz) * N
    moved = nbytes + vb * (K * N + M * N)
    bound = max(flops / (peak["gflops"] * 1e9), moved / (peak["gbps"] * 1e9)) * 1e3
    engine = r["engine"] != ""
    if engine:
        assert r["bound_ms"] == "" and j["efficiency"] is None and j["peak_fraction"] is None, \
            (what, r["engine"], r["bound_ms"], j["efficiency"], j["peak_fraction"])
    else:
        check(f"{what} bound_ms", r["bound_ms"], bound, 1e-8)
        check(f"{what} efficiency", j["efficiency"], bound / t, 1e-9)
    # the dense side's fraction of the measured peak (dense rows only)
    if not engine:
        dense_frac = 2.0 * M * K * N / (t * 1e-3) / 1e9 / peak["gflops"] if r["format"] == "dense" else None
        check(f"{what} peak_fraction", j["peak_fraction"], dense_frac, 1e-9)
    checked += 1

# model totals: per (model, device, kernel, sparsity), the sum over its layers
models = list(csv.DictReader(open(os.path.join(run_dir, "models.csv"))))
assert models, "no model totals"
for m in models:
    what = f"model {m['model']}/{m['device_index']}/{m['kernel']}/{m['sparsity']}"
    if m["kernel"] == "clblast" and m["device_index"] in no_clblast:  # skipped on every layer
        if m["status"] != f"{m['layers']} of {m['layers']} layers skipped" or m["total_ms"] != "":
            failures.append(f"{what}: status {m['status']}, total {m['total_ms']!r}")
        continue
    layers = [j for j in jrows if j["model"] == m["model"] and j["device_index"] == m["device_index"]
              and j["kernel"] == m["kernel"] and abs(j["target_sparsity"] - float(m["sparsity"])) < 1e-9]
    dense = [j for j in jrows if j["model"] == m["model"] and j["device_index"] == m["device_index"]
             and j["kernel"] == j["baseline"] and abs(j["target_sparsity"] - float(m["sparsity"])) < 1e-9]
    assert layers and len(dense) == len(layers), (what, len(layers), len(dense))
    total = sum(percentile(sorted(j["samples_ms"]), 0.5) for j in layers)
    dense_total = sum(percentile(sorted(j["samples_ms"]), 0.5) for j in dense)
    check(f"{what} layers", m["layers"], float(len(layers)), 0)
    check(f"{what} total_ms", m["total_ms"], total, 1e-5)
    check(f"{what} dense_total_ms", m["dense_total_ms"], dense_total, 1e-5)
    check(f"{what} speedup", m["speedup"], dense_total / total, 1e-5)
    check(f"{what} bytes", m["bytes"], float(sum(j["bytes"] for j in layers)), 0)
    check(f"{what} dense_bytes", m["dense_bytes"], float(sum(4 * j["M"] * j["K"] for j in layers)), 0)
    if m["status"] != "ok":
        failures.append(f"{what}: status {m['status']}")

for f in failures:
    print("FAIL", f)
print(f"{checked} rows and {len(models)} model totals recomputed, {len(failures)} mismatches")
sys.exit(1 if failures or checked == 0 else 0)
