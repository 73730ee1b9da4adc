/* "csr_auto": the CSR kernel and parameters the model of csr_auto.h picks for this matrix, N and
 * device, run as that kernel; the row's variant says which rule chose what. */
#include "sb_csr_auto.h"

#include <math.h>
#include "csr_rowblock.h"
#include "csr_tile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "launch.h"
#include "sb_profile.h"

/* The thresholds of the model (sb_csr_auto.h), one definition each. */
#define AUTO_NARROW_N 8        /* N at or below: the row-split kernel */
#define AUTO_TILE_DENSITY 0.25 /* density at or above: the dense-tile GEMM ... */
#define AUTO_TILE_DENSE 0.4    /* ... (at or above this, with half the compute units busy) */
#define AUTO_TILE_MIN_N 64     /* ... from this N on ... */
/* ... with BK 32 at N up to SB_TILE_SHORT_N when K >= SB_TILE_LONG_K: sb_tile_auto_bk */
#define AUTO_TILE_FP16_TILES4 3 /* fp16 (csr_tile at SPLITK 1): the tile at density AUTO_TILE_DENSE
                                   and above where its 64 x 64 tiles are at least this many
                                   quarters of the compute units (H200, rs12 j-tile, at 50%:
                                   1.27-1.41x csr_auto's row blocks at 0.97 tiles per CU,
                                   1.56-1.81x at 1.9-3.9; 0.85-0.89x at 0.48; at 70-90% only a
                                   few cases from 1.9 tiles per CU won, by 1.03-1.15x; held
                                   out, k-tile: 12 of 12 faster, 1.11-2.07x) */
#define AUTO_ROWS_FEW 2        /* row blocks (8 rows x 128 columns) under this many per compute
                                  unit: the row-split kernel (latency of long rows) */
#define AUTO_ROWS_SOME 4       /* ... under this many, for rows of AUTO_LONG_ROW and more at N up
                                  to AUTO_LONG_ROW_N */
#define AUTO_ROWS_MANY 8       /* ... under this many, for uneven rows (cv >= AUTO_UNEVEN_CV) of
                                  AUTO_SHORT_ROW and more */
#define AUTO_LONG_ROW 64.0
#define AUTO_LONG_ROW_N 2048
#define AUTO_SPREAD_CV 0.15    /* ... and only with rows this uneven (cv) or a ragged last column
                                  tile of AUTO_ROW_TILE */
#define AUTO_ROW_TILE 128
#define AUTO_UNEVEN_CV 0.3
#define AUTO_SHORT_ROW 12.0
#define AUTO_SPLIT_ITEMS 3072  /* work-items per compute unit the row split aims at */
#define AUTO_SPLIT_UNROLL 4    /* non-zeros a row-split work-item loads ahead ... */
#define AUTO_SPLIT_UNROLL_K4 8 /* ... and at KSPLIT 4 (H200: 1.01-1.15x over 4 on 37 of 37
                                  layers, 0.998x on one; at KSPLIT 8 mixed, 0.96-1.05x) */
#define AUTO_SPLIT_MIN_LONG 4  /* KSPLIT at least this for rows of AUTO_SPLIT_LONG_ROW and more
                                  at N <= AUTO_LONG_ROW_N, fp32 (H200, rs21: where split_for gave
                                  2, on DLMC batch 8 1.05x on 11 magnitude layers, 1.13x on 20
                                  held-out random and variational layers, synthetic shapes
                                  0.99-1.16x; held out on 7 new shapes 0.995-1.09x, geomean
                                  1.026) */
#define AUTO_SPLIT_LONG_ROW 96.0
#define AUTO_ROWS_WIDE_N 2048  /* above: the profile's wide column tiles */
#define AUTO_LOCKSTEP_N 2048   /* from this N on, with M and K of at least AUTO_LOCKSTEP_MK and
                                  density of at least AUTO_LOCKSTEP_DENSITY: 16-row groups that
                                  walk K in lockstep, KCHUNK columns at a time */
