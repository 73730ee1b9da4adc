#!/usr/bin/env bash
# csr4-1 (issue 14, session 4): (1) 4096^2 at N = 4096, 90-98%: csr_auto's row blocks ("rows-wide")
# against variants of width, unroll, group size, order and the new KCHUNK lockstep, cuSPARSE
# re-timed on the same patterns (and at N = 256: gale256); held out: Transformer shapes at
# N = 4096/2048 (never tuned on).
# (2) rule 3b (few row blocks, long rows): the row split against the row blocks with the old and
# the new ragged-tile loop (RAGGED) on Transformer M = 2048 / 512 and DLMC batch 8 / 1.
# Every row validated by sb_sweep. Results as they come under $JOB_OUT; a short table last.
set -u
. bench/explore/lib.sh
sb_job_start csr4 ${JOB_TIMEOUT:-270}
E=bench/explore/csr4
sb_job_build
# the N of cuSPARSE's cases per pattern file: gale (4096^2) and by-M (the rule 3b shapes)
gale() { case "$1" in *unstructured_s0.9.smtx) echo 4096,3968,1024,2048,256 ;; *) echo 4096,256 ;; esac; }
by-M() { case "$1" in *enc-512x*) echo 1024 ;; *) echo 256,320 ;; esac; }
stage tiny 12 $E/tiny.yaml --device nvidia --variants $E/variants-tiny.txt
stage gale4096 60 $E/gale4096.yaml --device nvidia --variants $E/variants-4096.txt
anchor cusparse-gale4096 22 $E/gale4096.yaml gale
stage galeN 12 $E/galeN.yaml --device nvidia --variants $E/variants-galeN.txt
stage gale256 10 $E/gale256.yaml --device nvidia --variants $E/variants-256.txt
stage tsplit 25 $E/tsplit.yaml --device nvidia --variants $E/variants-split.txt
stage dlmc-b8 28 $E/dlmc-held.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-split.txt --batch 8
stage tf-held 45 $E/tf-held.yaml --device nvidia --variants $E/variants-held.txt
stage dlmc-b1 18 $E/dlmc-held.yaml --device nvidia --data-dir "$DATA" --variants $E/variants-split.txt
anchor cusparse-tsplit 15 $E/tsplit.yaml by-M
stamp summary
G=results/2026-11-30-h200-transformer-grid
python3 $E/summary.py --out "$OUT" --anchors $G/N4096/cusparse.jsonl $G/N2048/cusparse.jsonl > "$OUT/summary.md" 2>&1
python3 $E/summary.py --out "$OUT" --brief 2>&1 | tail -75
stamp end
