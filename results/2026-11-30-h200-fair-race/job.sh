#!/usr/bin/env bash
# final-fairrace (issue 13 on the H200; lane 0, <= 170 s wall with the build). Most important first,
# every part with its own wall limit (timeout -s INT: a cut run keeps its rows, a cut tune saves
# what CLBlast's tuners found so far):
#  A1. CLBlast's own tuners (xgemm + routine_xgemm only: what fits) via `sparsebench tune
#      --dense-only` on bench-gale's N = 256 and 1024 shapes;
#  A2. bench-gale at N = 256, then N = 1024: tuned and untuned (--tuning none) CLBlast, interleaved,
#      beside csr_auto and nm; every row has the latency median and the batch time;
#  B.  the DLMC ResNet-50 layers at 90%, batch 1 (clblast, csr): latency vs batch per row.
# Tables (bench/fair_race.py) are printed at the end. Knobs for a local dry run on PoCL:
# FR_DEVICE, FR_GALE (config), FR_DLMC (config), FR_BUDGET (minutes), FR_NS, FR_BUILD=0.
set -u
out=${JOB_OUT:?}
T=${JOB_TIMEOUT:-170}
start=$(date +%s)
stamp() { echo "[$(( $(date +%s) - start ))s] $*"; }
left() { echo $(( T - ($(date +%s) - start) - 6 )); }
DEV=${FR_DEVICE:-nvidia}
GALE=${FR_GALE:-configs/bench-gale.yaml}
DLMC=${FR_DLMC:-configs/resnet50-dlmc.yaml}
BUDGET=${FR_BUDGET:-0.75}
NS=${FR_NS:-256 1024}
GALE_S=${FR_GALE_S:-0.5,0.9,0.98}   # 7 of its 11 matrices (2:4 is 0.5): the dense shape is the same in all
DLMC_RESERVE=${FR_DLMC_RESERVE:-25}   # seconds kept for part B whatever A takes
export SPARSEBENCH_CACHE=/tmp/fr-cache SPARSEBENCH_TUNING_DIR=$out/tuning
mkdir -p "$SPARSEBENCH_CACHE" "$out/tuning"
# the DLMC subset: the runner unpacks .data/*.tar.xz (dlmc/ inside); else unpack it here
if [ ! -d "${SPARSEBENCH_DATA:-/nonexistent}/dlmc" ]; then
    if [ -d "${SPARSEBENCH_DATA:-/nonexistent}/rn50" ]; then
        mkdir -p /tmp/fr-data && ln -sfn "$SPARSEBENCH_DATA" /tmp/fr-data/dlmc
        export SPARSEBENCH_DATA=/tmp/fr-data
    elif [ -f ../../../../.data/dlmc-rn50-0.9.tar.xz ]; then
        mkdir -p /tmp/fr-data && tar xJf ../../../../.data/dlmc-rn50-0.9.tar.xz -C /tmp/fr-data
        export SPARSEBENCH_DATA=/tmp/fr-data
    fi
fi
stamp "commit $(cat COMMIT 2>/dev/null); data ${SPARSEBENCH_DATA:-none}; nproc $(nproc)"
if [ "${FR_BUILD:-1}" = 1 ]; then
    stamp build
    if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DSB_GIT_COMMIT=$(cat COMMIT 2>/dev/null) &&
           cmake --build build -j16 --target sparsebench; } > "$out/build.log" 2>&1; then
        tail -30 "$out/build.log"; echo "build FAILED"; exit 1
    fi
fi
SB=$PWD/build/sparsebench
$SB devices 2>&1 | head -12 | tee "$out/devices.txt"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader > "$out/gpu.txt" 2>&1
summary() { # rows ok/total of a run folder
    python3 -c "import csv,sys;r=list(csv.DictReader(open(sys.argv[1]+'/results.csv')));print(sum(x['status']=='ok' for x in r),'ok of',len(r))" "$1" 2>/dev/null || echo "no rows"
}