#define AUTO_LOCKSTEP_MK 512
#define AUTO_LOCKSTEP_DENSITY (1.0 / 32) /* measured: a gain at density 0.05-0.1, none at 0.02 */
#define AUTO_LOCKSTEP_KCHUNK 256
#define AUTO_TALL_MIN_N 512    /* "rows" from this N to AUTO_TALL_MAX_N, on whole column tiles ... */
#define AUTO_TALL_MAX_N 1024
#define AUTO_TALL_BLOCKS 12    /* ... with under this many row blocks per compute unit: 16 rows per
                                  work-group (H200, smalln5-1: +4.5-10% on 7 of 8 tuned-on cases
                                  at 4-8 blocks per CU, +1-2% at 16-31, inside the spread) */

#define AUTO_SHARE_MIN_N 256     /* "rows-shared" from this N on ... */
#define AUTO_SHARE_WIDE_N 1024   /* ... with R up to 8 and VPT 4 from this N (below: 4 and 2) ... */
#define AUTO_SHARE_GROUPS 3      /* ... where its work-groups are at least this many per compute
                                    unit (H200: 3.9 per CU won at N = 256 and 1024, 1.9 lost at
                                    N = 128) */

#define AUTO_CPU_SHARE_MIN_N 32  /* CPU, block-pruned A: ROW_SHARE from this N on (rs11 held out on
                                    PoCL: 0.95x at N = 8 and 24, 1.30-1.43x from N = 32; Intel's
                                    runtime 1.56-3.7x at every N) ... */
#define AUTO_CPU_SHARE_INTEL_N 1 /* ... and on Intel's CPU runtime from this N on, ahead of the
                                    SpMV split (rs12 held out: N = 2-31 1.57-2.73x; N = 1: see
                                    include/sb_csr_auto.h) */

#define AUTO_CPU_SPMV_ROW 80.0     /* CPU, N = 1: rows of this many non-zeros on average ... */
#define AUTO_CPU_SPMV_NNZ 1000000  /* ... in an A of at most this many: the row split (PoCL,
                                      paired: 1.09-1.35x csr on the 30 such cases it was read
                                      from, 1.06-1.32x on 17 of 17 held out; 0.83-0.98x at
                                      1.3-3.4 M non-zeros and at 41-72 a row) */

void sb_csr_auto_features_of(const sb_csr *A, int N, int gpu, unsigned compute_units,
                             sb_csr_auto_features *f)
{
    memset(f, 0, sizeof *f);
    f->M = A->rows;
    f->K = A->cols;
    f->N = N;
    f->nnz = A->nnz;
    f->gpu = gpu;
    f->compute_units = compute_units;
    double cells = (double)A->rows * (double)A->cols;
    f->density = cells > 0 ? (double)A->nnz / cells : 0;
    double s2 = 0;
    int empty = 0;
    for (int r = 0; r < A->rows; r++) {
        int len = A->row_ptr[r + 1] - A->row_ptr[r];
        s2 += (double)len * len;
        empty += len == 0;
        if (len > f->row_max)
            f->row_max = len;
    }
    if (A->rows > 0) {
        f->row_mean = (double)A->nnz / A->rows;
        double var = s2 / A->rows - f->row_mean * f->row_mean;
        f->row_cv = f->row_mean > 0 ? sqrt(var > 0 ? var : 0) / f->row_mean : 0;
        f->empty_rows = (double)empty / A->rows;
    }
    f->row_share = sb_csr_row_share(A);
}

void sb_csr_auto_device_features(const sb_device *dev, const sb_csr *A, int N, int fp16, int cold,
                                 sb_csr_auto_features *f)
{
    sb_csr_auto_features_of(A, N, (dev->type & SB_DEVTYPE_GPU) != 0, dev->compute_units, f);
    f->local_mem = dev->local_mem_bytes; /* the tile rules pick a form that fits it */
    f->cold = cold;
    f->fp16 = fp16;
    char slug[64];
    sb_platform_slug(dev->platform_name, slug, sizeof slug);
    f->intel_rt = !f->gpu && strcmp(slug, "intel") == 0;
    f->task_kernels = dev->profile && dev->profile->task_kernels;
}

static int pow2_floor(double x)
{
    int p = 1;
    while (p * 2 <= x && p < (1 << 20))
        p *= 2;
    return p;
}

