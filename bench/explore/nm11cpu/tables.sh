#!/usr/bin/env bash
# nm11-cpu: writes every table of results/2026-12-01-xeon2-nm11-cpu (NAME.md beside
# NAME.jsonl[.gz]) from the sb_sweep outputs there, with nm8's paired.py (rule against old, with
# csr_auto and the csr_auto-vs-itself control) and vs.py (one baseline against every other label).
#   bench/explore/nm11cpu/tables.sh [RESULTS_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/../../../results/2026-12-01-xeon2-nm11-cpu}
p() { python3 "$here/../nm8/paired.py" "$@"; }
v() { python3 "$here/../nm8/vs.py" "$@"; }
f() { ls "$dir/$1.jsonl" "$dir/$1.jsonl.gz" 2>/dev/null | head -1; }
# re-measure (nm as landed against csr_auto), screens A-E (item (a) N = 30, item (b) short K),
# the N = 1 re-measure on both runtimes: the rule against every other label
for n in intel-remeasure-r15 intel-screen-a intel-screen-b intel-screen-c intel-screen-d \
    intel-screen-e intel-screen-f intel-screen-g pocl-screen-g intel-n1-remeasure-r9 \
    pocl-n1-remeasure-r9 intel-final-nm10held-r9 intel-final-recheck-r25; do
    v "$(f $n)" rule > "$dir/$n.md"
done
# item (c): held-n1.yaml's criterion (Intel: faster than old; PoCL: not slower, same variant)
p "$(f intel-held-n1-r9)" --base old --cand rule --check > "$dir/intel-held-n1-r9.md"
p "$(f pocl-held-n1-r9)" --base old --cand rule --check-large > "$dir/pocl-held-n1-r9.md"
# item (a): held-padb.yaml's criterion (Intel: faster than old; PoCL: not slower), the two
# unresolved Intel cases again at 25 rounds
p "$(f intel-held-padb-r9)" --base old --cand rule --check > "$dir/intel-held-padb-r9.md"
p "$(f intel-held-padb-recheck-r25)" --base old --cand rule --check \
    > "$dir/intel-held-padb-recheck-r25.md"
p "$(f pocl-held-padb-r9)" --base old --cand rule --check-large > "$dir/pocl-held-padb-r9.md"
