#!/usr/bin/env bash
# Cross-vendor (issue 10): configs/quick.yaml on two CPU implementations in one run (the test
# device, PoCL by default, and Intel's CPU runtime: tools/install-vendors.sh intel-cpu; or PoCL
# where the test device is Intel's), every row ok on both, each device's rows naming its own
# platform and stable id, and `report` with a cross-vendor table whose columns name both
# platforms. Skipped (exit 77) without Intel's runtime.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
"$SB_BIN" devices --json > "$tmp/devices.json"
other=$(python3 - "$tmp/devices.json" "$SB_DEVICE" <<'PY'
import json, sys
# a CPU of another platform than the test device's: Intel's CPU runtime, or PoCL where the test
# device is Intel's
all_devs = json.load(open(sys.argv[1]))
mine = [d["platform"] for d in all_devs if d["id"] == sys.argv[2]]
devs = [d for d in all_devs if d["type"] == "CPU" and d["platform"] not in mine]
devs.sort(key=lambda d: d["platform"] != "Intel(R) OpenCL")
print(devs[0]["id"] if devs and "Intel(R) OpenCL" in mine + [devs[0]["platform"]] else "")
PY
)
if [ -z "$other" ]; then
    echo "skipped: Intel's CPU runtime is not installed (tools/install-vendors.sh intel-cpu, then OCL_ICD_VENDORS)"
    exit 77
fi
echo "second CPU implementation: $other"
"$SB_BIN" run "$SB_SOURCE_DIR/configs/quick.yaml" --device "$SB_DEVICE,$other" --out "$tmp/run" \
    --no-progress > "$tmp/run.out"
"$SB_BIN" report "$tmp/run" --out "$tmp/report" --no-plots > /dev/null
python3 - "$tmp" "$SB_DEVICE" "$other" <<'PY'
import csv, json, sys
tmp, a, b = sys.argv[1:]
devs = {d["id"]: d for d in json.load(open(f"{tmp}/devices.json"))}
rows = list(csv.DictReader(open(f"{tmp}/run/results.csv")))
for dev in (a, b):
    mine = [r for r in rows if r["device_id"] == dev]
    # 4 sparsities x 2 N x (csr, clblast); where the device's profile says otherwise (its
    # devices --json record: an FPGA test device), csr_task and dense ok and clblast skipped
    csr, base = devs[dev]["runs_as"].get("csr", "csr"), devs[dev]["baseline"]
    if base != "clblast":
        cl = [r for r in mine if r["kernel"] == "clblast"]
        assert len(cl) == 8 and all(r["status"] == "skipped" and "disabled for this device by its "
                                    "profile" in r["message"] for r in cl), (dev, cl)
        mine = [r for r in mine if r["kernel"] != "clblast"]
    got = sorted((r["kernel"], round(float(r["target_sparsity"]), 4), r["N"]) for r in mine)
    want = sorted((k, s, n) for k in (csr, base) for s in (0.5, 0.7, 0.9, 0.95) for n in ("16", "128"))
    assert got == want, (dev, got, want)
    bad = [(r["kernel"], r["target_sparsity"], r["N"], r["status"], r["message"]) for r in mine if r["status"] != "ok"]
    assert not bad, (dev, bad)
    assert {r["platform"] for r in mine} == {devs[dev]["platform"]}, dev
    for r in mine:
        assert float(r["median_ms"]) > 0 and float(r["rel_error"]) <= 1e-5
md = open(f"{tmp}/report/report.md").read()
section = md.split("## Cross-vendor comparison", 1)[1].split("\n## ", 1)[0]
header = [l for l in section.splitlines() if l.startswith("| matrix")][0]
for dev in (a, b):
    assert devs[dev]["platform"] in header or dev.split("/")[0] in header, (dev, header)
print(f"quick.yaml: 16 ok rows on each of {a} and {b}; cross-vendor table: {header}")
PY
echo ok