/* KSPLIT of the row split: the power of two nearest the work-items it takes for AUTO_SPLIT_ITEMS
 * per compute unit, counting a row's column work-items (N/2 floats, in 32s), in [2, 32] and at
 * most a quarter of a row's non-zeros (measured on DLMC: 512 rows at N = 49 want 32, 2048 rows
 * at N = 392 want 2). */
static int split_for(const sb_csr_auto_features *f)
{
    double col_items = f->N / 2.0 < 32 ? 32 : ((f->N / 2 + 31) / 32) * 32.0;
    double want = (double)AUTO_SPLIT_ITEMS * (f->compute_units ? f->compute_units : 1) /
                  ((f->M > 0 ? f->M : 1) * col_items);
    int k = pow2_floor(want);
    if (want >= 1.5 * k) /* nearest in log2 */
        k *= 2;
    int cap = pow2_floor(f->row_mean / 4.0);
    if (k > cap)
        k = cap;
    return k < 2 ? 2 : k > 32 ? 32 : k;
}

/* Work-groups of csr_tile at 64 x 64 with its automatic split of K. */
static int64_t tile_groups(const sb_csr_auto_features *f, int bk)
{
    sb_csr_tile_cfg t = {.bm = 64, .bn = 64, .bk = bk};
    return sb_tile_count(f->M, f->N, 64, 64) * sb_csr_tile_splitk(&t, f->M, f->N, f->K, f->compute_units);
}

/* 1 if csr_tile at 64 x 64 (4 x 4 a work-item, CUDA cores: the tile rules' form) and this BK,
 * on this C, fits the device's local memory (csr_tile's own arithmetic, sb_csr_tile_fit), or
 * the device's is not known (0). */
static int tile_fits(const sb_csr_auto_features *f, int bk)
{
    sb_csr_tile_cfg t = {.bm = 64, .bn = 64, .bk = bk, .tm = 4, .tn = 4, .wm = 2, .wn = 2};
    sb_csr_tile_fit(&t, f->M, f->N);
    return f->local_mem == 0 || t.local_bytes <= f->local_mem;
}

