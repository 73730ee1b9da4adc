/* Expansion (see experiment_internal.h): each matrix, and each layer of a model, becomes one
 * sb_matrix_spec per target sparsity, with its N and kernels; names are checked unique. */
#include "experiment_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void push_one(loader *L, const entry *e, const prune_opts *po, double sparsity, int prune,
                     const int *N, int n_N, const char *model, sb_precision precision)
{
    sb_config *c = L->cfg;
    if (c->n_matrices == L->cap_matrices) {
        L->cap_matrices = L->cap_matrices ? 2 * L->cap_matrices : 16;
        c->matrices = sb_realloc(c->matrices, sizeof *c->matrices * (size_t)L->cap_matrices);
    }
    sb_matrix_spec *s = &c->matrices[c->n_matrices++];
    memset(s, 0, sizeof *s);
    s->name = sb_strdup(e->name);
    s->source = e->source;
    s->path = sb_strdup(e->path);
    s->M = e->M;
    s->K = e->K;
    s->sparsity = sparsity;
    s->prune = prune;
    if (prune)
        s->pattern = po->pattern;
    else
        s->pattern.kind = SB_PATTERN_UNSTRUCTURED;
    s->bsr_br = po->bsr_br;
    s->bsr_bc = po->bsr_bc;
    s->bsr_block_given = po->bsr_block_given;
    s->N = sb_malloc(sizeof *s->N * (size_t)n_N);
    memcpy(s->N, N, sizeof *s->N * (size_t)n_N);
    s->n_N = n_N;
    s->n_per_sample = e->n_per_sample;
    s->kernels = sb_malloc(sizeof *s->kernels * (size_t)po->n_kernels);
    for (int i = 0; i < po->n_kernels; i++)
        s->kernels[i] = sb_strdup(po->kernels[i]);
    s->n_kernels = po->n_kernels;
    s->model = sb_strdup(model);
    s->layer = model ? sb_strdup(e->name) : NULL;
    s->line = e->at->line;
    s->precision = precision;
}

void ex_push_spec(loader *L, const entry *e, const prune_opts *po, double sparsity, int prune,
                      const int *N, int n_N, const char *model)
{
    for (int i = 0; i < po->n_precisions; i++)
        push_one(L, e, po, sparsity, prune, N, n_N, model, po->precisions[i]);
}

/* A matrix, or a layer at the model's sparsities: a listed sparsity prunes to it; without one an
 * nm pattern prunes to its own sparsity and a file is kept as stored. The caller has checked that
 * the combination makes sense (see ex_needs_sparsity). */
void ex_push_at_sparsity(loader *L, const entry *e, const prune_opts *po, int i, const int *N,
                             int n_N, const char *model)
{
    if (po->sparsities)
        ex_push_spec(L, e, po, po->sparsities[i], 1, N, n_N, model);
    else if (po->pattern.kind == SB_PATTERN_NM)
        ex_push_spec(L, e, po, ex_nm_sparsity(&po->pattern), 1, N, n_N, model);
    else
        ex_push_spec(L, e, po, -1.0, 0, N, n_N, model);
}

static const char *const matrix_keys[] = {"name", "source", "M", "K", "path", "sparsity", "pattern",
                                          "block", "nm", "bsr_block", "N", "kernels", "precision",
                                          NULL};

