#!/usr/bin/env bash
# The shipped configs/resnet50-dlmc.yaml names six {sparsity} folders (0.5 ... 0.98); a data
# directory may hold only some (the lent H200 has only 0.9). A folder the plan leaves out
# (--sparsity) is not needed: run, tune and build work on the folders there are and read only
# those. A folder the plan keeps and the data lacks is refused before anything runs, with one
# message: the config's file:line:col, the missing folder, what there is, what to do.
# The data is faked here: two small .smtx layers in a 0.9 folder and their N table.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
export SPARSEBENCH_TUNING_DIR="$tmp/tuning"
unset SPARSEBENCH_TUNING SPARSEBENCH_DATA
fail() { echo "FAIL $*"; exit 1; }
cfg="$SB_SOURCE_DIR/configs/resnet50-dlmc.yaml"
data="$tmp/data"
folder="$data/dlmc/rn50/magnitude_pruning"
mkdir -p "$folder/0.9"
python3 - "$folder/0.9" "$data/dlmc/rn50_batchsizes.txt" <<'PY'
import sys
# DLMC's .smtx: "M, K, nnz", the row offsets, the column indices (values are drawn by the reader)
for name, M, K in (("layer_a", 16, 32), ("layer_b", 8, 24)):
    cols = [sorted({(3 * r + 7 * j) % K for j in range(3)}) for r in range(M)]
    offsets = [0]
    for c in cols:
        offsets.append(offsets[-1] + len(c))
    with open(f"{sys.argv[1]}/{name}.smtx", "w") as f:
        f.write(f"{M}, {K}, {offsets[-1]}\n")
        f.write(" ".join(map(str, offsets)) + "\n")
        f.write(" ".join(str(x) for c in cols for x in c) + "\n")
open(sys.argv[2], "w").write("layer_a,4\nlayer_b,2\n")
PY

# where the config names the folders, found here independently of the loader
line=$(grep -n '^ *dlmc: "dlmc/rn50/magnitude_pruning/{sparsity}"' "$cfg" | cut -d: -f1)
col=$(sed -n "${line}p" "$cfg" | awk '{print index($0, "\"")}')
[ -n "$line" ] && [ "$col" -gt 0 ] || fail "the config no longer names the {sparsity} folders"
where="$cfg:$line:$col: no folder for sparsity 0.5: $folder/0.5 does not exist (there is: 0.9)"

# expects exit 2 and the missing-folder message from: $1 (a label), the command after it
refused() {
    local label=$1
    shift
    set +e
    "$@" > "$tmp/out" 2> "$tmp/err"
    local status=$?
    set -e
    if [ "$status" -ne 2 ]; then cat "$tmp/out" "$tmp/err"; fail "$label: expected exit 2, got $status"; fi
    if ! grep -qF "$where" "$tmp/err"; then cat "$tmp/err"; fail "$label: the message lacks '$where'"; fi
    if ! grep -qF "put the collection's 0.5 folder there, or run only the sparsities that have one (--sparsity 0.9)" "$tmp/err"; then
        cat "$tmp/err"; fail "$label: the message does not say what to do"
    fi
}

# --- unfiltered: every listed sparsity is needed, 0.5 is missing (and 0.7 ... 0.98 with it)
refused "run" "$SB_BIN" run "$cfg" --device "$SB_DEVICE" --data-dir "$data" --out "$tmp/r0" --no-progress
if ! grep -qF "(no folder either: resnet50 at 0.7, 0.8, 0.95, 0.98)" "$tmp/err"; then
    cat "$tmp/err"; fail "run: the message does not name the other missing folders"
fi
if [ "$(grep -c . "$tmp/err")" -ne 1 ]; then cat "$tmp/err"; fail "run: more than one line of error"; fi
if [ -e "$tmp/r0" ]; then fail "run: a refused run made its output folder"; fi
refused "tune" "$SB_BIN" tune "$cfg" --device "$SB_DEVICE" --data-dir "$data" --passes 1 --budget 0
refused "build" "$SB_BIN" build "$cfg" --device "$SB_DEVICE" --data-dir "$data" --out "$tmp/b0"
if [ -e "$tmp/b0" ]; then fail "build: a refused build made its output folder"; fi
# a filter that keeps a missing folder is refused the same way, naming only what it keeps
refused "run --sparsity 0.5,0.9" "$SB_BIN" run "$cfg" --device "$SB_DEVICE" --data-dir "$data" \
    --sparsity 0.5,0.9 --out "$tmp/r1" --no-progress
if grep -q "no folder either" "$tmp/err"; then cat "$tmp/err"; fail "--sparsity 0.5,0.9: names folders the filter leaves out"; fi

# --- filtered to the folder there is: run, tune and build work, on that folder's layers only
"$SB_BIN" run "$cfg" --device "$SB_DEVICE" --data-dir "$data" --sparsity 0.9 --out "$tmp/run" \
    --no-progress > "$tmp/run.out" || { cat "$tmp/run.out"; fail "run --sparsity 0.9 failed"; }
python3 - "$tmp/run" "$folder/0.9" <<'PY'
import csv, json, os, sys
run, folder = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f"{run}/results.csv")))
# the kernels as they run on the device (common.sh): csr_task and the baseline dense on an FPGA
# profile, where the config's clblast is skipped on both layers for the profile
from device_rows import BASE, as_run  # common.sh: the device's kernels
base, csr = BASE, as_run("csr")
if base != "clblast":
    cl = [(r["layer"], r["status"], r["message"][:35]) for r in rows if r["kernel"] == "clblast"]
    assert sorted(cl) == [(l, "skipped", "CLBlast is disabled for this device") for l in
                          ("layer_a", "layer_b")], cl
    rows = [r for r in rows if r["kernel"] != "clblast"]
bad = [(r["layer"], r["kernel"], r["status"], r["message"]) for r in rows if r["status"] != "ok"]
assert rows and not bad, bad
assert {r["layer"] for r in rows} == {"layer_a", "layer_b"}, {r["layer"] for r in rows}
assert sorted((r["layer"], r["kernel"]) for r in rows) == sorted(
    (l, k) for l in ("layer_a", "layer_b") for k in (base, csr, "csr_balanced")), rows
assert all(abs(float(r["target_sparsity"]) - 0.9) < 1e-9 for r in rows), {r["target_sparsity"] for r in rows}
# N = the table's n_per_sample x batch 1
assert {(r["layer"], int(r["N"])) for r in rows} == {("layer_a", 4), ("layer_b", 2)}, rows
# the loaded matrices: the 0.9 folder's two files, nothing else
cfg = json.load(open(f"{run}/run.json"))["config"]
paths = sorted(m["path"] for m in cfg["matrices"])
assert paths == [f"{folder}/layer_a.smtx", f"{folder}/layer_b.smtx"], paths
print(f"run --sparsity 0.9: {len(rows)} rows ok from {len(paths)} files of the 0.9 folder")
PY
"$SB_BIN" tune "$cfg" --device "$SB_DEVICE" --data-dir "$data" --sparsity 0.9 --kernels csr \
    --passes 1 --budget 0 > "$tmp/tune.out" 2>&1 || { cat "$tmp/tune.out"; fail "tune --sparsity 0.9 failed"; }
"$SB_BIN" build "$cfg" --device "$SB_DEVICE" --data-dir "$data" --sparsity 0.9 --out "$tmp/bin" \
    > "$tmp/build.out" 2>&1 || { cat "$tmp/build.out"; fail "build --sparsity 0.9 failed"; }
if ! grep -q "program(s) saved in" "$tmp/build.out"; then cat "$tmp/build.out"; fail "build saved nothing"; fi
echo ok
