#!/usr/bin/env bash
# End to end: `sparsebench run configs/quick.yaml` on the test device (selected by its stable id)
# writes results.csv with every column, every row ok, a CSR and a CLBlast row for every sparsity
# and N, each naming the device's stable id and its P:D index (the one --device selects by), plus
# run.json. Where the device's profile decides otherwise (common.sh: an FPGA runs csr as csr_task
# and has the suite's dense GEMM as baseline), those rows are csr_task and dense, ok, and the
# CLBlast rows are skipped with the profile's reason.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$SB_BIN" run "$SB_SOURCE_DIR/configs/quick.yaml" --device "$SB_DEVICE" --out "$out/run" > "$out/stdout"
grep -q "cases:" "$out/stdout"
test -s "$out/run/run.json"
test -s "$out/run/results.jsonl"
python3 - "$out/run" "$SB_SOURCE_DIR/configs/quick.yaml" "$SB_DEVICE" <<'PY'
import csv, json, os, sys
run, cfg, device_id = sys.argv[1], sys.argv[2], sys.argv[3]
from device_rows import BASE, as_run  # common.sh: the device's kernels
csr = as_run("csr")
base = BASE
need = "device,device_index,device_id,platform,kernel,format,pattern,M,K,N,sparsity,nnz,status,median_ms,min_ms,p90_ms,gflops_useful,gflops_dense_equiv,speedup_vs_dense,rel_error,bytes".split(",")
rows = list(csv.DictReader(open(f"{run}/results.csv")))
missing = [c for c in need if c not in rows[0]]
assert not missing, f"missing columns {missing}"
# the config's clblast is skipped only where the profile disables CLBlast, and says why
skipped = [r for r in rows if r["status"] == "skipped"]
if base != "clblast":
    prof = json.load(open(f"{run}/run.json"))["devices"][0]["profile"]
    why = f"CLBlast is disabled for this device by its profile {prof}"
    assert {(r["kernel"], r["message"]) for r in skipped} == {("clblast", why)}, skipped
    assert len(skipped) == 8, len(skipped)
    rows = [r for r in rows if r["status"] != "skipped"]
bad = [(r["kernel"], r["sparsity"], r["N"], r["status"], r["message"]) for r in rows if r["status"] != "ok"]
assert not bad, f"rows not ok: {bad}"
seen = [(r["kernel"], round(float(r["target_sparsity"]), 4), int(r["N"])) for r in rows]
want = [(k, s, n) for s in (0.5, 0.7, 0.9, 0.95) for n in (16, 128) for k in (csr, base)]
assert sorted(seen) == sorted(want), f"rows {sorted(seen)}, want {sorted(want)}"
for r in rows:
    assert float(r["median_ms"]) > 0 and float(r["rel_error"]) <= 1e-5
    assert r["baseline"] == base, (r["kernel"], r["baseline"])
    if r["kernel"] == csr:
        if csr != "csr":
            prof = json.load(open(f"{run}/run.json"))["devices"][0]["profile"]
            assert r["message"] == f"config's csr runs as {csr} (profile {prof}: task_kernels)", r
        assert float(r["speedup_vs_dense"]) > 0
        nnz, M, K = int(r["nnz"]), int(r["M"]), int(r["K"])
        assert abs(1 - nnz / (M * K) - float(r["target_sparsity"])) < 1e-3
# the stable id selected exactly one device, and every row and run.json name it beside P:D
assert {r["device_id"] for r in rows} == {device_id}, {r["device_id"] for r in rows}
assert len({r["device_index"] for r in rows}) == 1
meta = json.load(open(f"{run}/run.json"))
assert meta["finished"] and meta["tool"]["commit"]
assert [d["id"] for d in meta["devices"]] == [device_id], meta["devices"]
print(f"{len(rows)} rows ok")
PY
# the rows' P:D is the index --device selects by: it names the same device (peak: cached, cheap)
idx=$(python3 -c "import csv, sys; print(next(csv.DictReader(open(sys.argv[1])))['device_index'])" "$out/run/results.csv")
"$SB_BIN" peak --device "$idx" --json > "$out/peak.json" || { echo "FAIL: --device $idx (the rows' index) selects nothing"; exit 1; }
python3 - "$out/peak.json" "$out/run/results.csv" "$idx" <<'PY'
import csv, json, sys
peak = json.load(open(sys.argv[1]))
row = next(csv.DictReader(open(sys.argv[2])))
assert [(d["index"], d["device"]) for d in peak] == [(sys.argv[3], row["device"])], (peak, row["device"])
PY
