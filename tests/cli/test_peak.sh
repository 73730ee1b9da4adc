#!/usr/bin/env bash
# `sparsebench peak --device "$SB_DEVICE" --json` on the test device: measures (positive, finite
# numbers, a cache file under $SPARSEBENCH_CACHE), reads the cache the second time, measures again
# with --refresh; a bad option and an unknown device are usage errors (exit 2).
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
import json, math, os, sys
tmp = sys.argv[1]
first, second, third = (json.load(open(f"{tmp}/{n}.json")) for n in ("first", "second", "third"))
assert len(first) >= 1, first
for d in first:
    for key in ("index", "device", "platform", "driver", "gflops", "best_vec", "vec_gflops",
                "gbps", "method", "cached", "measured_at", "cache_file"):
        assert key in d, f"missing {key} in {d}"
    assert math.isfinite(d["gflops"]) and d["gflops"] > 0, d
    assert math.isfinite(d["gbps"]) and d["gbps"] > 0, d
    assert d["best_vec"] in (1, 2, 4, 8, 16), d
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
    for key in ("gflops", "gbps"):
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

rc=0; "$SB_BIN" peak --bogus 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ]; then echo "peak --bogus: exit $rc, expected 2"; exit 1; fi
if ! grep -q "unknown option '--bogus'" "$tmp/err"; then cat "$tmp/err"; exit 1; fi
rc=0; "$SB_BIN" peak --device no-such-device-anywhere 2> "$tmp/err" || rc=$?
if [ "$rc" -ne 2 ]; then echo "peak --device no-such-device-anywhere: exit $rc"; exit 1; fi
if ! grep -q "no-such-device-anywhere" "$tmp/err"; then cat "$tmp/err"; exit 1; fi
rc=0; "$SB_BIN" peak --device 2> "$tmp/err" || rc=$?
test "$rc" -eq 2
echo ok
