#!/usr/bin/env bash
# Every derived column of a small synthetic run (all formats, fp32 and fp16 storage, a two-layer
# model) checked by value:
# check_derived_columns.py recomputes statistics from the raw samples, nnz/bytes/fill from the
# saved matrices, GFLOP/s, speedups, roofline bound and efficiency, and the model totals, without
# the suite's code, and compares them with results.csv, results.jsonl and models.csv.
set -euo pipefail
. "$SB_SOURCE_DIR/tests/cli/common.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SPARSEBENCH_CACHE="$tmp/cache"
cat > "$tmp/derived.yaml" <<'YAML'
name: derived
defaults: {warmup: 1, repeats: 7}
matrices:
  - {name: u, M: 40, K: 56, sparsity: [0.6, 0.9], pattern: unstructured, N: [3, 16],
     kernels: [clblast, dense, csr, csr_balanced, bsr], bsr_block: 4}
  - {name: h, M: 40, K: 56, sparsity: [0.7], pattern: unstructured, N: [1, 16], precision: fp16,
     kernels: [dense, csr, csr_spmv, bsr], bsr_block: 4}
  - {name: hn, M: 32, K: 64, pattern: nm, nm: "2:4", N: [8], precision: fp16, kernels: [nm]}
  - {name: b, M: 48, K: 64, sparsity: [0.75], pattern: block, block: 4, N: [8], kernels: [clblast, bsr]}
  - {name: n, M: 32, K: 64, pattern: nm, nm: "2:4", N: [8], kernels: [clblast, nm]}
models:
  - name: mlp
    batch: 2
    sparsity: [0.8]
    kernels: [clblast, csr]
    layers:
      - {name: fc1, M: 24, K: 20, n_per_sample: 1}
      - {name: fc2, M: 16, K: 24, n_per_sample: 3}
YAML
"$SB_BIN" run "$tmp/derived.yaml" --device "$SB_DEVICE" --out "$tmp/run" --save-cases "$tmp/cases" \
    --no-progress > "$tmp/stdout"
python3 "$SB_SOURCE_DIR/tests/cli/check_derived_columns.py" "$tmp/run" "$tmp/cases"
echo ok
