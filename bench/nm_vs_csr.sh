#!/usr/bin/env bash
# nm against csr_auto on the same 2:4 matrices, by kernel time (event_median_ms), every run
# validated by the suite (issue 14, item 5):
#   bench/nm_vs_csr.sh OUTDIR [--device SEL] [-- ARGS FOR sparsebench run, e.g. --N 1,64]
# Runs `sparsebench run bench/nm-vs-csr.yaml` into OUTDIR/suite, then writes OUTDIR/nm-vs-csr.md
# (per case: best csr_auto ms / nm ms, above 1: nm faster; geometric mean and worst) for the
# cases nm's model was fitted on (tune: encoder shapes at N = 1, 64, 256) and the held-out rest,
# and prints both tables last. Needs build/sparsebench.
set -uo pipefail
out=${1:?usage: bench/nm_vs_csr.sh OUTDIR [--device SEL] [-- RUN ARGS]}
shift
device=nvidia
while [ $# -gt 0 ]; do
    case $1 in
    --device) device=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "nm_vs_csr.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
status=0
"$here/../build/sparsebench" run "$here/nm-vs-csr.yaml" --device "$device" --out "$out/suite" \
    --no-progress "$@" > "$out/suite.log" 2>&1 || status=1
python3 "$here/cusparse_table.py" compare "$out/suite" --a nm --b csr_auto \
    --title "2:4: nm against csr_auto (all cases)" --out "$out/nm-vs-csr.md" || status=1
python3 "$here/nm_split.py" "$out/suite" > "$out/nm-vs-csr-sets.md" || status=1
cat "$out/nm-vs-csr-sets.md"
exit $status
