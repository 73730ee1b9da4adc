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
# preempted: sparsebench keeps every row and marks run.json interrupted on SIGTERM) is continued
# with `run --resume`, which measures only its cases not yet done. When it cannot be resumed
# (no run.json, or --resume refuses it: another config, version or set of devices, e.g. on
# another node type), it is moved aside to shard-I-of-N.partial-JOBID (nothing measured is
# deleted) and run again from the start.
# Exit status: 0 when the shard is complete (even if some cases were `wrong`, `failed` or
# `skipped`: those are results, recorded in its rows), 1 when it is not.
set -euo pipefail
: "${SB_BIN:?}" "${SB_CONFIG:?}" "${SB_DIR:?}" "${SB_GROUP:?}" "${SB_SHARDS:?}"
i=${SLURM_ARRAY_TASK_ID:?this runs as a task of a Slurm job array}
out="$SB_DIR/$SB_GROUP/shard-$i-of-$SB_SHARDS"

finished() { [ -f "$1/run.json" ] && grep -Eq '"finished":[[:space:]]*"' "$1/run.json"; }

if finished "$out"; then
    echo "shard $i/$SB_SHARDS: complete in $out, not run again"
    exit 0
fi
rc=0
resumed=0
if [ -f "$out/run.json" ] && grep -q '"invocation"' "$out/run.json"; then
    echo "shard $i/$SB_SHARDS on $(hostname): $out did not finish; $SB_BIN run --resume $out"
    "$SB_BIN" run --resume "$out" --no-progress || rc=$?
    resumed=1
    if [ "$rc" -eq 2 ]; then
        echo "shard $i/$SB_SHARDS: --resume refused $out (above); running it again from the start"
    fi
fi
if [ "$resumed" -eq 0 ] || [ "$rc" -eq 2 ]; then
    if [ -e "$out" ]; then
        aside="$out.partial-${SLURM_JOB_ID:-$$}"
        echo "shard $i/$SB_SHARDS: $out did not finish; moved to $aside"
        mv "$out" "$aside"
    fi
    mkdir -p "$SB_DIR/$SB_GROUP"
    echo "shard $i/$SB_SHARDS on $(hostname): $SB_BIN run $SB_CONFIG --shard $i/$SB_SHARDS --out $out $*"
    rc=0
    "$SB_BIN" run "$SB_CONFIG" --shard "$i/$SB_SHARDS" --out "$out" --no-progress "$@" || rc=$?
fi
if [ "$rc" -ne 0 ] && finished "$out"; then
    # exit 1: a case wrong or failed; 4: every case skipped. Both are results, in its rows.
    echo "shard $i/$SB_SHARDS: sparsebench exited $rc but finished: see $out/results.csv"
    rc=0
fi
if [ "$rc" -ne 0 ]; then
    echo "shard $i/$SB_SHARDS: sparsebench exited $rc" >&2
    exit 1
fi
