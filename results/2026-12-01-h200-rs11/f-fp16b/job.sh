#!/usr/bin/env bash
# rs11 fp16, second call (issue 14, session 11):
#  1. fp16-held.yaml (criterion in its header): csr_auto with the rows-fp16 rule against csr and
#     csr_balanced (and nm on 2:4), `sparsebench run`; fp16.py's table;
#  2. nm at fp16, a screen: the gather at VEC 2/4/8 and VPT 1/2/4 (nm_spmm.AUTO=0, KSPLIT 1,
#     CHUNK 4) on nm-fp16.yaml, one run per variant, against the model's own (auto).
# Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-fp16b "${JOB_TIMEOUT:-360}"
SB_JOB_MARGIN=10
sb_job_build
E=bench/explore/rs11gpu
stamp "fp16-held run (limit 150s)"
timeout -s INT 150 build/sparsebench run $E/fp16-held.yaml --device nvidia -o "$OUT/fp16-held" \
    > "$OUT/fp16-held.log" 2>&1
stamp "fp16-held rc=$?: $(grep -c ',ok,' "$OUT/fp16-held/results.csv") ok, $(grep -c ',wrong,\|,failed,' "$OUT/fp16-held/results.csv") wrong or failed"
python3 $E/fp16.py "$OUT/fp16-held/results.jsonl" > "$OUT/fp16-held.md" 2>&1
cat "$OUT/fp16-held.md"
# nm_run LABEL PARAMS...: nm-fp16.yaml's nm rows with the given --param's into $OUT/nm-LABEL
nm_run() {
    local label=$1
    shift
    [ "$(left)" -ge 20 ] || { stamp "nm-$label skipped (no time)"; return; }
    timeout -s INT 40 build/sparsebench run $E/nm-fp16.yaml --device nvidia -o "$OUT/nm-$label" \
        "$@" > "$OUT/nm-$label.log" 2>&1
    python3 -c 'import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kernel"] == "nm":
        print(sys.argv[2], r["N"], r["status"], r["event_median_ms"], r["variant"][:150])' \
        "$OUT/nm-$label/results.jsonl" "$label" | tee -a "$OUT/nm-screen.txt"
}
nm_run auto
G="--param nm_spmm.AUTO=0 --param nm_spmm.TILE_MIN_N=1073741824 --param nm_spmm.KSPLIT=1 --param nm_spmm.CHUNK=4 --param nm_spmm.COLS=32 --param nm_spmm.UNROLL=2"
for v in 2:1 2:2 2:4 4:1 4:2 8:1; do
    nm_run "v${v%:*}p${v#*:}" $G --param "nm_spmm.VEC=${v%:*}" --param "nm_spmm.VPT=${v#*:}"
done
stamp end
