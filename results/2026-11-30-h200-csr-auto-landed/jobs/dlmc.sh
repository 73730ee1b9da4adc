#!/usr/bin/env bash
# Lead (session 3): DLMC ResNet-50 90% (three pruning methods) at batch B (file `batch`) against
# cuSPARSE on the same patterns, with csr_auto as landed (03bd67e's refit): the held-out check.
# The run has a wall limit (SIGINT: rows so far kept, then anchored); the anchor has the rest.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
B=$(cat batch)
stamp "build $(cat COMMIT); data ${SPARSEBENCH_DATA:-none}"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
lim=$(( ${JOB_TIMEOUT:-290} - ($(date +%s) - start) - 50 ))
stamp "dlmc batch $B (run limit ${lim}s)"
timeout -s INT "$lim" bash bench/vs_cusparse.sh configs/resnet50-dlmc-methods.yaml --out "$out/dlmc-b$B" \
    --device nvidia --group model --profile --title "DLMC ResNet-50 90%, batch $B: csr_auto vs cuSPARSE" \
    -- --data-dir "$SPARSEBENCH_DATA" --batch "$B" > "$out/dlmc-b$B.log" 2>&1
echo "exit $?" >> "$out/dlmc-b$B.log"
grep -E "^(== |   exit|\| (all|magnitude|random|variational_dropout) \| all)" "$out/dlmc-b$B.log"
stamp done
