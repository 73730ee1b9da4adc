/* nm's model (include/sb_nm_auto.h): the path and parameters the N:M kernel runs on a device. */
#include "sb_nm_auto.h"

#include <string.h>
#include "csr_tile.h"
#include "launch.h"

/* The thresholds of the model (sb_nm_auto.h), one definition each. */
#define NM_TILE_MIN_N 33     /* the tile from this N on, where its work-groups fill half the GPU
                                (H200, nm8 tile: 1.25-2.5x csr_auto at N = 36-48 where the gathers
                                ran 0.89-1.18x; 64 before) ... */
#define NM_TILE_MID_N 17     /* ... and from this N where A has NM_TILE_MID_MK positions or more */
#define NM_TILE_MID_MK (3 << 20) /* (nm8 tile at N = 20-32: 1.1-1.6x csr_auto from 4.2 M,
                                    0.83-0.97x at 1-2.4 M, which keep the gather) */
#define NM_TILE_SHORT_MK (3 << 19) /* at N = NM_TILE_MID_N-32 on short A (not "tall") of 1.5 x 2^20
                                      positions up to NM_TILE_MID_MK: a 32-row tile, two columns a
                                      work-item (nm8 tile2: 1.12-1.30x the gather held out) */
#define NM_TILE_BK 16        /* columns of A per chunk of the tile */
#define NM_MMA_MIN_N 1024    /* the tile on 3xTF32 tensor cores from this N on, CUDA cores below */
#define NM_TILE_FP16_TILES4 3 /* fp16 (nm_tile at SPLITK 1): the tile where its 64 x 64 tiles are
                                 at least this many quarters of the CUs (H200, rs11 g-nmtile:
                                 1.45-1.94 per CU won 1.38-1.94x csr_auto, 0.36-0.48 lost; one
                                 per CU until rs13 e-status: from 0.76 per CU csr_auto's own
                                 tile-fp16, AUTO_TILE_FP16_TILES4, ran 1.05-1.56x nm's gather) */
#define NM_CHUNK 4           /* consecutive kept values per load in the gather */
#define NM_IN_FLIGHT 16      /* floats of B a gather work-item loads ahead: UNROLL x CHUNK x VEC */
#define NM_VEC 2             /* floats of B per load in the gather (fitted to N) */
#define NM_FP16_VEC 4        /* ... halves at fp16 from NM_FP16_VEC_MIN_N on (where they do not
                                divide N, SHIFT 1: rs13's NM_GPU_EDGES), with NM_IN_FLIGHT
                                floats' bytes in flight (the same 8-byte loads) ... */
#define NM_FP16_VEC_MIN_N 33 /* ... (rs11 i-nmgather, VEC 4 at every N: 1.22-1.46x VEC 2 at
                                N = 40-256, a tie at 24-32, 0.64-0.92x at N <= 16; from N = 33
                                held out, rs12 a-screen: 1.10-1.44x on six cases where 4 divides N,
                                0.840x at N = 34, where it does not; then f-held: 18 of 21 faster,
                                1.10-1.46x, 0.93-0.95x where it kept VEC 2's KSPLIT: now twice
                                that, held out on g-held: 25 of 25 faster, 1.09-1.39x; with
                                SHIFT where 4 does not divide N, rs13 b-screen: 1.02-2.11x
                                csr_auto where VEC 2 ran 0.75-0.96x) */
#define NM_ITEMS 3072        /* work-items per compute unit the gather aims at (csr_auto's) */
#define NM_WG 256            /* work-items per work-group at most (COLS x KSPLIT) */
#define NM_WARP 32           /* tall: work-items a row (COLS x KSPLIT) ... */
#define NM_IN_FLIGHT_TALL 32 /* ... and floats of B each loads ahead (H200, nm8: 1.02-1.20x the
                                3072-per-CU KSPLIT on 2:4 matrices of 2048-8192 rows at N = 4-32) */
#define NM_TALL_MAX_COLS 16  /* tall rows from 2 to this many column vectors (N = 2-32); at 16
                                (N = 17-32) a gain on 7 of 12 tall shapes (1.02-1.10x), a loss on
                                1792x3584 (0.89x); at 32 (N = 33-63) other KSPLITs read best */
#define NM_TALL_VEC1_N 4     /* tall: VEC 1 up to this N (nm8: 1.04-1.45x VEC 2 at N = 2-4; at
                                N = 2 and 4 gather-single below comes first, so N = 3) */
#define NM_SINGLE_MAX_N 4    /* even N up to this: single kept values per load (CHUNK 1), VEC 2 */
#define NM_SINGLE_KSPLIT 32  /* ... a row's kept values over 32 work-items ... */
#define NM_SINGLE_UNROLL 8   /* ... each 8 loads ahead (H200, nm8 chunk1: 1.00-1.27x the gathers
                                above at N = 2 and 4 on 2:4 matrices of 512-4096 rows; at N = 3,
                                5, 6, 8 and 12 not a gain) */
