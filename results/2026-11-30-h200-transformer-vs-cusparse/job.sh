#!/usr/bin/env bash
# final-gpucsr (lead, session 2): issue 14's Transformer study against cuSPARSE on the same
# patterns, by kernel time, one vs_cusparse.sh pipeline per N (so every finished N has its
# anchor), most important first: N = 256 and 2048 (the two columns), then 1024, 4096.
# Each N has a wall limit so a cut loses only the later parts.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
stamp build
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
for part in "256 40" "2048 45" "1024 35" "4096 40"; do
    set -- $part; n=$1 limit=$2
    left=$(( ${JOB_TIMEOUT:-170} - ($(date +%s) - start) - 5 ))
    [ "$left" -gt 15 ] || { stamp "no time left for N=$n"; break; }
    [ "$limit" -le "$left" ] || limit=$left
    stamp "transformer N=$n (limit ${limit}s)"
    timeout -s INT "$limit" bash bench/vs_cusparse.sh configs/transformer.yaml --out "$out/transformer-N$n" \
        --device nvidia --group band --title "Transformer shapes, N = $n: csr_auto vs cuSPARSE" \
        -- --kernels csr_auto,nm --N $n > "$out/transformer-N$n.log" 2>&1
    echo "exit $?" >> "$out/transformer-N$n.log"
    python3 bench/cusparse_table.py compare "$out/transformer-N$n/suite" --a nm --b csr_auto \
        --title "2:4 Transformer shapes N = $n: nm against csr_auto" \
        --out "$out/transformer-N$n/nm-vs-csr.md" >/dev/null 2>&1
    tail -14 "$out/transformer-N$n.log"
done
stamp done
