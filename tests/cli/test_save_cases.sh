#!/usr/bin/env bash
# --save-cases writes A.mtx, B.npy, C.npy and case.json per case; an independent implementation
# (scipy's Matrix Market reader and numpy) recomputes A*B and must agree with the device's C.
# Cases above --save-cases-max are not saved, and the run says how many (it said nothing).
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
python3 -c "import scipy, numpy" || { echo "scipy and numpy are needed (tools/bootstrap.sh installs them)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/cases.yaml" <<'YAML'
name: cases
defaults: {warmup: 1, repeats: 2}
N: [1, 37]
matrices:
  - {name: u, M: 45, K: 61, sparsity: [0.8], pattern: unstructured, kernels: [csr, csr_balanced, bsr],
     bsr_block: 4}
  - {name: b, M: 48, K: 64, sparsity: [0.75], pattern: block, block: 8, kernels: [bsr]}
  - {name: n, M: 40, K: 64, pattern: nm, nm: "2:4", kernels: [nm]}
YAML
"$SB_BIN" run "$tmp/cases.yaml" --device "$SB_DEVICE" --out "$tmp/run" --save-cases "$tmp/cases" > /dev/null
# at most 45*61 elements: u's cases at N = 37 (C 45x37) are saved, b's and n's (A 48x64, 40x64) not
"$SB_BIN" run "$tmp/cases.yaml" --device "$SB_DEVICE" --out "$tmp/run2" --save-cases "$tmp/few" \
    --save-cases-max 2745 > /dev/null 2> "$tmp/err2"
saved=$(ls "$tmp/few" | wc -l)
unsaved=$(($(ls "$tmp/cases" | wc -l) - saved))
if [ "$saved" -eq 0 ] || [ "$unsaved" -eq 0 ] ||
    ! grep -q "note: --save-cases: $unsaved case(s) not saved in $tmp/few: .*--save-cases-max (2745)" "$tmp/err2"; then
    cat "$tmp/err2"
    echo "FAIL: $unsaved case(s) above --save-cases-max were left out ($saved saved) without a note"
    exit 1
fi
python3 - "$tmp/cases" <<'PY'
import json, os, sys
import numpy as np, scipy.io, scipy.sparse
root = sys.argv[1]
runs_as = json.loads(os.environ["SB_RUNS_AS"])  # common.sh: csr_task etc. on an FPGA profile
cases = sorted(os.listdir(root))
assert len(cases) >= 10, cases
kernels = set()
for c in cases:
    d = os.path.join(root, c)
    meta = json.load(open(os.path.join(d, "case.json")))
    A = scipy.sparse.csr_matrix(scipy.io.mmread(os.path.join(d, "A.mtx")))
    B = np.load(os.path.join(d, "B.npy"))
    C = np.load(os.path.join(d, "C.npy"))
    assert B.dtype == np.float32 and C.dtype == np.float32 and C.flags.c_contiguous
    assert A.shape == (meta["M"], meta["K"]) and B.shape == (meta["K"], meta["N"]) and C.shape == (meta["M"], meta["N"])
    assert A.nnz == meta["nnz"], (c, A.nnz, meta["nnz"])
    ref = A.astype(np.float64) @ B.astype(np.float64)
    err = np.linalg.norm(C - ref) / np.linalg.norm(ref)
    assert err < 1e-5, (c, err)
    kernels.add(meta["kernel"])
want = {runs_as.get(k, k) for k in ("csr", "csr_balanced", "bsr", "nm")} | {os.environ["SB_BASELINE"]}
assert kernels == want, (kernels, want)
print(f"{len(cases)} saved cases agree with scipy/numpy")
PY
