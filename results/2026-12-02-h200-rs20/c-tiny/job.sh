#!/usr/bin/env bash
# rs20 c (session 20), one call: the empty kernel read 6.5 us a launch back to back (rs20 a at 200
# launches a batch, b at 2,048) while csr_auto ran two DLMC layers in 5.8-6.0 us. Which is the
# floor? Prediction: a real kernel with almost no work reads under 6.5 us too, so the empty
# kernel (one work-item writing one int to the same place every launch) is not the floor.
set -u
. bench/explore/lib.sh
sb_job_start rs20-c "${JOB_TIMEOUT:-300}"
sb_job_build
D=bench/explore/rs20gpu
for i in 1 2; do
    build/sparsebench peak --device nvidia --refresh --json > "$OUT/peak$i.json" 2> "$OUT/peak$i.err"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]; print("peak", d["launch_us"], d["launch_b2b_us"], d["method"][-40:])' "$OUT/peak$i.json"
done
stage tiny 120 $D/tiny.yaml --device nvidia --variants $D/tiny.txt --b2b
python3 - "$OUT/tiny.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    print(f'{r["matrix"]:10} N={r["N"]:3} {r["label"]:9} b2b {r.get("b2b_ms", -1) * 1e3:7.2f} us  event {r["event_ms"] * 1e3:7.2f} us  {r["status"]}')
PY
stamp end