void sb_csr_auto_choose(const sb_csr_auto_features *f, sb_csr_auto_choice *c)
{
    const int64_t units = f->compute_units > 0 ? f->compute_units : 1;
    if (f->task_kernels) { /* rule 0: the kernel the plan runs for csr on such a device */
        sb_auto_pick(c, "task", "csr_task");
        return;
    }
    if (!f->gpu) { /* PoCL: the tuned row blocks, except for SpMV with long rows (below) */
        /* block-pruned A from AUTO_CPU_SHARE_MIN_N on (Intel's runtime: from
           AUTO_CPU_SHARE_INTEL_N, N = 1 included, ahead of the SpMV split): a work-item computes
           up to 8 rows */
        const int share_min_n = f->intel_rt ? AUTO_CPU_SHARE_INTEL_N : AUTO_CPU_SHARE_MIN_N;
        if (f->row_share >= 2 && f->N >= share_min_n) {
            sb_auto_pick(c, "cpu-rows-shared", "csr");
            sb_auto_set(c, "csr_spmm.ROW_SHARE", f->row_share < 8 ? f->row_share : 8);
            return;
        }
        if (f->N == 1 && f->row_mean >= AUTO_CPU_SPMV_ROW && f->nnz <= AUTO_CPU_SPMV_NNZ &&
            !f->cold) {
            /* a row over 4 work-items (4 shorter chains of gathers a row), while A stays in
               cache: too big for it, or scrubbed before every call (cold: final_dense 0.60-0.75x
               csr), memory bandwidth bounds both and the split's extra work costs (a reading of
               the measurements, not profiled) */
            sb_auto_pick(c, "cpu-spmv", "csr_balanced");
            sb_auto_set(c, "csr_balanced.VEC", 1);
            sb_auto_set(c, "csr_balanced.KSPLIT", 4);
            sb_auto_set(c, "csr_balanced.COLS_PER_WG", 1);
            sb_auto_set(c, "csr_balanced.UNROLL", 4);
            return;
        }
        sb_auto_pick(c, "rows", "csr");
        return;
    }
    if (f->N <= AUTO_NARROW_N) {
        sb_auto_pick(c, "narrow", "csr_balanced");
        sb_auto_set(c, "csr_balanced.KSPLIT", 16);
        sb_auto_set(c, "csr_balanced.UNROLL", 4);
        sb_auto_set(c, "csr_balanced.COLS_PER_WG", 16); /* 256 work-items, what NVIDIA allows it */
        sb_auto_set(c, "csr_balanced.SHIFT", 1);        /* AUTO_SHIFT */
        return;
    }
    int bk = sb_tile_auto_bk(f->N, f->K);
    if (bk == 32 && !tile_fits(f, bk)) /* a device of less local memory than BK 32's (~47 KB at
                                          64 x 64): BK 16 (~25 KB), its work-groups counted */
        bk = 16;
    int64_t groups = tile_groups(f, bk);
    const int fits = tile_fits(f, bk); /* else the tile rules do not fire: the next rule picks */
    const int tile16 = fits && f->fp16 && f->N >= AUTO_TILE_MIN_N &&
                       f->density >= AUTO_TILE_DENSE &&
                       4 * sb_tile_count(f->M, f->N, 64, 64) >= AUTO_TILE_FP16_TILES4 * units;
    if (tile16 || (fits && !f->fp16 && f->N >= AUTO_TILE_MIN_N &&
                   ((f->density >= AUTO_TILE_DENSITY && groups >= units) ||
                    (f->density >= AUTO_TILE_DENSE && 2 * groups >= units)))) {
        sb_auto_pick(c, tile16 ? "tile-fp16" : "tile", "csr_tile");
        sb_auto_set(c, "csr_tile.BM", 64);
        sb_auto_set(c, "csr_tile.BN", 64);
        sb_auto_set(c, "csr_tile.TM", 4);
        sb_auto_set(c, "csr_tile.TN", 4);
        sb_auto_set(c, "csr_tile.BK", bk);
        sb_auto_set(c, "csr_tile.SPLITK", 0);
        return;
    }
    if (f->row_share >= 2 && f->N >= AUTO_SHARE_MIN_N) {
        const int wide = f->N >= AUTO_SHARE_WIDE_N;
        const int cap = wide ? 8 : 4, vpt = wide ? 4 : 2;
        const int r = f->row_share < cap ? f->row_share : cap;
        /* groups of r rows, 8 a work-group, 16 work-items a row x VEC 2 x VPT columns */
        const int64_t groups = sb_rowblock_groups(f->M, r, 8, f->N, 16 * 2 * vpt);
        if (groups >= AUTO_SHARE_GROUPS * units) {
            sb_auto_pick(c, "rows-shared", "csr");
            sb_auto_set(c, "csr_spmm.ROW_SHARE", r);
            sb_auto_set(c, "csr_spmm.VEC", 2);
            sb_auto_set(c, "csr_spmm.VPT", vpt);
            sb_auto_set(c, "csr_spmm.TILE_COLS", 16);
            sb_auto_set(c, "csr_spmm.ROWS_PER_WG", 8);
            sb_auto_set(c, "csr_spmm.UNROLL", wide ? 2 : 4);
            return;
        }
    }
    int64_t row_blocks = sb_rowblock_groups(f->M, 1, 8, f->N, 128);
    int split = row_blocks < AUTO_ROWS_FEW * units ||
                (row_blocks < AUTO_ROWS_SOME * units && f->row_mean >= AUTO_LONG_ROW &&
                 f->N <= AUTO_LONG_ROW_N &&
                 (f->row_cv >= AUTO_SPREAD_CV || f->N % AUTO_ROW_TILE != 0)) ||
                (row_blocks < AUTO_ROWS_MANY * units && f->row_cv >= AUTO_UNEVEN_CV &&
                 f->row_mean >= AUTO_SHORT_ROW);
    if (split) {
        int k = split_for(f);
        if (k < AUTO_SPLIT_MIN_LONG && f->row_mean >= AUTO_SPLIT_LONG_ROW &&
            f->N <= AUTO_LONG_ROW_N && !f->fp16) /* measured at fp32 only */
            k = AUTO_SPLIT_MIN_LONG;
        sb_auto_pick(c, "split", "csr_balanced");
        sb_auto_set(c, "csr_balanced.KSPLIT", k);
        sb_auto_set(c, "csr_balanced.UNROLL", k == 4 ? AUTO_SPLIT_UNROLL_K4 : AUTO_SPLIT_UNROLL);
        sb_auto_set(c, "csr_balanced.COLS_PER_WG", k > 8 ? 256 / k : 32); /* <= 256 work-items */
        sb_auto_set(c, "csr_balanced.SHIFT", 1);                           /* AUTO_SHIFT */
        return;
    }
    if (f->fp16) { /* the row blocks at the profile's parameters: the rules below lost at fp16 */
        sb_auto_pick(c, "rows-fp16", "csr");
        return;
    }
    if (f->N >= AUTO_LOCKSTEP_N && f->M >= AUTO_LOCKSTEP_MK && f->K >= AUTO_LOCKSTEP_MK &&
        f->density >= AUTO_LOCKSTEP_DENSITY) {
        sb_auto_pick(c, "rows-lockstep", "csr");
        sb_auto_set(c, "csr_spmm.VPT", 4);
        sb_auto_set(c, "csr_spmm.TILE_COLS", 16);
        sb_auto_set(c, "csr_spmm.ROWS_PER_WG", 16); /* 256 work-items: NVIDIA's limit for this kernel */
        sb_auto_set(c, "csr_spmm.KCHUNK", AUTO_LOCKSTEP_KCHUNK);
        return;
    }
    if (f->N >= AUTO_TALL_MIN_N && f->N <= AUTO_TALL_MAX_N && f->N % AUTO_ROW_TILE == 0 &&
        row_blocks < AUTO_TALL_BLOCKS * units) {
        sb_auto_pick(c, "rows-tall", "csr");
        sb_auto_set(c, "csr_spmm.VPT", 4);
        sb_auto_set(c, "csr_spmm.TILE_COLS", 16);
        sb_auto_set(c, "csr_spmm.ROWS_PER_WG", 16); /* 256 work-items: NVIDIA's limit */
        return;
    }
    if (f->N <= AUTO_ROWS_WIDE_N) {
        sb_auto_pick(c, "rows", "csr");
        sb_auto_set(c, "csr_spmm.VPT", 4);
        sb_auto_set(c, "csr_spmm.TILE_COLS", 16);
        return;
    }
    sb_auto_pick(c, "rows-wide", "csr");
}

