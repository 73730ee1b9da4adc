/* The config as parsed, as JSON for run.json (sb_config_to_json). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include "sb_config.h"

static cJSON *block_json(int rows, int cols)
{
    cJSON *a = cJSON_CreateArray();
    cJSON_AddItemToArray(a, cJSON_CreateNumber(rows));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(cols));
    return a;
}

struct cJSON *sb_config_to_json(const sb_config *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", c->path ? c->path : "");
    cJSON_AddStringToObject(o, "name", c->name ? c->name : "");
    if (c->description)
        cJSON_AddStringToObject(o, "description", c->description);
    else
        cJSON_AddNullToObject(o, "description");
    cJSON *d = cJSON_AddObjectToObject(o, "defaults");
    cJSON_AddNumberToObject(d, "warmup", c->warmup);
    cJSON_AddNumberToObject(d, "repeats", c->repeats);
    cJSON_AddNumberToObject(d, "min_time_ms", c->min_time_ms);
    cJSON_AddNumberToObject(d, "max_repeats", c->max_repeats);
    cJSON_AddNumberToObject(d, "max_noise", c->max_noise);
    cJSON_AddNumberToObject(d, "max_time_ms", c->max_time_ms);
    char seed[32]; /* an exact integer: a double would round a seed above 2^53 */
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)c->seed);
    cJSON_AddRawToObject(d, "seed", seed);
    cJSON_AddNumberToObject(d, "tolerance", c->tolerance);
    cJSON_AddStringToObject(d, "timer", sb_timer_mode_name(c->timer));
    cJSON_AddStringToObject(d, "cache", sb_cache_mode_name(c->cache));

    cJSON *ms = cJSON_AddArrayToObject(o, "matrices");
    for (int i = 0; i < c->n_matrices; i++) {
        const sb_matrix_spec *s = &c->matrices[i];
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "name", s->name);
        cJSON_AddStringToObject(m, "source", sb_source_name(s->source));
        if (s->path)
            cJSON_AddStringToObject(m, "path", s->path);
        else
            cJSON_AddNullToObject(m, "path");
        cJSON_AddNumberToObject(m, "M", s->M);
        cJSON_AddNumberToObject(m, "K", s->K);
        if (s->sparsity >= 0)
            cJSON_AddNumberToObject(m, "sparsity", s->sparsity);
        else
            cJSON_AddNullToObject(m, "sparsity");
        cJSON_AddBoolToObject(m, "prune", s->prune);
        cJSON_AddStringToObject(m, "pattern", sb_pattern_name(s->pattern.kind));
        if (s->pattern.kind == SB_PATTERN_BLOCK)
            cJSON_AddItemToObject(m, "block", block_json(s->pattern.block_rows, s->pattern.block_cols));
        if (s->pattern.kind == SB_PATTERN_NM) {
            char nm[32];
            snprintf(nm, sizeof nm, "%d:%d", s->pattern.nm_n, s->pattern.nm_m);
            cJSON_AddStringToObject(m, "nm", nm);
        }
        cJSON_AddItemToObject(m, "bsr_block", block_json(s->bsr_br, s->bsr_bc));
        cJSON_AddStringToObject(m, "precision", sb_precision_name(s->precision));
        cJSON_AddItemToObject(m, "N", cJSON_CreateIntArray(s->N, s->n_N));
        cJSON_AddItemToObject(m, "kernels",
                              cJSON_CreateStringArray((const char *const *)s->kernels, s->n_kernels));
        if (s->model) {
            cJSON_AddStringToObject(m, "model", s->model);
            cJSON_AddStringToObject(m, "layer", s->layer);
        } else {
            cJSON_AddNullToObject(m, "model");
            cJSON_AddNullToObject(m, "layer");
        }
        cJSON_AddNumberToObject(m, "line", s->line);
        cJSON_AddItemToArray(ms, m);
    }
    cJSON *models = cJSON_AddArrayToObject(o, "models");
    for (int i = 0; i < c->n_models; i++) {
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "name", c->models[i].name);
        cJSON_AddNumberToObject(m, "batch", c->models[i].batch);
        cJSON_AddNumberToObject(m, "line", c->models[i].line);
        cJSON_AddItemToArray(models, m);
    }
    return o;
}
