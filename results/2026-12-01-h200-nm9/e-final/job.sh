#!/usr/bin/env bash
# nm9 final (issue 14 item 5, session 9): nm's model as built in at this commit against csr_auto,
# paired in 10 rounds with a control, on every set (session 8's eleven, this session's mirror,
# narrow-held and rest sets), with n8k16 (gather-narrow's N = 8 pick before the tall KSPLIT 8)
# beside it. Every run validated.
set -u
. bench/explore/lib.sh
sb_job_start nm9-final "${JOB_TIMEOUT:-540}"
SB_JOB_MARGIN=10
sb_job_build
V=bench/explore/nm9gpu/final-variants.txt
SETS="nm8gpu/grid nm8gpu/held nm8gpu/fresh nm8gpu/small nm8gpu/fresh2 nm8gpu/chunk nm8gpu/fresh3
      nm8gpu/chunk1 nm8gpu/fresh4 nm8gpu/tile nm8gpu/tile-held nm9gpu/mirror nm9gpu/mirror-short
      nm9gpu/mirror-held nm9gpu/mirror-short-held nm9gpu/narrow-held nm9gpu/rest nm9gpu/rest-short"
for s in $SETS; do
    stage confirm-${s##*/} 40 bench/explore/$s.yaml --device nvidia --variants $V --rounds 10
done
for f in "$OUT"/confirm-*.jsonl; do
    python3 bench/explore/nm7/paired.py "$f" > "${f%.jsonl}.md" 2>&1
    gzip -k "$f"
done
grep -h "slower" "$OUT"/confirm-*.md
python3 bench/explore/nm9gpu/best.py "$OUT"/confirm-rest.jsonl "$OUT"/confirm-narrow-held.jsonl
stamp end