#define NM_SINGLE_TALL_KSPLIT 16 /* ... 16 on tall A (nm9 ab: 1.09-1.30x csr_auto at N = 4 where
                                    32 ran 1.02-1.27x, after the index arithmetic change) */
#define NM_GATHER_LANE 1     /* the gather (rule 2, fp32): LANE 1, a work-item's meta word, shift
                                and column worked out once (H200, nm10: nm / LANE 1.01-1.05 on 18
                                of 20 cases at N = 20-32, none slower; held out, 39 cases of eight
                                new shapes at N = 10-52: 19 faster, none slower, up to 1.18x at
                                N = 44-52; narrow and single lost as often as they won with it) */
#define NM_TALL_LANE2_COLS 16 /* the tall gather at this many column vectors (KSPLIT 2, N = 17-32):
                                 LANE 2, each unrolled slot's meta word, shift and column worked
                                 out once (H200, nm10 lane2: 1.01-1.06x on 13 of 13 such cases,
                                 11 clear of the interval, held out 39 of 40 faster; at 2-8
                                 vectors mixed, 0.95-1.08x) */
/* NM_FP16_SINGLE: at fp16 (where nm's other small-N rules are fp32's only) the rules with single
 * kept values in VEC 2 loads hold too: gather-single (N = 2 and 4) and gather-narrow's N = 8. H200
 * (paired, sb_sweep at fp16, results/2026-12-01-h200-rs12): the fp32 choice on halves against the
 * fp16 gather, over a-screen and the failed held-out sets of two wider forms (b-held, c-held: the
 * fp32 rules at every N <= 8 and the tall gather at N = 17-32): these two 1.06-1.23x on 17 of 20
 * cases, ties on 3, never slower, where narrow's pairs (0.71x), its VEC 4 (0.886x once) and the
 * tall gather at N = 17-32 (0.94x, 7 cases) lost; held out (d-held, seven new shapes at N = 2,
 * 4 and 8): 14 of 17 faster (1.07-1.18x), 3 ties, none slower. rs14 adds narrow's N = 7 (VEC 4,
 * single kept values: NM_FP16_NARROW_VEC4_N): its rs12 loss (0.886x) was before SHIFT (rs13)
 * took the partial last vector off the slow path; shifted it won held out (f-held-u) */
/* NM_GPU_EDGES (rs13, H200, paired against csr_auto; results/2026-12-01-h200-rs13): the gather's
 * edges on a GPU. Where VEC does not divide N, the row's last vector took the partial path
 * (vload_partial, lane by lane) and set the row's time: SHIFT 1 (that vector loads and stores the
 * row's last VEC columns) ran nm 1.05-2.30x csr_auto at fp16 where the model ran 0.75-1.20x, and
 * 1.46-1.79x at fp32 (1.04-1.24x), b-screen, odd N = 5-53. At fp16 on VEC 2 forms at N = 5-32:
 * LANE 1 (2-8% on the plain gather; on narrow's N = 8 only from NM_FP16_LANE_ROWS rows a CU:
 * 0.86x at 1024 rows, 1.04-1.17x at 2560-6656, 1.13x at 1792) and COLS 3 where N is three
 * column vectors (N = 5 and 6: no idle work-item, 1.00-1.98x) */
#define NM_FP16_LANE_MIN_N 5  /* fp16 LANE 1 from this N (screened from 5) ... */
#define NM_FP16_LANE_MAX_N 32 /* ... to this one (VEC 2: above it VEC 4) */
#define NM_FP16_LANE_ROWS 12  /* ... on narrow's single kept values (CHUNK 1) from this many rows
                                 a CU (a-screen, b-screen: lost at 7.8, won at 19-50; rs14
                                 e-screen: 1.13x the model's choice at 13.6, so 12, not 16; held
                                 out on held-u) */
#define NM_FP16_NARROW_VEC4_N 7 /* fp16 at this N: narrow's fp32 form too (VEC 4, COLS 2, single
                                   kept values, shifted; rs14 e-screen, six tall shapes: 1.01-1.09x
                                   the plain gather's choice, nm 0.97-1.10x csr_auto where it ran
                                   0.92-1.09x; held out on held-u) */
#define NM_FP16_EXACT_MIN_N 7 /* fp16, VEC 2, from this N to NM_FP16_LANE_MAX_N where more than
                                 a quarter of COLS (a power of two) would idle: COLS exactly the
                                 column vectors, KSPLIT doubled within NM_WG and the row (rs13
                                 i-screen: 1.02-1.19x csr_auto at N = 9-28 where the model ran
                                 0.88-0.96x). Fourth form: every case of the three failed held-out
                                 sets with more than a quarter idle ran 0.995-1.42x (50 cases), a
                                 quarter or less 0.92-1.33x (38); held out on held-w, rs14. N = 5-6
                                 keep COLS 3 at their KSPLIT (c-held) */
