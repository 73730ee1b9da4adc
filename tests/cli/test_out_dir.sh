#!/usr/bin/env bash
# Output folders are never overwritten and symlinks never followed (issue 11 item 5); --save-cases
# never overwrites a case when a matrix and a model layer share a name; runs started together with
# the default folder (results/NAME-UTCSTAMP) each get their own; model totals over stored
# layers without a target sparsity are one total per model and kernel (issue 11 item 12), checked
# against sums computed here from results.csv.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }
sum() { find "$1" -type f -exec sha256sum {} + | sort; }

mkdir -p "$tmp/data"
cp "$SB_SOURCE_DIR/tests/data/matrices/good.smtx" "$tmp/data/a.smtx"
cp "$SB_SOURCE_DIR/tests/data/matrices/good.smtx" "$tmp/data/b.smtx"
cat > "$tmp/c.yaml" <<'YAML'
name: c
defaults: {warmup: 0, repeats: 3}
N: [4]
kernels: [csr, clblast]
matrices:
  - {name: fc, M: 16, K: 24, sparsity: [0.75], pattern: unstructured}
models:
  - name: net                 # a layer named like the matrix above, at the same sparsity and N
    sparsity: [0.75]
    batch: 1
    layers:
      - {name: fc, M: 16, K: 24, n_per_sample: 4}
  - name: stored              # stored files, no sparsity: kept as stored (target NaN)
    batch: 2
    layers:
      - {name: a, path: a.smtx, n_per_sample: 2}
      - {name: b, path: b.smtx, n_per_sample: 2}
YAML
run() { "$SB_BIN" run "$tmp/c.yaml" --device "$SB_DEVICE" --data-dir "$tmp/data" --no-progress "$@"; }

run --out "$tmp/o" --save-cases "$tmp/cases" > "$tmp/out1"

# --- model totals over stored layers (issue 11 item 12)
python3 - "$tmp/o" <<'PY'
import csv, json, math, os, sys
d = sys.argv[1]
# csr and the baseline as they run on the device (common.sh: csr_task and dense on an FPGA
# profile, where the config's clblast is skipped on every layer: a total that says so)
from device_rows import BASE, as_run  # common.sh: the device's kernels
csr_k, base = as_run("csr"), BASE
rows = list(csv.DictReader(open(f"{d}/results.csv")))
models = list(csv.DictReader(open(f"{d}/models.csv")))
stored = [m for m in models if m["model"] == "stored"]
if base != "clblast":
    cl = [m for m in stored if m["kernel"] == "clblast"]
    assert [(m["status"], m["total_ms"]) for m in cl] == [("2 of 2 layers skipped", "")], cl
    stored = [m for m in stored if m["kernel"] != "clblast"]
assert sorted(m["kernel"] for m in stored) == sorted([base, csr_k]), stored  # one total per kernel
for m in stored:
    layers = [r for r in rows if r["model"] == "stored" and r["kernel"] == m["kernel"]]
    assert len(layers) == 2 and all(r["status"] == "ok" for r in layers), layers
    assert m["sparsity"] == "" and m["status"] == "ok" and int(m["layers"]) == 2, m
    want = sum(float(r["median_ms"]) for r in layers)
    assert math.isclose(float(m["total_ms"]), want, rel_tol=1e-5), (m["total_ms"], want)
dense = float(next(m for m in stored if m["kernel"] == base)["total_ms"])
csr = next(m for m in stored if m["kernel"] == csr_k)
assert math.isclose(float(csr["dense_total_ms"]), dense, rel_tol=1e-5), csr
assert math.isclose(float(csr["speedup"]), dense / float(csr["total_ms"]), rel_tol=1e-4), csr
print("stored-layer model totals: one per kernel, sums and speedup as computed here")
PY

