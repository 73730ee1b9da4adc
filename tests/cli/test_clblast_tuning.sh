#!/usr/bin/env bash
# The dense baseline tuned by CLBlast's own tuners (issue 13), end to end with stand-in tuners
# (tests/cli/fake_clblast/fake_tuner.sh prints and writes what CLBlast 1.5's tuners do, with
# configurations CLBlast accepts):
#  1. the tuners missing: one message naming Debian's clblast-utils, exit 1, no database;
#  2. tune --dense-only: every kernel's best configuration stored, XGEMM_MIN_INDIRECT_SIZE from the
#     routine tuner's verdict;
#  3. a tuner that hangs is cut at its share of --budget, and what it printed is kept (partial);
#  4. Ctrl-C (SIGINT) during a tuner: exit 130, what was found is saved, the tuner is gone;
#  5. run applies the database (the baseline's variant says "tuned on this device DATE", rows
#     validated ok); --tuning none runs CLBlast as shipped ("CLBlast's own database").
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
export SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 3}
N: [1, 32]
kernels: [clblast, csr]
matrices:
  - {name: m, M: 256, K: 192, sparsity: [0.5], pattern: unstructured}
YAML

# A device whose profile disables CLBlast (common.sh: an FPGA's baseline is the suite's dense)
# has nothing for CLBlast's tuners: tune says so, exits 0 and writes no database; the rest of
# this test has no subject there and is skipped
mkdir "$tmp/empty"
if [ "$SB_BASELINE" != clblast ]; then
    rc=0
    SPARSEBENCH_CLBLAST_TUNERS="$tmp/empty" "$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" \
        --dense-only --budget 1 --db "$tmp/none.json" > "$tmp/out1" 2> "$tmp/err1" || rc=$?
    cat "$tmp/out1" "$tmp/err1"
    if [ "$rc" != 0 ]; then fail "--dense-only without CLBlast: exit $rc, expected 0"; fi
    said="its dense baseline is not CLBlast (its profile), so CLBlast's tuners have nothing to tune"
    if ! grep -qF "$said" "$tmp/out1" "$tmp/err1"; then
        fail "--dense-only without CLBlast: not said"
    fi
    if [ -e "$tmp/none.json" ]; then fail "a database was written for a device without CLBlast"; fi
    echo "skipped: $SB_DEVICE's profile disables CLBlast (its baseline is $SB_BASELINE): no CLBlast to tune"
    exit 77
fi

# 1. no tuners
rc=0
SPARSEBENCH_CLBLAST_TUNERS="$tmp/empty" "$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" \
    --dense-only --budget 1 --db "$tmp/none.json" > "$tmp/out1" 2> "$tmp/err1" || rc=$?
cat "$tmp/err1"
if [ "$rc" != 1 ]; then fail "missing tuners: exit $rc, expected 1"; fi
if ! grep -q "clblast-utils" "$tmp/err1"; then fail "the message does not name clblast-utils"; fi
if [ "$(grep -c "clblast-utils" "$tmp/err1")" != 1 ]; then fail "more than one message"; fi
if [ -e "$tmp/none.json" ]; then fail "a database was written without tuners"; fi
# ... and none on the PATH either (the default: Debian installs them in /usr/bin)
rc=0
env -u SPARSEBENCH_CLBLAST_TUNERS PATH="$tmp/empty" "$SB_BIN" tune "$tmp/t.yaml" \
    --device "$SB_DEVICE" --dense-only --budget 1 --db "$tmp/none.json" > "$tmp/out1" 2> "$tmp/err1" || rc=$?
cat "$tmp/err1"
if [ "$rc" != 1 ]; then fail "no tuners on the PATH: exit $rc, expected 1"; fi
if [ "$(grep -c "not installed.*apt-get install clblast-utils" "$tmp/err1")" != 1 ]; then
    fail "no tuners on the PATH: not one message naming clblast-utils"
fi
if [ -e "$tmp/none.json" ]; then fail "a database was written without tuners"; fi

# the stand-ins, under the tuners' names
mkdir "$tmp/fake"
for t in copy_fast copy_pad transpose_fast transpose_pad xgemm xgemm_direct xgemv routine_xgemm; do
    ln -s "$SB_SOURCE_DIR/tests/cli/fake_clblast/fake_tuner.sh" "$tmp/fake/clblast_tuner_$t"
done
export SPARSEBENCH_CLBLAST_TUNERS="$tmp/fake"

# 2. every tuner finishes
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --dense-only --budget 1 --db "$tmp/db.json" \
    > "$tmp/out2"
cat "$tmp/out2"
python3 - "$tmp/db.json" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
assert db["entries"] == [], "dense-only tuned a sparse kernel"
c = {e["kernel"]: e for e in db["clblast"]["entries"]}
assert sorted(c) == sorted(["Copy", "Pad", "Transpose", "Padtranspose", "Xgemm", "XgemmDirect",
                            "Xgemv", "XgemvFast", "XgemvFastRot", "GemmRoutine"]), sorted(c)
