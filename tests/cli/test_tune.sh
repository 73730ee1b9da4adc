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
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --passes 1 --budget 0 > "$tmp/tune.out"
cat "$tmp/tune.out"
db=$(ls "$tmp"/tuning/*.json)
python3 - "$db" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
classes = {(e["kernel"], e["class"]) for e in db["entries"]}
assert ("csr", "S s75-92 N2-16") in classes and ("nm", "2:4 S s<75 N2-16") in classes, classes
for e in db["entries"]:
    assert e["tuned_ms"] <= e["default_ms"] and e["cases"] == 1, e
assert db["device"] and db["driver"]
PY
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --out "$tmp/run" > /dev/null
python3 - "$tmp/run/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert all(r["status"] == "ok" for r in rows)
for r in rows:
    if r["kernel"] in ("csr", "nm"):
        assert "[tuned " in r["variant"], r["variant"]
PY
# the database's parameters are the ones that run: a database whose csr entry says
# ROWS_PER_WG=16 and VEC=2 (defaults 4 and 4) gives csr rows with exactly those values
python3 - "$db" "$tmp/chosen.json" <<'PY'
import json, sys
db = json.load(open(sys.argv[1]))
for e in db["entries"]:
    if e["kernel"] == "csr":
        e["params"] = {"csr_spmm.ROWS_PER_WG": "16", "csr_spmm.VEC": "2"}
json.dump(db, open(sys.argv[2], "w"))
PY
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/chosen.json" --out "$tmp/chosen" > /dev/null
python3 - "$tmp/chosen/results.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["kernel"] == "csr"]
assert len(rows) == 1 and rows[0]["status"] == "ok", rows
words = rows[0]["variant"].split()
assert "ROWS_PER_WG=16" in words and "VEC=2" in words and "[tuned" in words, rows[0]["variant"]
PY
# untuned on request
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning none --out "$tmp/run2" > /dev/null
python3 - "$tmp/run2/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
tuned = [r for r in rows if r["kernel"] in ("csr", "nm")]
assert len(tuned) == 2 and all(r["status"] == "ok" for r in tuned), rows
assert not any("[tuned" in r["variant"] for r in rows), [r["variant"] for r in rows]
PY
# a database for another device: refused, exit 2, nothing run
sed 's/"device":[^,]*,/"device": "Some Other GPU",/' "$db" > "$tmp/other.json"
set +e
"$SB_BIN" run "$tmp/t.yaml" --device "$SB_DEVICE" --tuning "$tmp/other.json" --out "$tmp/run3" 2> "$tmp/err" > /dev/null
status=$?
set -e
cat "$tmp/err"
if [ "$status" -ne 2 ]; then echo "FAIL a database for another device: expected exit 2, got $status"; exit 1; fi
if ! grep -q "tuned for another device (Some Other GPU)" "$tmp/err"; then echo "FAIL message lacks the other device"; exit 1; fi
if [ -e "$tmp/run3/results.csv" ]; then echo "FAIL nothing may be measured with a refused database"; exit 1; fi
echo ok
