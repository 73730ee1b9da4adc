#!/usr/bin/env bash
# Lead (session 4): the cuSPARSE anchor of lead4-3's Transformer N = 1024 run (its suite finished,
# the anchor was cut by the wall limit): vs_cusparse.sh --resume on the same results.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
stamp "build $(cat COMMIT)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
cp -r prev/transformer-N1024 "$out/transformer-N1024"
bash bench/vs_cusparse.sh configs/transformer.yaml --out "$out/transformer-N1024" --device nvidia --group band \
    --resume --limit 200 --title "Transformer shapes, N = 1024: csr_auto vs cuSPARSE" \
    -- --kernels csr_auto,nm --N 1024 > "$out/transformer-N1024.log" 2>&1
echo "exit $?" >> "$out/transformer-N1024.log"
python3 bench/cusparse_table.py compare "$out/transformer-N1024/suite" --a nm --b csr_auto \
    --title "2:4 Transformer shapes N = 1024: nm against csr_auto" --out "$out/transformer-N1024/nm-vs-csr.md" >/dev/null 2>&1
tail -16 "$out/transformer-N1024.log"
stamp done
