# The pieces every GPU job under bench/explore shares (sourced, never run): a job clock, the time
# left, the DLMC data layout, the build, a time-boxed sb_sweep stage and a time-boxed cuSPARSE
# anchor on a config's patterns. A job script is then only its stages:
#
#   . bench/explore/lib.sh
#   sb_job_start mine 270          # $JOB_OUT, budget (default $JOB_TIMEOUT), cache /tmp/sb-cache-mine
#   sb_job_build                   # sparsebench and sb_sweep (Release), or the job stops here
#   sb_job_build_old || exit 1     # (A/B) ../tree-old's sb_sweep, sparsebench: $SW_OLD, $SB_OLD
#   sb_job_suite '^cl_'            # (instead of the build) the test suite on the lent device
#   stage tiny 12 bench/explore/tiny.yaml --device nvidia --variants V.txt --warmup 1 --repeats 2
#   anchor cusparse 20 T.yaml 256,1024
#   confirm_sets V.txt nm8gpu/grid nm9gpu/mirror   # paired confirm stages and their tables
#   ab_runs C.yaml 50              # (A/B jobs) sparsebench run, old and new builds, alternately
#   case_stages held D 12 8        # a stage per NAME-N<n>.txt variant file of folder D (NAME.yaml)
#
# What it sets: OUT (results folder), BUDGET, T0 (start, epoch s), SW (the sb_sweep binary; SW_OLD
# and SB_OLD the old build's), DATA (the data folder, laid out as dlmc/..., or ""),
# SPARSEBENCH_CACHE. SB_JOB_MARGIN (seconds kept back at the end for the summary, default 12) is
# read by left().
# Every stage's rows are validated by sb_sweep itself; stage() counts ok / wrong / failed rows
# and prints the first wrong or failed ones.

stamp() { echo "[$(( $(date +%s) - T0 )) s] $*"; }

left() { echo $(( BUDGET - ($(date +%s) - T0) - ${SB_JOB_MARGIN:-12} )); }

# sb_job_start NAME [BUDGET]
sb_job_start() {
    OUT=${JOB_OUT:?the queue runner sets JOB_OUT}
    BUDGET=${2:-${JOB_TIMEOUT:-270}}
    T0=$(date +%s)
    SW=build/bench/sb_sweep
    # the device's copy of the data is the DLMC folder itself (rn50/...): configs read dlmc/rn50
    if [ -n "${SPARSEBENCH_DATA:-}" ] && [ ! -d "$SPARSEBENCH_DATA/dlmc" ] && [ -d "$SPARSEBENCH_DATA/rn50" ]; then
        mkdir -p /tmp/sbdata
        ln -sfn "$SPARSEBENCH_DATA" /tmp/sbdata/dlmc
        export SPARSEBENCH_DATA=/tmp/sbdata
    fi
    DATA=${SPARSEBENCH_DATA:-}
    export SPARSEBENCH_CACHE=/tmp/sb-cache-$1
}

# sb_job_build: a Release build of sparsebench and sb_sweep at tree/COMMIT; exits on failure
sb_job_build() {
    stamp "build $(cat COMMIT 2>/dev/null)"
    if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
               -DSB_GIT_COMMIT="$(cat COMMIT 2>/dev/null)" > "$OUT/build.log" 2>&1 &&
           cmake --build build -j16 --target sparsebench sb_sweep >> "$OUT/build.log" 2>&1; }; then
        tail -30 "$OUT/build.log"
        echo "build FAILED"
        exit 1
    fi
}

# sb_job_build_old: a Release sb_sweep and sparsebench of the commit staged beside the tree
# (../tree-old, its COMMIT) in build-old, for A/B jobs; SW_OLD and SB_OLD their binaries, which
# read that tree's kernels (its own source dir; give its stages their own SPARSEBENCH_CACHE).
# Returns 1 (log tail shown) on failure.
sb_job_build_old() {
    stamp "build old $(cat ../tree-old/COMMIT 2>/dev/null)"
    SW_OLD=build-old/bench/sb_sweep
    SB_OLD=build-old/sparsebench
    if ! { cmake -S ../tree-old -B build-old -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
               > "$OUT/build-old.log" 2>&1 &&
           cmake --build build-old -j16 --target sb_sweep sparsebench >> "$OUT/build-old.log" 2>&1; }; then
        tail -20 "$OUT/build-old.log"
        echo "build of ../tree-old FAILED"
        return 1
    fi
}

