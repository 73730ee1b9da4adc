#!/usr/bin/env bash
# nm10-cpu: writes every table of results/2026-12-01-xeon2-nm10-cpu (NAME.md beside
# NAME.jsonl[.gz]) from the sb_sweep outputs there, with nm8's paired.py (rule against old, with
# csr_auto and the csr_auto-vs-itself control) and vs.py (one baseline against every other label).
#   bench/explore/nm10cpu/tables.sh [RESULTS_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/../../../results/2026-12-01-xeon2-nm10-cpu}
p() { python3 "$here/../nm8/paired.py" "$@"; }
v() { python3 "$here/../nm8/vs.py" "$@"; }
f() { ls "$dir/$1.jsonl" "$dir/$1.jsonl.gz" 2>/dev/null | head -1; }
# screens (tuned on): the rule against every other variant
for n in intel-screen1-shift intel-screen2; do
    v "$(f $n)" rule > "$dir/$n.md"
done
# the cover rule on the tuned-on cases, then held out (held.yaml's criterion)
p "$(f intel-tune-r7)" --base old --cand rule > "$dir/intel-tune-r7.md"
p "$(f intel-held-r9)" --base old --cand rule --check > "$dir/intel-held-r9.md"
p "$(f intel-held-recheck-r25)" --base old --cand rule --check > "$dir/intel-held-recheck-r25.md"
p "$(f pocl-held-r9)" --base old --cand rule --check-large > "$dir/pocl-held-r9.md"