# --- --save-cases: the matrix fc and the layer net/fc are two cases, two directories
python3 - "$tmp/cases" "$tmp/o" <<'PY'
import csv, json, os, sys
root, run = sys.argv[1], sys.argv[2]
from device_rows import BASE, as_run  # common.sh: the device's kernels
csr, base = as_run("csr"), BASE
saved = [json.load(open(os.path.join(root, c, "case.json"))) for c in sorted(os.listdir(root))]
rows = [r for r in csv.DictReader(open(f"{run}/results.csv")) if r["status"] == "ok"]
assert len(saved) == len(rows), f"{len(rows)} rows, {len(saved)} saved cases (one was overwritten)"
fc = sorted((s["model"], s["kernel"]) for s in saved if s["matrix"] == "fc")
assert fc == sorted((m, k) for m in ("", "net") for k in (base, csr)), fc
PY
sum "$tmp/cases" > "$tmp/cases.sum"
n_first=$(ls "$tmp/cases" | wc -l)
run --out "$tmp/o2" --save-cases "$tmp/cases" > /dev/null
# every file of the first run's cases is still there, unchanged; the second run's are beside them
# (files, not a pipe into grep -q: an early exit of grep would fail the pipe under pipefail)
sum "$tmp/cases" > "$tmp/cases2.sum"
kept=$(grep -cxFf "$tmp/cases.sum" "$tmp/cases2.sum" || true)
if [ "$kept" -ne "$(wc -l < "$tmp/cases.sum")" ]; then
    fail "a second --save-cases into the same directory changed the first run's cases"
fi
if [ "$(ls "$tmp/cases" | wc -l)" -ne $((2 * n_first)) ]; then
    fail "the second run's cases are not beside the first's"
fi

# --- a folder that holds a run is refused, whatever file of it is there
sum "$tmp/o" > "$tmp/o.sum"
refused() { # $1: what; the run must exit 2 with the message and leave every file as it was
    local rc=0
    run --out "$tmp/o" > /dev/null 2> "$tmp/err" || rc=$?
    if [ "$rc" -ne 2 ]; then fail "$1: exit $rc, not 2"; fi
    if ! grep -q "already holds a run" "$tmp/err"; then fail "$1: $(cat "$tmp/err")"; fi
}
refused "a finished run"
if ! diff <(sum "$tmp/o") "$tmp/o.sum"; then fail "a refused run changed the folder"; fi
for f in results.csv results.jsonl run.json models.csv; do
    rm -rf "$tmp/one"
    mkdir "$tmp/one"
    echo keep > "$tmp/one/$f"
    rc=0
    run --out "$tmp/one" > /dev/null 2> "$tmp/err" || rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "($f)" "$tmp/err"; then fail "a folder with only $f: exit $rc, $(cat "$tmp/err")"; fi
    if [ "$(cat "$tmp/one/$f")" != keep ] || [ "$(ls "$tmp/one" | wc -l)" -ne 1 ]; then fail "$f was touched"; fi
done

# --- symlinks are not followed
for f in results.csv run.json; do
    rm -rf "$tmp/ln"
    mkdir "$tmp/ln"
    echo precious > "$tmp/target"
    ln -s "$tmp/target" "$tmp/ln/$f"
    rc=0
    run --out "$tmp/ln" > /dev/null 2> "$tmp/err" || rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "$f (a symbolic link)" "$tmp/err"; then
        fail "a symlinked $f: exit $rc, $(cat "$tmp/err")"
    fi
    if [ "$(cat "$tmp/target")" != precious ]; then fail "the target of a symlinked $f was written"; fi
done
# --- three runs started in the same second, each with the default folder (one per device, say):
# each gets a folder of its own (before, all chose one name and the later ones failed at their
# first file: "results.csv already exists")
mkdir "$tmp/cwd"
python3 -c 'import time; time.sleep(1.05 - time.time() % 1)' # early in a second: all three in it
pids=()
for i in 1 2 3; do
    (cd "$tmp/cwd" && exec "$SB_BIN" run "$tmp/c.yaml" --device "$SB_DEVICE" --data-dir "$tmp/data" \
        --no-progress --kernels csr --N 4) > "$tmp/par$i.out" 2> "$tmp/par$i.err" &
    pids+=($!)
done
for i in 1 2 3; do
    rc=0
    wait "${pids[$((i - 1))]}" || rc=$?
    if [ "$rc" -ne 0 ]; then fail "run $i of three started together exited $rc: $(cat "$tmp/par$i.err")"; fi
done
if [ "$(ls "$tmp/cwd/results" | wc -l)" -ne 3 ]; then fail "three runs, folders: $(ls "$tmp/cwd/results")"; fi
for d in "$tmp"/cwd/results/*; do
    if [ "$(grep -c . "$d/results.csv")" -lt 2 ]; then fail "$d has no rows"; fi
done
echo ok
