/* --save-cases writer (see save_case.h). */
#include "save_case.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include "sb_matrix_io.h"

int sb_save_case(const char *root, const sb_row *row, const sb_csr *A, const float *B,
                 const float *C, sb_error *err)
{
    char name[512];
    snprintf(name, sizeof name, "%s_%s_s%.4f_N%d_%s", row->device_index, row->matrix, row->sparsity,
             row->N, row->kernel);
    for (char *p = name; *p; p++)
        if (*p == ':' || *p == '/' || *p == ' ')
            *p = '-';
    char *dir = sb_path_join(root, name);
    char *a = sb_path_join(dir, "A.mtx"), *b = sb_path_join(dir, "B.npy");
    char *c = sb_path_join(dir, "C.npy"), *j = sb_path_join(dir, "case.json");
    int rc = -1;
    if (sb_mkdirs(dir, err) || sb_write_mtx(a, A, err) ||
        sb_write_npy_f32(b, B, A->cols, row->N, err) ||
        sb_write_npy_f32(c, C, A->rows, row->N, err))
        goto out;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "device", row->device);
    cJSON_AddStringToObject(o, "device_index", row->device_index);
    cJSON_AddStringToObject(o, "platform", row->platform);
    cJSON_AddStringToObject(o, "matrix", row->matrix);
    cJSON_AddStringToObject(o, "kernel", row->kernel);
    cJSON_AddStringToObject(o, "variant", row->variant);
    cJSON_AddStringToObject(o, "pattern", row->pattern);
    cJSON_AddStringToObject(o, "block", row->block);
    cJSON_AddNumberToObject(o, "M", row->M);
    cJSON_AddNumberToObject(o, "K", row->K);
    cJSON_AddNumberToObject(o, "N", row->N);
    cJSON_AddNumberToObject(o, "nnz", (double)row->nnz);
    cJSON_AddNumberToObject(o, "sparsity", row->sparsity);
    cJSON_AddNumberToObject(o, "seed", (double)row->seed);
    cJSON_AddNumberToObject(o, "rel_error", row->rel_error);
    cJSON_AddStringToObject(o, "status", sb_status_name(row->status));
    cJSON_AddStringToObject(o, "files", "A.mtx: A (M x K, Matrix Market, 1-based); B.npy: B (K x N "
                                        "float32); C.npy: the device's C = A*B (M x N float32)");
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    FILE *f = fopen(j, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        sb_fail(err, "%s: cannot write", j);
    else
        rc = 0;
    free(text);
out:
    free(a), free(b), free(c), free(j), free(dir);
    return rc;
}
