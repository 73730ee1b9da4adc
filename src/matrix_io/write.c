/* Writers for --save-cases: Matrix Market coordinate (1-based) and .npy float32 C order. */
#include "sb_matrix_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int finish(FILE *f, const char *path, int write_failed, sb_error *err)
{
    int close_failed = fclose(f) != 0;
    if (write_failed || close_failed)
        return sb_fail(err, "%s: write failed: %s", path, strerror(errno));
    return 0;
}

int sb_write_mtx(const char *path, const sb_csr *A, sb_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return sb_fail(err, "%s: cannot open for writing: %s", path, strerror(errno));
    int bad = fprintf(f, "%%%%MatrixMarket matrix coordinate real general\n%d %d %lld\n", A->rows,
                      A->cols, (long long)A->nnz) < 0;
    for (int r = 0; r < A->rows && !bad; r++)
        for (int32_t k = A->row_ptr[r]; k < A->row_ptr[r + 1] && !bad; k++)
            /* 9 significant digits round-trip every float32 exactly. */
            bad = fprintf(f, "%d %d %.9g\n", r + 1, A->col_idx[k] + 1, (double)A->val[k]) < 0;
    return finish(f, path, bad, err);
}

int sb_write_npy_f32(const char *path, const float *data, int rows, int cols, sb_error *err)
{
    /* Version 1.0: magic, version, uint16 header length, then the dict padded with spaces and
     * ended by '\n' so the data starts at a multiple of 64 bytes. */
    if (rows < 1 || cols < 1)
        return sb_fail(err, "%s: cannot write a %d x %d array", path, rows, cols);
    char dict[128]; /* the longest dict, with two 10-digit sizes, pads to 118 bytes */
    int n = snprintf(dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                     rows, cols);
    int header_len = (10 + n + 1 + 63) / 64 * 64 - 10;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                             (unsigned char)(header_len & 0xff), (unsigned char)(header_len >> 8)};
    memset(dict + n, ' ', (size_t)(header_len - n - 1));
    dict[header_len - 1] = '\n';

    FILE *f = fopen(path, "wb");
    if (!f)
        return sb_fail(err, "%s: cannot open for writing: %s", path, strerror(errno));
    int bad = fwrite(pre, 1, sizeof pre, f) != sizeof pre ||
              fwrite(dict, 1, (size_t)header_len, f) != (size_t)header_len;
    /* Little-endian bytes whatever the host's order, one row at a time. */
    unsigned char *row = sb_malloc((size_t)cols * 4);
    for (int r = 0; r < rows && !bad; r++) {
        for (int j = 0; j < cols; j++) {
            uint32_t u;
            memcpy(&u, &data[(size_t)r * cols + j], sizeof u);
            for (int b = 0; b < 4; b++)
                row[(size_t)j * 4 + b] = (unsigned char)(u >> (8 * b));
        }
        bad = fwrite(row, 4, (size_t)cols, f) != (size_t)cols;
    }
    free(row);
    return finish(f, path, bad, err);
}
