#!/usr/bin/env bash
# SPARSEBENCH_FAKE_VEC_WIDTH (tests and emulation only): the device reports that native float
# vector width, so an AVX-512 machine whose runtime is told to generate AVX2 code (PoCL's
# POCL_KERNELLIB_NAME=avx2, Intel's CL_CONFIG_CPU_TARGET_ARCH=core-avx2; both still report 16)
# looks like an AVX2 CPU (8) to the profiles and to nm's model (results/2026-12-01-xeon2-rs12-cpu).
# At 8 and at 16, whatever the machine: run.json records the width; on a CPU nm's gather takes
# vectors of that width; on PoCL the profile is pocl-avx2 at 8 and pocl at 16, and csr runs
# their VEC (8, 16).
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 2}
N: [64]
matrices:
  - {name: u, M: 70, K: 90, sparsity: [0.8], pattern: unstructured, kernels: [csr]}
  - {name: n, M: 64, K: 128, pattern: nm, nm: "2:4", kernels: [nm]}
YAML
for w in 8 16; do
    SPARSEBENCH_FAKE_VEC_WIDTH=$w "$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" \
        --out "$tmp/run$w" --no-progress --tuning none > /dev/null
    python3 - "$tmp/run$w" "$w" <<'PY'
import csv, json, os, re, sys
out, w = sys.argv[1], int(sys.argv[2])
dev = json.load(open(f"{out}/run.json"))["devices"][0]
assert dev["native_vector_width_float"] == w, dev
# csr and nm as they run here (common.sh: csr_task and nm_task, without VEC, on an FPGA profile)
runs_as = json.loads(os.environ["SB_RUNS_AS"])
rows = {r["kernel"]: r for r in csv.DictReader(open(f"{out}/results.csv"))
        if r["kernel"] not in ("clblast", os.environ["SB_BASELINE"])}
assert sorted(rows) == sorted(runs_as.get(k, k) for k in ("csr", "nm")), sorted(rows)
for k, r in rows.items():
    assert r["status"] == "ok" and float(r["rel_error"]) <= 1e-5, (k, r["status"], r["message"])
vec = {k: int(m.group(1)) for k, r in rows.items() if (m := re.search(r"\bVEC=(\d+)", r["variant"]))}
assert sorted(vec) == sorted(k for k in rows if k in ("csr", "nm")), (vec, rows)
if dev["type"] == "CPU":
    assert vec["nm"] == w, (w, rows["nm"]["variant"])
if str(dev.get("profile", "")).startswith("pocl"):
    assert dev["profile"] == ("pocl-avx2" if w == 8 else "pocl"), dev["profile"]
    assert vec["csr"] == w, (w, rows["csr"]["variant"])
print(f"width {w}: profile {dev.get('profile')}, VEC {vec}")
PY
done
echo ok
