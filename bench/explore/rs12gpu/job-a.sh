#!/usr/bin/env bash
# rs12 a (issue 14 item 5 at fp16, session 12), one call:
#  1. the held-out run session 11 could not start: rs11gpu/nm-fp16-gather2.yaml (criterion in its
#     header, committed before), nm and csr_auto by `sparsebench run` with the fp16 VEC 4 gather
#     from N = 33 (this tree) and without it (.gpu/tree-old), stages old, new, old, new; held.py
#     --kernel nm --rule VEC=4, nmtile.py (csr_auto / nm) on the new stages.
#  2. the fp16 small-N screen (gen.py's configs and variants in screen/, N = 4-32, where nm's fp16
#     gather ran 0.85-1.03x csr_auto): sb_sweep at fp16, paired rounds, one stage per matrix and
#     N; screen.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs12-a "${JOB_TIMEOUT:-420}"
SB_JOB_MARGIN=10
sb_job_build
sb_job_build_old || exit 1
E=bench/explore/rs11gpu
ab_runs $E/nm-fp16-gather2.yaml 40
python3 $E/held.py --kernel nm --rule VEC=4 "$OUT"/old1/results.jsonl \
    "$OUT"/new1/results.jsonl "$OUT"/old2/results.jsonl "$OUT"/new2/results.jsonl \
    > "$OUT/nm-gather.md" 2>&1
python3 $E/nmtile.py "$OUT"/new1/results.jsonl "$OUT"/new2/results.jsonl > "$OUT/nm-vs-auto.md" 2>&1
case_stages screen bench/explore/rs12gpu/screen 12 6
python3 bench/explore/rs12gpu/screen.py "$OUT"/screen-*.jsonl > "$OUT/screen.md" 2>&1
gzip -f "$OUT"/screen-*.jsonl
cat "$OUT/nm-gather.md" "$OUT/nm-vs-auto.md" "$OUT/screen.md"
stamp end
