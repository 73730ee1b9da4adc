#!/usr/bin/env bash
# rs11 nm_tile at fp16 (issue 14 item 5, session 11), one call: nmtile-fp16.yaml by `sparsebench
# run` twice, nm_tile on CUDA cores (MMA 0, "simt") and on 3xTF32 tensor cores (MMA 1, "mma"),
# each against nm and csr_auto in the same run; nmtile.py's table. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-nmtile "${JOB_TIMEOUT:-300}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/rs11gpu
for v in simt:0 mma:1; do
    stamp "${v%:*} (limit 120s)"
    timeout -s INT 120 build/sparsebench run $E/nmtile-fp16.yaml --device nvidia \
        --param "nm_tile.MMA=${v#*:}" -o "$OUT/${v%:*}" > "$OUT/${v%:*}.log" 2>&1
    stamp "${v%:*} rc=$?: $(grep -c ',ok,' "$OUT/${v%:*}/results.csv") ok, $(grep -c ',wrong,\|,failed,' "$OUT/${v%:*}/results.csv") wrong or failed"
done
python3 $E/nmtile.py "$OUT/simt/results.jsonl" "$OUT/mma/results.jsonl" > "$OUT/nmtile.md" 2>&1
cat "$OUT/nmtile.md"
stamp end