#define NM_NARROW_MIN_MK (1 << 21) /* narrow (N = 5-8): A of this many positions and more, where
                                      it was measured (2.4-8 M) */
#define NM_CPU_VEC_MAX 16    /* CPU: floats of B per load, the native width up to this */
#define NM_CPU_UNROLL 4      /* CPU: chunks a work-item loads before using the first */
#define NM_CPU_ACCS 4        /* CPU: accumulators a work-item sums into (not one FMA chain) ... */
#define NM_CPU_VPT 4         /* CPU: column vectors a work-item computes, at most, where they divide
                                N: a kept value's position worked out once for all of them (nm9:
                                1.4-1.8x VPT 1 at N = 32-128 on PoCL and Intel's runtime) ... */
#define NM_CPU_VPT_ACCS 2    /* ... and then accumulators per vector (ACCS 2 x VPT vectors) ... */
#define NM_CPU_VPT_MIN_N 32  /* ... from this N on (measured at 32-128 with VEC 16 only) */
#define NM_CPU_INTEL_RX 16   /* CPU, N = 1, Intel's runtime only: rows a work-group (one a
                                work-item) ... */
#define NM_CPU_INTEL_RX_CHUNK 1 /* ... single kept values (nm10/nm11: 1.2-1.4x RX 1, CHUNK 4 on
                                   Intel's runtime, 0.76-0.83x on PoCL) */
#define NM_CPU_LINE_FLOATS 16 /* CPU cover rule: PADB where N > this is not a multiple of it
                                  (B's rows not whole 64-byte lines; nm11: 1.3-1.8x at N = 29-60,
                                  1.0-1.2x at 20/22, 0.8-1.0x at N = 5-12 and 80: not taken) */
#define NM_CPU_HALF_VEC 8    /* CPU cover rule: VEC halved down to this where one work-item a row
                                then needs fewer columns (nm10: VEC 8 x VPT 3 at N = 20, 24) */
#define NM_CPU_NARROW_VPT 6  /* CPU whose native width is NM_CPU_HALF_VEC (AVX2's 8 floats): from
                                NM_CPU_VPT_MIN_N, up to this many vectors a work-item where that
                                covers a row in fewer work-items (COLS); 6 x 2 accumulators leave 4
                                of AVX2's 16 vector registers (rs12 screen, AVX2 code: VEC 8 x VPT
                                6 at N = 48 and x 5 at 80 about 1.3x VPT 2 with idle items) */

void sb_nm_auto_device_features(const sb_device *dev, int M, int K, int N, int n, int m, int fp32,
                                sb_nm_auto_features *f)
{
    *f = (sb_nm_auto_features){.M = M, .K = K, .N = N, .n = n, .m = m,
                               .gpu = (dev->type & SB_DEVTYPE_GPU) != 0, .fp32 = fp32,
                               .mma = sb_csr_tile_has_mma(dev),
                               .vec_width = (int)dev->native_vec_float,
                               .compute_units = dev->compute_units,
                               .local_mem = dev->local_mem_bytes};
    char slug[64];
    sb_platform_slug(dev->platform_name, slug, sizeof slug);
    f->intel_rt = !f->gpu && strcmp(slug, "intel") == 0;
}

static int pow2_floor(double x)
{
    int p = 1;
    while (p * 2 <= x && p < (1 << 20))
        p *= 2;
    return p;
}

/* Column vectors of N at vec floats each, and the work-group's COLS: the power of two covering
 * them, at most 32. */
static int cols_for(int N, int vec, int *col_vecs)
{
    *col_vecs = (N + vec - 1) / vec;
    int cols = 1;
    while (cols < *col_vecs && cols < 32)
        cols *= 2;
    return cols;
}

/* Tall: rows enough that a full work-group (NM_WG) a row would put more than NM_ITEMS work-items
 * on each compute unit. The gather's warp-a-row rule and the short tile's exclusion read it. */
static int tall_rows(const sb_nm_auto_features *f)
{
    return (double)f->M * NM_WG > (double)NM_ITEMS * (f->compute_units ? f->compute_units : 1);
}