int ex_parse_matrix(loader *L, const yt_node *map)
{
    const yt_doc *doc = &L->doc;
    if (yt_expect_mapping(doc, map, "each matrix", L->err) != 0 ||
        yt_check_keys(doc, map, "matrix", matrix_keys, L->err) != 0)
        return -1;
    entry e = {.at = map};
    prune_opts po = {0};
    int *N = NULL, n_N = 0, rc = -1;

    const yt_node *name_node = yt_get(map, "name");
    const char *given = NULL;
    if (name_node && ex_parse_name(L, name_node, "name", &given) != 0)
        goto done;
    if (ex_parse_source(L, map, "matrix", &e) != 0)
        goto done;
    if (given)
        e.name = sb_strdup(given);
    else if (e.source == SB_SOURCE_SYNTHETIC)
        e.name = sb_asprintf("%s-%dx%d", sb_source_name(e.source), e.M, e.K);
    else
        e.name = ex_base_name(e.path);
    if (!yt_is_valid_name(e.name)) {
        yt_fail(doc, map, L->err, "the file name '%s' is not a valid matrix name: give the matrix a 'name'",
                e.name);
        goto done;
    }
    for (int i = 0; i < L->n_matrix_names; i++)
        if (strcmp(L->matrix_names[i].name, e.name) == 0) {
            yt_fail(doc, name_node ? name_node : map, L->err,
                    "a second matrix named '%s' (the first is at line %d)%s", e.name,
                    L->matrix_names[i].at->line, given ? "" : "; give one of them a 'name'");
            goto done;
        }

    if (ex_parse_prune_opts(L, map, "matrix", 0, &po) != 0)
        goto done;
    if (ex_needs_sparsity(L, map, "matrix", e.name, e.source, &po, NULL) != 0)
        goto done;
    int prunes = po.sparsities || po.pattern.kind == SB_PATTERN_NM;
    if (ex_check_shape_fits(L, e.path_node ? e.path_node : map, "matrix", &e, &po, prunes) != 0)
        goto done;

    const yt_node *Nn = yt_get(map, "N") ? yt_get(map, "N") : L->top_N;
    if (!Nn) {
        yt_fail(doc, map, L->err, "matrix '%s' has no 'N': give one here or at the top level", e.name);
        goto done;
    }
    if (ex_parse_N_list(L, Nn, "N", &N, &n_N) != 0)
        goto done;
    const yt_node *kn = yt_get(map, "kernels");
    if (!kn && !L->top_kernels) {
        yt_fail(doc, map, L->err, "matrix '%s' has no 'kernels': give them here or at the top level",
                e.name);
        goto done;
    }
    if (ex_parse_kernels(L, kn ? kn : L->top_kernels, &po.pattern, !kn, "matrix", e.name, map, &po) != 0)
        goto done;

    int n_s = po.sparsities ? po.n_sparsities : 1;
    for (int i = 0; i < n_s; i++)
        ex_push_at_sparsity(L, &e, &po, i, N, n_N, NULL);
    /* later matrices compare their name with the one held by the first spec just pushed */
    L->matrix_names = sb_realloc(L->matrix_names, sizeof *L->matrix_names * (size_t)(L->n_matrix_names + 1));
    L->matrix_names[L->n_matrix_names].name =
        L->cfg->matrices[L->cfg->n_matrices - n_s * po.n_precisions].name;
    L->matrix_names[L->n_matrix_names].at = map;
    L->n_matrix_names++;
    rc = 0;
done:
    free(N);
    ex_prune_opts_free(&po);
    ex_entry_free(&e);
    return rc;
}

int ex_layer_N(loader *L, const yt_node *at, int n_per_sample, int batch, entry *e)
{
    long long n = (long long)n_per_sample * batch;
    if (n > INT_MAX)
        return yt_fail(&L->doc, at, L->err, "layer '%s': N = n_per_sample %d * batch %d is too large",
                       e->name, n_per_sample, batch);
    e->N = (int)n;
    e->n_per_sample = n_per_sample;
    return 0;
}

static const char *const model_keys[] = {"name", "batch", "sparsity", "pattern", "block", "nm",
                                         "bsr_block", "kernels", "layers", "layers_from",
                                         "precision", NULL};

static const char *const layer_keys[] = {"name", "source", "path", "M", "K", "n_per_sample", NULL};

static const char *const layers_from_keys[] = {"dlmc", "n_per_sample", NULL};

/* Explicit layers: each at every sparsity of the model (sparsity-major, so one model at one
 * sparsity stays together). */
