#!/usr/bin/env bash
# The benchmark in one call: the suite and the anchors on the same shapes and the same device, then
# the ratio table. From the repository root, after the build (build/sparsebench):
#
#   bench/run_bench.sh DEVICE_SEL [--N LIST] [--sparsity LIST] [--out DIR] [--config FILE]
#                      [--skip-suite] [--skip-anchors] [--anchor-repeats R]
#
# DEVICE_SEL picks one OpenCL device as `sparsebench run --device` does (P:D, gpu, cpu, or a name
# substring); it must match exactly one. On a GPU: configs/bench-gale.yaml, PyTorch's anchors on
# CUDA (cuSPARSE CSR, PyTorch/Triton BSR, cuBLAS) and ViennaCL on the same OpenCL device. On a CPU:
# configs/bench-cpu.yaml, ViennaCL on that device (PoCL) and numpy's OpenBLAS SGEMM.
# --N / --sparsity restrict the suite and the anchors alike (the anchors default to the config's
# values); --skip-suite / --skip-anchors split the work over two calls into the same DIR.
# DIR (default runs/bench-<type>-<UTC time>) gets: suite/ (results.csv, results.jsonl, run.json),
# anchors.jsonl, logs/, host.txt (load average and time of each step: a shared machine is noisy)
# and bench-table.md, also printed.
# Exit status: 0 all valid; 1 a suite case or an anchor was wrong or failed; 2 a usage error.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

usage() { sed -n '5,7p' "$0" | sed 's/^# *//' >&2; echo "run_bench: $*" >&2; exit 2; }

[ $# -ge 1 ] || usage "DEVICE_SEL is required"
SEL=$1; shift
NS="" SPS="" OUTDIR="" CONFIG="" SKIP_SUITE=0 SKIP_ANCHORS=0 AREPEATS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --N) NS=${2:?--N needs a list}; shift 2 ;;
        --sparsity) SPS=${2:?--sparsity needs a list}; shift 2 ;;
        --out) OUTDIR=${2:?--out needs a directory}; shift 2 ;;
        --config) CONFIG=${2:?--config needs a file}; shift 2 ;;
        --skip-suite) SKIP_SUITE=1; shift ;;
        --skip-anchors) SKIP_ANCHORS=1; shift ;;
        --anchor-repeats) AREPEATS=${2:?--anchor-repeats needs a number}; shift 2 ;;
        *) usage "unknown option '$1'" ;;
    esac
done
SB=build/sparsebench
[ -x "$SB" ] || usage "$SB not found: build first (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j)"
PY=${PYTHON:-python3}

