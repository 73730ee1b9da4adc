#!/usr/bin/env bash
# Our kernels against cuSPARSE CSR on exactly the same sparsity patterns, by kernel time on both
# sides, on an NVIDIA GPU with PyTorch (the lent machine). One config per call:
#   1. sparsebench run CONFIG (our rows, event_median_ms = kernel time, every run validated)
#   2. sb_sweep --patterns-only: the patterns of the same matrices (same seeds), as .smtx
#   3. torch_smtx.py: cuSPARSE (PyTorch) on each (pattern, N) the run measured, validated
#   4. cusparse_table.py: per-case ratios, geometric mean and worst per group and N
#
#   bench/vs_cusparse.sh CONFIG --out DIR [--device SEL] [--group model|band] [--title T]
#                        [--kernel NAME] [--profile] [--resume] [--limit S]
#                        [-- ARGS FOR sparsebench run, e.g. --batch 8]
# --limit S: the suite and the anchor each stop after S seconds (SIGINT: the suite keeps what it
# measured and says `interrupted`, the anchor its lines so far); a lent-GPU call's wall limit.
# --resume: DIR/suite holds an interrupted run (a wall limit cut it): `sparsebench run --resume`
# measures only its missing cases, then the anchor covers all of them. Give the same ARGS as the
# first call (they still select the patterns and the cases to anchor).
# --profile: the anchor also lists the CUDA kernels of each cuSPARSE call and times its SpMM
# kernel alone (the table's spmm columns); a fraction of a second per case more.
# Writes DIR/suite (results), DIR/cusparse.jsonl, DIR/vs-cusparse.md; prints the summary last.
# Needs build/sparsebench and build/bench/sb_sweep (cmake --build build), python3 with torch.
set -uo pipefail
config=${1:?usage: bench/vs_cusparse.sh CONFIG --out DIR [...]}
shift
out="" device=nvidia group=band title="" kernel=csr_auto profile=() resume=0 limit=()
run_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --out) out=$2; shift 2 ;;
        --device) device=$2; shift 2 ;;
        --group) group=$2; shift 2 ;;
        --title) title=$2; shift 2 ;;
        --kernel) kernel=$2; shift 2 ;;
        --profile) profile=(--kernels); shift ;;
        --resume) resume=1; shift ;;
        --limit) limit=(timeout -s INT "$2"); shift 2 ;;
        --) shift; run_args=("$@"); break ;;
        *) echo "vs_cusparse.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$out" ] || { echo "vs_cusparse.sh: --out DIR is required" >&2; exit 2; }
title=${title:-$(basename "$config" .yaml) vs cuSPARSE}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
mkdir -p "$out"
patterns=$(mktemp -d /tmp/sb-patterns.XXXXXX) # tens to hundreds of MB: kept out of DIR
trap 'rm -rf "$patterns"' EXIT

# the filter options sb_sweep understands (--N, --batch), taken from the run's arguments
sweep_args=()
for ((i = 0; i < ${#run_args[@]}; i++)); do
    case ${run_args[i]} in
        --N|--batch|--data-dir) sweep_args+=("${run_args[i]}" "${run_args[i + 1]}") ;;
    esac
done

if [ "$resume" = 1 ]; then
    echo "== $(date -u +%T) suite: sparsebench run --resume $out/suite"
    "${limit[@]}" "$root/build/sparsebench" run --resume "$out/suite" --no-progress \
        >> "$out/suite.log" 2>&1
else
    echo "== $(date -u +%T) suite: sparsebench run $config ${run_args[*]}"
    "${limit[@]}" "$root/build/sparsebench" run "$config" --device "$device" --out "$out/suite" \
        --no-progress "${run_args[@]}" > "$out/suite.log" 2>&1
fi
echo "   exit $? (log: $out/suite.log)"
echo "== $(date -u +%T) patterns"
if ! "$root/build/bench/sb_sweep" "$config" --patterns "$patterns" --patterns-only "${sweep_args[@]}" \
        2> "$out/patterns.log"; then
    tail -5 "$out/patterns.log"
fi
python3 "$here/cusparse_table.py" cases "$out/suite" "$patterns" --kernel "$kernel" > "$out/cases.txt"
echo "   $(wc -l < "$out/cases.txt") pattern files to time"
echo "== $(date -u +%T) cuSPARSE"
"${limit[@]}" python3 "$here/anchors/torch_smtx.py" --cases "$out/cases.txt" "${profile[@]}" \
    > "$out/cusparse.jsonl" 2> "$out/cusparse.log"
echo "   exit $?, $(grep -c '"status": "ok"' "$out/cusparse.jsonl") ok"
echo "== $(date -u +%T) table"
python3 "$here/cusparse_table.py" table "$out/suite" "$out/cusparse.jsonl" --kernel "$kernel" \
    --group "$group" --title "$title" --out "$out/vs-cusparse.md"
