#!/usr/bin/env bash
# `sparsebench peak --device "$SB_DEVICE" --json` on the test device: measures (positive, finite
# numbers, a cache file under $SPARSEBENCH_CACHE), reads the cache the second time, measures again
# with --refresh; a bad option and an unknown device are usage errors (exit 2). The launch floor
# (an empty kernel's median time) and its back-to-back form (a gated batch's span per launch) are
# positive numbers of microseconds that the cache keeps (the batches as long as a row's); a cache
# file from before they were measured still reads, as "not measured" (null, '-'), unwarned.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"

"$SB_BIN" peak --device "$SB_DEVICE" --json > "$tmp/first.json"
"$SB_BIN" peak --device "$SB_DEVICE" --json > "$tmp/second.json"
sleep 1 # measured_at has whole seconds
"$SB_BIN" peak --device "$SB_DEVICE" --json --refresh > "$tmp/third.json"
"$SB_BIN" peak --device "$SB_DEVICE" > "$tmp/table.txt"

python3 - "$tmp" <<'PY'
import json, math, os, re, sys
tmp = sys.argv[1]
first, second, third = (json.load(open(f"{tmp}/{n}.json")) for n in ("first", "second", "third"))
assert len(first) >= 1, first
for d in first:
    for key in ("index", "device", "platform", "driver", "gflops", "best_vec", "vec_gflops",
                "gbps", "launch_us", "launch_b2b_us", "method", "cached", "measured_at", "cache_file"):
        assert key in d, f"missing {key} in {d}"
    assert math.isfinite(d["gflops"]) and d["gflops"] > 0, d
    assert math.isfinite(d["gbps"]) and d["gbps"] > 0, d
    assert d["best_vec"] in (1, 2, 4, 8, 16), d
    # an empty kernel: more than 0.1 us on any runtime, less than a tenth of a second
    assert math.isfinite(d["launch_us"]) and 0.1 < d["launch_us"] < 1e5, d
    # back to back: at least the 10 ns a GHz device needs for a few instructions
    assert math.isfinite(d["launch_b2b_us"]) and 0.01 < d["launch_b2b_us"] < 1e5, d
    # the gated batches grow from 16 launches, doubled until one lasts 10 ms (SB_BATCH_MIN_MS):
    # a batch half as long lasted less, and its span per launch is what this one reads, noise aside
    m = re.search(r"launch: median of 51, back to back: median of 5 gated batches of (\d+);",
                  d["method"])
    assert m, d["method"]
    runs = int(m.group(1))
    assert runs >= 16 and runs & (runs - 1) == 0 and runs <= 65536, runs
    assert runs == 16 or runs // 2 * d["launch_b2b_us"] * 1e-3 < 2 * 10.0, (runs, d)
    assert set(d["vec_gflops"]) == {"1", "2", "4", "8", "16"}, d
    assert d["gflops"] == max(d["vec_gflops"].values()), d
    assert d["vec_gflops"][str(d["best_vec"])] == d["gflops"], d
    assert d["cached"] is False, d
    assert d["cache_file"].startswith(os.path.join(tmp, "cache", "peak") + "/"), d
    assert os.path.isfile(d["cache_file"]), d
    print(f'{d["device"]}: {d["gflops"]:.1f} GFLOP/s (vec {d["best_vec"]}), {d["gbps"]:.1f} GB/s')
for a, b in zip(first, second):
    assert b["cached"] is True, b
    # the cache holds 15 significant digits where they read back within a few ulps
    for key in ("gflops", "gbps", "launch_us", "launch_b2b_us"):
        assert math.isclose(a[key], b[key], rel_tol=1e-12), (key, a[key], b[key])
    for w in a["vec_gflops"]:
        assert math.isclose(a["vec_gflops"][w], b["vec_gflops"][w], rel_tol=1e-12), w
    for key in ("best_vec", "method", "measured_at", "cache_file"):
        assert a[key] == b[key], (key, a[key], b[key])
for a, c in zip(first, third):
    assert c["cached"] is False and c["measured_at"] != a["measured_at"], c
    assert json.load(open(c["cache_file"]))["measured_at"] == c["measured_at"]
PY
grep -q "GFLOP/s" "$tmp/table.txt"
grep -q "cache" "$tmp/table.txt"
# the table's launch columns are the JSON's launch_us to 0.1 us and launch_b2b_us to 0.01 us
python3 - "$tmp" <<'PY'
import json, re, sys
tmp = sys.argv[1]
third = json.load(open(f"{tmp}/third.json"))
lines = open(f"{tmp}/table.txt").read().splitlines()
assert "launch us" in lines[0], lines[0]
for d in third:
    row = [l for l in lines[1:] if l.startswith(d["index"] + " ")]
    assert len(row) == 1, (d["index"], lines)
    cells = row[0].split()
    assert cells[-len(d["method"].split()) - 3:-len(d["method"].split()) - 1] == \
        [f'{d["launch_us"]:.1f}', f'{d["launch_b2b_us"]:.2f}'], (row[0], d)
PY
# a cache file written before the launch floors existed: read, both null and '-', no warning
python3 - "$tmp" <<'PY'
import json, sys
d = json.load(open(f"{sys.argv[1]}/third.json"))[0]
c = json.load(open(d["cache_file"]))
del c["launch_us"], c["launch_b2b_us"]
json.dump(c, open(d["cache_file"], "w"))
PY
"$SB_BIN" peak --device "$SB_DEVICE" --json > "$tmp/old.json" 2> "$tmp/old.err"
"$SB_BIN" peak --device "$SB_DEVICE" > "$tmp/old.txt" 2>> "$tmp/old.err"
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
d = json.load(open(f"{tmp}/old.json"))[0]
assert d["cached"] is True and d["launch_us"] is None and d["launch_b2b_us"] is None, d
assert open(f"{tmp}/old.err").read() == "", open(f"{tmp}/old.err").read()
row = [l for l in open(f"{tmp}/old.txt").read().splitlines() if l.startswith(d["index"] + " ")][0]
assert " - - " in " ".join(row.split()) + " ", row
PY

rc=0; "$SB_BIN" peak --bogus 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ]; then echo "peak --bogus: exit $rc, expected 2"; exit 1; fi
if ! grep -q "unknown option '--bogus'" "$tmp/err"; then cat "$tmp/err"; exit 1; fi
rc=0; "$SB_BIN" peak --device no-such-device-anywhere 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ]; then echo "peak --device no-such-device-anywhere: exit $rc"; exit 1; fi
if ! grep -q "no-such-device-anywhere" "$tmp/err"; then cat "$tmp/err"; exit 1; fi
rc=0; "$SB_BIN" peak --device 2> "$tmp/err" || rc=$?
test "$rc" -eq 2
echo ok
