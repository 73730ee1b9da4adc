#!/usr/bin/env bash
# `sparsebench tune` writes a tuning database for the device; `run` applies it (rows say so); a
# database made for another device is refused before anything runs.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
export SPARSEBENCH_TUNING_DIR="$tmp/tuning"
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 2}
N: [16]
matrices:
  - {name: u, M: 64, K: 96, sparsity: [0.9], pattern: unstructured, kernels: [csr]}
  - {name: n, M: 64, K: 96, pattern: nm, nm: "2:4", kernels: [nm]}
YAML
# csr and nm as they run on the device (common.sh): csr_task and nm_task on an FPGA profile, each
# tuned in the same classes under its own name
csr=$(sb_as_run csr) nm=$(sb_as_run nm)
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --passes 1 --budget 0 > "$tmp/tune.out"
cat "$tmp/tune.out"
db=$(ls "$tmp"/tuning/*.json)
python3 - "$db" "$csr" "$nm" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
csr, nm = sys.argv[2], sys.argv[3]
classes = {(e["kernel"], e["class"]) for e in db["entries"]}
assert classes == {(csr, "S s75-92 N2-16"), (nm, "2:4 S s<75 N2-16")}, classes
for e in db["entries"]:
    assert e["tuned_ms"] <= e["default_ms"] and e["cases"] == 1, e
assert db["device"] and db["driver"]
PY
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --out "$tmp/run" > /dev/null
python3 - "$tmp/run/results.csv" "$csr" "$nm" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert all(r["status"] == "ok" for r in rows)
tuned = [r for r in rows if r["kernel"] in sys.argv[2:]]
assert sorted(r["kernel"] for r in tuned) == sorted(sys.argv[2:]), rows
for r in tuned:
    assert "[tuned " in r["variant"], r["variant"]
PY
# the database's parameters are the ones that run: a database whose csr entry says
# ROWS_PER_WG=2, VEC=2 and TILE_COLS=8 (defaults 4, 4 and 32; 2 rows, as 16 were 128 items with
# rusticl's TILE_COLS 8, more than its 32, and fitted; a tile of 8 x 2 columns exactly N = 16
# wide, as a wider one is narrowed and its rows multiplied: NVIDIA's 32 ran ROWS_PER_WG=8) gives
# csr rows with exactly those values; a csr_task entry UNROLL=2 and COLS=16 (the FPGA profiles' 4
# or 8, and 8)
case $csr in
    csr) chosen='{"csr_spmm.ROWS_PER_WG": "2", "csr_spmm.VEC": "2", "csr_spmm.TILE_COLS": "8"}' ;;
    csr_task) chosen='{"csr_task.UNROLL": "2", "csr_task.COLS": "16"}' ;;
    *) echo "FAIL: no chosen parameters for $csr"; exit 1 ;;
esac
python3 - "$db" "$tmp/chosen.json" "$csr" "$chosen" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
for e in db["entries"]:
    if e["kernel"] == sys.argv[3]:
        e["params"] = json.loads(sys.argv[4])
json.dump(db, open(sys.argv[2], "w"))
PY
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/chosen.json" --out "$tmp/chosen" > /dev/null
python3 - "$tmp/chosen/results.csv" "$csr" "$chosen" <<'PY'
import csv, json, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["kernel"] == sys.argv[2]]
assert len(rows) == 1 and rows[0]["status"] == "ok", rows
words = rows[0]["variant"].split()
want = [k.split(".")[1] + "=" + v for k, v in json.loads(sys.argv[3]).items()]
assert all(w in words for w in want) and "[tuned" in words, (rows[0]["variant"], want)
PY
# untuned on request
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning none --out "$tmp/run2" > /dev/null
python3 - "$tmp/run2/results.csv" "$csr" "$nm" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
tuned = [r for r in rows if r["kernel"] in sys.argv[2:]]
assert len(tuned) == 2 and all(r["status"] == "ok" for r in tuned), rows
assert not any("[tuned" in r["variant"] for r in rows), [r["variant"] for r in rows]
PY
# a database for another device: refused, exit 2, nothing run
# (edited as JSON: a device name may hold commas, as rusticl's "llvmpipe (LLVM 15.0.6, 256 bits)")
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["device"] = "Some Other GPU"
json.dump(d, open(sys.argv[2], "w"))' "$db" "$tmp/other.json"
set +e
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/other.json" --out "$tmp/run3" 2> "$tmp/err" > /dev/null
status=$?
set -e
cat "$tmp/err"
if [ "$status" -ne 2 ]; then echo "FAIL a database for another device: expected exit 2, got $status"; exit 1; fi
if ! grep -q "tuned for another device (Some Other GPU)" "$tmp/err"; then echo "FAIL message lacks the other device"; exit 1; fi
if [ -e "$tmp/run3/results.csv" ]; then echo "FAIL nothing may be measured with a refused database"; exit 1; fi
# tune --db with that file: the same refusal, and advice that does not send tune back to itself
set +e
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --db "$tmp/other.json" --passes 1 --budget 0 \
    > /dev/null 2> "$tmp/err"
status=$?
set -e
if [ "$status" -ne 2 ]; then echo "FAIL tune --db another device's file: expected exit 2, got $status"; exit 1; fi
if ! grep -q "tuned for another device (Some Other GPU).*sparsebench tune without --db, or --db naming a new file" "$tmp/err"; then
    cat "$tmp/err"; echo "FAIL tune's message lacks the way on"; exit 1
fi
echo ok
