/* Host-side layouts for the tensor-core kernels (sb_tc.h). */
#include "sb_tc.h"

#include <stdlib.h>
#include <string.h>
#include "sb_half.h"

int sb_round_up(int n, int m)
{
    return (n + m - 1) / m * m;
}

void sb_tc_halves_padded(const float *in, int rows, int cols, int ld, uint16_t *out)
{
    for (int r = 0; r < rows; r++) {
        sb_floats_to_halves(in + (size_t)r * cols, out + (size_t)r * ld, (size_t)cols);
        memset(out + (size_t)r * ld + cols, 0, sizeof *out * (size_t)(ld - cols));
    }
}

void sb_tc_tf32_padded(const float *in, int rows, int cols, int ld, float *out)
{
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++)
            out[(size_t)r * ld + c] = sb_round_tf32(in[(size_t)r * cols + c]);
        for (int c = cols; c < ld; c++)
            out[(size_t)r * ld + c] = 0.0f;
    }
}

/* The metadata word that holds chunk c (0 .. 8*ksteps-1) of row r, and the bit offset in it. */
static uint32_t *meta_word(const sb_tc_nm *t, int r, int c, int *shift)
{
    const int s = c / 8, p = (c % 8) / 4, j = c % 4, m = r / 16, q = r % 8, h = (r % 16) / 8;
    *shift = 16 * h + 4 * j;
    return t->meta + ((size_t)s * t->mtiles + m) * 16 + 2 * q + p;
}

int sb_tc_nm_takes(int n, int m)
{
    return n == 2 && m == 4;
}

int sb_tc_bsr_takes(int br, int bc)
{
    return br == bc && (br == 16 || br == 32 || br == 64);
}

int sb_tc_nm_pack(const sb_nm *s, int kstep_multiple, sb_tc_nm *t, sb_error *err)
{
    memset(t, 0, sizeof *t);
    if (!sb_tc_nm_takes(s->n, s->m))
        return sb_fail(err, "the sparse tensor cores take 2:4 matrices only (got %d:%d)", s->n, s->m);
    t->rows = s->rows;
    t->cols = s->cols;
    if (kstep_multiple < 1)
        kstep_multiple = 1;
    t->ksteps = sb_round_up((s->cols + 31) / 32, kstep_multiple);
    t->mtiles = (s->rows + 15) / 16;
    const int chunks = 8 * t->ksteps, ld = 16 * t->ksteps;
    t->val = sb_calloc((size_t)s->rows * ld, sizeof *t->val);
    t->meta = sb_calloc((size_t)t->ksteps * t->mtiles * 16, sizeof *t->meta);
    for (int r = 0; r < t->mtiles * 16; r++)
        for (int c = 0; c < chunks; c++) {
            int p0 = 0, p1 = 1; /* padding rows and chunks: zeros at positions 0 and 1 */
            if (r < s->rows && c < s->groups) {
                const size_t j = (size_t)r * s->groups * 2 + (size_t)c * 2;
                p0 = sb_nm_position(s, r, c * 2);
                p1 = sb_nm_position(s, r, c * 2 + 1);
                t->val[(size_t)r * ld + 2 * c] = sb_float_to_half(s->val[j]);
                t->val[(size_t)r * ld + 2 * c + 1] = sb_float_to_half(s->val[j + 1]);
            }
            int shift;
            uint32_t *w = meta_word(t, r, c, &shift);
            *w |= (uint32_t)(p0 | p1 << 2) << shift;
        }
    return 0;
}

void sb_tc_nm_positions(const sb_tc_nm *t, int r, int c, int *pos0, int *pos1)
{
    int shift;
    const uint32_t word = *meta_word(t, r, c, &shift); /* sets shift: read it only after */
    const uint32_t nib = (word >> shift) & 0xfu;
    *pos0 = (int)(nib & 3u);
    *pos1 = (int)(nib >> 2);
}

void sb_tc_nm_free(sb_tc_nm *t)
{
    free(t->val);
    free(t->meta);
    memset(t, 0, sizeof *t);
}

uint16_t *sb_tc_bsr_halves(const sb_bsr *b)
{
    const size_t n = (size_t)b->nblocks * b->br * b->bc;
    uint16_t *h = sb_malloc(n ? n * sizeof *h : 1);
    sb_floats_to_halves(b->val, h, n);
    return h;
}
