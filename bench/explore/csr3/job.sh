#!/usr/bin/env bash
# csr3-1 (issue 14, session 3): on the Transformer shapes where csr_auto misses 1.2x cuSPARSE
# (70/80/90% at N = 256 and 2048), csr_auto's choice against a grid of variants of csr_balanced,
# csr and csr_tile (bench/explore/csr3/variants.txt), every row validated by sb_sweep; cuSPARSE
# re-anchored on the same patterns; the new dimensions on held-out DLMC layers; M = 2048/4096 last.
set -u
. bench/explore/lib.sh
sb_job_start csr3 ${JOB_TIMEOUT:-240}
E=bench/explore/csr3
sb_job_build
stage tiny 12 bench/explore/tiny.yaml --device nvidia --variants $E/variants-tiny.txt
stage t256 60 $E/t256.yaml --device nvidia --variants $E/variants.txt --repeats 9
stamp "anchors: patterns + cuSPARSE"
P=/tmp/csr3-patterns; mkdir -p $P
$SW $E/t256.yaml --patterns $P --patterns-only 2> "$OUT/patterns.log"
$SW $E/t2048.yaml --patterns $P --patterns-only 2>> "$OUT/patterns.log"
(cd $P && sha256sum *.smtx) > "$OUT/patterns.sha256"
: > "$OUT/cases.txt"
for f in $P/*.smtx; do echo "$f 256" >> "$OUT/cases.txt"; echo "$f 2048" >> "$OUT/cases.txt"; done
timeout -s INT $(( $(left) < 30 ? $(left) : 30 )) python3 bench/anchors/torch_smtx.py --cases "$OUT/cases.txt" > "$OUT/cusparse.jsonl" 2> "$OUT/cusparse.log"
stamp "anchors rc=$?: $(grep -c '"status": "ok"' "$OUT/cusparse.jsonl") ok"
stage t2048 50 $E/t2048.yaml --device nvidia --variants $E/variants.txt --repeats 9
stage tnm 10 $E/tnm.yaml --device nvidia --variants $E/variants-nm.txt --repeats 9
stage dlmc-b1 15 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-held.txt --repeats 7
stage dlmc-b8 22 bench/explore/dlmc-090.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-held.txt --repeats 7 --batch 8
stage tbig256 60 $E/tbig256.yaml --device nvidia --variants $E/variants.txt --repeats 7
stamp summary
python3 $E/summary.py --out "$OUT" --old results/2026-11-30-h200-transformer-vs-cusparse > "$OUT/summary.md" 2>&1
python3 $E/summary.py --out "$OUT" --old results/2026-11-30-h200-transformer-vs-cusparse --brief 2>&1 | tail -80
stamp end