# sb_job_suite [CTEST_REGEX]: the test suite (a RelWithDebInfo build with the tests) with the
# job's device ($SB_DEVICE, default nvidia) as the test device: ctest -j6, each test within 400 s,
# all within the job's clock; its output in $OUT/ctest.log and LastTest.log, the counts and the
# tests that failed or were skipped printed last. Prints first what the tests depend on there: the
# Python modules, the devices, the OpenCL loader the binary uses and what clinfo lists with an
# empty ICD folder. Exits on a failed build.
sb_job_suite() {
    stamp "build with tests $(cat COMMIT 2>/dev/null)"
    python3 --version
    python3 -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'
    export XDG_DATA_HOME=${SPARSEBENCH_CACHE/sb-cache/sb-xdg}
    if ! { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
               -DSB_GIT_COMMIT="$(cat COMMIT 2>/dev/null)" > "$OUT/build.log" 2>&1 &&
           cmake --build build -j16 >> "$OUT/build.log" 2>&1; }; then
        tail -30 "$OUT/build.log"
        echo "build FAILED"
        exit 1
    fi
    build/sparsebench devices 2>&1 | head -20
    ldd build/sparsebench | grep -i opencl
    mkdir -p /tmp/no-icds
    OCL_ICD_VENDORS=/tmp/no-icds clinfo -l 2>&1 | head -5
    local regex=()
    [ -z "${1:-}" ] || regex=(-R "$1")
    stamp "ctest ${1:-(all)} (limit $(left)s)"
    SPARSEBENCH_TEST_DEVICE=${SB_DEVICE:-nvidia} timeout -s INT "$(left)" \
        ctest --test-dir build -j6 --timeout 400 "${regex[@]}" --output-on-failure \
        > "$OUT/ctest.log" 2>&1
    stamp "ctest rc=$?"
    cp build/Testing/Temporary/LastTest.log "$OUT/" 2>/dev/null
    grep -E "tests passed|Total Test time" "$OUT/ctest.log"
    sed -n '/The following tests/,$p' "$OUT/ctest.log" | head -40
}

# stage NAME SECONDS SB_SWEEP_ARGS...: at most SECONDS (and never past the budget), rows in
# $OUT/NAME.jsonl, stderr in $OUT/NAME.err
stage() {
    local name=$1 secs=$2
    shift 2
    local l
    l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (limit ${secs}s)"
    timeout -s INT "$secs" "$SW" "$@" > "$OUT/$name.jsonl" 2> "$OUT/$name.err"
    stamp "$name rc=$?: $(grep -c '"status":"ok"' "$OUT/$name.jsonl") ok, $(grep -c '"status":"wrong"' "$OUT/$name.jsonl") wrong, $(grep -c '"status":"failed"' "$OUT/$name.jsonl") failed"
    grep -h '"status":"wrong"\|"status":"failed"' "$OUT/$name.jsonl" | cut -c1-400 | head -3 || true
}

# confirm_sets VARIANTS SET...: a stage confirm-NAME (40 s at most, 10 paired rounds) for each
# SET (bench/explore/SET.yaml, NAME its last part) with the variants file VARIANTS; then each
# stage's paired table (nm7/paired.py) in confirm-NAME.md, its rows gzipped beside them, and the
# slower cases printed. Device: SB_JOB_DEVICE (default nvidia).
confirm_sets() {
    local v=$1 s f
    shift
    for s in "$@"; do
        stage "confirm-${s##*/}" 40 "bench/explore/$s.yaml" --device "${SB_JOB_DEVICE:-nvidia}" \
            --variants "$v" --rounds 10
    done
    for f in "$OUT"/confirm-*.jsonl; do
        [ -e "$f" ] || continue
        python3 bench/explore/nm7/paired.py "$f" > "${f%.jsonl}.md" 2>&1
        gzip -kf "$f"
    done
    grep -h "slower" "$OUT"/confirm-*.md 2>/dev/null || true
}

# ab_runs CONFIG SECONDS: `sparsebench run CONFIG` (every kernel of it) in stages old1, new1,
# old2, new2 (the old build's $SB_OLD with its own cache, then this tree's), each at most SECONDS,
# into $OUT/STAGE: an A/B of two builds at precisions sb_sweep does not measure (fp16). Device:
# SB_JOB_DEVICE (default nvidia).
ab_runs() {
    local cfg=$1 secs=$2 i s bin cache
    for i in 1 2; do
        for s in old new; do
            bin=build/sparsebench
            cache=$SPARSEBENCH_CACHE
            [ "$s" = new ] || { bin=$SB_OLD; cache=/tmp/sb-cache-old; }
            stamp "$s$i (limit ${secs}s)"
            SPARSEBENCH_CACHE=$cache timeout -s INT "$secs" "$bin" run "$cfg" \
                --device "${SB_JOB_DEVICE:-nvidia}" -o "$OUT/$s$i" > "$OUT/$s$i.log" 2>&1
            stamp "$s$i rc=$?: $(grep -c ',ok,' "$OUT/$s$i/results.csv") ok, $(grep -c ',wrong,\|,failed,' "$OUT/$s$i/results.csv") wrong or failed"
        done
    done
}

