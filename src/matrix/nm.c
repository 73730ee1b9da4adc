/* N:M compressed along K: n kept values per group of m, with their positions packed in meta
 * words (layout in sb_matrix.h). */
#include "sb_matrix.h"

#include <stdlib.h>
#include <string.h>

static int bits_for(int m)
{
    int bits = 1;
    while ((1 << bits) < m)
        bits++;
    return bits;
}

static void set_position(sb_nm *s, int r, int j, int pos)
{
    uint32_t *word = s->meta + (size_t)r * s->meta_words_per_row + j / s->values_per_word;
    *word |= (uint32_t)pos << (j % s->values_per_word * s->index_bits);
}

int sb_nm_position(const sb_nm *s, int r, int j)
{
    uint32_t word = s->meta[(size_t)r * s->meta_words_per_row + j / s->values_per_word];
    return (int)(word >> (j % s->values_per_word * s->index_bits)) & ((1 << s->index_bits) - 1);
}

int sb_nm_from_dense(sb_nm *s, const sb_dense *d, int n, int m, sb_error *err)
{
    memset(s, 0, sizeof *s);
    if (!(n >= 1 && n < m && m <= 16))
        return sb_fail(err, "N:M format needs 1 <= N < M <= 16 (got %d:%d)", n, m);
    s->rows = d->rows;
    s->cols = d->cols;
    s->n = n;
    s->m = m;
    s->groups = (d->cols + m - 1) / m;
    s->index_bits = bits_for(m);
    s->values_per_word = 32 / s->index_bits;
    s->meta_words_per_row = (s->groups * n + s->values_per_word - 1) / s->values_per_word;
    s->val = sb_calloc((size_t)d->rows * s->groups * n, sizeof *s->val);
    s->meta = sb_calloc((size_t)d->rows * s->meta_words_per_row, sizeof *s->meta);

    for (int r = 0; r < d->rows; r++) {
        const float *row = d->v + (size_t)r * d->cols;
        for (int g = 0; g < s->groups; g++) {
            int first = g * m, nz = 0;
            for (int p = 0; p < m && first + p < d->cols; p++)
                nz += row[first + p] != 0.0f;
            if (nz > n) {
                sb_nm_free(s);
                return sb_fail(err, "row %d, group %d (columns %d..%d) holds %d non-zeros, more "
                               "than %d:%d allows; prune to %d:%d first", r, g, first,
                               first + m - 1 < d->cols - 1 ? first + m - 1 : d->cols - 1, nz,
                               n, m, n, m);
            }
            /* Keep every non-zero, then the lowest zero positions until n are kept (fill). */
            int fill = n - nz, j = g * n;
            for (int p = 0; p < m; p++) {
                float x = first + p < d->cols ? row[first + p] : 0.0f;
                if (x == 0.0f) {
                    if (fill == 0)
                        continue;
                    fill--;
                }
                s->val[(size_t)r * s->groups * n + j] = x;
                set_position(s, r, j, p);
                j++;
            }
        }
    }
    return 0;
}

void sb_nm_to_dense(const sb_nm *s, sb_dense *d)
{
    sb_dense_alloc(d, s->rows, s->cols);
    for (int r = 0; r < s->rows; r++)
        for (int j = 0; j < s->groups * s->n; j++) {
            int col = j / s->n * s->m + sb_nm_position(s, r, j);
            if (col < s->cols)
                d->v[(size_t)r * s->cols + col] = s->val[(size_t)r * s->groups * s->n + j];
        }
}

void sb_nm_free(sb_nm *s)
{
    free(s->val);
    free(s->meta);
    s->val = NULL;
    s->meta = NULL;
}

int64_t sb_nm_stored_values(const sb_nm *s)
{
    return (int64_t)s->rows * s->groups * s->n;
}

size_t sb_nm_bytes(const sb_nm *s, size_t value_bytes)
{
    return value_bytes * (size_t)sb_nm_stored_values(s) + 4 * (size_t)s->rows * s->meta_words_per_row;
}
