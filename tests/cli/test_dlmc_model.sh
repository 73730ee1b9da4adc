#!/usr/bin/env bash
# A small subset of the real DLMC ResNet-50 (three layers at two sparsities) as a model suite on
# the CPU device: every layer ok, a model total per kernel and sparsity in models.csv, and a
# re-pruned layer (DLMC pattern -> 2:4) whose row states the change of sparsity.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
data="${SB_DATA_DIR:?SB_DATA_DIR must point at the shared data (the folder holding dlmc/)}"
[ -d "$data/dlmc" ] || { echo "no DLMC data under $data"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/rn50-subset.yaml" <<'YAML'
name: rn50-subset
defaults: {warmup: 1, repeats: 3}
kernels: [clblast, csr, csr_balanced]
models:
  - name: rn50-subset
    batch: 1
    sparsity: [0.9, 0.98]
    layers:
      - {name: b1_g1_1, path: "dlmc/rn50/magnitude_pruning/0.9/bottleneck_1_block_group1_1_1.smtx", n_per_sample: 64}
      - {name: b2_g2_1, path: "dlmc/rn50/magnitude_pruning/0.9/bottleneck_2_block_group2_1_1.smtx", n_per_sample: 32}
      - {name: final, path: "dlmc/rn50/magnitude_pruning/0.9/final_dense.smtx", n_per_sample: 1}
matrices:
  - name: b1_g1_1-as-2of4
    path: "dlmc/rn50/magnitude_pruning/0.9/bottleneck_1_block_group1_1_1.smtx"
    pattern: nm
    nm: "2:4"
    N: [16]
    kernels: [nm, csr]
YAML
"$SB_BIN" run "$tmp/rn50-subset.yaml" --device "$SB_DEVICE" --data-dir "$data" --out "$tmp/run" > "$tmp/stdout"
grep -q "Model totals" "$tmp/stdout"
python3 - "$tmp/run" <<'PY'
import csv, json, os, sys
run = sys.argv[1]
# the kernels as they run on the test device (common.sh): csr as csr_task and the dense
# baseline as dense where its profile says so, and then the config's clblast skipped for it
from device_rows import BASE, as_run  # common.sh: the device's kernels
csr, base = as_run("csr"), BASE
rows = list(csv.DictReader(open(f"{run}/results.csv")))
if base != "clblast":
    prof = json.load(open(f"{run}/run.json"))["devices"][0]["profile"]
    skipped = [r for r in rows if r["kernel"] == "clblast"]
    # 3 layers x 2 sparsities (the re-pruned matrix lists no clblast)
    assert len(skipped) == 6 and all(r["status"] == "skipped" and r["message"] ==
        f"CLBlast is disabled for this device by its profile {prof}" for r in skipped), \
        [(r["layer"], r["status"], r["message"]) for r in skipped]
    rows = [r for r in rows if r["kernel"] != "clblast"]
assert rows and all(r["status"] == "ok" for r in rows), [(r["layer"], r["kernel"], r["message"]) for r in rows if r["status"] != "ok"]
layers = {r["layer"] for r in rows if r["model"]}
assert layers == {"b1_g1_1", "b2_g2_1", "final"}, layers
models = list(csv.DictReader(open(f"{run}/models.csv")))
assert {(m["kernel"], m["sparsity"]) for m in models} >= {(csr, "0.9"), (base, "0.98")}, models
if base != "clblast":  # the config's clblast, skipped on every layer, has no total
    for m in [m for m in models if m["kernel"] == "clblast"]:
        assert m["status"] == "3 of 3 layers skipped" and m["total_ms"] == "", m
    models = [m for m in models if m["kernel"] != "clblast"]
want = sorted((k, s) for k in (base, csr, "csr_balanced") for s in ("0.9", "0.98"))
assert sorted((m["kernel"], m["sparsity"]) for m in models) == want, models
for m in models:
    assert m["status"] == "ok" and int(m["layers"]) == 3 and float(m["total_ms"]) > 0, m
    assert abs(float(m["speedup"]) - float(m["dense_total_ms"]) / float(m["total_ms"])) < 1e-3 * float(m["speedup"])
repruned = [r for r in rows if r["matrix"] == "b1_g1_1-as-2of4"]
sparse = [r for r in repruned if r["kernel"] != base]
assert sorted(r["kernel"] for r in sparse) == sorted([csr, as_run("nm")]), sparse
assert sparse and all("re-pruned from sparsity 0.9" in r["message"] for r in sparse), repruned
# 2:4 keeps at most half of every group: the DLMC layer, already 90% sparse, stays at least that
assert all(float(r["sparsity"]) >= 0.9 - 1e-3 and r["block"] == "2:4" for r in sparse), sparse
print(f"{len(rows)} rows ok, {len(models)} model totals")
PY