int sb_csr_auto_all_choices(sb_csr_auto_choice *out, int max)
{
    /* one feature set per branch of the model, in its order, and per KSPLIT it can pick */
    static const sb_csr_auto_features probe[] = {
        {.N = 64, .task_kernels = 1}, /* task */
        {.N = 1, .gpu = 1},
        {.M = 4096, .K = 4096, .N = 1024, .density = 0.5, .gpu = 1, .compute_units = 132},
        {.M = 1024, .K = 4096, .N = 256, .density = 0.5, .gpu = 1, .compute_units = 132},
        {.M = 2048, .K = 4096, .N = 392, .density = 0.05, .row_mean = 200, .row_cv = 0.5,
         .gpu = 1, .compute_units = 132}, /* split KSPLIT 2 */
        {.M = 1024, .K = 4096, .N = 196, .density = 0.05, .row_mean = 200, .gpu = 1,
         .compute_units = 132}, /* 4 */
        {.M = 512, .K = 4096, .N = 196, .density = 0.05, .row_mean = 200, .gpu = 1,
         .compute_units = 132}, /* 8 */
        {.M = 256, .K = 4096, .N = 196, .density = 0.05, .row_mean = 200, .gpu = 1,
         .compute_units = 132}, /* 16 */
        {.M = 512, .K = 4096, .N = 49, .density = 0.05, .row_mean = 200, .gpu = 1,
         .compute_units = 132}, /* 32 */
        {.M = 4096, .K = 4096, .N = 1024, .density = 0.1, .row_mean = 400, .gpu = 1,
         .compute_units = 132},
        {.M = 1024, .K = 1024, .N = 1024, .density = 0.1, .row_mean = 100, .gpu = 1,
         .compute_units = 132}, /* rows-tall */
        {.M = 4096, .K = 4096, .N = 4096, .density = 0.1, .row_mean = 400, .gpu = 1,
         .compute_units = 132}, /* rows-lockstep */
        {.M = 4096, .K = 4096, .N = 4096, .density = 0.02, .row_mean = 80, .gpu = 1,
         .compute_units = 132}, /* rows-wide */
        {.M = 4096, .K = 4096, .N = 256, .density = 0.05, .row_mean = 200, .row_share = 8,
         .gpu = 1, .compute_units = 132}, /* rows-shared, R 4 */
        {.M = 4096, .K = 4096, .N = 1024, .density = 0.05, .row_mean = 200, .row_share = 8,
         .gpu = 1, .compute_units = 132}, /* rows-shared, R 8 */
        {.M = 4096, .K = 4096, .N = 256, .density = 0.1, .row_mean = 400, .fp16 = 1, .gpu = 1,
         .compute_units = 132}, /* rows-fp16 */
        {.M = 512, .N = 64, .gpu = 0},
        {.M = 512, .N = 64, .row_share = 8, .gpu = 0}, /* cpu-rows-shared */
        {.M = 512, .N = 8, .row_share = 4, .gpu = 0, .intel_rt = 1}, /* ... on Intel's, R 4 */
        {.M = 1000, .K = 2048, .N = 1, .nnz = 204800, .density = 0.1, .row_mean = 204.8,
         .row_share = 2, .gpu = 0, .intel_rt = 1, .compute_units = 2}, /* ..., N = 1, R 2 */
        {.M = 1000, .K = 2048, .N = 1, .nnz = 204800, .density = 0.1, .row_mean = 204.8, .gpu = 0,
         .compute_units = 2}, /* cpu-spmv */
    };
    int n = (int)(sizeof probe / sizeof probe[0]);
    for (int i = 0; i < n && i < max; i++)
        sb_csr_auto_choose(&probe[i], &out[i]);
    return n;
}

