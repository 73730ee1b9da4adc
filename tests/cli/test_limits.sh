#!/usr/bin/env bash
# Limits checked before anything runs (issue 11 items 4 and 7): sizes past a 32-bit index (M up to
# 2^31-1, N = 10^9) and past the host's memory pass the config check, and are `skipped` with the
# reason instead of aborting the run; a run where every case is skipped exits 4; one where some
# case runs exits 0; `--device ,` is an error.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }

cat > "$tmp/big.yaml" <<'YAML'
name: big
defaults: {warmup: 0, repeats: 2}
N: [16]
kernels: [csr, clblast]
matrices:
  - {name: tallM, M: 2147483647, K: 16, sparsity: [0.99], pattern: unstructured}
  - {name: hugeN, M: 64, K: 64, sparsity: [0.9], pattern: unstructured, N: [1000000000]}
YAML
# a matrix whose operands a kernel can index but no host here can hold: only where that is so
# (4MK + 4KN + 12MN bytes against the host's memory), so the test never runs it for real
host_kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
if python3 -c "import sys; sys.exit(0 if 4*46000*46000*(1+1+3) > int(sys.argv[1]) * 1024 else 1)" "$host_kib"; then
    echo "  - {name: host, M: 46000, K: 46000, sparsity: [0.9], pattern: unstructured, N: [46000]}" >> "$tmp/big.yaml"
    want_host=1
else
    echo "this host has $host_kib KiB: the host-memory case is left out (it would fit)"
    want_host=0
fi

rc=0
"$SB_BIN" run "$tmp/big.yaml" --device "$SB_DEVICE" --out "$tmp/all" > "$tmp/out" 2> "$tmp/err" || rc=$?
cat "$tmp/err"
if [ "$rc" -ne 4 ]; then fail "a run whose every case is skipped exited $rc, not 4"; fi
if ! grep -q "every case was skipped" "$tmp/err"; then fail "no message for an all-skipped run"; fi
python3 - "$tmp/all/results.csv" "$want_host" "$host_kib" <<'PY'
import csv, json, os, sys
rows = list(csv.DictReader(open(sys.argv[1])))
want_host, host_kib = int(sys.argv[2]), int(sys.argv[3])
by = {(r["matrix"], r["kernel"]): r for r in rows}
# csr and the baseline as they run on the device (common.sh: csr_task and dense on an FPGA
# profile, where the config's clblast is skipped for the profile before any size is looked at)
from device_rows import BASE, as_run  # common.sh: the device's kernels
kernels = [as_run("csr"), BASE]
extra = ["clblast"] if "clblast" not in kernels else []
mats = ["tallM", "hugeN"] + ["host"] * want_host
assert sorted(by) == sorted((m, k) for m in mats for k in kernels + extra), sorted(by)
assert len(rows) == len(by), [(r["matrix"], r["kernel"]) for r in rows]
assert all(r["status"] == "skipped" and r["median_ms"] == "" for r in rows), rows
for m in mats:
    for k in extra:
        assert by[(m, k)]["message"].startswith("CLBlast is disabled for this device"), by[(m, k)]
for k in kernels:
    m = by[("tallM", k)]["message"]
    assert f"A (M x K) has 2147483647 x 16 = {2147483647 * 16:.4g} elements" in m, m
    m = by[("hugeN", k)]["message"]
    assert "B (K x N) has 64 x 1000000000" in m, m
    if want_host:
        m = by[("host", k)]["message"]
        need = (4 * 46000 * 46000 + 4 * 46000 * 46000 + 12 * 46000 * 46000) / 2**30
        assert f"needs at least {need:.1f} GiB of host memory" in m or "CL_DEVICE" in m, m
print(f"{len(rows)} oversized cases skipped with their reasons")
PY

# one small case beside them: it runs, the others are skipped, exit 0
cat >> "$tmp/big.yaml" <<'YAML'
  - {name: small, M: 32, K: 32, sparsity: [0.9], pattern: unstructured}
YAML
rc=0
"$SB_BIN" run "$tmp/big.yaml" --device "$SB_DEVICE" --out "$tmp/mixed" > /dev/null 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 0 ]; then cat "$tmp/err"; fail "a run with skipped and ok cases exited $rc"; fi
python3 - "$tmp/mixed/results.csv" <<'PY'
import csv, json, os, sys
rows = list(csv.DictReader(open(sys.argv[1])))
small = [r for r in rows if r["matrix"] == "small" and r["status"] != "skipped"]
from device_rows import BASE, as_run  # common.sh: the device's kernels
kernels = [as_run("csr"), BASE]
assert sorted(r["kernel"] for r in small) == sorted(kernels), small
assert all(r["status"] == "ok" for r in small), small
assert all(r["kernel"] == "clblast" not in kernels for r in rows
           if r["matrix"] == "small" and r["status"] == "skipped"), rows
assert all(r["status"] == "skipped" for r in rows if r["matrix"] != "small"), rows
PY

# --device with an empty name selects nothing the user meant: refused
for sel in "," "$SB_DEVICE," ",$SB_DEVICE"; do
    rc=0
    "$SB_BIN" run "$tmp/big.yaml" --device "$sel" --out "$tmp/none" > /dev/null 2> "$tmp/err" || rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "empty name between commas" "$tmp/err"; then
        fail "--device '$sel': exit $rc, $(cat "$tmp/err")"
    fi
    if [ -e "$tmp/none" ]; then fail "--device '$sel' created the output folder"; fi
done
echo ok
