#!/usr/bin/env bash
# Lead (session 3): finish the Transformer study cut at the first call's wall limit. The binary
# is the same commit as the cut runs (0b376e9: resume refuses another plan); bench/vs_cusparse.sh
# is 67e5c93's (adds --resume). For each N: sparsebench run --resume on the carried suite (only
# the missing cases run), then the cuSPARSE anchor on every case. Parts from the file `parts`.
set -u
out=${JOB_OUT:?}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
stamp "build $(cat COMMIT)"
if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT) &&
       cmake --build build -j16 --target sparsebench sb_sweep; } > "$out/build.log" 2>&1; then
    tail -30 "$out/build.log"; echo "build FAILED"; exit 1
fi
while read -r n; do
    [ -n "$n" ] || continue
    d="$out/transformer-N$n"; mkdir -p "$d"; cp -a "resume/transformer-N$n/suite" "$d/suite"
    # run.json names the config by the absolute path of the first call's tree; resume re-reads it
    # there and checks its hash, so the same file (this commit's) is put at that path
    cfg=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["invocation"]["config"])' "$d/suite/run.json")
    [ -e "$cfg" ] || { mkdir -p "$(dirname "$cfg")" && cp configs/transformer.yaml "$cfg"; }
    stamp "transformer N=$n: resume $(( $(wc -l < "$d/suite/results.csv") - 1 )) rows done"
    bash bench/vs_cusparse.sh configs/transformer.yaml --out "$d" --resume \
        --device nvidia --group band --title "Transformer shapes, N = $n: csr_auto vs cuSPARSE" \
        -- --kernels csr_auto,nm --N $n > "$out/transformer-N$n.log" 2>&1
    echo "exit $?" >> "$out/transformer-N$n.log"
    python3 bench/cusparse_table.py compare "$d/suite" --a nm --b csr_auto \
        --title "2:4 Transformer shapes N = $n: nm against csr_auto" --out "$d/nm-vs-csr.md" >/dev/null 2>&1
    grep -E "^(== |   exit|\| (all|[0-9]+%) \| [0-9]+ )" "$out/transformer-N$n.log" | head -12
done < parts
stamp done
