#!/usr/bin/env bash
# Runs from binaries refuse what they must not run, before any case: a binary whose manifest names
# another driver or device, a binary built from other kernel source, a corrupt binary (caught by
# the manifest's hash, and by the driver when the manifest vouches for garbage), no binaries for
# the device. Each: exit 2, one message that says what differs, nothing written. A program with no
# binary at all fails only its own cases.
set -uo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg="$SB_SOURCE_DIR/configs/fpga-sim.yaml"
export SPARSEBENCH_NO_CACHE=1
"$SB_BIN" build "$cfg" --device "$SB_DEVICE" --profile fpga-sim --out "$tmp/bin" > /dev/null || { echo "build failed"; exit 1; }
fails=0

# refused NAME PATTERN [env assignments...]: runs from $tmp/NAME, expects exit 2 and PATTERN
refused() {
    local name=$1 pattern=$2
    shift 2
    env "$@" "$SB_BIN" run "$cfg" --device "$SB_DEVICE" --profile fpga-sim --binaries "$tmp/$name" \
        --out "$tmp/run-$name" --no-progress > "$tmp/$name.out" 2> "$tmp/$name.err"
    local status=$?
    echo "--- $name: exit $status"
    cat "$tmp/$name.err"
    if [ "$status" -ne 2 ]; then echo "FAIL $name: expected exit 2"; fails=1; fi
    if ! grep -q -- "$pattern" "$tmp/$name.err"; then echo "FAIL $name: message lacks '$pattern'"; fails=1; fi
    if [ -e "$tmp/run-$name" ]; then echo "FAIL $name: something was written"; fails=1; fi
}

# copy NAME: a copy of the good binaries; prints the csr_task (N = 8) manifest's path
copy() {
    cp -r "$tmp/bin" "$tmp/$1"
    find "$tmp/$1" -name 'csr_task_UNROLL4_COLS8.json'
}

# edit MANIFEST KEY VALUE
edit() {
    python3 - "$@" <<'PY'
import json, sys
path, key, value = sys.argv[1:]
m = json.load(open(path))
m[key] = value
json.dump(m, open(path, "w"))
PY
}

m=$(copy driver)
edit "$m" driver "0.0-elsewhere"
refused driver "driver differs: the binary's is '0.0-elsewhere'"

m=$(copy device)
edit "$m" device "Some Other FPGA"
refused device "device differs: the binary's is 'Some Other FPGA'"

# the kernels changed since the binaries were built (a home whose csr_task.cl has one more line)
cp -r "$tmp/bin" "$tmp/source"
mkdir -p "$tmp/home"
cp -r "$SB_SOURCE_DIR/cl_kernels" "$tmp/home/cl_kernels"
ln -s "$SB_SOURCE_DIR/platforms" "$tmp/home/platforms"
echo "// changed" >> "$tmp/home/cl_kernels/csr_task.cl"
refused source "source hash (cl_kernels/ changed since it was built) differs" SPARSEBENCH_HOME="$tmp/home"

# bytes flipped in the middle: the driver may well accept them (PoCL does), the manifest does not
m=$(copy flipped)
python3 - "${m%.json}.bin" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
for i in range(len(b) // 3, len(b) // 3 + 64):
    b[i] ^= 0x5A
open(p, "wb").write(b)
PY
refused flipped "is corrupt (CL_INVALID_BINARY, not loaded)"

m=$(copy truncated)
truncate -s 100 "${m%.json}.bin"
refused truncated "it has 100 bytes"

# garbage whose manifest vouches for it (size and hash updated): the driver's own check must answer
m=$(copy garbage)
python3 - "$m" <<'PY'
import json, os, sys
path = sys.argv[1]
m = json.load(open(path))
data = os.urandom(4096)
open(os.path.join(os.path.dirname(path), m["binary"]), "wb").write(data)
h = 1469598103934665603  # sb_hash64 (src/util/util.c): FNV-1a 64 with this offset basis
for x in data:
    h = ((h ^ x) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
m["binary_hash"], m["binary_bytes"] = "%016x" % h, len(data)
json.dump(m, open(path, "w"))
PY
# (at clCreateProgramWithBinary, as PoCL; at its build, as NVIDIA's driver, which takes the bytes
# and refuses to build them; or, where the driver dies of it, the probe process's crash: Mesa
# rusticl panics, "unknown version", and aborts; never the run's own process)
refused garbage "clCreateProgramWithBinary: CL_INVALID_BINARY\|refused it in a probe process: building binary .*: CL_INVALID_BINARY (-42): the binary is corrupt or not for this device\|crashed the driver (signal [0-9]*, [A-Za-z]*) in a probe process: the binary is corrupt or not for this device; not loaded"

mkdir "$tmp/empty"
refused empty "no binaries for device"

# a program without a binary fails its own cases (exit 1), the rest run
m=$(copy missing)
for f in "$(dirname "$m")"/nm_task_*; do rm "$f"; done
"$SB_BIN" run "$cfg" --device "$SB_DEVICE" --profile fpga-sim --binaries "$tmp/missing" --out "$tmp/run-missing" \
    --no-progress > /dev/null 2>&1
status=$?
[ "$status" -eq 1 ] || { echo "FAIL missing: expected exit 1, got $status"; fails=1; }
python3 - "$tmp/run-missing/results.csv" <<'PY' || fails=1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
nm = [r for r in rows if r["kernel"] == "nm_task"]
assert nm and all(r["status"] == "failed" and "no binary for nm_task.cl" in r["message"] for r in nm), nm
assert all(r["status"] == "ok" for r in rows if r["kernel"] != "nm_task")
print(f"missing: {len(nm)} nm_task rows failed with the message, {len(rows) - len(nm)} others ok")
PY
if [ "$fails" -ne 0 ]; then exit 1; fi
echo ok
