#!/usr/bin/env bash
# The FPGA flow in CPU-only CI (platforms/fpga-sim.yaml on PoCL). `sparsebench build` saves every
# program configs/fpga-sim.yaml needs as a binary with its manifest; a fresh process with an empty
# PoCL cache and no program cache then runs the config from those binaries: every row ok, from
# binary, against the suite's own dense baseline. Without binaries the profile compiles nothing.
# Last, the program cache: a run from source fills it and records compile times once; the next
# run loads every program from it and compiles nothing.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg="$SB_SOURCE_DIR/configs/fpga-sim.yaml"
export SPARSEBENCH_CACHE="$tmp/cache" # never the user's program cache

"$SB_BIN" build "$cfg" --device "$SB_DEVICE" --profile fpga-sim --out "$tmp/bin" > "$tmp/build.out"
cat "$tmp/build.out"
n_bin=$(find "$tmp/bin" -name '*.bin' | wc -l)
n_man=$(find "$tmp/bin" -name '*.json' | wc -l)
[ "$n_bin" -ge 4 ] && [ "$n_bin" -eq "$n_man" ] || { echo "expected binaries each with a manifest, got $n_bin and $n_man"; exit 1; }
[ ! -e "$tmp/cache/programs" ] || { echo "build compiles from source and must not fill the program cache"; exit 1; }

# a fresh process, an empty PoCL cache, no program cache: only the saved binaries can serve
mkdir "$tmp/pocl"
POCL_CACHE_DIR="$tmp/pocl" SPARSEBENCH_NO_CACHE=1 "$SB_BIN" run "$cfg" --device "$SB_DEVICE" --profile fpga-sim \
    --binaries "$tmp/bin" --out "$tmp/run" --no-progress > "$tmp/run.out"
python3 - "$tmp/run/results.csv" "$tmp/run/run.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 18, f"expected 18 rows (3 matrices x 2 N x 3 kernels), got {len(rows)}"
bad = [(r["matrix"], r["N"], r["kernel"], r["status"], r["message"]) for r in rows if r["status"] != "ok"]
assert not bad, f"rows not ok: {bad}"
assert {r["kernel"] for r in rows} == {"csr_task", "bsr_task", "nm_task", "dense"}, {r["kernel"] for r in rows}
for r in rows:
    assert r["program_source"] == "binary", (r["kernel"], r["program_source"])
    assert r["baseline"] == "dense", (r["kernel"], r["baseline"])
    assert float(r["build_ms"]) == 0, (r["kernel"], r["build_ms"])
    assert float(r["rel_error"]) <= 1e-5 and float(r["median_ms"]) > 0
    if r["kernel"] != "dense":
        assert "one work-item" in r["variant"], r["variant"]
        assert float(r["speedup_vs_dense"]) > 0
meta = json.load(open(sys.argv[2]))
dev = meta["devices"][0]
assert dev["profile"] == "fpga-sim" and dev["programs"] == "binary", dev
print(f"{len(rows)} rows ok, all from binaries")
PY

# binary mode never compiles: without --binaries (or SPARSEBENCH_BINARIES) the run is refused
set +e
env -u SPARSEBENCH_BINARIES "$SB_BIN" run "$cfg" --device "$SB_DEVICE" --profile fpga-sim --out "$tmp/nobin" 2> "$tmp/nobin.err"
status=$?
set -e
cat "$tmp/nobin.err"
[ "$status" -eq 2 ] || { echo "expected exit 2 without binaries, got $status"; exit 1; }
grep -q -- "--binaries DIR" "$tmp/nobin.err"
[ ! -e "$tmp/nobin" ] || { echo "nothing may be written"; exit 1; }

# the same experiments as on a GPU: with task_kernels, a config's csr and nm run as csr_task and
# nm_task, and its clblast is skipped (the profile disables CLBlast) beside the dense baseline
cat > "$tmp/generic.yaml" <<'YAML'
name: generic
defaults:
  warmup: 0
  repeats: 2
N: [4]
kernels: [csr, nm, clblast]
matrices:
  - name: small-2of4
    source: synthetic
    M: 16
    K: 16
    pattern: nm
    nm: "2:4"
YAML
# selected by a full device name with a space in it (and an output folder with one): the command
# build prints to run its binaries is one a shell reads back word for word
name=$("$SB_BIN" devices --json | python3 -c "import json,sys; print([d['name'] for d in json.load(sys.stdin) if d['id'] == sys.argv[1]][0])" "$SB_DEVICE")
"$SB_BIN" build "$tmp/generic.yaml" --device "$name" --profile fpga-sim --out "$tmp/g bin" > "$tmp/gbuild.out"
python3 - "$tmp/gbuild.out" "$tmp/generic.yaml" "$tmp/g bin" "$name" <<'PY'
import shlex, sys
out, cfg, bins, name = sys.argv[1:]
line = [l for l in open(out) if l.startswith("run them with: ")][0]
words = shlex.split(line[len("run them with: "):])
assert words == ["sparsebench", "run", cfg, "--binaries", bins, "--device", name, "--profile", "fpga-sim"], words
PY
mv "$tmp/g bin" "$tmp/gbin"
"$SB_BIN" run "$tmp/generic.yaml" --device "$SB_DEVICE" --profile fpga-sim --binaries "$tmp/gbin" \
    --out "$tmp/generic" --no-progress > /dev/null
python3 - "$tmp/generic/results.csv" <<'PY'
import csv, sys
rows = {r["kernel"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert sorted(rows) == ["clblast", "csr_task", "dense", "nm_task"], sorted(rows)
assert rows["clblast"]["status"] == "skipped" and "disabled" in rows["clblast"]["message"]
for k in ("dense", "csr_task", "nm_task"):
    assert rows[k]["status"] == "ok" and rows[k]["program_source"] == "binary", rows[k]
assert "config's csr runs as csr_task" in rows["csr_task"]["message"], rows["csr_task"]["message"]
assert "config's nm runs as nm_task" in rows["nm_task"]["message"], rows["nm_task"]["message"]
print("csr and nm ran as their task variants")
PY

# the program cache, in a source-mode profile without CLBlast (its first build takes minutes here)
mkdir -p "$tmp/home/platforms"
ln -s "$SB_SOURCE_DIR/cl_kernels" "$tmp/home/cl_kernels"
cat > "$tmp/home/platforms/task-src.yaml" <<'YAML'
name: task-src
match:
  type: cpu
clblast: false
build: source
YAML
for i in 1 2; do
    SPARSEBENCH_HOME="$tmp/home" "$SB_BIN" run "$cfg" --device "$SB_DEVICE" --profile task-src \
        --out "$tmp/src$i" --no-progress > /dev/null
done
python3 - "$tmp/src1/results.csv" "$tmp/src2/results.csv" <<'PY'
import csv, sys
first = list(csv.DictReader(open(sys.argv[1])))
second = list(csv.DictReader(open(sys.argv[2])))
assert all(r["status"] == "ok" for r in first + second)
assert all(r["program_source"] == "source" for r in first), {r["program_source"] for r in first}
compiled = [r for r in first if float(r["build_ms"]) > 0]
# each program's compile time is in exactly one row: 7 programs (dense, csr_task x2 N, ...)
variants = {(r["kernel"], r["variant"]) for r in first}
assert 0 < len(compiled) <= len(variants), (len(compiled), len(variants))
assert all(r["program_source"] == "cache" for r in second), {r["program_source"] for r in second}
assert all(float(r["build_ms"]) == 0 for r in second)
print(f"program cache: {len(compiled)} rows carried compile times, the second run compiled nothing")
PY
echo ok
