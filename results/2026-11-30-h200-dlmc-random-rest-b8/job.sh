#!/usr/bin/env bash
# Lead (session 5): the six random-pruned DLMC ResNet-50 layers (90%) that no batch-8 run has
# reached (the four projection shortcuts, final_dense, initial_conv), csr_auto at main against
# cuSPARSE CSR on the same patterns by kernel time (bench/vs_cusparse.sh through explore/lib.sh's
# vs_part), and the launch floor again (sparsebench peak) for the same call. Table last.
set -u
. bench/explore/lib.sh
sb_job_start lead5-2 "${JOB_TIMEOUT:-120}"
sb_job_build
stamp "launch floor"
build/sparsebench peak --device nvidia --refresh --json > "$OUT/peak.json" 2> "$OUT/peak.err"
python3 -c "import json; print('launch floor %.2f us' % json.load(open('$OUT/peak.json'))[0]['launch_us'])" | tee "$OUT/floor.txt"
vs_part dlmc-rp-rest-b8 60 bench/explore/lead5/dlmc-random-rest.yaml model \
    "DLMC ResNet-50 90% random pruning, batch 8, the six layers no earlier run reached: csr_auto vs cuSPARSE" \
    -- --data-dir "$DATA"
grep -E '^\| ' "$OUT/dlmc-rp-rest-b8/vs-cusparse.md" 2>/dev/null | head -20
stamp end
