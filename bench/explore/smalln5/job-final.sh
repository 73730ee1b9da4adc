#!/usr/bin/env bash
# smalln5-2 (issue 14, session 5): csr_auto as landed (rule 5 "rows-tall") against cuSPARSE CSR on
# the same patterns, by kernel time on both sides (bench/vs_cusparse.sh through lib.sh's vs_part:
# `sparsebench run`, every run validated, then torch_smtx.py on the same .smtx patterns), each part
# time-boxed, most important first:
#   tf1024  the Transformer grid at N = 1024, 70-95% (the rule's cells; tuned-on and held-out shapes)
#   ab      sb_sweep: csr_auto against the 8-row choice it replaces, N = 1024, tune + held-out sets
#   n512    held out: N = 512 (held-n512.yaml)
#   tf256   the grid at N = 256, 70-95% (no choice changed there: the missed cells, re-measured)
# The band tables print last.
set -u
. bench/explore/lib.sh
sb_job_start smalln5-2 250
SB_JOB_MARGIN=8
sb_job_build
T=configs/transformer.yaml
E=bench/explore/smalln5
vs_part tf1024 100 $T band "Transformer N = 1024: csr_auto vs cuSPARSE" -- --kernels csr_auto --N 1024 --sparsity 0.7,0.8,0.9,0.95
for s in tune held-a held-b; do
    stage ab-$s 12 $E/$s.yaml --device nvidia --variants $E/variants-ab.txt --N 1024
done
vs_part n512 30 $E/held-n512.yaml band "N = 512 (held out): csr_auto vs cuSPARSE" -- --kernels csr_auto
vs_part tf256 80 $T band "Transformer N = 256: csr_auto vs cuSPARSE" -- --kernels csr_auto --N 256 --sparsity 0.7,0.8,0.9,0.95
python3 $E/summary.py --out "$OUT" --ab > "$OUT/ab.md" 2>&1
stamp tables
tail -8 "$OUT/ab.md"
for f in "$OUT"/*/vs-cusparse.md; do
    [ -e "$f" ] || continue
    echo "== ${f#"$OUT"/}"
    grep -E '^\| [0-9]+% \| [0-9]+ ' "$f" | cut -d'|' -f2-6
done
stamp end
