#!/usr/bin/env bash
# One device that cannot run a config never stops the others (issue 10): beside the test device,
# a second device whose profile says it runs from binaries, given none, gets `skipped` rows that
# say why, decided before anything runs on it (no peak measured, no program built), and the test
# device's rows are all ok. Needs a second OpenCL device (CI installs Intel's CPU runtime beside
# PoCL); with one device only it is skipped (exit 77) and says so.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
"$SB_BIN" devices --json > "$tmp/devices.json"
other=$(python3 - "$tmp/devices.json" "$SB_DEVICE" <<'PY'
import json, sys
devs = [d for d in json.load(open(sys.argv[1])) if d["id"] != sys.argv[2]]
print(devs[0]["id"] if devs else "")
PY
)
if [ -z "$other" ]; then echo "skipped: only one OpenCL device here (install a second: tools/install-vendors.sh intel-cpu)"; exit 77; fi
other_platform=$(python3 -c "import json,sys; print([d['platform'] for d in json.load(open(sys.argv[1])) if d['id'] == sys.argv[2]][0])" "$tmp/devices.json" "$other")
echo "second device: $other (platform $other_platform)"
# a home whose profiles add one that gives the second device binaries only
mkdir -p "$tmp/home/platforms"
cp "$SB_SOURCE_DIR"/platforms/*.yaml "$tmp/home/platforms/"
ln -s "$SB_SOURCE_DIR/cl_kernels" "$tmp/home/cl_kernels"
cat > "$tmp/home/platforms/zz-binary-only.yaml" <<YAML
name: binary-only
priority: 1000
match:
  platform: "$other_platform"
build: binary
binary_pattern: "{binary_dir}/{device}/{kernel_set}.bin"
clblast: false
task_kernels: true
YAML
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 2}
N: [8]
kernels: [csr, clblast]
matrices:
  - {name: u, M: 64, K: 96, sparsity: [0.8, 0.9], pattern: unstructured}
YAML
status=0
SPARSEBENCH_HOME="$tmp/home" "$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE,$other" --out "$tmp/run" \
    --no-progress > "$tmp/out" 2> "$tmp/err" || status=$?
cat "$tmp/err"
if [ "$status" -ne 0 ]; then echo "FAIL: exit $status (the test device's cases are all ok)"; exit 1; fi
python3 - "$tmp" "$SB_DEVICE" "$other" <<'PY'
import csv, glob, json, os, sys
tmp, mine, other = sys.argv[1:]
rows = list(csv.DictReader(open(f"{tmp}/run/results.csv")))
ours = [r for r in rows if r["device_id"] == mine]
theirs = [r for r in rows if r["device_id"] == other]
# the test device's csr and baseline, ok at both sparsities (common.sh: csr_task and dense where
# its profile says so; the config's clblast is then skipped for the profile, not for binaries)
from device_rows import BASE, as_run  # common.sh: the device's kernels
csr, base = as_run("csr"), BASE
got = sorted((r["kernel"], r["target_sparsity"][:3], r["status"]) for r in ours)
want = [(k, s, "ok") for k in (csr, base) for s in ("0.8", "0.9")]
want += [("clblast", s, "skipped") for s in ("0.8", "0.9") if base != "clblast"]
assert got == sorted(want), (got, sorted(want))
assert all("by its profile" in r["message"] for r in ours if r["status"] == "skipped"), ours
# every case of the other device is skipped: for want of binaries (the plan's own reasons, such
# as CLBlast disabled by the profile, stand where they apply)
assert len(theirs) >= 4 and all(r["status"] == "skipped" for r in theirs), theirs
assert all("--binaries DIR" in r["message"] for r in theirs if r["kernel"] != "clblast"), theirs
# decided before anything ran on it: only the test device's peak was measured
assert len(glob.glob(f"{tmp}/cache/peak/*.json")) == 1
err = open(f"{tmp}/err").read()
assert "warning: device" in err and "runs from binaries" in err, err
print(f"{len(ours)} rows ok on {mine}; {len(theirs)} skipped on {other}: {theirs[0]['message']}")
PY
echo ok
