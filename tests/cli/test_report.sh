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
        for dev in Fake_GPU_A Fake_CPU_B; do
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
[ ! -e "$TMP/bad" ] || fail "an input error must not create the out dir"
"${REPORT[@]}" "$TMP/no-such-run" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "missing dir should exit 2"
expect_in "$TMP/stderr" "no-such-run: no such result directory"
mkdir "$TMP/empty-run"
"${REPORT[@]}" "$TMP/empty-run" --out "$TMP/bad" >/dev/null 2>"$TMP/stderr"
[ $? -eq 2 ] || fail "dir without results.csv should exit 2"
expect_in "$TMP/stderr" "results.csv: not found"
"${REPORT[@]}" >/dev/null 2>&1
[ $? -eq 2 ] || fail "no arguments should exit 2"

# 4. No python: the report is still written, and says why there are no plots.
SPARSEBENCH_PYTHON="$TMP/no-python" "${REPORT[@]}" "$FIX/cpu-b" --out "$TMP/nopy" >/dev/null 2>&1 \
    || fail "a missing python must not fail the report"
expect_in "$TMP/nopy/report.md" "plots skipped: $TMP/no-python not found"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "ok"
