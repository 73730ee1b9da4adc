#!/usr/bin/env bash
# A manual exploration of the CSR row-block kernel's tunables beyond what coordinate descent
# reaches: each line of PARAM_SETS runs bench-gale's unstructured matrix at the given sparsity and
# Ns with those parameters, and a table of medians is printed (kept in PERF_NOTES.md).
# Usage: bench/csr_explore.sh DEVICE_SEL [SPARSITY] [N_LIST]
set -uo pipefail
sel=${1:?device}
sparsity=${2:-0.9}
ns=${3:-256,1024,4096}
out=${OUT:-/tmp}/csr-explore
mkdir -p "$out"
#            VEC VPT TILE_COLS ROWS_PER_WG ROWS_FAST ROW_ITERS UNROLL
PARAM_SETS=("4 1 32 4 0 1 2"
            "2 2 32 8 1 1 2"
            "4 1 2 128 1 16 2"
            "2 1 4 64 1 16 2"
            "4 1 4 64 1 16 2"
            "4 2 4 32 1 16 2"
            "2 2 8 32 1 4 2"
            "4 1 8 32 1 16 2"
            "2 1 8 32 1 8 2"
            "4 1 4 64 1 4 4")
i=0
for set in "${PARAM_SETS[@]}"; do
    read -r vec vpt tc rows fast iters unroll <<< "$set"
    build/sparsebench run configs/bench-gale.yaml --device "$sel" --kernels csr --sparsity "$sparsity" \
        --N "$ns" --tuning none --no-progress --out "$out/set$i" \
        --param csr_spmm.VEC="$vec" --param csr_spmm.VPT="$vpt" --param csr_spmm.TILE_COLS="$tc" \
        --param csr_spmm.ROWS_PER_WG="$rows" --param csr_spmm.ROWS_FAST="$fast" \
        --param csr_spmm.ROW_ITERS="$iters" --param csr_spmm.UNROLL="$unroll" > /dev/null 2>&1
    i=$((i + 1))
done
python3 - "$out" "${#PARAM_SETS[@]}" <<'PY'
import csv, sys
out, n = sys.argv[1], int(sys.argv[2])
print(f"{'variant':95} {'N':>5} {'median ms':>10} {'status':>7}")
for i in range(n):
    try:
        rows = list(csv.DictReader(open(f"{out}/set{i}/results.csv")))
    except OSError:
        print(f"set{i}: no results"); continue
    for r in rows:
        if r["kernel"] == "csr" and r["matrix"] == "gale-unstructured":
            print(f"{r['variant'][18:113]:95} {r['N']:>5} {r['median_ms']:>10.8} {r['status']:>7}")
PY
