/* Magnitude pruning: unstructured, block and N:M, each exact to the count.
 *
 * One ranking rule for all three: a weight (or block) ranks by its magnitude, ties by position,
 * and the lowest ranks are zeroed. Already-zero weights have the lowest magnitude, so they count
 * as pruned first. Magnitudes are compared as IEEE bit patterns: for non-negative numbers the
 * bits order exactly like the values, which lets the selection work on integers. */
#include "sb_matrix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t magnitude_bits(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u & 0x7fffffffu; /* NaN ends up above +inf: it is never pruned before a number */
}

typedef uint64_t (*key_fn)(const void *ctx, int64_t i);

/* Radix selection of the k-th smallest (0-based) of n keys, 16 bits per pass from the top:
 * linear time, no sort and no copy of the keys. key_bits is 32 or 64. Returns that key;
 * *less gets how many keys are strictly smaller (the rest of the k+1 lowest ranks are ties). */
static uint64_t select_kth(key_fn key, const void *ctx, int64_t n, int64_t k, int key_bits,
                           int64_t *less)
{
    int64_t *hist = sb_malloc(65536 * sizeof *hist);
    uint64_t prefix = 0; /* digits chosen so far, in place */
    int64_t below = 0;   /* keys known to be smaller than every remaining candidate */
    for (int shift = key_bits - 16; shift >= 0; shift -= 16) {
        uint64_t high_mask = shift + 16 >= 64 ? 0 : ~0ULL << (shift + 16);
        memset(hist, 0, 65536 * sizeof *hist);
        for (int64_t i = 0; i < n; i++) {
            uint64_t x = key(ctx, i);
            if ((x & high_mask) == prefix)
                hist[(x >> shift) & 0xffff]++;
        }
        int64_t cum = 0;
        int digit = 0;
        while (cum + hist[digit] <= k - below)
            cum += hist[digit++];
        below += cum;
        prefix |= (uint64_t)digit << shift;
    }
    free(hist);
    *less = below;
    return prefix;
}

static uint64_t weight_key(const void *ctx, int64_t i)
{
    return magnitude_bits(((const float *)ctx)[i]);
}

/* Block norms are non-negative doubles: their bits order like their values too. */
static uint64_t norm_key(const void *ctx, int64_t i)
{
    uint64_t u;
    memcpy(&u, (const double *)ctx + i, sizeof u);
    return u & 0x7fffffffffffffffULL;
}

/* Marks the `count` lowest-ranked of n keys in `pruned` (ranks: key, then index). */
static void mark_lowest(key_fn key, const void *ctx, int64_t n, int64_t count, int key_bits,
                        unsigned char *pruned)
{
    memset(pruned, 0, (size_t)n);
    if (count <= 0)
        return;
    int64_t less;
    uint64_t threshold = select_kth(key, ctx, n, count - 1, key_bits, &less);
    int64_t ties = count - less;
    for (int64_t i = 0; i < n; i++) {
        uint64_t x = key(ctx, i);
        if (x < threshold) {
            pruned[i] = 1;
        } else if (x == threshold && ties > 0) {
            pruned[i] = 1;
            ties--;
        }
    }
}

static int prune_unstructured(sb_dense *w, double sparsity)
{
    int64_t n = (int64_t)w->rows * w->cols;
    int64_t count = llround(sparsity * (double)n);
    if (count == 0)
        return 0;
    unsigned char *pruned = sb_malloc((size_t)n);
    mark_lowest(weight_key, w->v, n, count, 32, pruned);
    for (int64_t i = 0; i < n; i++)
        if (pruned[i])
            w->v[i] = 0.0f;
    free(pruned);
    return 0;
}

static int prune_block(sb_dense *w, int br, int bc, double sparsity, sb_error *err)
{
    if (br < 1 || bc < 1)
        return sb_fail(err, "block pruning needs a block of at least 1x1 (got %dx%d)", br, bc);
    if (w->rows % br)
        return sb_fail(err, "block pruning needs M (=%d) to be a multiple of the block rows (%d); "
                       "choose a block that divides the shape", w->rows, br);
    if (w->cols % bc)
        return sb_fail(err, "block pruning needs K (=%d) to be a multiple of the block cols (%d); "
                       "choose a block that divides the shape", w->cols, bc);
    int grid_cols = w->cols / bc;
    int64_t nblocks = (int64_t)(w->rows / br) * grid_cols;
    int64_t count = llround(sparsity * (double)nblocks);
    if (count == 0)
        return 0;
    /* Squared L2 norms rank like the norms. */
    double *norm2 = sb_calloc((size_t)nblocks, sizeof *norm2);
    for (int r = 0; r < w->rows; r++)
        for (int c = 0; c < w->cols; c++) {
            double x = w->v[(size_t)r * w->cols + c];
            norm2[(int64_t)(r / br) * grid_cols + c / bc] += x * x;
        }
    unsigned char *pruned = sb_malloc((size_t)nblocks);
    mark_lowest(norm_key, norm2, nblocks, count, 64, pruned);
    for (int r = 0; r < w->rows; r++)
        for (int c = 0; c < w->cols; c++)
            if (pruned[(int64_t)(r / br) * grid_cols + c / bc])
                w->v[(size_t)r * w->cols + c] = 0.0f;
    free(pruned);
    free(norm2);
    return 0;
}

static int prune_nm(sb_dense *w, int n, int m, sb_error *err)
{
    if (!(n >= 1 && n < m && m <= 16))
        return sb_fail(err, "N:M pruning needs 1 <= N < M <= 16 (got %d:%d)", n, m);
    if (w->cols % m)
        return sb_fail(err, "N:M pruning needs K (=%d) to be a multiple of M (=%d) for %d:%d; "
                       "choose a K that divides into whole groups", w->cols, m, n, m);
    int64_t ngroups = (int64_t)w->rows * (w->cols / m);
    for (int64_t g = 0; g < ngroups; g++) {
        float *x = w->v + g * m;
        uint32_t key[16];
        for (int p = 0; p < m; p++)
            key[p] = magnitude_bits(x[p]);
        int zero_at[16];
        for (int p = 0; p < m; p++) {
            int rank = 0; /* how many rank below p: smaller, or equal and earlier */
            for (int q = 0; q < m; q++)
                rank += key[q] < key[p] || (key[q] == key[p] && q < p);
            zero_at[p] = rank < m - n;
        }
        for (int p = 0; p < m; p++)
            if (zero_at[p])
                x[p] = 0.0f;
    }
    return 0;
}

int sb_prune(sb_dense *w, const sb_pattern *p, double sparsity, sb_error *err)
{
    if (w->rows < 1 || w->cols < 1 || !w->v)
        return sb_fail(err, "cannot prune an empty %dx%d matrix", w->rows, w->cols);
    if (p->kind == SB_PATTERN_NM)
        return prune_nm(w, p->nm_n, p->nm_m, err);
    if (!(sparsity >= 0.0 && sparsity <= 1.0))
        return sb_fail(err, "sparsity %g is outside [0, 1]", sparsity);
    if (p->kind == SB_PATTERN_BLOCK)
        return prune_block(w, p->block_rows, p->block_cols, sparsity, err);
    if (p->kind == SB_PATTERN_UNSTRUCTURED)
        return prune_unstructured(w, sparsity);
    return sb_fail(err, "unknown pruning pattern %d", (int)p->kind);
}
