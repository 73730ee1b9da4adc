#!/usr/bin/env bash
# sb_sweep on a kernel that writes NaN (a copy of cl_kernels/ through SPARSEBENCH_HOME, csr's
# stores replaced by NaN): the row says "wrong", is valid JSON (JSON has no NaN: the diagnosis
# writes null for a non-finite value), and names the bad elements with their reference values.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home"
cp -r "$SB_SOURCE_DIR/cl_kernels" "$tmp/home/cl_kernels"
ln -s "$SB_SOURCE_DIR/platforms" "$tmp/home/platforms"
python3 - "$tmp/home/cl_kernels/csr_balanced.cl" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = "VSTORE(partial[0][cx], 0, out);"
assert s.count(old) == 1, "csr_balanced.cl's store moved: update this test"
open(p, "w").write(s.replace(old, "VSTORE((floatV)(NAN), 0, out);"))
PY
cat > "$tmp/t.yaml" <<'YAML'
name: t
defaults: {warmup: 1, repeats: 1, seed: 3}
N: [8]
kernels: [csr_balanced]
matrices:
  - {name: a, M: 20, K: 30, sparsity: [0.5], pattern: unstructured}
YAML
SPARSEBENCH_HOME="$tmp/home" SPARSEBENCH_CACHE="$tmp/cache" \
    "$SB_BUILD_DIR/bench/sb_sweep" "$tmp/t.yaml" --device "$SB_DEVICE" > "$tmp/rows.jsonl" \
    2> "$tmp/err" || true
cat "$tmp/err"
python3 - "$tmp/rows.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]  # fails on a bare nan
assert len(rows) == 1, rows
r = rows[0]
assert r["status"] == "wrong", r
d = r["diag"]
assert d["bad"] == 20 * 8 and d["of"] == 20 * 8 and d["rows_bad"] == 20, d
first = d["first"]
assert len(first) == 6 and all(f[2] is None for f in first), first
assert [f[:2] for f in first] == [[0, c] for c in range(6)], first
print("ok: a NaN result is a 'wrong' row of valid JSON, nulls for the bad values")
PY