# case_stages PREFIX DIR SECONDS ROUNDS: for each variant file DIR/NAME-N<n>.txt (one case: the
# matrix of DIR/NAME.yaml at N = n), a stage PREFIX-NAME-N<n> of at most SECONDS with that file's
# variants in ROUNDS paired rounds (sb_sweep at the config's precision). Device: SB_JOB_DEVICE
# (default nvidia).
case_stages() {
    local prefix=$1 dir=$2 secs=$3 rounds=$4 v b
    for v in "$dir"/*-N*.txt; do
        b=$(basename "$v" .txt)
        stage "$prefix-$b" "$secs" "$dir/${b%-N*}.yaml" --device "${SB_JOB_DEVICE:-nvidia}" \
            --N "${b##*-N}" --variants "$v" --rounds "$rounds"
    done
}

# anchor NAME SECONDS CONFIG NS: cuSPARSE (bench/anchors/torch_smtx.py) on the patterns sb_sweep
# writes for CONFIG, at the N list NS ("256,1024"), or, where NS names a shell function, at the N
# list that function prints for each pattern file (its one argument). Patterns' sha256 in
# $OUT/NAME-patterns.sha256, the cases in $OUT/NAME-cases.txt, rows in $OUT/NAME.jsonl.
anchor() {
    local name=$1 secs=$2 cfg=$3 ns=$4
    local l
    l=$(left)
    [ "$secs" -le "$l" ] || secs=$l
    [ "$secs" -ge 8 ] || { stamp "$name skipped (no time)"; return; }
    local P=/tmp/sb-patterns-$name
    mkdir -p "$P"
    "$SW" "$cfg" --patterns "$P" --patterns-only 2> "$OUT/$name-patterns.log"
    (cd "$P" && sha256sum ./*.smtx) > "$OUT/$name-patterns.sha256"
    : > "$OUT/$name-cases.txt"
    local f
    for f in "$P"/*.smtx; do
        if declare -F "$ns" > /dev/null; then
            echo "$f $("$ns" "$f")"
        else
            echo "$f $ns"
        fi >> "$OUT/$name-cases.txt"
    done
    stamp "$name: cuSPARSE (limit ${secs}s)"
    timeout -s INT "$secs" python3 bench/anchors/torch_smtx.py --cases "$OUT/$name-cases.txt" \
        > "$OUT/$name.jsonl" 2> "$OUT/$name.log"
    stamp "$name rc=$?: $(grep -c '"status": "ok"' "$OUT/$name.jsonl") ok"
}

# vs_part NAME LIMIT CONFIG GROUP TITLE -- RUN_ARGS...: bench/vs_cusparse.sh on CONFIG (csr_auto
# or the config's kernels against cuSPARSE on the same patterns, kernel time on both sides), suite
# and anchor at most LIMIT seconds each and never past half the time left; into $OUT/NAME
vs_part() {
    local name=$1 lim=$2 cfg=$3 group=$4 title=$5
    shift 6
    local half=$(( $(left) / 2 ))
    [ "$lim" -le "$half" ] || lim=$half
    [ "$lim" -ge 10 ] || { stamp "$name skipped (no time)"; return; }
    stamp "$name (suite and anchor limit ${lim}s each)"
    bash bench/vs_cusparse.sh "$cfg" --out "$OUT/$name" --device nvidia --group "$group" \
        --title "$title" --limit "$lim" -- "$@" > "$OUT/$name.log" 2>&1
    stamp "$name rc=$?: $(grep -c ',ok,' "$OUT/$name/suite/results.csv" 2>/dev/null) ok rows, $(grep -c '"status": "ok"' "$OUT/$name/cusparse.jsonl" 2>/dev/null) anchors"
}

# fp16_status ROUNDS: item 5 at fp16 (nm against csr_auto, csr_auto twice as the control:
# rs12gpu/status-variants.txt) on rs13 h-status's 333 cases, a stage h-... per config (25 s at
# most), ROUNDS paired rounds; the table in $OUT/status-fp16.md (rs12gpu/status.py), its slower
# cases printed, the rows gzipped
fp16_status() {
    local rounds=$1 y d E=bench/explore
    for y in $E/rs11gpu/nm-fp16-gather.yaml $E/rs11gpu/nm-fp16-gather2.yaml \
             $E/rs11gpu/nm-fp16-held.yaml $E/rs11gpu/nmtile-fp16.yaml \
             $E/rs12gpu/screen/*.yaml $E/rs12gpu/held/*.yaml $E/rs12gpu/held-[cdeg]/*.yaml \
             $E/rs13gpu/screen/*.yaml $E/rs13gpu/screen-b/b-*.yaml $E/rs13gpu/held/h-*.yaml; do
        d=$(dirname "$y")
        stage "h-$(basename "$(dirname "$d")")-$(basename "$d")-$(basename "$y" .yaml)" 25 "$y" \
            --device nvidia --variants "$E/rs12gpu/status-variants.txt" --rounds "$rounds"
    done
    python3 $E/rs12gpu/status.py "$OUT"/h-*.jsonl > "$OUT/status-fp16.md" 2>&1
    gzip -f "$OUT"/h-*.jsonl
    tail -8 "$OUT/status-fp16.md"
    grep -h "slower" "$OUT"/status-fp16.md | head -40
}