/* narrow (fp32, N = 5-8, M x K >= NM_NARROW_MIN_MK): csr_balanced's way through a row, single
 * kept values (CHUNK 1; N = 6: pairs), VEC 4 at odd N. H200 (nm9 ab, paired against csr_auto,
 * after the index arithmetic change): read off six 2:4 matrices of 2.4-8 M positions at N = 5, 6
 * and 8 (1.02-1.48x at N = 5, 0.98-1.26x at 6, 0.94-1.28x at 8, where the gathers above ran
 * 0.97-1.51x, 0.95-1.20x and 0.90-1.09x), seen on five more at N = 5, 7 and 8 in the same run.
 * KSPLIT 8 on tall A at N = 8 was read off four tall matrices of K = 1024-1792 (nm9 rest:
 * 1.00-1.05x where 16 ran 0.94-0.99x) and lost held out on three of five (nm9 d-final: 2304^2,
 * 1664x3328 and 5120x1024 at 0.93-0.985x of KSPLIT 16): not kept. */
static const struct {
    int N, vec, chunk, ksplit, unroll;
} narrow[] = {{5, 4, 1, 32, 4}, {6, 2, 2, 8, 4}, {7, 4, 1, 32, 4}, {8, 2, 1, 16, 8}};

/* A gather choice: nm_spmm with these VEC, COLS, UNROLL and CHUNK, and KSPLIT k lowered to at
 * most one work-item per CHUNK x UNROLL kept values of a row and NM_WG / COLS (every gather rule
 * bounds it so). */
static void pick_gather(sb_nm_auto_choice *c, const char *rule, int64_t kept, int vec, int k,
                        int cols, int unroll, int chunk)
{
    int cap = pow2_floor((double)kept / ((double)chunk * unroll));
    if (k > cap)
        k = cap;
    if (k > NM_WG / cols)
        k = NM_WG / cols;
    sb_auto_pick(c, rule, "nm");
    sb_auto_set(c, "nm_spmm.VEC", vec);
    sb_auto_set(c, "nm_spmm.KSPLIT", k);
    sb_auto_set(c, "nm_spmm.COLS", cols);
    sb_auto_set(c, "nm_spmm.UNROLL", unroll);
    sb_auto_set(c, "nm_spmm.CHUNK", chunk);
}

/* The gather's KSPLIT before its bounds: the power of two nearest (in log2) the work-items a row
 * that put NM_ITEMS on each compute unit, N in column vectors of vec. */
static int items_ksplit(const sb_nm_auto_features *f, int vec)
{
    int col_vecs;
    const int cols = cols_for(f->N, vec, &col_vecs);
    double want = (double)NM_ITEMS * (f->compute_units ? f->compute_units : 1) /
                  ((double)(f->M > 0 ? f->M : 1) * cols * ((col_vecs + cols - 1) / cols));
    int k = pow2_floor(want);
    if (want >= 1.5 * k)
        k *= 2;
    return k;
}

/* The gather: VEC as the kernel fits it to N, COLS column vectors covering N (at most 32),
 * UNROLL chunks ahead so that NM_IN_FLIGHT floats of B are in flight, KSPLIT the power of two
 * nearest the work-items it takes for NM_ITEMS per compute unit, bounded as pick_gather does;
 * before it the narrow and single-value rules. */
