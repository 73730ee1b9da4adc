#!/usr/bin/env bash
# rs13 f (issue 14 item 5, session 13), one call: job-e's status check at fp32 on nm10 final's
# sets (sessions 8-10: 535 cases): nm against csr_auto with rs13's rules built in, 5 paired
# rounds each, a control (csr_auto twice); rs12's status.py. Every run validated (sb_sweep).
set -u
. bench/explore/lib.sh
sb_job_start rs13-f "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=15
sb_job_build
V=bench/explore/rs12gpu/status-variants.txt
E=bench/explore
for s in nm8gpu/grid nm8gpu/held nm8gpu/fresh nm8gpu/small nm8gpu/fresh2 nm8gpu/chunk \
         nm8gpu/fresh3 nm8gpu/chunk1 nm8gpu/fresh4 nm8gpu/tile nm8gpu/tile-held nm9gpu/mirror \
         nm9gpu/mirror-short nm9gpu/mirror-held nm9gpu/mirror-short-held nm9gpu/narrow-held \
         nm10gpu/lane-held nm10gpu/lane2-held; do
    stage "s-${s%%/*}-${s##*/}" 28 "$E/$s.yaml" --device nvidia --variants "$V" --rounds 5
done
python3 $E/rs12gpu/status.py "$OUT"/s-*.jsonl > "$OUT/status-fp32.md" 2>&1
gzip -f "$OUT"/s-*.jsonl
tail -8 "$OUT/status-fp32.md"
grep -h "slower" "$OUT/status-fp32.md" | head -40
stamp end
