"""Result directories with runs drawn from known distributions, written as `sparsebench run`
writes them (results.csv, results.jsonl, run.json), for the tests of `compare` and of the
crossover interval. A case's counted runs are median * exp(sigma * z), z standard normal from a
seeded generator: the true median of each case is exactly `median`.
"""
import csv
import json
import math
import os
import random

COLUMNS = ["device", "device_index", "device_id", "platform", "driver", "matrix", "source",
           "model", "layer", "kernel", "format", "pattern", "block", "precision", "M", "K", "N",
           "target_sparsity", "sparsity", "status", "message", "timer", "runs", "median_ms",
           "speedup_vs_dense", "baseline", "cv", "timing_warning"]

DEVICES = {
    "pocl": {"device": "pthread-test-cpu", "device_index": "0:0",
             "device_id": "pocl/pthread-test-cpu", "platform": "Portable Computing Language",
             "driver": "5.0"},
    "intel": {"device": "Test CPU", "device_index": "1:0", "device_id": "intel/test-cpu",
              "platform": "Intel(R) OpenCL", "driver": "2024.1"},
}


def median(v):
    s = sorted(v)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def draw(rng, med, sigma, n):
    return [med * math.exp(sigma * rng.gauss(0, 1)) for _ in range(n)]


def case(matrix, kernel, sparsity, N=16, med=1.0, sigma=0.02, runs=20, status="ok",
         device="pocl", M=64, K=64, pattern="unstructured", baseline="clblast", speedup=None,
         samples=None, warning=""):
    """One case; `samples` overrides the drawn runs; `warning` is its timing_warning."""
    return dict(matrix=matrix, kernel=kernel, sparsity=sparsity, N=N, med=med, sigma=sigma,
                runs=runs, status=status, device=device, M=M, K=K, pattern=pattern,
                baseline=baseline, speedup=speedup, samples=samples, warning=warning)


def write_run(path, cases, seed, config="synthetic", jsonl=True, shard=None, state="finished"):
    """Writes one result directory; returns {case key: runs} of what it wrote."""
    os.makedirs(path)
    rng = random.Random(seed)
    rows, jrows, written = [], [], {}
    for c in cases:
        dev = DEVICES[c["device"]]
        ok = c["status"] == "ok"
        runs = (c["samples"] if c["samples"] is not None else draw(rng, c["med"], c["sigma"], c["runs"])) if ok else []
        row = dict(dev, matrix=c["matrix"], source="synthetic", model="", layer="",
                   kernel=c["kernel"], format="dense" if c["kernel"] == "clblast" else "csr",
                   pattern=c["pattern"], block="", precision="fp32", M=c["M"], K=c["K"], N=c["N"],
                   target_sparsity=c["sparsity"], sparsity=c["sparsity"], status=c["status"],
                   message="" if ok else "synthetic: not ok", timer="host",
                   runs=len(runs) if ok else "", median_ms=repr(median(runs)) if ok else "",
                   speedup_vs_dense=repr(c["speedup"]) if ok and c["speedup"] is not None else "",
                   baseline=c["baseline"], cv="", timing_warning=c["warning"])
        rows.append(row)
        j = {k: row[k] for k in ("device", "matrix", "kernel")}
        j["samples_ms"] = runs
        jrows.append(j)
        written[(c["device"], c["matrix"], c["kernel"], c["sparsity"], c["N"])] = runs
    for row, c in zip(rows, cases):  # speedup_vs_dense: the baseline row's median / this one's
        base = written.get((c["device"], c["matrix"], c["baseline"], c["sparsity"], c["N"]))
        runs = written[(c["device"], c["matrix"], c["kernel"], c["sparsity"], c["N"])]
        if c["speedup"] is None and base and runs:
            row["speedup_vs_dense"] = repr(median(base) / median(runs))
    with open(os.path.join(path, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    if jsonl:
        with open(os.path.join(path, "results.jsonl"), "w") as f:
            for j in jrows:
                f.write(json.dumps(j) + "\n")
    used = sorted({c["device"] for c in cases})
    meta = {"schema_version": 2, "tool": {"name": "sparsebench", "version": "test", "commit": "test"},
            "host": "testhost", "started": "2026-01-01T00:00:00Z",
            "finished": "2026-01-01T00:01:00Z" if state == "finished" else None, "state": state,
            "config": {"name": config},
            "system": {"cpu_model": "Test CPU", "cpus_online": 64, "cpu_governor": "performance",
                       "load_average": {"start": [0.5, 0.5, 0.5], "end": [0.6, 0.5, 0.5]}},
            "devices": [{"index": DEVICES[d]["device_index"], "id": DEVICES[d]["device_id"],
                         "name": DEVICES[d]["device"], "platform": DEVICES[d]["platform"],
                         "driver_version": DEVICES[d]["driver"]} for d in used]}
    if shard:
        meta["shard"] = shard
    with open(os.path.join(path, "run.json"), "w") as f:
        json.dump(meta, f)
    return written