# A1. CLBlast's tuners: only the GEMM kernel's and the routine's (the copy/transpose and direct
# tuners are left out: they are not started, their shares go to the next)
mkdir -p /tmp/fr-tuners
for t in xgemm routine_xgemm; do ln -sfn "$(command -v clblast_tuner_$t)" /tmp/fr-tuners/clblast_tuner_$t; done
lim=$(( $(left) - DLMC_RESERVE - 45 )); [ "$lim" -le 70 ] || lim=70
stamp "A1 tune --dense-only --budget $BUDGET (limit ${lim}s)"
nargs=$(echo $NS | tr ' ' ',')
SPARSEBENCH_CLBLAST_TUNERS=/tmp/fr-tuners timeout -s INT -k 5 "$lim" $SB tune "$GALE" --device "$DEV" \
    --dense-only --budget "$BUDGET" --N "$nargs" > "$out/tune.log" 2>&1
echo "exit $?" >> "$out/tune.log"
cat "$out/tune.log"
mkdir -p "$out/tuner-logs"; cp "$SPARSEBENCH_CACHE"/clblast-tuners/*/*.{log,json} "$out/tuner-logs/" 2>/dev/null

# A2. tuned vs untuned, interleaved per N; each run gets an equal part of what is left
runs=(); for n in $NS; do runs+=("$n tuned" "$n untuned"); done
for i in "${!runs[@]}"; do
    set -- ${runs[$i]}; n=$1 side=$2
    lim=$(( ($(left) - DLMC_RESERVE) / (${#runs[@]} - i) )); [ "$lim" -le 45 ] || lim=45
    [ "$lim" -ge 6 ] || { stamp "no time left for gale N=$n $side"; continue; }
    opt=; [ "$side" = untuned ] && opt="--tuning none"
    stamp "A2 gale N=$n $side (limit ${lim}s)"
    timeout -s INT -k 5 "$lim" $SB run "$GALE" --device "$DEV" --N "$n" --sparsity "$GALE_S" --kernels clblast,csr_auto,nm \
        $opt --no-progress -o "$out/gale-N$n-$side" > "$out/gale-N$n-$side.log" 2>&1
    echo "exit $? rows: $(summary "$out/gale-N$n-$side")" | tee -a "$out/gale-N$n-$side.log"
done

# B. DLMC ResNet-50 at 90%, batch 1: latency vs batch
lim=$(( $(left) - 4 ))
if [ "$lim" -ge 8 ]; then
    stamp "B dlmc 0.9 batch 1 (limit ${lim}s)"
    timeout -s INT -k 5 "$lim" $SB run "$DLMC" --device "$DEV" --sparsity 0.9 --kernels clblast,csr \
        --no-progress -o "$out/dlmc-b1" > "$out/dlmc-b1.log" 2>&1
    echo "exit $? rows: $(summary "$out/dlmc-b1")" | tee -a "$out/dlmc-b1.log"
fi

# tables
stamp tables
tuned=; untuned=
for n in $NS; do tuned="$tuned $out/gale-N$n-tuned"; untuned="$untuned $out/gale-N$n-untuned"; done
python3 bench/fair_race.py dense --tuned $tuned --untuned $untuned --out "$out/dense-tuned.md" > /dev/null 2>&1
python3 bench/fair_race.py overhead "$out/dlmc-b1" --out "$out/dlmc-overhead.md" > /dev/null 2>&1
python3 bench/fair_race.py overhead $tuned --out "$out/gale-overhead.md" > /dev/null 2>&1
echo "== CLBlast tuned (tune --dense-only, budget $BUDGET min) vs as shipped, per shape:"
sed -n '/^Per shape/,$p' "$out/dense-tuned.md" 2>/dev/null
echo "== launch overhead, DLMC ResNet-50 90% batch 1, per kernel:"
sed -n '/^Per kernel/,$p' "$out/dlmc-overhead.md" 2>/dev/null
stamp end
