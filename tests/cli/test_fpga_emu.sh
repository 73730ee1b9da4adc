#!/usr/bin/env bash
# The FPGA flow on Intel's FPGA Emulation Platform (tools/install-vendors.sh intel-fpga-emu): its
# profile (intel-fpga-emu: build auto, task kernels) builds from source when no binaries are given,
# `build` saves configs/fpga-sim.yaml's programs, and `run --binaries` runs every case from them,
# all ok against the suite's own dense baseline. Skipped (exit 77) without the emulator.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
emu=$("$SB_BIN" devices --json | python3 -c "
import json, sys
d = [d for d in json.load(sys.stdin) if d['platform'].startswith('Intel(R) FPGA Emulation')]
print(d[0]['id'] if d else '')")
if [ -z "$emu" ]; then
    echo "skipped: Intel's FPGA emulator is not installed (tools/install-vendors.sh intel-fpga-emu)"
    exit 77
fi
cfg="$SB_SOURCE_DIR/configs/fpga-sim.yaml"
start=$SECONDS
"$SB_BIN" run "$cfg" --device "$emu" --out "$tmp/src" --no-progress > /dev/null
t_src=$((SECONDS - start)); start=$SECONDS
"$SB_BIN" build "$cfg" --device "$emu" --out "$tmp/bin" > "$tmp/build.out"
t_build=$((SECONDS - start)); start=$SECONDS
"$SB_BIN" run "$cfg" --device "$emu" --binaries "$tmp/bin" --out "$tmp/run" --no-progress > /dev/null
t_run=$((SECONDS - start))
python3 - "$tmp" "$emu" <<'PY'
import csv, json, sys
tmp, emu = sys.argv[1:]
for run, source in (("src", "source"), ("run", "binary")):
    rows = list(csv.DictReader(open(f"{tmp}/{run}/results.csv")))
    assert len(rows) == 18, (run, len(rows))
    bad = [(r["kernel"], r["N"], r["status"], r["message"]) for r in rows if r["status"] != "ok"]
    assert not bad, (run, bad)
    assert {r["kernel"] for r in rows} == {"csr_task", "bsr_task", "nm_task", "dense"}, run
    assert all(r["program_source"] in ((source, "cache") if source == "source" else (source,)) for r in rows), run
    assert all(r["baseline"] == "dense" and r["device_id"] == emu for r in rows), run
meta = json.load(open(f"{tmp}/run/run.json"))
assert meta["devices"][0]["profile"] == "intel-fpga-emu" and meta["devices"][0]["programs"] == "binary"
PY
echo "FPGA emulator: from source ${t_src} s, build ${t_build} s, run --binaries ${t_run} s: 18 + 18 rows ok"
echo ok
