#!/usr/bin/env bash
# Lead (session 3): issue 14's Transformer study against cuSPARSE on the same patterns, by kernel
# time. One vs_cusparse.sh pipeline per N so every finished N has its anchor; each N has a wall
# limit (SIGINT: run writes what it finished, then the anchor runs on those cases).
# PARTS: "N limit" pairs from the file `parts` beside this script.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
stamp "build $(cat COMMIT)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
while read -r n limit; do
    [ -n "$n" ] || continue
    left=$(( ${JOB_TIMEOUT:-280} - ($(date +%s) - start) - 8 ))
    [ "$left" -gt 20 ] || { stamp "no time left for N=$n"; break; }
    [ "$limit" -le "$left" ] || limit=$left
    tag=N${n//,/-}
    stamp "transformer N=$n (limit ${limit}s)"
    timeout -s INT "$limit" bash bench/vs_cusparse.sh configs/transformer.yaml --out "$out/transformer-$tag" \
        --device nvidia --group band --title "Transformer shapes, N = $n: csr_auto vs cuSPARSE" \
        -- --kernels csr_auto,nm --N $n > "$out/transformer-$tag.log" 2>&1
    echo "exit $?" >> "$out/transformer-$tag.log"
    python3 bench/cusparse_table.py compare "$out/transformer-$tag/suite" --a nm --b csr_auto \
        --title "2:4 Transformer shapes N = $n: nm against csr_auto" \
        --out "$out/transformer-$tag/nm-vs-csr.md" >/dev/null 2>&1
    tail -16 "$out/transformer-$tag.log"
done < parts
stamp done
