/* --save-cases writer (see save_case.h). */
#include "save_case.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sb_matrix_io.h"
#include "sb_store.h"

/* A directory of its own under root: an existing one (a matrix and a model layer of the same name,
 * or an earlier run saved into the same root) is never reused, the name gets -2, -3, ... */
static char *new_case_dir(const char *root, const char *name, sb_error *err)
{
    if (sb_mkdirs(root, err))
        return NULL;
    for (int i = 1; i < 1000; i++) {
        char *dir = i == 1 ? sb_path_join(root, name) : sb_asprintf("%s/%s-%d", root, name, i);
        if (mkdir(dir, 0755) == 0)
            return dir;
        int e = errno;
        free(dir);
        if (e != EEXIST) {
            sb_fail(err, "%s/%s: cannot create directory: %s", root, name, strerror(e));
            return NULL;
        }
    }
    sb_fail(err, "%s: 999 cases named %s already: choose another --save-cases directory", root, name);
    return NULL;
}

int sb_save_case(const char *root, const sb_row *row, const sb_csr *A, const float *B,
                 const float *C, sb_error *err)
{
    char name[512];
    if (row->model[0]) /* a layer is named by its model too: a matrix may have the layer's name */
        snprintf(name, sizeof name, "%s_%s.%s_s%.4f_N%d_%s", row->device_index, row->model,
                 row->layer, row->sparsity, row->N, row->kernel);
    else
        snprintf(name, sizeof name, "%s_%s_s%.4f_N%d_%s", row->device_index, row->matrix,
                 row->sparsity, row->N, row->kernel);
    if (row->precision[0] && strcmp(row->precision, "fp32") != 0) { /* B, C: the rounded values */
        size_t len = strlen(name);
        snprintf(name + len, sizeof name - len, "_%s", row->precision);
    }
    for (char *p = name; *p; p++)
        if (*p == ':' || *p == '/' || *p == ' ')
            *p = '-';
    char *dir = new_case_dir(root, name, err);
    if (!dir)
        return -1;
    char *a = sb_path_join(dir, "A.mtx"), *b = sb_path_join(dir, "B.npy");
    char *c = sb_path_join(dir, "C.npy"), *j = sb_path_join(dir, "case.json");
    int rc = -1;
    if (sb_write_mtx(a, A, err) ||
        sb_write_npy_f32(b, B, A->cols, row->N, err) ||
        sb_write_npy_f32(c, C, A->rows, row->N, err))
        goto out;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "device", row->device);
    cJSON_AddStringToObject(o, "device_index", row->device_index);
    cJSON_AddStringToObject(o, "platform", row->platform);
    cJSON_AddStringToObject(o, "matrix", row->matrix);
    cJSON_AddStringToObject(o, "model", row->model);
    cJSON_AddStringToObject(o, "layer", row->layer);
    cJSON_AddStringToObject(o, "kernel", row->kernel);
    cJSON_AddStringToObject(o, "precision", row->precision[0] ? row->precision : "fp32");
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
    rc = sb_write_json_atomic(j, o, err);
    cJSON_Delete(o);
out:
    free(a), free(b), free(c), free(j), free(dir);
    return rc;
}
