#!/usr/bin/env bash
# Runs one sparsebench study on a Slurm cluster: for each node type, a job array of N tasks (task
# I runs `sparsebench run CONFIG --shard I/N` on that node's devices), then one merge job that
# waits for all of them (--dependency=afterok) and writes the merged report.
#
#   tools/slurm/submit.sh CONFIG --dir SHARED_DIR [--shards N] [--type NAME[:SBATCH_ARGS]]...
#                         [--type-device NAME=SEL]... [--bin SPARSEBENCH] [--time T] [--shared]
#                         [--dry-run] [-- RUN_ARGS...]
#
#   --dir DIR     a folder every node sees (results: DIR/NAME/shard-I-of-N/, report: DIR/report/,
#                 logs: DIR/logs/)
#   --shards N    shards per node type (default 4)
#   --type NAME[:SBATCH_ARGS]  one node type: its results go to DIR/NAME/, its tasks get
#                 SBATCH_ARGS (e.g. "a100:--partition=gpu --gres=gpu:a100:1" or
#                 "mi250:--constraint=mi250"); repeat for each type. Default: one type "default"
#                 with no extra arguments.
#   --type-device NAME=SEL  run type NAME's shards on --device SEL only (e.g. "a100=gpu"): a
#                 device model that two node types share (the same host CPU) would otherwise be
#                 measured by both, and the report calls its shards duplicated
#   --bin PATH    sparsebench on the shared file system (default: build/sparsebench of this tree)
#   --time T      time limit per shard task (sbatch --time; default: the partition's)
#   --shared      let tasks share a node (default --exclusive: two shards timing on one device
#                 disturb each other's numbers)
#   --dry-run     print the sbatch commands, submit nothing
#   -- RUN_ARGS   passed to every `sparsebench run` (e.g. -- --device gpu --data-dir /data)
# CONFIG is a file, or the name of one of sparsebench's configs (quick).
#
# Run it again after a failure or preemption: shards whose run.json says they finished are left
# out of the new arrays, so only the missing ones run; the merge job runs again over everything.
# Prints the job ids (one line per array, then the merge job). Slurm's commands must be on PATH
# (SLURM_CONF for a non-default cluster, e.g. tools/slurm/local-cluster.sh's).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "submit: $*" >&2; exit 2; }
usage() { sed -n '6,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }

config="" dir="" shards=4 bin="$here/../../build/sparsebench" time="" exclusive=1 dry=0
types=()
type_devices=()
run_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --dir) dir=${2:?--dir needs a folder}; shift ;;
        --shards) shards=${2:?--shards needs a number}; shift ;;
        --type) types+=("${2:?--type needs NAME[:SBATCH_ARGS]}"); shift ;;
        --type-device) type_devices+=("${2:?--type-device needs NAME=SEL}"); shift ;;
        --bin) bin=${2:?--bin needs a path}; shift ;;
        --time) time=${2:?--time needs a limit}; shift ;;
        --shared) exclusive=0 ;;
        --dry-run) dry=1 ;;
        -h|--help) usage ;;
        --) shift; run_args=("$@"); break ;;
        -*) die "unknown option $1 (see --help)" ;;
        *) [ -z "$config" ] || die "one config at a time (got $config and $1)"; config=$1 ;;
    esac
    shift
done
[ -n "$config" ] || die "no config given (see --help)"
[ -n "$dir" ] || die "--dir SHARED_DIR is required: every node writes its shard there"
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "--shards needs a whole number >= 1, got '$shards'"
if [ ! -f "$config" ] && [[ ! $config =~ ^[A-Za-z0-9._-]+$ ]]; then
    die "$config: no such config file"
fi
[ -x "$bin" ] || die "$bin: not an executable sparsebench (build it, or give --bin)"
[ ${#types[@]} -gt 0 ] || types=("default")
if [ "$dry" -eq 0 ] && ! command -v sbatch >/dev/null; then
    die "no sbatch on PATH: is this a Slurm login node? (--dry-run prints the commands)"
fi

abspath() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
if [ "$dry" -eq 0 ]; then
    mkdir -p "$dir/logs"
fi
case $dir in /*) ;; *) dir="$(pwd)/$dir" ;; esac
if [ -f "$config" ]; then config=$(abspath "$config"); fi
bin=$(abspath "$bin")
for td in "${type_devices[@]+"${type_devices[@]}"}"; do
    [[ $td == *=?* ]] || die "--type-device needs NAME=SEL, got '$td'"
    found=0
    for t in "${types[@]}"; do
        if [ "${t%%:*}" = "${td%%=*}" ]; then found=1; fi
    done
    [ "$found" -eq 1 ] || die "--type-device ${td%%=*}: no --type of that name"
done

finished() { [ -f "$1/run.json" ] && grep -Eq '"finished":[[:space:]]*"' "$1/run.json"; }

# submit LABEL SBATCH_ARGS...: prints the job id (with --dry-run: the command, and "dry-LABEL")
submit() {
    local label=$1
    shift
    if [ "$dry" -eq 1 ]; then
        { printf 'would run: sbatch'; printf ' %q' "$@"; printf '\n'; } >&2
        echo "dry-$label"
    else
        sbatch --parsable "$@" | cut -d';' -f1
    fi
}

export SB_BIN="$bin" SB_CONFIG="$config" SB_DIR="$dir" SB_SHARDS="$shards"
jobs=()
for t in "${types[@]}"; do
    name=${t%%:*}
    extra=""
    [ "$name" = "$t" ] || extra=${t#*:}
    [[ $name =~ ^[A-Za-z0-9._-]+$ ]] || die "node type name '$name': letters, digits, . _ - only"
    missing=()
    for i in $(seq 1 "$shards"); do
        finished "$dir/$name/shard-$i-of-$shards" || missing+=("$i")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "submit: $name: all $shards shards finished, none submitted" >&2
        continue
    fi
    array=$(IFS=,; echo "${missing[*]}")
    opts=(--array="$array" --job-name="sb-$name" --output="$dir/logs/$name-%A_%a.out"
          --export=ALL,SB_GROUP="$name")
    if [ "$exclusive" -eq 1 ]; then opts+=(--exclusive); fi
    if [ -n "$time" ]; then opts+=(--time="$time"); fi
    read -r -a extra_args <<<"$extra"
    # the run's arguments follow the script (sbatch passes them on; no --export comma splitting)
    task_args=("${run_args[@]+"${run_args[@]}"}")
    for td in "${type_devices[@]+"${type_devices[@]}"}"; do
        if [ "${td%%=*}" = "$name" ]; then task_args+=(--device "${td#*=}"); fi
    done
    id=$(submit "$name" "${opts[@]}" "${extra_args[@]+"${extra_args[@]}"}" "$here/shard-task.sh" \
         "${task_args[@]+"${task_args[@]}"}")
    echo "$id  $name: shards $array of $shards"
    jobs+=("$id")
done
dep=()
if [ ${#jobs[@]} -gt 0 ]; then
    dep=(--dependency="afterok:$(IFS=:; echo "${jobs[*]}")" --kill-on-invalid-dep=yes)
fi
id=$(submit merge "${dep[@]+"${dep[@]}"}" --job-name=sb-merge --output="$dir/logs/merge-%j.out" \
     --export=ALL "$here/merge-task.sh")
echo "$id  merge: $dir/report/report.md"
