#!/usr/bin/env bash
# nm9-cpu: writes every table of results/2026-12-01-xeon2-nm9-cpu (NAME.md beside NAME.jsonl[.gz])
# from the sb_sweep outputs there, with nm8's paired.py (rule against a base, csr_auto, control)
# and vs.py (one baseline against every other label).
#   bench/explore/nm9cpu/tables.sh [RESULTS_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/../../../results/2026-12-01-xeon2-nm9-cpu}
p() { python3 "$here/../nm8/paired.py" "$@"; }
v() { python3 "$here/../nm8/vs.py" "$@"; }
f() { ls "$dir/$1.jsonl" "$dir/$1.jsonl.gz" 2>/dev/null | head -1; }
# item 5 re-checks: the rule against csr_auto (rule / rule is 1 by construction)
for n in pocl-held-r15 pocl-held-large-r15 pocl-recheck-r45 pocl-nm7-held-r15 intel-tune-base-r9 \
         intel-nm8-held-r9; do
    p "$(f $n)" --base rule --cand rule > "$dir/$n.md"
done
p "$(f intel-nm8-intel-r9)" --base old --cand rule > "$dir/intel-nm8-intel-r9.md"
# screens (tuned on): the named baseline against every other variant
v "$(f intel-screen1-n16)" auto > "$dir/intel-screen1-n16.md"
v "$(f pocl-screen1-n16)" auto > "$dir/pocl-screen1-n16.md"
for n in intel-screen2 intel-screen3 pocl-screen3 intel-screen4-n32 intel-screen5 pocl-screen5; do
    v "$(f $n)" rule > "$dir/$n.md"
done
for n in intel-tune-landed-r9 intel-screen6-ragged pocl-screen6-ragged; do
    p "$(f $n)" --base old --cand rule > "$dir/$n.md"
done
# held out: the criteria of held.yaml and held-ragged.yaml, and the secondary candidate c8
p "$(f intel-held-r9)" --base old --cand rule --check > "$dir/intel-held-r9.md"
p "$(f pocl-held-r9)" --base old --cand rule --check-large > "$dir/pocl-held-r9.md"
v "$(f intel-held-r9)" rule > "$dir/intel-held-r9-c8.md"
v "$(f pocl-held-r9)" rule > "$dir/pocl-held-r9-c8.md"
v "$(f intel-held-recheck-r25)" rule > "$dir/intel-held-recheck-r25.md"
p "$(f intel-held-ragged-r9)" --base old --cand rule --check > "$dir/intel-held-ragged-r9.md"