# the fastest of each kernel's configurations (fake_tuner.sh): Xgemm's 4.0 ms row of variant 2
x = c["Xgemm"]
want = dict(zip("GEMMK MWG NWG KWG MDIMC NDIMC MDIMA NDIMB KWI VWM VWN STRM STRN SA SB KREG".split(),
                [0, 32, 64, 16, 8, 16, 8, 16, 2, 4, 4, 1, 1, 0, 0, 1]))
assert x["params"] == want and x["best_ms"] == 4.0 and x["configs"] == 8 and x["complete"], x
assert c["Copy"]["params"] == {"COPY_DIMX": 16, "COPY_DIMY": 8, "COPY_WPT": 1, "COPY_VW": 2}, c["Copy"]
assert c["XgemvFast"]["params"] == {"WGS2": 64, "WPT2": 4, "VW2": 4}, c["XgemvFast"]
# the indirect GEMM won on the one GEMM shape (256 x 32 x 192): its m*n*k at or above the cube
t = c["GemmRoutine"]["params"]["XGEMM_MIN_INDIRECT_SIZE"]
assert t ** 3 <= 256 * 32 * 192 < (t + 1) ** 3, t
assert db["clblast"]["tuned"][:4].isdigit()
PY

# 3. the second variant of xgemm hangs: cut at its share, its two printed rows kept
rc=0
FAKE_TUNER_HANG=1 "$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --dense-only --budget 0.15 \
    --db "$tmp/cut.json" > "$tmp/out3" || rc=$?
cat "$tmp/out3"
if [ "$rc" != 0 ]; then fail "budget cut: exit $rc"; fi
if ! grep -q "clblast_tuner_xgemm .*share of the budget ran out" "$tmp/out3"; then
    fail "the cut is not said"
fi
python3 - "$tmp/cut.json" <<'PY'
import json, sys
c = {e["kernel"]: e for e in json.load(open(sys.argv[1]))["clblast"]["entries"]}
x = c["Xgemm"]
# variant 1 from its JSON (2), variant 2 from the log (2 whole rows; the cut-off third is not one)
assert x["configs"] == 4 and not x["complete"] and x["best_ms"] == 4.0, x
assert c["Copy"]["complete"] and c["XgemmDirect"]["complete"], c
PY

# 4. SIGINT while xgemm hangs
FAKE_TUNER_HANG=1 FAKE_TUNER_PIDS="$tmp/pids" "$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" \
    --dense-only --budget 30 --db "$tmp/int.json" > "$tmp/out4" 2>&1 &
sb=$!
for _ in $(seq 300); do
    if [ -s "$tmp/pids" ]; then break; fi
    sleep 0.1
done
if [ ! -s "$tmp/pids" ]; then kill "$sb"; fail "the hanging tuner never started"; fi
kill -INT "$sb"
rc=0
wait "$sb" || rc=$?
cat "$tmp/out4"
if [ "$rc" != 130 ]; then fail "SIGINT: exit $rc, expected 130"; fi
sleep 0.5
pid=$(cat "$tmp/pids")
# gone, or a zombie nobody reaps (a container's PID 1 may not)
if kill -0 "$pid" 2> /dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2> /dev/null)" != Z ]; then
    fail "the tuner's process outlived the interrupt"
fi
python3 - "$tmp/int.json" <<'PY'
import json, sys
c = {e["kernel"]: e for e in json.load(open(sys.argv[1]))["clblast"]["entries"]}
assert c["Xgemm"]["configs"] == 4 and not c["Xgemm"]["complete"], c["Xgemm"]
assert "GemmRoutine" not in c, "a tuner after the interrupt ran"
PY

# 5. run applies the database; --tuning none does not
date=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['clblast']['tuned'][:10])" "$tmp/db.json")
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/db.json" --out "$tmp/tuned" \
    --no-progress > /dev/null
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning none --out "$tmp/shipped" \
    --no-progress > /dev/null
python3 - "$tmp" "$date" <<'PY'
import csv, json, sys
tmp, date = sys.argv[1], sys.argv[2]
for run, want in (("tuned", "tuned on this device " + date + ":"), ("shipped", "CLBlast's own database")):
    rows = list(csv.DictReader(open(f"{tmp}/{run}/results.csv")))
    assert len(rows) == 4 and all(r["status"] == "ok" for r in rows), [(r["kernel"], r["message"]) for r in rows]
    base = [r for r in rows if r["kernel"] == "clblast"]
    assert len(base) == 2, base
    for r in base:
        routine = "CLBlastSgemv" if r["N"] == "1" else "CLBlastSgemm"
        assert r["variant"].startswith(routine) and want in r["variant"], (run, r["variant"])
    if run == "tuned":
        assert all(k in base[1]["variant"] for k in ("Xgemm", "XgemmDirect", "GemmRoutine")), base[1]["variant"]
    dev = json.load(open(f"{tmp}/{run}/run.json"))["devices"][0]
    assert want in dev["clblast_parameters"], dev["clblast_parameters"]
PY
echo ok
