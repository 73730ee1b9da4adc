/* Model suites: per model, device, kernel and sparsity, the sum of the layers' medians against
 * the same sum for the dense baseline (models.csv and a table at the end of a run). */
#ifndef SB_MODELS_H
#define SB_MODELS_H

#include <stdio.h>
#include "sb_results.h"

typedef struct sb_model_total {
    char model[128];
    char device[256];
    char device_index[16];
    char kernel[32];
    char precision[8];
    double sparsity;   /* the target sparsity of its layers */
    int batch;
    int layers, layers_ok, layers_skipped;
    double total_ms;
    int64_t bytes, dense_bytes;
} sb_model_total;

typedef struct sb_models {
    sb_model_total *items;
    int count, cap;
} sb_models;

/* Adds a layer's row (rows without a model are ignored). */
void sb_models_add(sb_models *m, const sb_row *row, int batch);
/* Writes dir/models.csv and prints the table; nothing when no row had a model. */
int sb_models_write(const sb_models *m, const char *dir, FILE *table, sb_error *err);
void sb_models_free(sb_models *m);

#endif
