#!/usr/bin/env bash
# Every derived column of a small synthetic run (all formats, fp32 and fp16 storage, a two-layer
# model) checked by value, and exactly the rows its config plans:
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
# which rows exist (check_derived_columns.py recomputes the rows there are): exactly one a
# listed kernel (as it runs on the test device), matrix, sparsity and N, csr_spmv at N = 1 only,
# and the dense baseline beside them where the list leaves it out (fp32: the device's; fp16: at
# most one dense kernel added, by what the device offers); the model's layers at N = batch x
# n_per_sample
python3 - "$tmp/run/results.csv" <<'PY'
import csv, collections, sys
from device_rows import BASE, as_run
rows = list(csv.DictReader(open(sys.argv[1])))
got = collections.Counter((r["model"], r["matrix"], r["target_sparsity"], int(r["N"]), r["kernel"])
                          for r in rows)
assert all(n == 1 for n in got.values()), [k for k, n in got.items() if n > 1]
want, fp16 = set(), {}
def add(model, matrix, sparsities, ns, kernels, half=False):
    for s in sparsities:
        for n in ns:
            for k in kernels:
                if k != "csr_spmv" or n == 1:
                    want.add((model, matrix, s, n, as_run(k)))
            if half:
                fp16[(model, matrix, s, n)] = {as_run(k) for k in kernels}
            elif BASE not in kernels:
                want.add((model, matrix, s, n, BASE))
add("", "u", ["0.6", "0.9"], [3, 16], ["clblast", "dense", "csr", "csr_balanced", "bsr"])
add("", "h", ["0.7"], [1, 16], ["dense", "csr", "csr_spmv", "bsr"], half=True)
add("", "hn", ["0.5"], [8], ["nm"], half=True)
add("", "b", ["0.75"], [8], ["clblast", "bsr"])
add("", "n", ["0.5"], [8], ["clblast", "nm"])
add("mlp", "fc1", ["0.8"], [2], ["clblast", "csr"])
add("mlp", "fc2", ["0.8"], [6], ["clblast", "csr"])
DENSE = ("dense", "clblast", "tc_dense")
missing = want - set(got)
extra = [k for k in set(got) - want if k[:4] not in fp16 or k[4] not in DENSE]
assert not missing and not extra, ("missing", sorted(missing), "unexpected", sorted(extra))
for case, listed in fp16.items():  # the fp16 cases' baseline: a dense kernel, at most one added
    dense = [k[4] for k in got if k[:4] == case and k[4] in DENSE]
    assert dense and sum(k not in listed for k in dense) <= 1, (case, dense)
print(f"rows: {len(rows)} as planned")
PY
echo ok