static void gather_pick(const sb_nm_auto_features *f, sb_nm_auto_choice *c)
{
    int64_t kept = (int64_t)((f->K + f->m - 1) / f->m) * f->n;
    const int tall = f->fp32 && tall_rows(f); /* measured at fp32 only */
    int col_vecs;
    for (size_t i = 0; i < sizeof narrow / sizeof narrow[0]; i++) {
        /* fp16: only the single kept values in VEC 2 loads (N = 8; NM_FP16_SINGLE), and in VEC 4
         * loads at NM_FP16_NARROW_VEC4_N */
        int fp16_ok = narrow[i].chunk == 1 &&
                      (narrow[i].vec == NM_VEC || narrow[i].N == NM_FP16_NARROW_VEC4_N);
        if ((!f->fp32 && !fp16_ok) || f->N != narrow[i].N ||
            (int64_t)f->M * f->K < NM_NARROW_MIN_MK)
            continue;
        pick_gather(c, "gather-narrow", kept, narrow[i].vec, narrow[i].ksplit,
                    cols_for(f->N, narrow[i].vec, &col_vecs), narrow[i].unroll, narrow[i].chunk);
        return;
    }
    if (f->N <= NM_SINGLE_MAX_N && f->N % NM_VEC == 0) {
        /* N = 2 and 4 (fp32 and, NM_FP16_SINGLE, fp16): single kept values, NM_SINGLE_KSPLIT
         * work-items a column vector (NM_SINGLE_TALL_KSPLIT on tall A at N = 4), at most one per
         * NM_SINGLE_UNROLL kept values of a row */
        int most = tall_rows(f) && f->N == NM_SINGLE_MAX_N ? NM_SINGLE_TALL_KSPLIT
                                                          : NM_SINGLE_KSPLIT;
        pick_gather(c, "gather-single", kept, NM_VEC, most, cols_for(f->N, NM_VEC, &col_vecs),
                    NM_SINGLE_UNROLL, 1);
        return;
    }
    /* fp16 from NM_FP16_VEC_MIN_N: halves, 8 bytes a load (a partial last vector shifted:
     * gpu_edges) */
    const int wide16 = !f->fp32 && f->N >= NM_FP16_VEC_MIN_N;
    int vec = tall && f->N <= NM_TALL_VEC1_N ? 1 : wide16 ? NM_FP16_VEC : sb_fit_vec(NM_VEC, f->N);
    int cols = cols_for(f->N, vec, &col_vecs);
    int unroll = (wide16 ? 2 : 1) * NM_IN_FLIGHT / (NM_CHUNK * vec);
    if (unroll < 1)
        unroll = 1;
    /* VEC 4 at fp16: twice VEC 2's KSPLIT, the work-items VEC 2 would run (rs12 f-held: where
     * VEC 4 kept VEC 2's KSPLIT, half the work-items, it lost, 0.93-0.95x) */
    int k = wide16 ? 2 * items_ksplit(f, NM_VEC) : items_ksplit(f, vec);
    const char *rule = "gather";
    /* LANE measured at fp32 only; the host lowers it where KSPLIT is under a word's 4 chunks */
    int lane = f->fp32 ? NM_GATHER_LANE : 0;
    /* tall, the KSPLIT hitting NM_ITEMS (8-32) lost to a warp a row (KSPLIT 2-16) by 2-20% (nm8) */
    if (tall && cols >= 2 && cols <= NM_TALL_MAX_COLS) {
        k = NM_WARP / cols;
        unroll = NM_IN_FLIGHT_TALL / (NM_CHUNK * vec);
        rule = "gather-tall";
        lane = cols == NM_TALL_LANE2_COLS ? 2 : 0; /* tall is fp32 only */
    }
    pick_gather(c, rule, kept, vec, k, cols, unroll, NM_CHUNK);
    if (lane)
        sb_auto_set(c, "nm_spmm.LANE", lane);
}

/* The gather's edges on a GPU (NM_GPU_EDGES): SHIFT 1 where VEC does not divide N; at fp16 on
 * VEC 2 at N = 5-32, COLS 3 where N is three column vectors, from N = 7 COLS the column vectors
 * exactly with KSPLIT doubled where more than a quarter of COLS would idle
 * (NM_FP16_EXACT_MIN_N), and LANE 1 (on single kept values only from NM_FP16_LANE_ROWS rows a
 * CU; the host lowers LANE where its conditions fail). */
static void gpu_edges(const sb_nm_auto_features *f, sb_nm_auto_choice *c)
{
    const int vec = sb_auto_param(c, "nm_spmm.VEC");
    if (vec < 1)
        return;
    if (f->N % vec)
        sb_auto_set(c, "nm_spmm.SHIFT", 1);
    if (f->fp32 || vec != NM_VEC || f->N < NM_FP16_LANE_MIN_N || f->N > NM_FP16_LANE_MAX_N)
        return;
    int col_vecs;
    const int cols = cols_for(f->N, vec, &col_vecs);
    if (col_vecs == 3)
        sb_auto_set(c, "nm_spmm.COLS", 3);
    if (f->N >= NM_FP16_EXACT_MIN_N && 4 * col_vecs < 3 * cols) {
        /* more than a quarter of COLS would idle: COLS the column vectors exactly, KSPLIT doubled
         * where the work-group and the row's chunks allow (the work-items the power of two gave,
         * none idle). A quarter or less (13-15 of 16, 6-7 of 8) is left as it was: 0.92-0.97x
         * with or without the doubling (held-x, held-y, held-z) */
        const int k = 2 * sb_auto_param(c, "nm_spmm.KSPLIT");
        const int64_t kept = (int64_t)((f->K + f->m - 1) / f->m) * f->n;
        const int64_t per_item = (int64_t)sb_auto_param(c, "nm_spmm.CHUNK") *
                                 sb_auto_param(c, "nm_spmm.UNROLL");
        sb_auto_set(c, "nm_spmm.COLS", col_vecs);
        if (k * col_vecs <= NM_WG && k <= pow2_floor((double)kept / (double)per_item))
            sb_auto_set(c, "nm_spmm.KSPLIT", k);
    }
    const double rows_per_cu = (double)f->M / (f->compute_units ? f->compute_units : 1);
    if (sb_auto_param(c, "nm_spmm.CHUNK") > 1 || rows_per_cu >= NM_FP16_LANE_ROWS)
        sb_auto_set(c, "nm_spmm.LANE", 1);
}

/* The GPU's gather: its rules, then its edges. */
static void gather(const sb_nm_auto_features *f, sb_nm_auto_choice *c)
{
    gather_pick(f, c);
    gpu_edges(f, c);
}

