#!/usr/bin/env bash
# rs11 nm's gather at fp16, second rule (issue 14 item 5, session 11), one call:
# nm-fp16-gather2.yaml (criterion in its header), nm and csr_auto by `sparsebench run` with the
# fp16 VEC 4 gather from N = 33 (this tree) and without it (.gpu/tree-old: VEC 2 at every N),
# stages old, new, old, new; held.py --kernel nm --rule VEC=4, and nmtile.py (csr_auto / nm) on
# the new stages. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-nmgather2 "${JOB_TIMEOUT:-200}"
SB_JOB_MARGIN=10
sb_job_build
sb_job_build_old || exit 1
E=bench/explore/rs11gpu
ab_runs $E/nm-fp16-gather2.yaml 40
python3 $E/held.py --kernel nm --rule VEC=4 "$OUT"/old1/results.jsonl \
    "$OUT"/new1/results.jsonl "$OUT"/old2/results.jsonl "$OUT"/new2/results.jsonl \
    > "$OUT/nm-gather.md" 2>&1
python3 $E/nmtile.py "$OUT"/new1/results.jsonl "$OUT"/new2/results.jsonl > "$OUT/nm-vs-auto.md" 2>&1
cat "$OUT/nm-gather.md" "$OUT/nm-vs-auto.md"
stamp end
