#!/usr/bin/env bash
# pocl6 (session 6, issue 14 PoCL item): csr vs csr_balanced (and csr_auto) on PoCL at N = 1 and
# 8, paired and interleaved (sb_sweep --rounds), with the identical kernel as the control.
#   bench/explore/pocl6/job.sh OUTDIR [ROUNDS] [PASSES]
#   bench/explore/pocl6/job.sh OUTDIR [ROUNDS] [PASSES] held2   (the second held-out set, R1's test)
#   bench/explore/pocl6/job.sh OUTDIR [ROUNDS] [PASSES] held3   (the third, R2's test, N = 1)
# Needs build/bench/sb_sweep and SPARSEBENCH_DATA (the DLMC data). Writes OUTDIR/{tuned,held}-pP.jsonl
# and OUTDIR/summary.md (with held2: OUTDIR/held2-pP.jsonl and OUTDIR/summary2.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1 rounds=${2:-20} passes=${3:-2} which=${4:-}
mkdir -p "$out"
data="$out/data"
python3 "$here/gen_uneven.py" "$data" "${SPARSEBENCH_DATA:?set SPARSEBENCH_DATA to the DLMC data}"
sw=${SB_SWEEP:-build/bench/sb_sweep}
if [ "$which" = held3 ]; then
    for p in $(seq 1 "$passes"); do
        echo "$(date -u +%H:%M:%S) pass $p held3" >&2
        "$sw" "$here/held3.yaml" --device pocl --data-dir "$data" --variants "$here/variants.txt" \
            --N 1 --warmup 3 --repeats 15 --rounds "$rounds" > "$out/held3-p$p.jsonl"
    done
    python3 "$here/paired.py" --tuned "$out"/tuned-p*.jsonl --held "$out"/held3-p*.jsonl \
        --rule-mean 80 --rule-nnz-max 1000000 > "$out/summary3.md"
    cat "$out/summary3.md"
    exit 0
fi
if [ "$which" = held2 ]; then
    for p in $(seq 1 "$passes"); do
        echo "$(date -u +%H:%M:%S) pass $p held2" >&2
        "$sw" "$here/held2.yaml" --device pocl --data-dir "$data" --variants "$here/variants.txt" \
            --N 1,2,4 --warmup 3 --repeats 15 --rounds "$rounds" > "$out/held2-p$p.jsonl"
    done
    # the tuned-on files of the same OUTDIR (an earlier run without held2) for the rule search
    python3 "$here/paired.py" --tuned "$out"/tuned-p*.jsonl --held "$out"/held2-p*.jsonl \
        --rule-mean 96 > "$out/summary2.md"
    cat "$out/summary2.md"
    exit 0
fi
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
