#!/usr/bin/env bash
# rs15 a (issue 14, session 15), one call: the SCREEN of PAD_B (csr's row blocks read a copy of B
# in rows of whole 128-byte lines, the copy in every timed run) as csr_auto's rule for every GPU
# row-block choice (AUTO_PAD_B 1), against the build before it (../tree-old, a1527cb):
#  1. correctness: every row-block form with PAD_B on the tiny shapes (ragged5's), validated;
#  2. the screen (screen.yaml fp32, screen-fp16.yaml): stages new1 old1 new2 old2 new3 old3,
#     csr_auto of each build; ab_table.py's tables last.
set -u
. bench/explore/lib.sh
sb_job_start rs15-a "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=15
E=bench/explore/rs15gpu
sb_job_build & p1=$!
sb_job_build_old & p2=$!
wait $p1 || exit 1
wait $p2 || exit 1
SW_NEW=$SW
SW_OLD=build-old/bench/sb_sweep # set by sb_job_build_old in its own (background) shell
stage tiny 25 bench/explore/ragged5/tiny.yaml --device nvidia --variants $E/variants-tiny-pad.txt \
    --warmup 1 --repeats 2
for i in 1 2 3; do
    for b in new old; do
        SW=$SW_NEW; c=/tmp/sb-cache-rs15-new
        [ $b = new ] || { SW=$SW_OLD; c=/tmp/sb-cache-rs15-old; }
        SPARSEBENCH_CACHE=$c stage "s32-$b$i" 40 $E/screen.yaml --device nvidia
        SPARSEBENCH_CACHE=$c stage "s16-$b$i" 25 $E/screen-fp16.yaml --device nvidia
    done
done
SW=$SW_NEW
python3 $E/ab_table.py "$OUT" s32 s16 > "$OUT/ab.md" 2>&1
gzip -f "$OUT"/s32-*.jsonl "$OUT"/s16-*.jsonl
cat "$OUT/ab.md"
stamp end
