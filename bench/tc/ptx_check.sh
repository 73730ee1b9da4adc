#!/bin/sh
# Compiles the tensor-core kernels to PTX with clang (OpenCL C -> nvptx64) and assembles them for
# sm_90 with ptxas: catches inline-PTX syntax errors and shows registers, shared memory and spills
# without a GPU. The register counts are clang's, not NVIDIA's OpenCL compiler's: a guide only.
#   bench/tc/ptx_check.sh [FILE.cl "-DOPTIONS"]...   (default: every kernel at its defaults)
# Needs clang (14 or later) and ptxas (CUDA toolkit) on PATH; SASS=1 also prints the SASS
# instruction mix (cuobjdump + nvdisasm on PATH).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
k="$here/cl_kernels"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/shim.h" <<'SHIM'
#define get_local_id(d) ((size_t)((d) == 0 ? __nvvm_read_ptx_sreg_tid_x() : (d) == 1 ? __nvvm_read_ptx_sreg_tid_y() : __nvvm_read_ptx_sreg_tid_z()))
#define get_group_id(d) ((size_t)((d) == 0 ? __nvvm_read_ptx_sreg_ctaid_x() : (d) == 1 ? __nvvm_read_ptx_sreg_ctaid_y() : __nvvm_read_ptx_sreg_ctaid_z()))
#define barrier(f) __syncthreads()
#define get_global_id(d) (get_group_id(d) * (size_t)((d) == 0 ? __nvvm_read_ptx_sreg_ntid_x() : (d) == 1 ? __nvvm_read_ptx_sreg_ntid_y() : __nvvm_read_ptx_sreg_ntid_z()) + get_local_id(d))
/* clang's OpenCL header declares no vload_half / vstore_half for nvptx (and no cl_khr_fp16): the
 * same conversions through NVVM's (cvt.rn.f16.f32 and back) on the halves' bits, so the
 * -DSB_HALF=1 epilogue and tc_convert.cl assemble here too */
#define SB_U16P(p) ((__global ushort *)(p))
static inline float sb_h2f(ushort h) { float f; __asm__("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f; }
#define vload_half(i, p) sb_h2f(((const __global ushort *)(p))[i])
#define vstore_half_rte(x, i, p) (SB_U16P(p)[i] = __nvvm_f2h_rn(x))
#define vstore_half2_rte(v, i, p) (SB_U16P(p)[2 * (i)] = __nvvm_f2h_rn((v).x), SB_U16P(p)[2 * (i) + 1] = __nvvm_f2h_rn((v).y))
SHIM
clang=$(command -v clang || command -v clang-15 || command -v clang-14)
if [ $# -eq 0 ]; then
    set -- tc_gemm.cl "" tc_gemm.cl "-DTC_TF32" tc_bsr.cl "-DBS=32" tc_bsr.cl "-DBS=16" \
           tc_nm.cl "" tc_probe.cl "" tc_gemm.cl "-DSB_HALF=1" tc_bsr.cl "-DBS=32 -DSB_HALF=1" \
           tc_nm.cl "-DSB_HALF=1" tc_convert.cl ""
fi
status=0
while [ $# -ge 2 ]; do
    f=$1 opts=$2
    shift 2
    # shellcheck disable=SC2086
    if ! "$clang" -cl-std=CL2.0 -target nvptx64-nvidia-cuda -Xclang -finclude-default-header -O3 \
        -include "$tmp/shim.h" -DSB_ASM_KEYWORD=__asm__ -I"$k" $opts -S "$k/$f" -o "$tmp/k.ptx" 2> "$tmp/err"; then
        echo "== $f $opts: clang FAILED"; cat "$tmp/err"; status=1; continue
    fi
    sed -i -e 's/^\.version .*/.version 8.0/' -e 's/^\.target .*/.target sm_90/' "$tmp/k.ptx"
    if ptxas -arch=sm_90 -v "$tmp/k.ptx" -o "$tmp/k.o" > "$tmp/log" 2>&1; then
        echo "== $f $opts: $(grep -E 'Used' "$tmp/log" | sed 's/ptxas info *: //') $(grep -E 'spill' "$tmp/log" | sed 's/^ *//')"
        if [ "${SASS:-0}" = 1 ]; then
            cuobjdump -sass "$tmp/k.o" | grep -E '^\s+/\*[0-9a-f]{4}\*/' | awk '{print $2}' |
                sed 's/\..*//; s/;//' | sort | uniq -c | sort -rn | head -12
        fi
    else
        echo "== $f $opts: ptxas FAILED"; grep -v Advisory "$tmp/log"; status=1
    fi
done
exit $status
