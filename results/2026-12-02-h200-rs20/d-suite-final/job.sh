#!/usr/bin/env bash
# rs20 d (session 20), one call: the default test suite with NVIDIA's OpenCL as the test device at
# the session's final code (peak's back-to-back launch floor, cli_peak's checks of it; the batch
# finish shared by run and peak), then the README's first command's study (configs/quick.yaml) and
# `sparsebench peak` twice, to see how far the back-to-back floor moves between two measurements.
set -u
. bench/explore/lib.sh
sb_job_start rs20-d "${JOB_TIMEOUT:-560}"
sb_job_suite
for i in 1 2; do
    build/sparsebench peak --device nvidia --refresh > "$OUT/peak$i.txt" 2>&1
    tail -1 "$OUT/peak$i.txt" | cut -c1-110
done
stamp "quick.yaml on nvidia (limit $(left)s)"
timeout -s INT "$(left)" build/sparsebench run configs/quick.yaml --device nvidia -o "$OUT/quick" > "$OUT/quick.log" 2>&1
echo "quick rc=$?"
tail -12 "$OUT/quick.log"
stamp end
