#!/usr/bin/env bash
# `sparsebench report` end to end on the fixtures in tests/data/results/: the sections of
# report.md, merged.csv and its provenance columns, the crossover and Φ the fixtures imply,
# exit 2 on bad input, and the plots (PNG and SVG) when matplotlib is installed.
set -u

: "${SB_SOURCE_DIR:?SB_SOURCE_DIR must name the source tree}"
: "${SB_BIN:?SB_BIN must name the sparsebench binary}"
FIX="$SB_SOURCE_DIR/tests/data/results"
export SPARSEBENCH_HOME="$SB_SOURCE_DIR"

# Until main.c dispatches `report`, the unit test binary carries the command (unit_report report ...).
if "$SB_BIN" report --help >/dev/null 2>&1; then
    REPORT=("$SB_BIN" report)
else
    DRIVER="$(dirname "$SB_BIN")/tests/unit_report"
    [ -x "$DRIVER" ] || { echo "FAIL: neither '$SB_BIN report' nor $DRIVER works"; exit 1; }
    REPORT=("$DRIVER" report)
fi

TMP="$(mktemp -d /tmp/sb_cli_report_XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_in() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }

# 1. The report, plots made when matplotlib is here.
if python3 -c "import matplotlib" >/dev/null 2>&1; then have_mpl=1; else have_mpl=0; fi
out="$TMP/report"
"${REPORT[@]}" "$FIX/gpu-a" "$FIX/cpu-b" --out "$out" >"$TMP/stdout" 2>"$TMP/stderr"
rc=$?
[ "$rc" -eq 0 ] || { fail "report exited $rc"; cat "$TMP/stderr"; }
for f in report.md merged.csv models.csv devices.csv crossover.csv; do
    [ -s "$out/$f" ] || fail "$f not written"
done
md="$out/report.md"
for section in "## Runs" "## Devices" "## Warnings" "## Speedup vs sparsity and crossover" \
               "## Cross-vendor comparison" "## Memory footprint" "## Model totals" \
               "## Performance portability Φ" "## Plots" "**Crossover rule.**"; do
    expect_in "$md" "$section"
done
# fixture numbers: A crosses at 0.7 + 0.2*(0.2/0.6); B always wins; Φ(csr) = 2/(2+4); nm wrong on B
expect_in "$md" "| csr | 512×512 | unstructured | 128 | 0.50 | 0.80 | 1.40 | 0.767 |"
expect_in "$md" "| csr | 512×512 | unstructured | 128 | 1.20 | 1.50 | 2.00 | always |"
expect_in "$md" "| csr | 512×512×128 | 0.333 | 0.500 | 0.250 |"
expect_in "$md" "| nm | 512×512×128 | 0.000 | 0.600 | wrong |"
expect_in "$md" "no column 'energy_note'"
expect_in "$md" "extra column 'power_w'"
expect_in "$md" "config names differ"
head -1 "$out/merged.csv" | grep -q '^run,host,run_started,device,' || fail "merged.csv header"
[ "$(python3 -c "import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1])))))" \
      "$out/merged.csv")" = 10 ] || fail "merged.csv should hold 10 rows"
# the quoted message with a comma, quotes and a newline survives the round trip
python3 - "$out/merged.csv" <<'EOF' || fail "merged.csv quoting"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
msg = [r["message"] for r in rows if r["status"] == "wrong"][0]
assert msg == 'max rel error 3.1e-02 > tolerance 1e-05, kernel "nm"\nsecond line', msg
assert all(r["run"] in ("gpu-a", "cpu-b") for r in rows)
assert [r["power_w"] for r in rows if r["run"] == "cpu-b"][0] == "95.5"
assert rows[0]["samples_ms"].split()[0] == "0.95"
EOF
if [ "$have_mpl" = 1 ]; then
    for kind in speedup roofline latency; do
        for dev in Fake_GPU_A_fake-cuda Fake_CPU_B_pocl; do
            for ext in png svg; do
                [ -s "$out/plots/${kind}_$dev.$ext" ] || fail "plot ${kind}_$dev.$ext missing"
            done
            expect_in "$md" "(plots/${kind}_$dev.png)"
        done
    done
else
    echo "matplotlib not installed: checking the skipped-plots note instead"
    expect_in "$md" "plots skipped: matplotlib not available"
fi

