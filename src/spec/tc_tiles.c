/* Tensor-core tiling rules (see sb_spec.h): which tiles the kernels can be built with, their
 * work-group size and the local memory of their cp.async ring. */
#include "sb_spec.h"

#include <stdio.h>

int sb_tc_tile_check(sb_tc_kind kind, const sb_tc_tile *t, char *why, size_t why_len)
{
    const int bm = kind == SB_TC_BSR ? t->BS : t->BM, wm = kind == SB_TC_BSR ? t->BS : t->WM;
    const char *bad = NULL;
    if (kind == SB_TC_BSR && t->BS != 16 && t->BS != 32 && t->BS != 64)
        bad = "the block must be 16x16, 32x32 or 64x64";
    else if (wm < 16 || wm % 16 || t->WN < 16 || t->WN % 16)
        bad = "WM and WN must be multiples of 16";
    else if (bm % wm || t->BN % t->WN)
        bad = "WM must divide BM and WN divide BN";
    else if (t->STAGES < 2 || t->STAGES > 6)
        bad = "STAGES must be 2 .. 6";
    else if (kind == SB_TC_NM && (t->KSTEPS < 1 || t->KSTEPS > 4))
        bad = "KSTEPS must be 1 .. 4";
    else if (kind == SB_TC_GEMM_F16 && t->BK != 16 && t->BK != 32)
        bad = "BK must be 16 or 32";
    else if (kind == SB_TC_GEMM_TF32 && t->BN < 32)
        bad = "the tf32 kernel needs BN >= 32";
    else if (sb_tc_threads(kind, t) > 1024)
        bad = "more than 1024 work-items per work-group";
    else if (sb_tc_ring_bytes(kind, t) > SB_TC_LOCAL_BYTES)
        bad = "the cp.async ring exceeds 48 KB of local memory (fewer STAGES or a smaller tile)";
    if (bad) {
        snprintf(why, why_len, "%s", bad);
        return -1;
    }
    return 0;
}

int sb_tc_threads(sb_tc_kind kind, const sb_tc_tile *t)
{
    if (kind == SB_TC_BSR)
        return t->BN / t->WN * 32;
    return (t->BM / t->WM) * (t->BN / t->WN) * 32;
}

size_t sb_tc_ring_bytes(sb_tc_kind kind, const sb_tc_tile *t)
{
    size_t chunks; /* 16-byte chunks per stage, as the kernels lay them out */
    switch (kind) {
    case SB_TC_GEMM_F16: /* BK halves */
        chunks = (size_t)t->BM * (t->BK / 8) + (size_t)t->BK * (t->BN / 8);
        break;
    case SB_TC_GEMM_TF32: /* BK 16 floats */
        chunks = (size_t)t->BM * 4 + (size_t)16 * (t->BN / 4);
        break;
    case SB_TC_BSR:
        chunks = (size_t)t->BS * (t->BS / 8) + (size_t)t->BS * (t->BN / 8);
        break;
    default: /* SB_TC_NM: A 16*KSTEPS halves per row, B 32*KSTEPS rows, metadata */
        chunks = (size_t)t->BM * 2 * t->KSTEPS + (size_t)32 * t->KSTEPS * (t->BN / 8) +
                 (size_t)t->KSTEPS * t->BM / 4;
        break;
    }
    return chunks * 16 * (size_t)t->STAGES;
}

