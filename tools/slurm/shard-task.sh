#!/usr/bin/env bash
# One task of the job array tools/slurm/submit.sh submits: runs shard I/N of the study on this
# node's devices, into DIR/GROUP/shard-I-of-N/. Slurm sets SLURM_ARRAY_TASK_ID = I; submit.sh
# passes the rest in the environment:
#   SB_BIN      the sparsebench binary (on the shared file system)
#   SB_CONFIG   the experiment
#   SB_DIR      the study's shared folder;  SB_GROUP  this node type's sub-folder
#   SB_SHARDS   N
# and more `run` options as this script's arguments (e.g. --device gpu --data-dir /data).
# A shard whose run.json says it finished is complete and is not run again (a resubmission only
# redoes what is missing). A shard that did not finish (the task failed, timed out or was
# preempted) is moved aside to shard-I-of-N.partial-JOB (nothing measured is deleted) and run
# again from the start; with store's --resume this becomes a resume.
# Exit status: 0 when the shard is complete (even if some cases were `wrong` or `failed`: those
# are results, recorded in its rows), 1 when sparsebench could not run it.
set -euo pipefail
: "${SB_BIN:?}" "${SB_CONFIG:?}" "${SB_DIR:?}" "${SB_GROUP:?}" "${SB_SHARDS:?}"
i=${SLURM_ARRAY_TASK_ID:?this runs as a task of a Slurm job array}
out="$SB_DIR/$SB_GROUP/shard-$i-of-$SB_SHARDS"

finished() { [ -f "$1/run.json" ] && grep -Eq '"finished":[[:space:]]*"' "$1/run.json"; }

if finished "$out"; then
    echo "shard $i/$SB_SHARDS: complete in $out, not run again"
    exit 0
fi
if [ -e "$out" ]; then
    aside="$out.partial-${SLURM_JOB_ID:-$$}"
    echo "shard $i/$SB_SHARDS: $out did not finish; moved to $aside, running again"
    mv "$out" "$aside"
fi
mkdir -p "$SB_DIR/$SB_GROUP"

echo "shard $i/$SB_SHARDS on $(hostname): $SB_BIN run $SB_CONFIG --shard $i/$SB_SHARDS --out $out $*"
rc=0
"$SB_BIN" run "$SB_CONFIG" --shard "$i/$SB_SHARDS" --out "$out" --no-progress "$@" || rc=$?
if [ "$rc" -eq 1 ] && finished "$out"; then
    echo "shard $i/$SB_SHARDS: some cases are wrong or failed (see $out/results.csv); the shard is complete"
    rc=0
fi
if [ "$rc" -ne 0 ]; then
    echo "shard $i/$SB_SHARDS: sparsebench exited $rc" >&2
    exit 1
fi
