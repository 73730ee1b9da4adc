#!/usr/bin/env bash
# The two timers, the two cache modes and the dense side (issue 13), by value:
#  1. cache: cold is accepted and recorded (config, run.json's measurement and scrub size, every
#     row), every run still validated; a cache or timer that is neither is refused at its line;
#  2. timer: batch: speedups divide the batch times (speedup_timer says so; the summary too);
#  3. batch_ms is there for every ok row and no more than the latency median for a kernel that runs
#     longer than the launch overhead, nor less than a quarter of its time beyond that overhead
#     (a shared machine can preempt one batch: up to 4 tries; on a
#     host loaded at or above its cores the comparison is not made and the test ends skipped);
#  4. an all-zero matrix is not timed (rows skipped with the reason);
#  5. N = 1 runs CLBlast's SGEMV and the suite's GEMV; the summary's dense side (GFLOP/s, share of
#     the peak, the weak-baseline warning exactly when under 30%, where dense beat CLBlast).
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
fail() { echo "FAIL: $*"; exit 1; }
# the kernels as they run on the device (common.sh, tests/cli/device_rows.py): on an FPGA profile
# csr runs as csr_task and the baseline is dense, and every config's clblast row is skipped for
# the profile (clblast_skipped)

# 1. cold caches
cat > "$tmp/cold.yaml" <<'YAML'
name: cold
defaults: {warmup: 1, repeats: 3, cache: cold}
N: [8]
kernels: [clblast, csr, csr_balanced]
matrices:
  - {name: u, M: 96, K: 64, sparsity: [0.7], pattern: unstructured}
