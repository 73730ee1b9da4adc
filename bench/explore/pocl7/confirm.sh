#!/usr/bin/env bash
# pocl7 (session 7, issue 14 PoCL item): paired, interleaved confirmation (sb_sweep --rounds) of
# the layers screen.py lists (csr_auto read > 10% slower than the best fixed kernel, and the three
# final_dense layers). Per candidate the variants are csr, csr_copy (the control: the same kernel),
# auto (csr_auto) and each other fixed kernel that read faster than csr_auto in the screen
# (bal = csr_balanced, tile = csr_tile, with the device profile's parameters, as the 162-layer run).
# One config per (N, variant set): the candidates of one N and set share a file.
#   bench/explore/pocl7/confirm.sh CANDIDATES.tsv OUTDIR [ROUNDS]
# Needs build/bench/sb_sweep and SPARSEBENCH_DATA (the DLMC data). Writes OUTDIR/cfg-*.yaml,
# OUTDIR/*.jsonl and OUTDIR/confirm.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tsv=$1 out=$2 rounds=${3:-40}
data=${SPARSEBENCH_DATA:?set SPARSEBENCH_DATA to the DLMC data}
sw=${SB_SWEEP:-build/bench/sb_sweep}
mkdir -p "$out"
declare -A dir=([magnitude]=magnitude_pruning [random]=random_pruning [variational]=variational_dropout)
while IFS=$'\t' read -r model layer n faster; do
    set_=""
    case ",$faster," in *,csr_balanced,*) set_+="bal";; esac
    case ",$faster," in *,csr_tile,*) set_+="tile";; esac
    if [ "$layer" = final_dense ]; then
        case "$set_" in *bal*) ;; *) set_="bal$set_";; esac
    fi
    key="n$n-${set_:-csr}"
    cfg="$out/cfg-$key.yaml"
    if [ ! -f "$cfg" ]; then
        printf 'name: pocl7-%s\ndefaults: {warmup: 3, repeats: 15, seed: 42}\nN: [%s]\nkernels: [csr]\nmatrices:\n' \
            "$key" "$n" > "$cfg"
        { echo "csr csr"; echo "csr_copy csr"; echo "auto csr_auto"
          case "$set_" in *bal*) echo "bal csr_balanced";; esac
          case "$set_" in *tile*) echo "tile csr_tile";; esac; } > "$out/variants-$key.txt"
    fi
    echo "  - {name: ${model}__$layer, source: dlmc, path: dlmc/rn50/${dir[$model]}/0.9/$layer.smtx}" >> "$cfg"
done < "$tsv"
for cfg in "$out"/cfg-*.yaml; do
    key=$(basename "$cfg" .yaml); key=${key#cfg-}
    echo "$(date -u +%H:%M:%S) $key" >&2
    "$sw" "$cfg" --device pocl --data-dir "$data" --variants "$out/variants-$key.txt" \
        --warmup 3 --repeats 15 --rounds "$rounds" > "$out/$key.jsonl"
done
python3 "$here/confirm.py" "$out"/*.jsonl > "$out/confirm.md"
cat "$out/confirm.md"