# 2. Refuses a non-empty out dir, accepts it with --force; --no-plots says so.
"${REPORT[@]}" "$FIX/gpu-a" --out "$out" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "non-empty --out without --force should exit 2"
expect_in "$TMP/stderr" "not empty; use --force"
"${REPORT[@]}" "$FIX/gpu-a" --out "$out" --force --no-plots >/dev/null 2>&1 || fail "--force"
expect_in "$md" "plots skipped: --no-plots was given"

# 3. Input errors: exit 2 with the file and line, and nothing written.
"${REPORT[@]}" "$FIX/gpu-a" "$FIX/malformed" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "malformed CSV should exit 2"
expect_in "$TMP/stderr" "malformed/results.csv:3: quoted cell never closed"
if grep -q "unfinished" "$TMP/stderr"; then fail "a malformed row that ends its line is no unfinished one"; fi
[ ! -e "$TMP/bad" ] || fail "an input error must not create the out dir"
# a run killed while it wrote a row (kill -9): its last line is cut off; the message says how to go on
cp -r "$FIX/gpu-a" "$TMP/cut"
python3 - "$TMP/cut/results.csv" <<'PY' || fail "cutting results.csv"
import sys
p = sys.argv[1]
t = open(p, "rb").read()
open(p, "wb").write(t[:len(t) - 25])
PY
"${REPORT[@]}" "$TMP/cut" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "a cut-off last row should exit 2"
expect_in "$TMP/stderr" "its last row is unfinished: the run stopped while writing it; sparsebench run --resume $TMP/cut drops that row"
"${REPORT[@]}" "$TMP/no-such-run" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "missing dir should exit 2"
expect_in "$TMP/stderr" "no-such-run: no such result directory"
mkdir "$TMP/empty-run"
"${REPORT[@]}" "$TMP/empty-run" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "dir without results.csv should exit 2"
expect_in "$TMP/stderr" "results.csv: not found"
"${REPORT[@]}" >/dev/null 2>&1
[ $? -eq 2 ] || fail "no arguments should exit 2"
# one run given twice (dir and dir/): its rows were pooled twice, named as two runs
"${REPORT[@]}" "$FIX/gpu-a" "$FIX/cpu-b" "$FIX/gpu-a/" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "one directory given twice should exit 2"
expect_in "$TMP/stderr" "gpu-a and $FIX/gpu-a/ are one result directory"
[ ! -e "$TMP/bad" ] || fail "an input error must not create the out dir"

# 4. No python: the report is still written, and says why there are no plots.
SPARSEBENCH_PYTHON="$TMP/no-python" "${REPORT[@]}" "$FIX/cpu-b" --out "$TMP/nopy" >/dev/null 2>&1 \
    || fail "a missing python must not fail the report"
expect_in "$TMP/nopy/report.md" "plots skipped: $TMP/no-python not found"