YAML
"$SB_BIN" run "$tmp/cold.yaml" --device "$SB_DEVICE" --out "$tmp/cold" --no-progress > /dev/null
python3 - "$tmp/cold" <<'PY'
import csv, json, sys
from device_rows import BASE, CSR, clblast_skipped
d = sys.argv[1]
meta = json.load(open(d + "/run.json"))
assert meta["config"]["defaults"]["cache"] == "cold", meta["config"]["defaults"]
assert meta["measurement"]["cache"] == "cold", meta["measurement"]
dev = meta["devices"][0]
# src/run/scrub.c: 4x the reported cache, at least 128 MiB, at most half the largest buffer the
# device allows, in whole units of 65536 items x 16 bytes
want = min(max(4 * dev["reported_cache_bytes"], 128 << 20), dev["max_alloc_bytes"] // 2)
assert dev["cache_scrub_bytes"] == want // (16 << 16) * (16 << 16), (want, dev)
rows = clblast_skipped(list(csv.DictReader(open(d + "/results.csv"))))
assert sorted(r["kernel"] for r in rows) == sorted([BASE, CSR, "csr_balanced"]), rows
assert all(r["status"] == "ok" and r["cache"] == "cold" for r in rows), rows
PY
for bad in "cache: tepid" "timer: wall"; do
    key=${bad%%:*}
    printf 'name: b\ndefaults: {%s}\nN: [8]\nkernels: [csr]\nmatrices:\n  - {M: 8, K: 8, sparsity: 0.5}\n' \
        "$bad" > "$tmp/bad.yaml"
    rc=0
    "$SB_BIN" run "$tmp/bad.yaml" --device "$SB_DEVICE" --out "$tmp/bad" 2> "$tmp/err" > /dev/null || rc=$?
    if [ "$rc" != 2 ]; then fail "'$bad' accepted (exit $rc)"; fi
    if ! grep -q "bad.yaml:2:[0-9]*: $key must be" "$tmp/err"; then cat "$tmp/err"; fail "'$bad': message"; fi
done

# 2. + 5. speedups by batch; N = 1 routines; the dense side
cat > "$tmp/batch.yaml" <<'YAML'
name: batch
defaults: {warmup: 1, repeats: 5, timer: batch}
N: [1, 16]
kernels: [clblast, dense, csr]
matrices:
  - {name: u, M: 128, K: 96, sparsity: [0.8], pattern: unstructured}
YAML
"$SB_BIN" run "$tmp/batch.yaml" --device "$SB_DEVICE" --out "$tmp/batch" --no-progress > "$tmp/summary"
cat "$tmp/summary"
python3 - "$tmp/batch" "$tmp/summary" <<'PY'
import csv, json, statistics, sys
from device_rows import BASE, CSR, clblast_skipped
d, summary = sys.argv[1], open(sys.argv[2]).read()
rows = clblast_skipped(list(csv.DictReader(open(d + "/results.csv"))))
got = sorted((r["kernel"], r["N"]) for r in rows)
assert got == sorted((k, n) for k in {BASE, "dense", CSR} for n in ("1", "16")), got
assert all(r["status"] == "ok" for r in rows), [(r["kernel"], r["message"]) for r in rows]
assert json.load(open(d + "/run.json"))["measurement"]["speedup_timer"] == "batch"
for r in rows:
    assert r["speedup_timer"] == "batch", r["speedup_timer"]
    want = float(r["baseline_batch_ms"]) / float(r["batch_ms"])
    assert abs(float(r["speedup_vs_dense"]) - want) <= 1e-6 * want, (r["kernel"], r["speedup_vs_dense"], want)
    assert int(r["batch_size"]) >= 1 and float(r["baseline_ms"]) > 0
    n1 = r["N"] == "1"
    if r["kernel"] == "clblast":
        assert r["variant"].startswith("CLBlastSgemv" if n1 else "CLBlastSgemm"), r["variant"]
    if r["kernel"] == "dense":
        assert r["variant"].startswith("dense_gemv" if n1 else "dense_gemm_tiled"), r["variant"]
assert "Speedups use the batch times (timer: batch)" in summary
# the dense side: the baseline's dense GFLOP/s (median) and its share of the peak, as the rows say
base = [r for r in rows if r["kernel"] == BASE]
g = sorted(float(r["gflops_dense_equiv"]) for r in base)
f = sorted(float(r["peak_fraction"]) for r in base)
line = [l for l in summary.splitlines() if l.startswith("dense side of")]
assert len(line) == 1 and f"{BASE} at {g[len(g) // 2]:.1f} GFLOP/s" in line[0], (line, g)
assert f"{100 * f[len(f) // 2]:.0f}% of the measured peak" in line[0], (line, f)
assert ("inflated by a weak dense baseline" in summary) == (f[len(f) // 2] < 0.30), f
beats = [r for r in rows if r["kernel"] == "dense" and float(r["speedup_vs_dense"]) > 1]
said = [l for l in summary.splitlines() if "the suite's own dense GEMM beats CLBlast" in l]
assert len(said) == len(beats), (said, [(r["N"], r["speedup_vs_dense"]) for r in beats])
PY

# the report's dense side: the same median, share and warning
"$SB_BIN" report "$tmp/batch" --out "$tmp/report" > /dev/null
python3 - "$tmp/batch" "$tmp/report/report.md" <<'PY'
import csv, json, sys
from device_rows import BASE
rows = [r for r in csv.DictReader(open(sys.argv[1] + "/results.csv")) if r["kernel"] == BASE]
md = open(sys.argv[2]).read()
side = md.split("## The dense side", 1)[1].split("\n## ", 1)[0]
line = [l for l in side.splitlines() if l.startswith("| ") and f"| {BASE} |" in l]
assert len(line) == 1, side
g = sorted(2.0 * int(r["M"]) * int(r["K"]) * int(r["N"]) / (float(r["median_ms"]) * 1e-3) / 1e9 for r in rows)
med = (g[0] + g[1]) / 2
cells = [c.strip() for c in line[0].strip("|").split("|")]
assert cells[2] == "2" and cells[3] == f"{med:.1f}", (cells, med)
peak = json.load(open(sys.argv[1] + "/run.json"))["devices"][0]["peak"]["gflops"]
assert cells[5].startswith(f"{100 * med / peak:.0f}% of"), (cells, med, peak)
assert ("inflated by a weak dense baseline" in side) == (med / peak < 0.30), (med, peak)
assert cells[6] == "batch", cells
assert cells[7] == ("CLBlast's own database" if BASE == "clblast" else ""), cells
PY

# 3. batch_ms against the latency median, for a kernel longer than the launch overhead
cat > "$tmp/long.yaml" <<'YAML'
name: long
defaults: {warmup: 2, repeats: 15}
matrices:
  - {name: tiny, M: 32, K: 32, sparsity: [0.5], pattern: unstructured, N: [1], kernels: [csr]}
  - {name: big, M: 256, K: 256, sparsity: [0.5], pattern: unstructured, N: [64], kernels: [csr]}
YAML
ok=0
for try in 1 2 3 4; do
    rm -rf "$tmp/long"
    "$SB_BIN" run "$tmp/long.yaml" --device "$SB_DEVICE" --out "$tmp/long" --no-progress > /dev/null
    if python3 - "$tmp/long" <<'PY'
import csv, sys
from device_rows import CSR
rows = {(r["matrix"], r["kernel"]): r for r in csv.DictReader(open(sys.argv[1] + "/results.csv"))}
for r in rows.values():
    assert r["status"] == "ok" and r["batch_ms"] and float(r["batch_ms"]) > 0, r
    # R doubled until a batch lasted 10 ms (min_time_ms is 0): R * batch_ms reaches it, R / 2 did not
    R, b = int(r["batch_size"]), float(r["batch_ms"])
    assert R & (R - 1) == 0, R
# the launch overhead: the latency of the tiny case; the big one runs longer than that. Both by
# the fastest of the runs: a loaded host adds milliseconds to single runs' latency (the H200 under
# ctest -j6, load 11: big's median 2.73 ms against 0.28 for tiny, its batch 0.048 ms)
overhead = float(rows[("tiny", CSR)]["min_ms"])
big = rows[("big", CSR)]
print(f"overhead {overhead:.4f} ms; big: latency min {float(big['min_ms']):.4f} ms, median "
      f"{float(big['median_ms']):.4f} ms, batch {float(big['batch_ms']):.4f} ms x {big['batch_size']}")
if float(big["min_ms"]) <= overhead:
    print("the big case is no longer than the launch overhead on this device: not compared")
else:
    # and no less than a quarter of what the kernel takes beyond the overhead: runs back to back
    # still run (Mesa rusticl's clFinish after a clFlush returned before the batch ran: batch_ms
    # 0.066 ms against a latency of 8.6 ms, case_batch.c's finish_flushed)
    floor = 0.25 * (float(big["min_ms"]) - overhead)
    assert float(big["batch_ms"]) >= floor, f"batch_ms {big['batch_ms']} < {floor:.4f} ms: " \
        "the batch's clock stopped before its runs ran"
    if float(big["batch_ms"]) > float(big["median_ms"]):
        sys.exit(3)
PY
    then ok=1; break
    else
        rc=$?
        if [ "$rc" != 3 ]; then fail "batch timing rows"; fi
        echo "try $try: batch_ms above the latency median (a busy machine?)"
    fi
done
# On a CPU device the host thread that enqueues a batch shares the cores with the kernel's
# workers: on an overloaded host (1-min load at or above the cores) the batch can come out slower
# than one run at a time. There the comparison is not made (the test says so and ends skipped
# after the checks below); on a host with a core to spare it must hold.
unverified=
if [ "$ok" != 1 ]; then
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l >= c) }'; then
        unverified="batch_ms above the latency median in 4 tries at load $load on $(nproc) cores"
    else
        fail "batch_ms above the latency median in 4 tries (load $load on $(nproc) cores)"
    fi
fi

# 4. an all-zero matrix is not timed
mkdir "$tmp/data"
printf '%%%%MatrixMarket matrix coordinate real general\n16 24 0\n' > "$tmp/data/zero.mtx"
cat > "$tmp/zero.yaml" <<'YAML'
name: zero
N: [4]
kernels: [clblast, csr]
matrices:
  - {path: zero.mtx}
YAML
"$SB_BIN" run "$tmp/zero.yaml" --device "$SB_DEVICE" --data-dir "$tmp/data" --out "$tmp/zero" \
    --no-progress > /dev/null || true
python3 - "$tmp/zero" <<'PY'
import csv, sys
from device_rows import BASE, CSR, clblast_skipped
rows = clblast_skipped(list(csv.DictReader(open(sys.argv[1] + "/results.csv"))))
assert sorted(r["kernel"] for r in rows) == sorted({BASE, CSR}), rows
for r in rows:
    assert r["status"] == "skipped" and "all-zero matrix (nnz = 0): not timed" in r["message"], r
    assert r["median_ms"] == "" and r["speedup_vs_dense"] == "", r
PY
if [ -n "$unverified" ]; then
    echo "SKIPPED (the rest passed): $unverified: not a measurement this host can make now"
    exit 77
fi
echo ok