# Resolve DEVICE_SEL to one device with sparsebench's own list: its index, type and vendor.
devices_json=$("$SB" devices --json) || { echo "run_bench: '$SB devices --json' failed" >&2; exit 2; }
resolved=$(SEL="$SEL" "$PY" -c '
import json, os, sys
sel = os.environ["SEL"].lower()
devs = json.loads(sys.stdin.read())
types = {"gpu": "GPU", "cpu": "CPU", "accelerator": "ACCELERATOR", "fpga": "ACCELERATOR"}
def hit(d):
    if sel == d["index"]: return True
    if sel in types: return d["type"].upper() == types[sel]
    return any(sel in d.get(k, "").lower() for k in ("name", "vendor", "platform"))
m = [d for d in devs if hit(d)]
if len(m) != 1:
    print("run_bench: DEVICE_SEL %r matches %d devices; give one (P:D, a type or a name substring):" % (sel, len(m)), file=sys.stderr)
    for d in devs: print("  %s  %s (%s, %s)" % (d["index"], d["name"], d["platform"], d["type"]), file=sys.stderr)
    sys.exit(2)
d = m[0]
print("\t".join([d["index"], d["type"].upper(), d["vendor"], d["name"]]))
' <<<"$devices_json") || exit 2
IFS=$'\t' read -r DEV_INDEX DEV_TYPE DEV_VENDOR DEV_NAME <<<"$resolved"
echo "run_bench: device $DEV_INDEX $DEV_NAME ($DEV_TYPE, $DEV_VENDOR)"

if [ "$DEV_TYPE" = CPU ]; then
    : "${CONFIG:=configs/bench-cpu.yaml}"
    A_NS=${NS:-256}
    # ViennaCL's CSR at 50% takes ~2 s a run on a 2-core CPU: few runs, capped by time
    A_WARMUP=1 A_REPEATS=${AREPEATS:-5} A_MAXSEC=6
else
    : "${CONFIG:=configs/bench-gale.yaml}"
    A_NS=${NS:-1,256,1024,4096}
    A_WARMUP=3 A_REPEATS=${AREPEATS:-20} A_MAXSEC=2
fi
A_SPS=${SPS:-0.5,0.7,0.9,0.95,0.98}
[ -f "$CONFIG" ] || usage "config '$CONFIG' not found"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
OUTDIR=${OUTDIR:-runs/bench-$(echo "$DEV_TYPE" | tr 'A-Z' 'a-z')-$stamp}
mkdir -p "$OUTDIR/logs" || exit 2
ANCHORS=$OUTDIR/anchors.jsonl
{ echo "started $stamp on $(hostname)"; echo "device $DEV_INDEX $DEV_NAME ($DEV_TYPE)"; echo "load before: $(cat /proc/loadavg 2>/dev/null)"; } >> "$OUTDIR/host.txt"
status=0

if [ "$SKIP_SUITE" = 0 ]; then
    if [ -e "$OUTDIR/suite" ]; then usage "$OUTDIR/suite exists already: give another --out, or --skip-suite"; fi
    filters=()
    if [ -n "$NS" ]; then filters+=(--N "$NS"); fi
    if [ -n "$SPS" ]; then filters+=(--sparsity "$SPS"); fi
    echo "=== suite: $SB run $CONFIG --device $DEV_INDEX --out $OUTDIR/suite ${filters[*]}"
    start=$(date +%s)
    "$SB" run "$CONFIG" --device "$DEV_INDEX" --out "$OUTDIR/suite" "${filters[@]}" 2> "$OUTDIR/logs/suite.stderr" \
        | tee "$OUTDIR/logs/suite.log"
    rc=${PIPESTATUS[0]}
    echo "suite: exit $rc after $(( $(date +%s) - start )) s" | tee -a "$OUTDIR/host.txt"
    echo "load after the suite: $(cat /proc/loadavg 2>/dev/null)" >> "$OUTDIR/host.txt"
    if [ "$rc" = 2 ]; then tail -5 "$OUTDIR/logs/suite.stderr" >&2; exit 2; fi
    if [ "$rc" != 0 ]; then status=1; fi
fi

# Runs one anchor, appending its JSON lines; a failing anchor is noted and the bench goes on.
anchor() {
    local name=$1; shift
    echo "=== anchor $name: $*"
    local start rc
    start=$(date +%s)
    "$@" >> "$ANCHORS" 2> "$OUTDIR/logs/$name.stderr"
    rc=$?
    echo "$name: exit $rc after $(( $(date +%s) - start )) s" | tee -a "$OUTDIR/host.txt"
    if [ "$rc" != 0 ]; then
        status=1
        tail -3 "$OUTDIR/logs/$name.stderr" >&2
    fi
}

skip_line() { printf '{"anchor":"%s","skipped":"%s"}\n' "$1" "$2" >> "$ANCHORS"; echo "$1: skipped ($2)"; }

if [ "$SKIP_ANCHORS" = 0 ]; then
    # ViennaCL (header-only, Debian's libviennacl-dev) is compiled here, on this machine's OpenCL.
    VCL=build/viennacl_csr
    if [ ! -f /usr/include/viennacl/compressed_matrix.hpp ]; then
        skip_line viennacl_csr "ViennaCL headers not installed (Debian: libviennacl-dev)"
    elif [ ! -x "$VCL" ] || [ bench/anchors/viennacl_csr.cpp -nt "$VCL" ]; then
        echo "=== building $VCL"
        if ! g++ -O2 -std=c++11 -DVIENNACL_WITH_OPENCL -DCL_TARGET_OPENCL_VERSION=120 \
               -DCL_USE_DEPRECATED_OPENCL_1_2_APIS bench/anchors/viennacl_csr.cpp -o "$VCL" -lOpenCL \
               2> "$OUTDIR/logs/viennacl_build.log"; then
            tail -5 "$OUTDIR/logs/viennacl_build.log" >&2
            skip_line viennacl_csr "build failed: see logs/viennacl_build.log"
            status=1
        fi
    fi
    if [ -x "$VCL" ] && [ -f /usr/include/viennacl/compressed_matrix.hpp ]; then
        anchor viennacl_csr "$VCL" --device "$DEV_INDEX" --N "$A_NS" --sparsity "$A_SPS" \
            --warmup "$A_WARMUP" --repeats "$A_REPEATS" --max-seconds "$A_MAXSEC"
    fi
    if [ "$DEV_TYPE" = CPU ]; then
        if "$PY" -c 'import numpy' 2> /dev/null; then
            anchor openblas_sgemm "$PY" bench/anchors/openblas_sgemm.py --N "$A_NS" --repeats 10
        else
            skip_line openblas_sgemm "numpy is not installed"
        fi
    else
        anchor torch "$PY" bench/anchors/torch_anchors.py --device cuda --N "$A_NS" --sparsity "$A_SPS" \
            --warmup "$A_WARMUP" --repeats "$A_REPEATS" --max-seconds "$A_MAXSEC"
    fi
fi
echo "load after: $(cat /proc/loadavg 2>/dev/null)" >> "$OUTDIR/host.txt"

if [ -f "$OUTDIR/suite/results.csv" ]; then
    paths=("$OUTDIR/suite")
    if [ -f "$ANCHORS" ]; then paths+=("$ANCHORS"); fi
    echo
    "$PY" bench/ratio_table.py "${paths[@]}" --out "$OUTDIR/bench-table.md" || status=1
else
    echo "run_bench: no suite results in $OUTDIR/suite yet: the table comes with the call that runs the suite"
fi
echo "run_bench: everything is in $OUTDIR (exit $status)"
exit $status
