#!/usr/bin/env bash
# rs11 nm at fp16, held out (issue 14 item 5, session 11), one call: nm-fp16-held.yaml (criterion
# in its header), nm and csr_auto by `sparsebench run` with the tile-fp16 rule (this tree) and
# without it (.gpu/tree-old, dac0ce0), stages old, new, old, new; held.py --kernel nm --rule
# tile-fp16, and nmtile.py (csr_auto / nm) on the new stages. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-nmheld "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
sb_job_build_old || exit 1
E=bench/explore/rs11gpu
ab_runs $E/nm-fp16-held.yaml 50
python3 $E/held.py --kernel nm --rule tile-fp16 "$OUT"/old1/results.jsonl \
    "$OUT"/new1/results.jsonl "$OUT"/old2/results.jsonl "$OUT"/new2/results.jsonl \
    > "$OUT/nm-held.md" 2>&1
python3 $E/nmtile.py "$OUT"/new1/results.jsonl "$OUT"/new2/results.jsonl > "$OUT/nm-vs-auto.md" 2>&1
cat "$OUT/nm-held.md" "$OUT/nm-vs-auto.md"
stamp end
