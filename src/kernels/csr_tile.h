/* The csr_tile kernel's shape, shared by its host file and csr_auto's model. */
#ifndef SB_KERNELS_CSR_TILE_H
#define SB_KERNELS_CSR_TILE_H

#include "launch.h"

typedef struct sb_csr_tile_cfg {
    int bm, bn, bk, tm, tn, mma, wm, wn;
    int splitk;         /* 0: automatic */
    int threads;        /* work-group size */
    size_t local_bytes; /* local memory the kernel declares */
} sb_csr_tile_cfg;

/* Tiles of bm x bn covering an M x N C (one work-group each before any split of K). */
static inline int64_t sb_tile_count(int M, int N, int bm, int bn)
{
    return (int64_t)((M + bm - 1) / bm) * ((N + bn - 1) / bn);
}

/* The tile of a dense-tile kernel's values p (csr_tile or nm_tile: the catalogue checked them),
 * shrunk to a small C (M x N), with its work-group size and local memory. */
int sb_csr_tile_shape(const sb_kparams *p, int M, int N, sb_csr_tile_cfg *c);
/* The shape of c's tile (bm, bn, bk, tm, tn, mma, wm, wn) on a C of M x N, one definition for the
 * kernels and the models that pick them (csr_auto, nm's): bm and bn lowered for a small C, the
 * work-group size, and the local memory cl_kernels/csr_tile.cl declares (three A tiles, two B
 * slices, the row counts); sb_nm_tile_local_bytes gives nm_tile.cl's. */
void sb_csr_tile_fit(sb_csr_tile_cfg *c, int M, int N);
/* Local memory cl_kernels/nm_tile.cl declares for c's fitted tile (two A tiles, two B slices, no
 * counts), with bk raised as nm_tile raises it to hold whole groups of m (sb_nm_tile_bk). */
size_t sb_nm_tile_local_bytes(const sb_csr_tile_cfg *c, int m);
/* nm_tile's chunk of A: bk doubled until it holds a group of m (it must then divide by m). */
int sb_nm_tile_bk(int bk, int m);
/* 1 if nm_tile runs groups of m at chunk bk: sb_nm_tile_bk(bk, m) holds whole groups (m = 3, 5,
 * 6, 7, ... never do; the gathers run any m). */
int sb_nm_tile_whole(int bk, int m);
/* The chunk of A the automatic tile rules ask for (csr_auto's model, nm_spmm's TILE_MIN_N rule):
 * 32 columns at N up to SB_TILE_SHORT_N with K from SB_TILE_LONG_K, else 16 (PERF_NOTES, issue
 * 14 on the H200: 1024x4096 at N = 256 113 vs 151 us, at N = 2048 886 vs 723). The caller lowers
 * it where the device's local memory does not hold it. */
#define SB_TILE_SHORT_N 512
#define SB_TILE_LONG_K 1024
static inline int sb_tile_auto_bk(int N, int K)
{
    return N <= SB_TILE_SHORT_N && K >= SB_TILE_LONG_K ? 32 : 16;
}
/* Sets BM, BN, BK of p to the shape's (what the program is built with and the variant says). */
void sb_csr_tile_apply(const sb_csr_tile_cfg *c, sb_kparams *p);

/* The number of parts K is split into when SPLITK is automatic: 1 when the tiles of C give half
 * the compute units one each; else doubled while the tiles times the parts fill fewer than two
 * work-groups per compute unit, each part keeps at least 8 chunks of K and the partial tiles
 * stay under 256 MiB. */
int sb_csr_tile_splitk(const sb_csr_tile_cfg *c, int M, int N, int K, unsigned compute_units);

/* Split K's device buffers, owned by st: the partial tiles (splitk x M x N floats; 4 bytes when
 * splitk is 1) and one counter per tile, zeroed (the kernel leaves them zero after each run). */
int sb_tile_splitk_buffers(sb_launch_state *st, sb_cl_env *env, int splitk, int M, int N,
                           size_t tiles, cl_mem *work, cl_mem *counters, sb_error *err);

/* 1 if the device runs NVIDIA's mma.sync TF32 instructions (compute capability 8.0 and up). */
int sb_csr_tile_has_mma(const sb_device *dev);

#endif
