#!/usr/bin/env bash
# pocl6 (session 6, issue 14 PoCL item): csr vs csr_balanced (and csr_auto) on PoCL at N = 1 and
# 8, paired and interleaved (sb_sweep --rounds), with the identical kernel as the control.
#   bench/explore/pocl6/job.sh OUTDIR [ROUNDS] [PASSES]
# Needs build/bench/sb_sweep and SPARSEBENCH_DATA (the DLMC data). Writes OUTDIR/{tuned,held}-pP.jsonl
# and OUTDIR/summary.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1 rounds=${2:-20} passes=${3:-2}
mkdir -p "$out"
data="$out/data"
python3 "$here/gen_uneven.py" "$data" "${SPARSEBENCH_DATA:?set SPARSEBENCH_DATA to the DLMC data}"
sw=${SB_SWEEP:-build/bench/sb_sweep}
for p in $(seq 1 "$passes"); do
    for set in tuned held; do
        echo "$(date -u +%H:%M:%S) pass $p $set" >&2
        "$sw" "$here/$set.yaml" --device pocl --data-dir "$data" --variants "$here/variants.txt" \
            --N 1,8 --warmup 3 --repeats 15 --rounds "$rounds" > "$out/$set-p$p.jsonl"
    done
done
python3 "$here/paired.py" --tuned "$out"/tuned-p*.jsonl --held "$out"/held-p*.jsonl \
    > "$out/summary.md"
cat "$out/summary.md"
