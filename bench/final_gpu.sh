#!/usr/bin/env bash
# The committed GPU results of issue 14 (csr_auto against cuSPARSE CSR on the same patterns, by
# kernel time on both sides), one part per call so each fits a lent-GPU call:
#   bench/final_gpu.sh dlmc OUTROOT          DLMC ResNet-50 90%, 3 pruning methods, batch 1 and 8
#                                            (on the H200 batch 1 took ~230 s and batch 8 ~430 s at
#                                            rs15: dlmc-b1 and dlmc-b8 run one batch each)
#   bench/final_gpu.sh transformer OUTROOT   16 encoder weight shapes x 50-95% x N 256-4096, and
#                                            2:4 on the encoder shapes (nm against csr_auto)
#                                            (~5 min; transformer-n1 and transformer-n2 split it:
#                                            N 256/1024 and N 2048/4096, about half each)
#   bench/final_gpu.sh gale OUTROOT          4096^2 at 50-98% (unstructured, 32x32 blocks, 2:4),
#                                            N 256/1024/4096
# Each writes OUTROOT/<part>-*/ (suite/ with results.csv and run.json, cusparse.jsonl,
# vs-cusparse.md, and for 2:4 nm-vs-csr.md) and prints the summary tables last. Needs the build
# (build/sparsebench, build/bench/sb_sweep), python3 with torch, SPARSEBENCH_DATA for dlmc.
set -uo pipefail
usage="usage: bench/final_gpu.sh dlmc[-b1|-b8]|transformer[-n1|-n2]|gale OUTROOT"
part=${1:?$usage}
root=${2:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
device=${SB_DEVICE:-nvidia}
data=${SPARSEBENCH_DATA:-$here/../../shared/data}
mkdir -p "$root"
status=0
case $part in
dlmc|dlmc-b1|dlmc-b8)
    batches=(1 8)
    [ "$part" = dlmc ] || batches=("${part#dlmc-b}")
    for b in "${batches[@]}"; do
        "$here/vs_cusparse.sh" "$here/../configs/resnet50-dlmc-methods.yaml" --out "$root/dlmc-b$b" \
            --device "$device" --group model --profile \
            --title "DLMC ResNet-50 90%, batch $b: csr_auto vs cuSPARSE" \
            -- --data-dir "$data" --batch "$b" || status=1
    done
    ;;
transformer|transformer-n1|transformer-n2)
    ns=()
    if [ "$part" = transformer-n1 ]; then
        ns=(--N 1,64,256,1024)
    elif [ "$part" = transformer-n2 ]; then
        ns=(--N 2048,4096)
    fi
    "$here/vs_cusparse.sh" "$here/../configs/transformer.yaml" --out "$root/$part" --device "$device" \
        --group band --title "Transformer shapes: csr_auto vs cuSPARSE" \
        -- --kernels csr_auto,nm "${ns[@]}" || status=1
    python3 "$here/cusparse_table.py" compare "$root/$part/suite" --a nm --b csr_auto \
        --title "2:4 Transformer shapes: nm against csr_auto" --out "$root/$part/nm-vs-csr.md"
    ;;
gale)
    "$here/vs_cusparse.sh" "$here/../configs/bench-gale.yaml" --out "$root/gale" --device "$device" \
        --group band --title "4096^2 benchmark: csr_auto vs cuSPARSE" \
        -- --kernels csr_auto,nm --N 256,1024,4096 || status=1
    python3 "$here/cusparse_table.py" compare "$root/gale/suite" --a nm --b csr_auto \
        --title "2:4 4096^2: nm against csr_auto" --out "$root/gale/nm-vs-csr.md"
    ;;
*)
    echo "final_gpu.sh: unknown part '$part' (dlmc[-b1|-b8], transformer[-n1|-n2], gale)" >&2
    exit 2
    ;;
esac
exit $status
