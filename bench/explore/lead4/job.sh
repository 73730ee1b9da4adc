#!/usr/bin/env bash
# lead4-2 (issue 14, session 4): the row blocks with and without the rest launch (REST_LAUNCH) on
# N with a ragged rest: correctness first, then Transformer shapes at N = 320/1000/2000 (A/B in one
# sb_sweep), csr_auto against cuSPARSE on the same (bench/vs_cusparse.sh), and, held out, DLMC
# ResNet-50 at 90% (every layer, three methods) at batch 1 and 8 (A/B). Every row validated.
set -u
. bench/explore/lib.sh
SB_JOB_MARGIN=15
sb_job_start lead4 ${JOB_TIMEOUT:-290}
E=bench/explore/lead4
sb_job_build
stage tiny 12 $E/tiny.yaml --device nvidia --variants $E/variants.txt --warmup 1 --repeats 2
stage ragged 70 $E/ragged.yaml --device nvidia --variants $E/variants.txt
stage dlmc-b1 30 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants.txt
stage dlmc-b8 45 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants.txt --batch 8
l=$(left)
stamp "vs cuSPARSE: csr_auto on ragged.yaml (limit $(( l / 2 ))s each)"
bash bench/vs_cusparse.sh $E/ragged.yaml --out "$OUT/vs" --device nvidia --group band --limit $(( l / 2 )) \
    --title "csr_auto (REST_LAUNCH=1) vs cuSPARSE, Transformer shapes at ragged N" > "$OUT/vs.log" 2>&1
stamp "vs rc=$?"
stamp summary
python3 $E/summary.py tiny=$OUT/tiny.jsonl ragged=$OUT/ragged.jsonl dlmc-b1=$OUT/dlmc-b1.jsonl dlmc-b8=$OUT/dlmc-b8.jsonl > "$OUT/summary.md" 2>&1
grep -E "^\| (80|90|95|all)% \|" "$OUT/vs/vs-cusparse.md" 2>/dev/null | head -20
grep -E "^\| all \| all" "$OUT/vs/vs-cusparse.md" 2>/dev/null
cat "$OUT/summary.md"
stamp end
