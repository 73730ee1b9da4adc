#!/usr/bin/env bash
# A full disk loses nothing (issue 11 item 2), on a real small file system: a tmpfs mounted in a
# private mount namespace (as root: `unshare -m`; else a user namespace: `unshare -rm`). Where
# neither is allowed the test is skipped (exit 77), saying so.
#  1. a run whose rows fill the disk stops with exit 1 and a message naming the file and how to go
#     on (--resume); every row it counted is whole in results.csv and results.jsonl (the same rows
#     in both), and run.json is valid JSON;
#  2. a run on an already full disk: exit 1, run.json named, no half-written file left;
#  3. tune on a full disk keeps the tuning database byte for byte (it was rewritten in place and
#     truncated).
set -euo pipefail
if [ -z "${SB_IN_NAMESPACE:-}" ]; then
    for how in "-m" "-rm"; do
        if unshare $how true 2> /dev/null; then
            SB_IN_NAMESPACE=1 exec unshare $how bash "$0" "$@"
        fi
    done
    echo "SKIPPED: cannot make a mount namespace here (unshare -m / -rm refused): no full disk to test"
    exit 77
fi
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'umount "$tmp/disk" 2> /dev/null || true; rm -rf "$tmp"' EXIT
mkdir "$tmp/disk"
if ! mount -t tmpfs -o size=96k tmpfs "$tmp/disk" 2> "$tmp/mount.err"; then
    cat "$tmp/mount.err"
    echo "SKIPPED: cannot mount a tmpfs in the namespace: no full disk to test"
    exit 77
fi
export SPARSEBENCH_CACHE="$tmp/cache" SPARSEBENCH_TUNING_DIR="$tmp/tuning"
fail() { echo "FAIL: $*"; exit 1; }

cat > "$tmp/many.yaml" <<'YAML'
name: many
defaults: {warmup: 0, repeats: 40}
N: [1, 4, 8, 16]
kernels: [csr, clblast]
matrices:
  - {name: m, M: 32, K: 32, sparsity: [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97], pattern: unstructured}
YAML

# 1. rows fill the disk
rc=0
"$SB_BIN" run "$tmp/many.yaml" --device "$SB_DEVICE" --out "$tmp/disk/run" > "$tmp/out1" 2> "$tmp/err1" || rc=$?
cat "$tmp/err1"
if [ "$rc" -ne 1 ]; then fail "a run on a full disk exited $rc, not 1"; fi
if ! grep -q "No space left on device" "$tmp/err1"; then fail "the message does not say the disk is full"; fi
if ! grep -Eq "cannot write $tmp/disk/run/results\.(csv|jsonl)" "$tmp/err1"; then fail "the message does not name the file"; fi
if ! grep -q "sparsebench run --resume $tmp/disk/run measures the rest" "$tmp/err1"; then
    fail "the message does not say how to go on"
fi
python3 - "$tmp/disk/run" "$tmp/err1" <<'PY'
import csv, json, re, sys
run, err = sys.argv[1], open(sys.argv[2]).read()
text = open(f"{run}/results.csv").read()
assert text.endswith("\n"), "results.csv ends inside a row"
rows = list(csv.reader(text.splitlines()))
header, body = rows[0], rows[1:]
assert all(len(r) == len(header) for r in body), "a results.csv row is cut"
lines = open(f"{run}/results.jsonl").read().splitlines()
jrows = [json.loads(l) for l in lines]  # every line whole JSON
assert len(jrows) == len(body), f"results.csv has {len(body)} rows, results.jsonl {len(jrows)}"
for c, j in zip(body, jrows):
    d = dict(zip(header, c))
    assert (d["kernel"], d["N"], d["status"]) == (j["kernel"], str(j["N"]), j["status"]), (d, j)
counted = int(re.search(r"(\d+) rows measured before it", err).group(1))
assert counted == len(body), f"the run counted {counted} rows, the files hold {len(body)}"
total = 8 * 4 * 2
assert 0 < len(body) < total, f"{len(body)} of {total} rows: the disk did not fill mid-run"
meta = json.load(open(f"{run}/run.json"))  # valid JSON, whatever state it could record
assert meta["state"] in ("running", "stopped"), meta["state"]
assert meta["finished"] is None
print(f"full disk after {len(body)} of {total} rows: both files whole and equal, run.json valid")
PY
if grep -q "results:" "$tmp/out1"; then fail "a stopped run printed the results line"; fi

# 2. an already full disk: run.json cannot be written
dd if=/dev/zero of="$tmp/disk/filler" bs=4k 2> /dev/null || true
rc=0
"$SB_BIN" run "$tmp/many.yaml" --device "$SB_DEVICE" --N 1 --out "$tmp/disk/run2" > /dev/null 2> "$tmp/err2" || rc=$?
cat "$tmp/err2"
if [ "$rc" -ne 1 ]; then fail "a run on a full disk exited $rc, not 1"; fi
if ! grep -Eq "run2/(results.csv|run.json)" "$tmp/err2"; then fail "the message does not name the file"; fi
if [ -n "$(find "$tmp/disk/run2" -mindepth 1 -maxdepth 1 -name '.*' 2> /dev/null)" ]; then
    fail "a temporary file was left behind"
fi
if [ -e "$tmp/disk/run2/run.json" ] && ! python3 -m json.tool "$tmp/disk/run2/run.json" > /dev/null; then
    fail "run.json is not valid JSON"
fi
rm -f "$tmp/disk/filler"
rm -rf "$tmp/disk/run" "$tmp/disk/run2"

# 3. tune keeps the database on a full disk
identity=$(python3 -c '
import json, subprocess, sys
d = [d for d in json.loads(subprocess.check_output([sys.argv[1], "devices", "--json"])) if d["id"] == sys.argv[2]][0]
print(json.dumps({"device": d["name"], "platform": d["platform"], "driver": d["driver_version"]})[1:-1])' "$SB_BIN" "$SB_DEVICE")
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 0, repeats: 2}
N: [16]
matrices:
  - {name: u, M: 32, K: 32, sparsity: [0.9], pattern: unstructured, kernels: [dense]}
YAML
db="$tmp/disk/tuning/db.json"
mkdir -p "$tmp/disk/tuning"
cat > "$db" <<JSON
{$identity, "entries": [
 {"kernel": "nm", "class": "2:4 S s<75 N2-16", "params": {"nm_spmm.WG_SIZE": "64"},
  "default_ms": 2, "tuned_ms": 1, "cases": 1}]}
JSON
cp "$db" "$tmp/db.before"
dd if=/dev/zero of="$tmp/disk/filler" bs=4k 2> /dev/null || true
rc=0
"$SB_BIN" tune "$tmp/t.yaml" --device "$SB_DEVICE" --passes 1 --budget 0 --db "$db" > "$tmp/tune.out" 2> "$tmp/tune.err" || rc=$?
cat "$tmp/tune.err"
if [ "$rc" -eq 0 ]; then fail "tune on a full disk exited 0"; fi
if ! grep -q "cannot write $db" "$tmp/tune.err"; then fail "tune's message does not name the database"; fi
if ! cmp -s "$db" "$tmp/db.before"; then fail "the tuning database changed on a full disk"; fi
if [ -n "$(find "$tmp/disk/tuning" -mindepth 1 -maxdepth 1 -name '.*')" ]; then
    fail "a temporary file was left behind"
fi
echo ok
