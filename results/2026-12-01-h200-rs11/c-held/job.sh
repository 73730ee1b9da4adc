#!/usr/bin/env bash
# rs11 held out (issue 14, session 11), one call:
#  1. held.yaml (criterion in its header): csr_auto with the rows-shared rule (this tree) against
#     csr_auto without it (.gpu/tree-old, be67dba), stages old, new, old, new, 10 rounds each;
#     held.py's table;
#  2. the 4096^2 benchmark's 32x32-block patterns (gale-block.yaml: bench-gale's names and seed)
#     at 70-98%, N = 256/1024/4096: csr_auto against cuSPARSE on the same patterns, kernel time
#     on both sides (vs_part: per-run events and back to back).
# Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start rs11-held "${JOB_TIMEOUT:-480}"
SB_JOB_MARGIN=10
sb_job_build
sb_job_build_old || exit 1
NEW=$SW
E=bench/explore/rs11gpu
for i in 1 2; do
    SW=$SW_OLD SPARSEBENCH_CACHE=/tmp/sb-cache-old stage old$i 45 $E/held.yaml --device nvidia \
        --variants $E/held-variants.txt --rounds 10
    SW=$NEW stage new$i 45 $E/held.yaml --device nvidia --variants $E/held-variants.txt \
        --rounds 10
done
SW=$NEW
for s in old1 new1 old2 new2; do gzip -k "$OUT/$s.jsonl"; done
python3 $E/held.py "$OUT/old1.jsonl" "$OUT/new1.jsonl" "$OUT/old2.jsonl" "$OUT/new2.jsonl" \
    > "$OUT/held.md" 2>&1
cat "$OUT/held.md"
vs_part gale-block 90 $E/gale-block.yaml band \
    "4096^2, 32x32 blocks (bench-gale patterns): csr_auto vs cuSPARSE (per-run events; back to back, events at the ends)" \
    -- --kernels csr_auto
grep -E '^\| [0-9]+% \| [0-9]+ ' "$OUT/gale-block/vs-cusparse.md" 2>/dev/null | cut -d'|' -f2-7,11-12
stamp end
