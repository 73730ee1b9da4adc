#!/usr/bin/env bash
# The job tools/slurm/submit.sh runs after every shard (--dependency=afterok): merges every
# node type's shards into one report in SB_DIR/report. `sparsebench report` checks that each
# study has every shard exactly once (exit 1 and the missing ones named otherwise).
set -euo pipefail
: "${SB_BIN:?}" "${SB_DIR:?}"
shopt -s nullglob
dirs=()
for d in "$SB_DIR"/*/shard-*-of-*; do
    case $d in *.partial-*) continue ;; esac   # moved aside by a retried task
    dirs+=("$d")
done
if [ ${#dirs[@]} -eq 0 ]; then
    echo "merge: no shard folders under $SB_DIR" >&2
    exit 1
fi
echo "merge: ${#dirs[@]} shard folders into $SB_DIR/report"
exec "$SB_BIN" report "${dirs[@]}" --out "$SB_DIR/report" --force
