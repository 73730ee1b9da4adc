#!/usr/bin/env bash
# block7 (issue 14, session 7): on the 4096^2 benchmark's 32x32-block patterns at N = 256,
# csr_auto's uneven-rows split (rule 3) ran 0.95x cuSPARSE at 95% and 98% (rows at 90%: 1.22x).
# Do the row blocks beat the split there? Block rows are identical within a 32-row block, so an
# 8-row group's work-items never wait on a longer row: the "uneven" the rule reads is between
# groups only. sb_sweep, paired rounds (--rounds 3), every run validated; tuned on tune.yaml,
# held out held.yaml (written first). cuSPARSE on the same patterns. Table last.
set -u
. bench/explore/lib.sh
sb_job_start block7 "${JOB_TIMEOUT:-330}"
SB_JOB_MARGIN=10
E=bench/explore/block7
sb_job_build
stage tune 90 $E/tune.yaml --device nvidia --variants $E/variants.txt --rounds 3
stage held 110 $E/held.yaml --device nvidia --variants $E/variants.txt --rounds 3
anchor cus-tune 30 $E/tune.yaml 256,512
anchor cus-held 40 $E/held.yaml 256,384
python3 $E/summary.py "$OUT" > "$OUT/summary.md" 2>&1
cat "$OUT/summary.md"
stamp end
