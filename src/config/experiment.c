/* Experiments (configs/NAME.yaml): parse, validate and expand into one sb_matrix_spec per matrix
 * (or model layer) and sparsity. Everything a user can get wrong is caught here, before any
 * device is touched, and reported as "FILE:LINE:COL: what is wrong". Schema: configs/README.md.
 * This file is the top level (the experiment's keys and defaults, sb_config_load); the stages it
 * calls are listed in experiment_internal.h. */
#include "experiment_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sb_source_name(sb_source_kind k)
{
    switch (k) {
    case SB_SOURCE_SYNTHETIC: return "synthetic";
    case SB_SOURCE_DLMC: return "dlmc";
    case SB_SOURCE_MTX: return "mtx";
    case SB_SOURCE_NPY: return "npy";
    }
    return "unknown";
}

static const char *const top_keys[] = {"name", "description", "defaults", "N", "kernels",
                                       "precision", "matrices", "models", NULL};

static const char *const default_keys[] = {"warmup", "repeats", "min_time_ms", "max_repeats",
                                           "seed", "tolerance", "max_noise", "max_time_ms",
                                           "timer", "cache", NULL};

const char *sb_timer_mode_name(sb_timer_mode m)
{
    return m == SB_TIMER_BATCH ? "batch" : "latency";
}

const char *sb_cache_mode_name(sb_cache_mode m)
{
    return m == SB_CACHE_COLD ? "cold" : "warm";
}

/* `key: A | B` into *out (0 for A, 1 for B). */
static int parse_choice(loader *L, const yt_node *n, const char *key, const char *a, const char *b,
                        int *out)
{
    const char *s;
    if (yt_expect_string(&L->doc, n, key, &s, L->err) != 0)
        return -1;
    if (strcmp(s, a) != 0 && strcmp(s, b) != 0)
        return yt_fail(&L->doc, n, L->err, "%s must be %s or %s, got '%s'", key, a, b, s);
    *out = strcmp(s, b) == 0;
    return 0;
}

static int parse_defaults(loader *L, const yt_node *d)
{
    const yt_doc *doc = &L->doc;
    sb_config *c = L->cfg;
    if (yt_expect_mapping(doc, d, "'defaults'", L->err) != 0 ||
        yt_check_keys(doc, d, "defaults", default_keys, L->err) != 0)
        return -1;
    const yt_node *n;
    if ((n = yt_get(d, "warmup")) && ex_parse_int_min(L, n, "warmup", 0, &c->warmup) != 0)
        return -1;
    if ((n = yt_get(d, "repeats")) && ex_parse_int_min(L, n, "repeats", 1, &c->repeats) != 0)
        return -1;
    if ((n = yt_get(d, "min_time_ms"))) {
        if (yt_expect_double(doc, n, "min_time_ms", &c->min_time_ms, L->err) != 0)
            return -1;
        if (c->min_time_ms < 0)
            return yt_fail(doc, n, L->err, "min_time_ms must be >= 0, got %s", n->text);
    }
    if ((n = yt_get(d, "max_repeats"))) {
        if (ex_parse_int_min(L, n, "max_repeats", 1, &c->max_repeats) != 0)
            return -1;
        if (c->max_repeats < c->repeats)
            return yt_fail(doc, n, L->err, "max_repeats must be >= repeats (%d), got %d", c->repeats,
                           c->max_repeats);
    } else if (c->max_repeats < c->repeats) {
        c->max_repeats = c->repeats;
    }
    if ((n = yt_get(d, "max_noise"))) {
        if (yt_expect_double(doc, n, "max_noise", &c->max_noise, L->err) != 0)
            return -1;
        if (!(c->max_noise >= 0 && c->max_noise < 1))
            return yt_fail(doc, n, L->err, "max_noise is a fraction (0.02 = 2%%) in [0, 1), 0 "
                           "for off; got %s", n->text);
    }
    if ((n = yt_get(d, "max_time_ms"))) {
        if (yt_expect_double(doc, n, "max_time_ms", &c->max_time_ms, L->err) != 0)
            return -1;
        if (!(c->max_time_ms > 0 && c->max_time_ms <= 3.6e6))
            return yt_fail(doc, n, L->err, "max_time_ms must be > 0 and at most 3600000 (an hour "
                           "per case), got %s", n->text);
    }
    if ((n = yt_get(d, "seed"))) {
        long long v;
        if (yt_expect_int(doc, n, "seed", &v, L->err) != 0)
            return -1;
        if (v < 0)
            return yt_fail(doc, n, L->err, "seed must be >= 0, got %lld", v);
        c->seed = (uint64_t)v;
    }
    if ((n = yt_get(d, "tolerance"))) {
        if (yt_expect_double(doc, n, "tolerance", &c->tolerance, L->err) != 0)
            return -1;
        if (!(c->tolerance > 0))
            return yt_fail(doc, n, L->err, "tolerance must be > 0, got %s", n->text);
    }
    int choice;
    if ((n = yt_get(d, "timer"))) {
        if (parse_choice(L, n, "timer", "latency", "batch", &choice) != 0)
            return -1;
        c->timer = choice ? SB_TIMER_BATCH : SB_TIMER_LATENCY;
    }
    if ((n = yt_get(d, "cache"))) {
        if (parse_choice(L, n, "cache", "warm", "cold", &choice) != 0)
            return -1;
        c->cache = choice ? SB_CACHE_COLD : SB_CACHE_WARM;
    }
    return 0;
}