# 5. Vendors told apart (issue 10): devices keyed by (name, platform, driver) with labels that name
# the platform; one device under two drivers is two columns; an FPGA's csr_task counts as csr in
# Φ, whose text names the platforms; an efficiency above 1 is flagged; a cross-vendor figure per
# kernel family. The fixture runs are made from cpu-b: the same CPU under Intel's runtime in two
# driver versions, and an FPGA that ran csr as csr_task.
python3 - "$FIX/cpu-b" "$TMP/vend" <<'EOF' || fail "making the vendor fixtures"
import csv, json, os, shutil, sys
src, out = sys.argv[1:]
def make(name, device, platform, driver, kernel_map=None, eff=None):
    d = os.path.join(out, name)
    shutil.copytree(src, d)
    rows = list(csv.DictReader(open(os.path.join(d, "results.csv"), newline="")))
    for r in rows:
        r["device"], r["platform"], r["driver"] = device, platform, driver
        if kernel_map and r["kernel"] in kernel_map:
            r["kernel"] = kernel_map[r["kernel"]]
        if eff is not None and r["kernel"] == "csr" and r["status"] == "ok":
            r["efficiency"] = str(eff)
    with open(os.path.join(d, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    meta = json.load(open(os.path.join(d, "run.json")))
    for dev in meta.get("devices", []):
        dev["name"], dev["platform"], dev["driver_version"] = device, platform, driver
    json.dump(meta, open(os.path.join(d, "run.json"), "w"))
    models = os.path.join(d, "models.csv")
    if os.path.exists(models):
        os.remove(models)
make("intel-old", "Fake CPU B", "Intel(R) OpenCL", "2025.1", eff=1.5)
make("intel-new", "Fake CPU B", "Intel(R) OpenCL", "2026.2")
make("fpga", "Fake FPGA C", "Intel(R) FPGA Emulation Platform for OpenCL(TM)", "2025.0",
     kernel_map={"csr": "csr_task"})
EOF
"${REPORT[@]}" "$FIX/cpu-b" "$TMP/vend/intel-old" "$TMP/vend/intel-new" "$TMP/vend/fpga" \
    --out "$TMP/vreport" >/dev/null 2>"$TMP/vstderr" || { fail "vendor report failed"; cat "$TMP/vstderr"; }
vmd="$TMP/vreport/report.md"
for want in "Fake CPU B (pocl) ms" "Fake CPU B (intel 2025.1) ms" "Fake CPU B (intel 2026.2) ms" \
            "Fake FPGA C (intel-fpga-emulation) ms" \
            "H spans the platforms: pocl, intel, intel-fpga-emulation." \
            "1.500†" "† efficiency > 1: operands cache-resident: the DRAM roof does not bound this case."; do
    expect_in "$vmd" "$want"
done
python3 - "$vmd" <<'EOF' || fail "Φ over kernel families"
import sys
md = open(sys.argv[1]).read()
phi = md.split("## Performance portability", 1)[1].split("\n## ", 1)[0]
rows = [l for l in phi.splitlines() if l.startswith("| csr")]
assert rows and not any(l.startswith("| csr_task") for l in phi.splitlines()), phi
# 4 devices: every csr row carries an efficiency on each (the FPGA's csr_task among them)
for l in rows:
    cells = [c.strip() for c in l.strip("|").split("|")]
    assert len(cells) == 3 + 4 and all(c not in ("missing", "") for c in cells[3:]), l
EOF
if [ "$have_mpl" = 1 ]; then
    for fam in csr clblast; do
        if [ ! -s "$TMP/vreport/plots/vendors_$fam.png" ]; then fail "plot vendors_$fam.png missing"; fi
    done
fi

# 6. An archived run (results.jsonl kept as results.jsonl.gz, as results/ keeps its big ones): the
# same raw samples in merged.csv as from the plain file; an unreadable .gz is one warning, and the
# report is still written from the rows' statistics. (A build without zlib says so instead.)
if ! grep -q '^ZLIB_LIBRARY_RELEASE:FILEPATH=/' "${SB_BUILD_DIR:-/nonexistent}/CMakeCache.txt" 2>/dev/null; then
    echo "this build has no zlib: skipping the archived-run checks"
else
    mkdir -p "$TMP/gz"
    cp -r "$FIX/gpu-a" "$TMP/gz/gpu-a"
    gzip "$TMP/gz/gpu-a/results.jsonl"
    "${REPORT[@]}" "$TMP/gz/gpu-a" --out "$TMP/gzreport" --no-plots >/dev/null 2>"$TMP/gzstderr" ||
        { fail "report on a gzipped run failed"; cat "$TMP/gzstderr"; }
    "${REPORT[@]}" "$FIX/gpu-a" --out "$TMP/plainreport" --no-plots >/dev/null 2>&1 ||
        fail "report on the plain run failed"
    python3 - "$TMP/plainreport/merged.csv" "$TMP/gzreport/merged.csv" <<'EOF' || fail "samples from results.jsonl.gz"
import csv, sys
plain, gz = ([r["samples_ms"] for r in csv.DictReader(open(f, newline=""))] for f in sys.argv[1:])
assert any(plain) and gz == plain, (plain, gz)
EOF
    if grep -q "no results.jsonl" "$TMP/gzreport/report.md"; then fail "results.jsonl.gz was not read"; fi
    # cut short, as a copy interrupted by a full disk would leave it
    gzip -c "$FIX/gpu-a/results.jsonl" | head -c 60 > "$TMP/gz/gpu-a/results.jsonl.gz"
    "${REPORT[@]}" "$TMP/gz/gpu-a" --out "$TMP/badgz" --no-plots >/dev/null 2>&1 ||
        fail "report on a run with a broken results.jsonl.gz should still be written"
    expect_in "$TMP/badgz/report.md" "results.jsonl.gz: not a readable gzip file"
    expect_in "$TMP/badgz/report.md" "no results.jsonl: latency plots use"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "ok"
