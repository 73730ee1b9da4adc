#!/usr/bin/env bash
# run, tune and build walk one plan of cases (sb_plan.h): on the fpga-sim profile (task_kernels)
# `tune --profile` tunes the kernel as it runs there (csr as csr_task) and holds --param values
# fixed; `build` saves the programs of the tuned parameters the run will apply, so a run from the
# binaries finds every program (before the plan, build ignored the tuning database).
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
export SPARSEBENCH_TUNING_DIR="$tmp/tuning"
unset SPARSEBENCH_TUNING
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 0, repeats: 2}
N: [16]
matrices:
  - {name: u, M: 32, K: 48, sparsity: [0.9], kernels: [csr, dense]}
YAML
fail() { echo "FAIL $*"; exit 1; }

# tune on the profile: csr runs as csr_task there, so csr_task is what is tuned
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --profile fpga-sim --passes 1 \
    --param csr_task.UNROLL=2 > "$tmp/tune.out"
cat "$tmp/tune.out"
if ! grep -q "profile fpga-sim" "$tmp/tune.out"; then fail "tune did not use --profile"; fi
if ! grep -q "held by --param: csr_task.UNROLL=2" "$tmp/tune.out"; then fail "tune did not say what --param holds"; fi
db=$(ls "$tmp"/tuning/*.json)
python3 - "$db" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
kernels = sorted(e["kernel"] for e in db["entries"])
assert kernels == ["csr_task", "dense"], kernels  # not csr: the plan resolves the task variant
for e in db["entries"]:
    assert "csr_task.UNROLL" not in e["params"], e  # held by --param, never searched or stored
PY

# a tuned value the defaults do not have: COLS=4 (default 8) for csr_task's class
python3 - "$db" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
for e in db["entries"]:
    if e["kernel"] == "csr_task":
        e["params"] = {"csr_task.COLS": "4"}
json.dump(db, open(sys.argv[1], "w"))
PY
"$SB_BIN" build "$tmp/t.yaml" --device "$SB_DEVICE" --profile fpga-sim --out "$tmp/bin" > "$tmp/build.out"
cat "$tmp/build.out"
if ! grep -q "csr_task.cl -DUNROLL=4 -DCOLS=4" "$tmp/build.out"; then fail "build did not apply the tuning database"; fi
if grep -q "csr_task.cl -DUNROLL=4 -DCOLS=8" "$tmp/build.out"; then fail "build saved the untuned program"; fi
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --profile fpga-sim --binaries "$tmp/bin" \
    --out "$tmp/run" --no-progress > /dev/null
python3 - "$tmp/run/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["kernel"] for r in rows] == ["dense", "csr_task"], [r["kernel"] for r in rows]
for r in rows:
    assert r["status"] == "ok" and r["program_source"] == "binary", r
t = rows[1]
assert "COLS=4" in t["variant"] and "[tuned " in t["variant"], t["variant"]
assert "config's csr runs as csr_task (profile fpga-sim: task_kernels)" in t["message"], t["message"]
PY

# --param is checked for tune and build as for run
for cmd in tune "build --out $tmp/x"; do
    set +e
    "$SB_BIN" $cmd "$tmp/t.yaml" --device "$SB_DEVICE" --param nm_spmm.WG_SIZE=0 2> "$tmp/err" > /dev/null
    status=$?
    set -e
    if [ "$status" -ne 2 ]; then fail "$cmd --param WG_SIZE=0: expected exit 2, got $status"; fi
    if ! grep -q "nm_spmm.WG_SIZE = 0 is out of range" "$tmp/err"; then cat "$tmp/err"; fail "$cmd: message lacks the tunable"; fi
done
echo ok
