#!/usr/bin/env bash
# nm4-1 (issue 14 item 5, session 4): nm's gather with CHUNK (consecutive kept values per vector
# load) and nm_tile SIMT/3xTF32 against csr_auto on the same 2:4 matrices. Tuning set: the six
# encoder shapes at N = 1, 64, 256; held out: BERT-base shapes and 4096^2 at every N, every shape
# at N = 16, 128, 512. Every row validated by sb_sweep (poison, validate, time, validate again).
set -u
. bench/explore/lib.sh
SB_JOB_MARGIN=15
sb_job_start nm4 ${JOB_TIMEOUT:-270}
E=bench/explore/nm4
DEV=${NM4_DEVICE:-nvidia}
if [ -z "${NM4_NOBUILD:-}" ]; then sb_job_build; fi
# correctness first: odd shapes (kept values per row a multiple of 4 and not, 1:4, ragged N)
stage tiny-small 10 $E/tiny-nm.yaml --device $DEV --variants $E/variants-small.txt --warmup 1 --repeats 2
stage tiny-mid 10 $E/tiny-nm.yaml --device $DEV --variants $E/variants-mid.txt --warmup 1 --repeats 2
# tuning set, then the held-out set (most important first: a cut loses only the last)
stage tune-small 25 $E/enc.yaml --device $DEV --variants $E/variants-small.txt --N 1
stage tune-mid 40 $E/enc.yaml --device $DEV --variants $E/variants-mid.txt --N 64,256
stage held-small 30 $E/bert.yaml --device $DEV --variants $E/variants-small.txt --N 1,16
stage held-small-enc 20 $E/enc.yaml --device $DEV --variants $E/variants-small.txt --N 16
stage held-mid 60 $E/bert.yaml --device $DEV --variants $E/variants-mid.txt --N 64,128,256,512
stage held-mid-enc 40 $E/enc.yaml --device $DEV --variants $E/variants-mid.txt --N 128,512
# the compiled programs of nm_spmm and csr_balanced (PTX on NVIDIA), for the N = 64 puzzle
mkdir -p "$OUT/programs"
find "$SPARSEBENCH_CACHE" -name '*.bin' 2>/dev/null | grep -i 'nm_spmm\|balanced' | head -80 |
    while read -r f; do gzip -c "$f" > "$OUT/programs/$(basename "$f").gz"; done
find "$SPARSEBENCH_CACHE" -name '*.json' 2>/dev/null | grep -i 'nm_spmm\|balanced' | head -80 |
    while read -r f; do cp "$f" "$OUT/programs/" 2>/dev/null; done
stamp summary
python3 $E/summary.py --out "$OUT" > "$OUT/summary.md" 2>&1
python3 $E/summary.py --out "$OUT" --brief 2>&1 | tail -75
stamp end