/* Vectors a work-item (1 to NM_CPU_VPT) covering N at vec columns each in the fewest work-items,
 * the fewest vectors a work-item among those: 5 column vectors -> 3 (2 items), 3 -> 3, 9 -> 3. */
static int cover_vpt(int N, int vec)
{
    const int vecs = (N + vec - 1) / vec;
    const int items = (vecs + NM_CPU_VPT - 1) / NM_CPU_VPT;
    return (vecs + items - 1) / items;
}

/* The CPU's gather (rule 3): a row per work-item, B in native-width vectors, summed into
 * NM_CPU_ACCS accumulators. With one accumulator a work-item's multiply-adds form one dependent
 * chain (each waits for the last one's latency: PoCL runs a work-group's items one after another,
 * so nothing else fills the wait), which bounded it at N <= 16: four accumulators ran 1.13-1.89x
 * the one chain on eight held-out 2:4 matrices at N = 1-16 and 1.25-1.36x at N = 32 and 128
 * (results/2026-11-30-epyc2-nm8-cpu); more rows per work-group did not help (0.98-1.06x). */
static void cpu_gather(const sb_nm_auto_features *f, sb_nm_auto_choice *c)
{
    int vec = f->vec_width >= 1 ? f->vec_width : 1;
    if (vec > NM_CPU_VEC_MAX)
        vec = NM_CPU_VEC_MAX;
    vec = sb_fit_vec(vec, f->N);
    /* VPT vectors a work-item where VPT x VEC divides N (no ragged work-item, which would take
     * the kernel's slow partial path), else fewer; one below NM_CPU_VPT_MIN_N */
    int vpt = f->N >= NM_CPU_VPT_MIN_N ? NM_CPU_VPT : 1;
    while (vpt > 1 && f->N % (vec * vpt) != 0)
        vpt /= 2;
    /* The cover rule (nm10), where that leaves a ragged vector (N not a multiple of VEC) or one
     * vector a work-item from NM_CPU_VPT_MIN_N on (N = 48, 80, ...): the fewest work-items a
     * row at up to NM_CPU_VPT vectors each, then the fewest vectors (any VPT 1-4, not only powers
     * of two), the ragged last vector shifted back onto the row's last VEC columns (SHIFT 1: no
     * partial path, which Intel's runtime ran at 0.12-0.38x csr_auto); VEC halved where that
     * covers the row in fewer columns. */
    int shift = 0;
    if (f->N % (vec * vpt) != 0 || (vpt == 1 && f->N >= NM_CPU_VPT_MIN_N)) {
        vpt = cover_vpt(f->N, vec);
        const int half = vec / 2, hvpt = cover_vpt(f->N, half);
        if (half >= NM_CPU_HALF_VEC && f->N <= NM_CPU_VPT * half && hvpt * half < vpt * vec) {
            vec = half;
            vpt = hvpt;
        }
        shift = f->N % (vec * vpt) != 0;
    }
    int items;
    int cols = cols_for(f->N, vec * vpt, &items);
    /* narrow native vectors (AVX2: 8 floats): NM_CPU_VPT vectors are half the columns they are at
     * 16, so a row takes twice the work-items, rounded up to a power of two (N = 48: 4 for 3, one
     * idle); up to NM_CPU_NARROW_VPT vectors a work-item where that takes fewer (a feature of the
     * device: its reported width, as on an AVX2 CPU) */
    if (f->vec_width == NM_CPU_HALF_VEC && f->N >= NM_CPU_VPT_MIN_N) {
        const int vecs = (f->N + vec - 1) / vec, need = (vecs + NM_CPU_NARROW_VPT - 1) /
                                                        NM_CPU_NARROW_VPT;
        const int wide = (vecs + need - 1) / need;
        int wide_items;
        const int wide_cols = cols_for(f->N, vec * wide, &wide_items);
        if (wide_cols < cols) {
            vpt = wide;
            cols = wide_cols;
            items = wide_items;
            shift = f->N % (vec * vpt) != 0;
        }
    }
    /* N = 1 on Intel's runtime: NM_CPU_INTEL_RX rows a work-group, single kept values (a rule of
     * that runtime: PoCL, which runs a work-group's items one after another, ran it slower) */
    const int rx = f->intel_rt && f->N == 1;
    sb_auto_pick(c, "cpu-gather", "nm");
    sb_auto_set(c, "nm_spmm.VEC", vec);
    sb_auto_set(c, "nm_spmm.KSPLIT", 1);
    sb_auto_set(c, "nm_spmm.COLS", cols);
    sb_auto_set(c, "nm_spmm.UNROLL", NM_CPU_UNROLL);
    sb_auto_set(c, "nm_spmm.CHUNK", rx ? NM_CPU_INTEL_RX_CHUNK : NM_CHUNK);
    sb_auto_set(c, "nm_spmm.ACCS", vpt > 1 ? NM_CPU_VPT_ACCS : NM_CPU_ACCS);
    sb_auto_set(c, "nm_spmm.VPT", vpt);
    sb_auto_set(c, "nm_spmm.SHIFT", shift);
    if (rx)
        sb_auto_set(c, "nm_spmm.RX", NM_CPU_INTEL_RX);
    /* the shifted cover where B's rows are not whole cache lines: B copied into rows of whole
     * vectors first (PADB), so no load of B splits two lines (nm11) */
    if (shift && f->N > NM_CPU_LINE_FLOATS && f->N % NM_CPU_LINE_FLOATS != 0)
        sb_auto_set(c, "nm_spmm.PADB", 1);
}