static int parse_config(loader *L)
{
    const yt_doc *doc = &L->doc;
    sb_config *c = L->cfg;
    const yt_node *root = doc->root;
    if (!root || yt_is_null(root))
        return yt_fail(doc, NULL, L->err,
                       "the file is empty; an experiment needs at least 'name' and 'matrices'");
    if (yt_expect_mapping(doc, root, "the experiment", L->err) != 0 ||
        yt_check_keys(doc, root, "the experiment", top_keys, L->err) != 0)
        return -1;
    const yt_node *n;
    const char *s;
    if (yt_require(doc, root, "name", "the experiment", &n, L->err) != 0 ||
        ex_parse_name(L, n, "name", &s) != 0)
        return -1;
    c->name = sb_strdup(s);
    if ((n = yt_get(root, "description"))) {
        if (yt_expect_string(doc, n, "description", &s, L->err) != 0)
            return -1;
        c->description = sb_strdup(s);
    }
    if ((n = yt_get(root, "defaults")) && parse_defaults(L, n) != 0)
        return -1;

    /* Top-level N and kernels are checked here once, so a bad value is reported even when every
     * matrix overrides it. */
    L->top_N = yt_get(root, "N");
    L->top_kernels = yt_get(root, "kernels");
    L->top_precision = yt_get(root, "precision");
    if (L->top_precision) {
        prune_opts tmp = {0};
        if (ex_parse_precisions(L, L->top_precision, &tmp) != 0)
            return -1;
    }
    if (L->top_N) {
        int *tmp, nt;
        if (ex_parse_N_list(L, L->top_N, "N", &tmp, &nt) != 0)
            return -1;
        free(tmp);
    }
    if (L->top_kernels) {
        prune_opts any = {0}; /* a kernel that fits no pattern at all is still caught per matrix */
        any.pattern.kind = SB_PATTERN_NM;
        any.pattern.nm_n = 2;
        any.pattern.nm_m = 4;
        int rc = ex_parse_kernels(L, L->top_kernels, &any.pattern, 0, "", "", root, &any);
        ex_prune_opts_free(&any);
        if (rc != 0)
            return -1;
    }

    const yt_node *matrices = yt_get(root, "matrices"), *models = yt_get(root, "models");
    if (!matrices && !models)
        return yt_fail(doc, root, L->err,
                       "the experiment is missing required key 'matrices' (or 'models')");
    if (matrices) {
        if (yt_expect_list(doc, matrices, "matrices", 0, L->err) != 0)
            return -1;
        for (int i = 0; i < matrices->n_items; i++)
            if (ex_parse_matrix(L, matrices->items[i]) != 0)
                return -1;
    }
    if (models) {
        if (yt_expect_list(doc, models, "models", 0, L->err) != 0)
            return -1;
        for (int i = 0; i < models->n_items; i++)
            if (ex_parse_model(L, models->items[i]) != 0)
                return -1;
    }
    return 0;
}

void ex_spec_free(sb_matrix_spec *s)
{
    free(s->name);
    free(s->path);
    free(s->N);
    for (int i = 0; i < s->n_kernels; i++)
        free(s->kernels[i]);
    free(s->kernels);
    free(s->model);
    free(s->layer);
    memset(s, 0, sizeof *s);
}

int sb_config_load(const char *path, const char *data_dir, sb_config *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = sb_strdup(path);
    out->warmup = 2;
    out->repeats = 10;
    out->min_time_ms = 0;
    out->max_repeats = 1000;
    out->max_noise = 0;
    out->max_time_ms = 5000;
    out->seed = 42;
    out->tolerance = 1e-5;
    loader L = {.data_dir = data_dir, .cfg = out, .err = err};
    int rc = yt_load(path, &L.doc, err);
    if (rc == 0)
        rc = parse_config(&L);
    free(L.matrix_names);
    yt_free(&L.doc);
    if (rc != 0)
        sb_config_free(out);
    return rc;
}

void sb_config_free(sb_config *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n_matrices; i++)
        ex_spec_free(&c->matrices[i]);
    free(c->matrices);
    for (int i = 0; i < c->n_models; i++)
        free(c->models[i].name);
    free(c->models);
    for (int i = 0; i < c->n_missing; i++) {
        free(c->missing[i].model);
        free(c->missing[i].message);
    }
    free(c->missing);
    free(c->path);
    free(c->name);
    free(c->description);
    memset(c, 0, sizeof *c);
}