static int model_layers(loader *L, const yt_node *layers, const char *model, int batch,
                        const yt_node *model_map, const prune_opts *po)
{
    const yt_doc *doc = &L->doc;
    if (yt_expect_list(doc, layers, "layers", 0, L->err) != 0)
        return -1;
    int n = layers->n_items, rc = -1;
    entry *e = sb_calloc((size_t)n, sizeof *e);
    for (int i = 0; i < n; i++) {
        const yt_node *map = layers->items[i];
        e[i].at = map;
        if (yt_expect_mapping(doc, map, "each layer", L->err) != 0 ||
            yt_check_keys(doc, map, "layer", layer_keys, L->err) != 0)
            goto done;
        const yt_node *name_node = yt_get(map, "name");
        const char *given = NULL;
        if (name_node && ex_parse_name(L, name_node, "name", &given) != 0)
            goto done;
        if (ex_parse_source(L, map, "layer", &e[i]) != 0)
            goto done;
        if (given)
            e[i].name = sb_strdup(given);
        else if (e[i].source == SB_SOURCE_SYNTHETIC)
            e[i].name = sb_asprintf("%s-%dx%d", sb_source_name(e[i].source), e[i].M, e[i].K);
        else
            e[i].name = ex_base_name(e[i].path);
        if (!yt_is_valid_name(e[i].name)) {
            yt_fail(doc, map, L->err, "the file name '%s' is not a valid layer name: give the layer a 'name'",
                    e[i].name);
            goto done;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(e[j].name, e[i].name) == 0) {
                yt_fail(doc, name_node ? name_node : map, L->err,
                        "model '%s' has a second layer named '%s' (the first is at line %d)", model,
                        e[i].name, e[j].at->line);
                goto done;
            }
        const yt_node *nps;
        int per_sample;
        if (yt_require(doc, map, "n_per_sample", "layer", &nps, L->err) != 0 ||
            ex_parse_int_min(L, nps, "n_per_sample", 1, &per_sample) != 0 ||
            ex_layer_N(L, map, per_sample, batch, &e[i]) != 0)
            goto done;
        if (ex_needs_sparsity(L, model_map, "model", model, e[i].source, po, &e[i]) != 0)
            goto done;
        int prunes = po->sparsities || po->pattern.kind == SB_PATTERN_NM;
        if (ex_check_shape_fits(L, e[i].path_node ? e[i].path_node : map, "layer", &e[i], po, prunes) != 0)
            goto done;
    }
    int n_s = po->sparsities ? po->n_sparsities : 1;
    for (int s = 0; s < n_s; s++)
        for (int i = 0; i < n; i++)
            ex_push_at_sparsity(L, &e[i], po, s, &e[i].N, 1, model);
    rc = 0;
done:
    for (int i = 0; i < n; i++)
        ex_entry_free(&e[i]);
    free(e);
    return rc;
}

int ex_parse_model(loader *L, const yt_node *map)
{
    const yt_doc *doc = &L->doc;
    if (yt_expect_mapping(doc, map, "each model", L->err) != 0 ||
        yt_check_keys(doc, map, "model", model_keys, L->err) != 0)
        return -1;
    const yt_node *n;
    const char *name;
    if (yt_require(doc, map, "name", "model", &n, L->err) != 0 || ex_parse_name(L, n, "name", &name) != 0)
        return -1;
    sb_config *c = L->cfg;
    for (int i = 0; i < c->n_models; i++)
        if (strcmp(c->models[i].name, name) == 0)
            return yt_fail(doc, n, L->err, "a second model named '%s' (the first is at line %d)", name,
                           c->models[i].line);
    int batch = 1;
    if ((n = yt_get(map, "batch")) && ex_parse_int_min(L, n, "batch", 1, &batch) != 0)
        return -1;

    const yt_node *layers = yt_get(map, "layers"), *from = yt_get(map, "layers_from");
    if (layers && from)
        return yt_fail(doc, yt_get_key(map, "layers_from"), L->err,
                       "model '%s' gives both 'layers' and 'layers_from': keep one", name);
    if (!layers && !from)
        return yt_fail(doc, map, L->err, "model is missing required key 'layers' (or 'layers_from')");
    if (from && (yt_expect_mapping(doc, from, "'layers_from'", L->err) != 0 ||
                 yt_check_keys(doc, from, "layers_from", layers_from_keys, L->err) != 0))
        return -1;
    const yt_node *dn = from ? yt_get(from, "dlmc") : NULL;
    int picks_folders = dn && dn->kind == YT_SCALAR && strstr(dn->text, "{sparsity}");

    prune_opts po = {0};
    int rc = -1;
    if (ex_parse_prune_opts(L, map, "model", picks_folders, &po) != 0)
        goto done;
    const yt_node *kn = yt_get(map, "kernels");
    if (!kn && !L->top_kernels) {
        yt_fail(doc, map, L->err, "model '%s' has no 'kernels': give them here or at the top level", name);
        goto done;
    }
    if (ex_parse_kernels(L, kn ? kn : L->top_kernels, &po.pattern, !kn, "model", name, map, &po) != 0)
        goto done;
    if (layers ? model_layers(L, layers, name, batch, map, &po) != 0
               : ex_model_layers_from(L, from, name, batch, map, &po) != 0)
        goto done;
    if (c->n_models == L->cap_models) {
        L->cap_models = L->cap_models ? 2 * L->cap_models : 4;
        c->models = sb_realloc(c->models, sizeof *c->models * (size_t)L->cap_models);
    }
    c->models[c->n_models].name = sb_strdup(name);
    c->models[c->n_models].batch = batch;
    c->models[c->n_models].line = map->line;
    c->n_models++;
    rc = 0;
done:
    ex_prune_opts_free(&po);
    return rc;
}
