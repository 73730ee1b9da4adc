#!/usr/bin/env bash
# Lead (session 4): issue 14's Transformer study at one N (file `n`) against cuSPARSE on the same
# patterns, by kernel time, with main as it ends the session. vs_cusparse.sh --limit bounds the
# suite and the anchor each (SIGINT: what finished is kept and anchored).
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
N=$(cat n)
stamp "build $(cat COMMIT)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
left=$(( ${JOB_TIMEOUT:-330} - ($(date +%s) - start) - 20 ))
lim=$(( left * 55 / 100 ))
stamp "transformer N=$N (suite and anchor limit ${lim}s each)"
bash bench/vs_cusparse.sh configs/transformer.yaml --out "$out/transformer-N$N" --device nvidia --group band \
    --limit $lim --title "Transformer shapes, N = $N: csr_auto vs cuSPARSE" -- --kernels csr_auto --N $N \
    > "$out/transformer-N$N.log" 2>&1
echo "exit $?" >> "$out/transformer-N$N.log"
tail -16 "$out/transformer-N$N.log"
stamp done