/* 1 if nm_tile at this tile (BN 64, TM 4, WM and WN the catalogue's 2, BK NM_TILE_BK as nm_tile
 * raises it for groups of m) runs groups of m (sb_nm_tile_whole: not 2:3, 2:5, ...) and fits the
 * device's local memory (nm_tile.cl's need, one definition: sb_nm_tile_local_bytes), or the
 * device's is not known (0). */
static int tile_fits(const sb_nm_auto_features *f, int bm, int tn, int mma)
{
    if (!sb_nm_tile_whole(NM_TILE_BK, f->m))
        return 0;
    sb_csr_tile_cfg t = {.bm = bm, .bn = 64, .bk = NM_TILE_BK, .tm = 4, .tn = tn, .mma = mma,
                         .wm = 2, .wn = 2};
    sb_csr_tile_fit(&t, f->M, f->N);
    return f->local_mem == 0 || sb_nm_tile_local_bytes(&t, f->m) <= f->local_mem;
}

void sb_nm_auto_choose(const sb_nm_auto_features *f, sb_nm_auto_choice *c)
{
    const int64_t units = f->compute_units > 0 ? f->compute_units : 1;
    if (!f->gpu) {
        cpu_gather(f, c);
        return;
    }
    const int64_t mk = (int64_t)f->M * f->K;
    int tile_n = f->N >= NM_TILE_MIN_N || (f->N >= NM_TILE_MID_N && mk >= NM_TILE_MID_MK);
    int tile_short = !tile_n && f->N >= NM_TILE_MID_N && !tall_rows(f) && mk >= NM_TILE_SHORT_MK;
    int bm = tile_short ? 32 : 64;
    sb_csr_tile_cfg t = {.bm = bm, .bn = 64, .bk = NM_TILE_BK};
    int64_t groups = sb_tile_count(f->M, f->N, bm, 64) *
                     sb_csr_tile_splitk(&t, f->M, f->N, f->K, f->compute_units);
    const int64_t tiles = sb_tile_count(f->M, f->N, 64, 64); /* no split K */
    const int mma = f->mma && f->N >= NM_MMA_MIN_N;
    if (!f->fp32 && f->N >= NM_TILE_MIN_N && 4 * tiles >= NM_TILE_FP16_TILES4 * units &&
        tile_fits(f, 64, 4, mma)) {
        sb_auto_pick(c, "tile-fp16", "nm_tile");
        sb_auto_set(c, "nm_tile.MMA", mma);
        sb_auto_set(c, "nm_tile.BM", 64);
        sb_auto_set(c, "nm_tile.BN", 64);
        sb_auto_set(c, "nm_tile.BK", NM_TILE_BK);
        sb_auto_set(c, "nm_tile.SPLITK", 1);
        return;
    }
    if (f->fp32 && (tile_n || tile_short) && 2 * groups >= units &&
        tile_fits(f, bm, tile_short ? 2 : 4, mma)) {
        sb_auto_pick(c, tile_short ? "tile-short" : "tile", "nm_tile");
        sb_auto_set(c, "nm_tile.MMA", mma);
        sb_auto_set(c, "nm_tile.BM", bm);
        sb_auto_set(c, "nm_tile.BN", 64);
        sb_auto_set(c, "nm_tile.BK", NM_TILE_BK);
        sb_auto_set(c, "nm_tile.SPLITK", 0);
        if (tile_short) {
            sb_auto_set(c, "nm_tile.TM", 4);
            sb_auto_set(c, "nm_tile.TN", 2);
        }
        return;
    }
    gather(f, c);
}

