#!/usr/bin/env bash
# A stand-in for Debian's clblast-utils tuners (clblast_tuner_*), for the tests: linked under each
# tuner's name, it prints what CLBlast 1.5's tuner prints (the options, "* Found N
# configuration(s)", "* Parameters explored:", result rows) and writes its JSON files, with
# configurations CLBlast accepts, so a run can apply them. FAKE_TUNER_HANG=1: the second variant
# of clblast_tuner_xgemm prints two rows and then hangs (the budget must cut it); the hanging
# process's id goes to $FAKE_TUNER_PIDS when that is set. clblast_tuner_routine_xgemm checks the
# kernel files it is given as CLBlast's does.
set -u
name=$(basename "$0")
count_only=0
m=0 n=0 k=0
while [ $# -gt 0 ]; do
    case "$1" in
    -fraction) [ "$2" = 1000000000 ] && count_only=1; shift ;;
    -m) m=$2; shift ;;
    -n) n=$2; shift ;;
    -k) k=$2; shift ;;
    esac
    shift
done
echo "* Options given/available:"
echo "    -m $m"
echo

# variant FAMILY "NAMES" TIME1 "VALUES1" TIME2 "VALUES2" [hang]
variant() {
    local family=$1 names=$2 t1=$3 v1=$4 t2=$5 v2=$6 hang=${7:-0}
    printf '* Found \033[1m%d configuration(s)\033[0m\n' 2
    printf '* Parameters explored: %s \n\n' "$names"
    if [ "$count_only" = 1 ]; then return 0; fi
    echo "|   ID | total | param | local | global | compiles | time | GFLOPS | status |"
    printf '|    1 |     2 | %s |       8       8 |     512     512 |   \033[32mOK\033[0m    5 ms |  %9.2f ms |    1.0 |     \033[32mresults match\033[0m |\n' "$v1" "$t1"
    if [ "$hang" = 1 ]; then
        printf '|    2 |     2 | %s |       8       8 |     512     512 |   \033[32mOK\033[0m    5 ms |  %9.2f ms |    1.0 |     \033[32mresults match\033[0m |\n' "$v2" "$t2"
        printf '|    3 |     2 |'   # a row cut off by the kill
        sleep 600 &
        if [ -n "${FAKE_TUNER_PIDS:-}" ]; then echo $! > "$FAKE_TUNER_PIDS"; fi
        wait
    fi
    printf '|    2 |     2 | %s |       8       8 |     512     512 |   \033[32mOK\033[0m    5 ms |  %9.2f ms |    1.0 |     \033[32mresults match\033[0m |\n' "$v2" "$t2"
    {
        echo "{"
        echo "  \"kernel_family\": \"$family\","
        echo "  \"precision\": \"32\","
        echo "  \"results\": ["
        for pair in "$t1|$v1" "$t2|$v2"; do
            local t=${pair%%|*} v=${pair#*|} sep="" i=0
            printf '    {\n      "kernel": "K",\n      "time": %s,\n      "parameters": {' "$t"
            read -ra vals <<< "$v"
            for p in $names; do
                printf '%s"%s": %s' "$sep" "$p" "${vals[$i]}"
                sep=","
                i=$((i + 1))
            done
            [ "$pair" = "$t1|$v1" ] && echo ',"PRECISION": 32}},' || echo ',"PRECISION": 32}}'
        done
        echo "  ]"
        echo "}"
    } > "clblast_${family}_32.json"
}

X="GEMMK MWG NWG KWG MDIMC NDIMC MDIMA NDIMB KWI VWM VWN STRM STRN SA SB KREG"
D="WGD MDIMCD NDIMCD MDIMAD NDIMBD KWID VWMD VWND PADA PADB"
case "$name" in
clblast_tuner_copy_fast) variant copy "COPY_DIMX COPY_DIMY COPY_WPT COPY_VW" 2.0 "8 8 1 1" 1.0 "16 8 1 2" ;;
clblast_tuner_copy_pad) variant pad "PAD_DIMX PAD_DIMY PAD_WPTX PAD_WPTY" 1.5 "8 8 1 1" 3.0 "16 16 2 2" ;;
clblast_tuner_transpose_fast) variant transpose "TRA_DIM TRA_WPT TRA_PAD TRA_SHUFFLE" 1.0 "8 1 0 0" 1.0 "16 2 1 0" ;;
clblast_tuner_transpose_pad) variant padtranspose "PADTRA_TILE PADTRA_WPT PADTRA_PAD" 2.0 "8 1 0" 1.0 "16 2 1" ;;
clblast_tuner_xgemm)
    echo "* (1/4) Tuning main GEMM kernel (GEMMK == 0) for fixed set of parameters"
    variant xgemm_1 "$X" 9.0 "0 16 16 32 8 8 8 8 2 1 1 0 0 0 0 1" 7.0 "0 32 32 32 8 8 8 8 2 2 2 0 0 1 1 1"
    echo "* (2/4) Tuning main GEMM kernel (GEMMK == 0) for random parameters out of larger set"
    variant xgemm_2 "$X" 5.0 "0 64 64 32 16 16 16 16 2 2 2 0 0 1 1 1" 4.0 "0 32 64 16 8 16 8 16 2 4 4 1 1 0 0 1" "${FAKE_TUNER_HANG:-0}"
    echo "* (3/4) Tuning secondary GEMM kernel (GEMMK == 1) for fixed set of parameters"
    variant xgemm_11 "$X" 8.0 "1 16 16 1 4 4 4 4 1 1 1 0 0 0 0 1" 8.5 "1 32 32 1 8 8 8 8 1 1 1 0 0 0 0 2"
    echo "* (4/4) Tuning secondary GEMM kernel (GEMMK == 1) for random parameters out of larger set"
    variant xgemm_12 "$X" 8.0 "1 16 16 1 4 4 4 4 1 1 1 0 0 0 0 1" 8.5 "1 32 32 1 8 8 8 8 1 1 1 0 0 0 0 2"
    ;;
