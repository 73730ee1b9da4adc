#!/usr/bin/env bash
# Lead (session 7): DLMC ResNet-50 90% batch 8, csr_auto at bd6e61e: the run the first call's
# 170 s limit cut (139 of 324 cases: magnitude and 15 random layers) resumed for the rest
# (random and variational-dropout layers), our side only: the cuSPARSE side of those layers is
# on record from the same day (ragged5-2's and dlmc-vd-b8's anchors, same patterns). Lane 0.
set -u
. bench/explore/lib.sh
sb_job_start lead7-b8r "${JOB_TIMEOUT:-330}"
SB_JOB_MARGIN=8
sb_job_build
mkdir -p "$OUT/dlmc-b8"
cp -a b8suite "$OUT/dlmc-b8/suite"
stamp "resume (limit $(left)s)"
timeout -s INT "$(left)" build/sparsebench run --resume "$OUT/dlmc-b8/suite" configs/resnet50-dlmc-methods.yaml --no-progress > "$OUT/resume.log" 2>&1
stamp "resume rc=$?"
tail -3 "$OUT/resume.log"
python3 - "$OUT/dlmc-b8/suite/results.csv" <<'PY'
import csv, collections, sys
c = collections.Counter((r["model"], r["kernel"], r["status"]) for r in csv.DictReader(open(sys.argv[1])))
for k in sorted(c): print(*k, c[k])
PY
stamp end