int sb_nm_auto_all_choices(sb_nm_auto_choice *out, int max)
{
    /* one feature set per branch of the model, and per gather shape it can pick */
    static const sb_nm_auto_features probe[] = {
        /* gather at N = 1 (VEC 1, UNROLL 4), KSPLIT 16 and 128 */
        {.M = 512, .K = 512, .N = 1, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        {.M = 1024, .K = 4096, .N = 1, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* gather at N = 16 (VEC 2, COLS 8, UNROLL 2), KSPLIT 32 */
        {.M = 1024, .K = 1024, .N = 16, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* tall gather at N = 16 (VEC 2, COLS 8, KSPLIT 4, UNROLL 4) and N = 3 (VEC 1, COLS 4,
           KSPLIT 8, UNROLL 8) */
        {.M = 4096, .K = 1024, .N = 16, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        {.M = 4096, .K = 1024, .N = 3, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* single kept values at N = 4 (VEC 2, COLS 2, KSPLIT 32, UNROLL 8, CHUNK 1) */
        {.M = 1024, .K = 1024, .N = 4, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* tall single kept values at N = 4 (KSPLIT 16); narrow at N = 5 (VEC 4, KSPLIT 32),
           6 (CHUNK 2, KSPLIT 8) and 8 (VEC 2, KSPLIT 16, UNROLL 8) */
        {.M = 4096, .K = 1024, .N = 4, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        {.M = 2048, .K = 2048, .N = 5, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        {.M = 2048, .K = 2048, .N = 6, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        {.M = 2048, .K = 2048, .N = 8, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* the short tile at N = 24 (BM 32, TN 2) */
        {.M = 1024, .K = 2048, .N = 24, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* gather where the tiles are few (COLS 32, KSPLIT 8) */
        {.M = 512, .K = 512, .N = 64, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* tile on CUDA cores, and on tensor cores */
        {.M = 1024, .K = 1024, .N = 256, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        {.M = 1024, .K = 1024, .N = 1024, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* a GPU without NVIDIA's tensor cores: CUDA-core tile at N = 1024 too */
        {.M = 1024, .K = 1024, .N = 1024, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .compute_units = 64},
        /* fp16: nm_tile at SPLITK 1 (tiles enough for every CU), and below that the gather with
           VEC 4 halves (N = 128: COLS 32, KSPLIT 4, UNROLL 2) */
        {.M = 4096, .K = 4096, .N = 1024, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        {.M = 4096, .K = 1024, .N = 128, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        /* the GPU gather's edges (rs13): fp16 at N = 5, COLS 3, SHIFT 1, LANE 1; fp16 at N = 37,
           VEC 4 shifted; fp16 narrow at N = 8 with LANE 1 (31 rows a CU); the fp32 tall gather
           at N = 19, LANE 2 shifted (fp32 narrow at N = 5 above is shifted too) */
        {.M = 3328, .K = 1664, .N = 5, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        {.M = 3328, .K = 1664, .N = 37, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        {.M = 4096, .K = 1024, .N = 8, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        {.M = 2560, .K = 1024, .N = 19, .n = 2, .m = 4, .gpu = 1, .fp32 = 1,
         .mma = 1, .compute_units = 132},
        /* fp16 at N = 18: COLS 9 (the vectors exactly), KSPLIT 16 (doubled); at N = 7 narrow's
           VEC 4 form (single kept values in halves, shifted) */
        {.M = 2304, .K = 768, .N = 18, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        {.M = 2816, .K = 1408, .N = 7, .n = 2, .m = 4, .gpu = 1, .fp32 = 0,
         .mma = 1, .compute_units = 132},
        /* not a GPU: the CPU's gather (four accumulators) at N = 1 (VEC 1); at N = 64 four
           vectors a work-item (VPT 4, ACCS 2) on AVX-512 (VEC 16, COLS 1) and AVX2 (8, COLS 2) */
        {.M = 512, .K = 512, .N = 1, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 16,
         .compute_units = 2},
        {.M = 512, .K = 512, .N = 64, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 16,
         .compute_units = 2},
        {.M = 512, .K = 512, .N = 64, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 8,
         .compute_units = 2},
        /* the CPU's cover rule: N = 20 in VEC 8 x VPT 3 (SHIFT 1), N = 48 in VEC 16 x VPT 3 */
        {.M = 512, .K = 512, .N = 20, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 16,
         .compute_units = 2},
        {.M = 512, .K = 512, .N = 48, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 16,
         .compute_units = 2},
        /* AVX2 (width 8) at N = 48: VEC 8 x VPT 6, one work-item a row (rs12) */
        {.M = 512, .K = 512, .N = 48, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 8,
         .compute_units = 2},
        /* Intel's CPU runtime at N = 1: RX 16, CHUNK 1 */
        {.M = 512, .K = 512, .N = 1, .n = 2, .m = 4, .gpu = 0, .fp32 = 1, .vec_width = 16,
         .compute_units = 2, .intel_rt = 1},
    };
    int n = (int)(sizeof probe / sizeof probe[0]);
    for (int i = 0; i < n && i < max; i++)
        sb_nm_auto_choose(&probe[i], &out[i]);
    return n;
}