typedef struct auto_state {
    const sb_kernel *k;
    void *inner;
} auto_state;

static int auto_prepare(sb_cl_env *env, sb_operand *op, const sb_kparams *params, void **state,
                        sb_kernel_info *info, sb_error *err)
{
    (void)params; /* csr_auto has none of its own: the model sets the chosen kernel's */
    sb_csr_auto_features f;
    sb_csr_auto_device_features(env->dev, op->csr, op->N, op->precision == SB_PRECISION_FP16,
                                op->cold, &f);
    sb_csr_auto_choice c;
    sb_csr_auto_choose(&f, &c);
    const sb_kernel *k = sb_kernel_find(c.kernel);
    if (!k)
        return sb_fail(err, "csr_auto: its model picked '%s', which is not built in", c.kernel);
    auto_state *st = sb_calloc(1, sizeof *st);
    st->k = k;
    *state = st;
    sb_kparams inner, fitted;
    int rc = sb_auto_kparams(&c, env, &inner, err);
    if (rc == 0) /* the chosen work-group fitted to the device, as asked parameters are; at the
                    case's precision (sb_kernel_prepare_fit) */
        rc = sb_kernel_prepare_fit(k, env, op, &inner, &fitted, &st->inner, info, err);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "auto %s -> %s: ", c.rule, c.kernel);
    sb_variant_prefix(info, prefix);
    return rc;
}

static int auto_enqueue(void *state, sb_cl_env *env, cl_event *events, int max_events,
                        int *n_events, sb_error *err)
{
    auto_state *st = state;
    return st->k->enqueue(st->inner, env, events, max_events, n_events, err);
}

static void auto_release(void *state)
{
    auto_state *st = state;
    if (!st)
        return;
    if (st->inner)
        st->k->release(st->inner);
    free(st);
}

const sb_kernel sb_kernel_csr_auto = {
    .name = "csr_auto",
    .prepare = auto_prepare,
    .enqueue = auto_enqueue,
    .release = auto_release,
};
