#!/usr/bin/env bash
# nm9 confirm (issue 14 item 5, session 9): nm's model as built in at this commit (the index
# arithmetic change, gather-narrow, tall KSPLIT 16 at N = 4, tile-short) against csr_auto, paired
# in 10 rounds with a control, on every session 8 stage's cases (nm8gpu: five tuned on, six held
# out), this session's mirror sets and the held-out narrow set; the narrow set also by the commit
# before the rules (.gpu/tree-old). Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm9-confirm "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=10
sb_job_build
V=bench/explore/nm8gpu/confirm-variants.txt
SETS="nm8gpu/grid nm8gpu/held nm8gpu/fresh nm8gpu/small nm8gpu/fresh2 nm8gpu/chunk nm8gpu/fresh3
      nm8gpu/chunk1 nm8gpu/fresh4 nm8gpu/tile nm8gpu/tile-held nm9gpu/mirror nm9gpu/mirror-short
      nm9gpu/mirror-held nm9gpu/mirror-short-held nm9gpu/narrow-held"
for s in $SETS; do
    stage confirm-${s##*/} 40 bench/explore/$s.yaml --device nvidia --variants $V --rounds 10
done
if sb_job_build_old; then
    SW=$SW_OLD SPARSEBENCH_CACHE=/tmp/sb-cache-old \
        stage before-narrow-held 40 bench/explore/nm9gpu/narrow-held.yaml --device nvidia \
        --variants $V --rounds 10
fi
for f in "$OUT"/confirm-*.jsonl "$OUT"/before-*.jsonl; do
    python3 bench/explore/nm7/paired.py "$f" > "${f%.jsonl}.md" 2>&1
    gzip -k "$f"
done
grep -h "slower" "$OUT"/confirm-*.md
echo "--- before the rules, narrow-held:"; grep -h "slower" "$OUT"/before-*.md
python3 bench/explore/nm9gpu/best.py "$OUT"/confirm-narrow-held.jsonl "$OUT"/before-narrow-held.jsonl
stamp end