clblast_tuner_xgemm_direct)
    variant xgemm_direct_1 "$D" 3.0 "8 8 8 8 8 2 1 1 1 1" 2.5 "16 8 8 8 8 2 2 2 1 1"
    variant xgemm_direct_2 "$D" 3.5 "32 8 8 8 8 2 1 1 1 1" 2.8 "16 16 16 16 16 2 1 1 0 0"
    ;;
clblast_tuner_xgemv)
    variant xgemv "WGS1 WPT1" 0.5 "64 1" 0.4 "128 1"
    variant xgemv_fast "WGS2 WPT2 VW2" 0.45 "64 1 1" 0.3 "64 4 4"
    variant xgemv_fast_rot "WGS3 WPT3 VW3" 0.6 "16 8 8" 0.7 "32 8 8"
    ;;
clblast_tuner_routine_xgemm)
    # its inputs read as CLBlast 1.5 reads them: per line, split at ':', the value's leading quote
    # and its last two characters ('",') cut; a file whose best_parameters line is not followed
    # by a comma is "Failed to extract" (the real tuner then runs CLBlast's defaults: here, exit 1)
    for f in clblast_xgemm_1_32.json clblast_xgemm_direct_1_32.json clblast_copy_32.json \
             clblast_pad_32.json clblast_transpose_32.json clblast_padtranspose_32.json; do
        [ -e "$f" ] || continue
        if ! grep -Eq '^  "best_parameters": "[^"]*",$' "$f"; then
            echo "* Reading override-parameters from '$f'"
            echo "* Failed to extract parameters from this file, continuing"
            exit 1
        fi
    done
    echo "* Tuning for one specific size: m=$m, n=$n, k=$k"
    big=$m
    if [ "$n" -gt "$big" ]; then big=$n; fi
    if [ "$k" -gt "$big" ]; then big=$k; fi
    # the in-direct GEMM wins at every size here
    cat > clblast_gemm_routine_single_size_32.json <<JSON
{
  "kernel_family": "gemm_routine_single_size",
  "precision": "32",
  "results": [
    {
      "kernel": "gemm_kernel_selection_single_size",
      "time": 1.250,
      "parameters": {"XGEMM_MIN_INDIRECT_SIZE": 0,"PRECISION": 32}
    },
    {
      "kernel": "gemm_kernel_selection_single_size",
      "time": 2.500,
      "parameters": {"XGEMM_MIN_INDIRECT_SIZE": $((big + 1)),"PRECISION": 32}
    }
  ]
}
JSON
    ;;
*) echo "fake_tuner.sh: unknown tuner $name" >&2; exit 1 ;;
esac
echo "* Completed tuning process"
