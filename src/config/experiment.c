/* Experiments (configs/NAME.yaml): parse, validate and expand into one sb_matrix_spec per matrix
 * (or model layer) and sparsity. Everything a user can get wrong is caught here, before any
 * device is touched, and reported as "FILE:LINE:COL: what is wrong". Schema: configs/README.md. */
#define _DEFAULT_SOURCE
#include "sb_config.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix_header.h"
#include "sb_kernel.h"
#include "yaml_tree.h"

#define SPARSITY_EPS 1e-9
#define DATA_DIR_HINT "set the data directory with --data-dir DIR or the SPARSEBENCH_DATA environment variable"

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

/* ---- the loader's state ------------------------------------------------------------------ */

typedef struct seen_name {
    const char *name;
    const yt_node *at;
} seen_name;

typedef struct loader {
    yt_doc doc;
    const char *data_dir;
    sb_config *cfg;
    sb_error *err;
    const yt_node *top_N, *top_kernels; /* defaults for every matrix, may be NULL */
    int cap_matrices, cap_models;
    int batch_override; /* > 0: replaces every model's batch (--batch) */
    seen_name *matrix_names; /* for duplicate names among matrices */
    int n_matrix_names;
} loader;

/* How a matrix or a model's layers are pruned, and what runs on them. */
typedef struct prune_opts {
    sb_pattern pattern;
    int bsr_br, bsr_bc;
    double *sparsities; /* NULL when `sparsity` is not given */
    int n_sparsities;
    const yt_node *sparsity_node;
    char **kernels;
    int n_kernels;
} prune_opts;

/* One matrix or layer before it is expanded over sparsities. */
typedef struct entry {
    const yt_node *at;   /* its mapping (or the layers_from value): line and messages */
    char *name;
    sb_source_kind source;
    char *path;          /* resolved; NULL for synthetic */
    const yt_node *path_node;
    int M, K;
    int N;               /* model layers: n_per_sample * batch */
} entry;

static void prune_opts_free(prune_opts *po)
{
    free(po->sparsities);
    for (int i = 0; i < po->n_kernels; i++)
        free(po->kernels[i]);
    free(po->kernels);
    memset(po, 0, sizeof *po);
}

static void entry_free(entry *e)
{
    free(e->name);
    free(e->path);
    memset(e, 0, sizeof *e);
}

/* ---- scalar rules -------------------------------------------------------------------------- */

static int parse_name(loader *L, const yt_node *node, const char *key, const char **out)
{
    return yt_expect_name(&L->doc, node, key, out, L->err);
}

static int parse_int_min(loader *L, const yt_node *node, const char *key, long long min, int *out)
{
    long long v;
    if (yt_expect_int(&L->doc, node, key, &v, L->err) != 0)
        return -1;
    if (v < min)
        return yt_fail(&L->doc, node, L->err, "%s must be >= %lld, got %lld", key, min, v);
    if (v > INT_MAX)
        return yt_fail(&L->doc, node, L->err, "%s must be <= %d, got %lld", key, INT_MAX, v);
    *out = (int)v;
    return 0;
}

static int parse_N_list(loader *L, const yt_node *node, const char *key, int **out, int *n)
{
    if (yt_expect_list(&L->doc, node, key, 1, L->err) != 0)
        return -1;
    int len = yt_list_len(node);
    int *v = sb_malloc(sizeof *v * (size_t)len);
    for (int i = 0; i < len; i++) {
        const yt_node *item = yt_list_at(node, i);
        if (parse_int_min(L, item, key, 1, &v[i]) != 0)
            goto fail;
        for (int j = 0; j < i; j++)
            if (v[j] == v[i]) {
                yt_fail(&L->doc, item, L->err, "%s %d is listed twice", key, v[i]);
                goto fail;
            }
    }
    *out = v;
    *n = len;
    return 0;
fail:
    free(v);
    return -1;
}

static int parse_sparsity_list(loader *L, const yt_node *node, double **out, int *n)
{
    if (yt_expect_list(&L->doc, node, "sparsity", 1, L->err) != 0)
        return -1;
    int len = yt_list_len(node);
    double *v = sb_malloc(sizeof *v * (size_t)len);
    for (int i = 0; i < len; i++) {
        const yt_node *item = yt_list_at(node, i);
        if (yt_expect_double(&L->doc, item, "sparsity", &v[i], L->err) != 0)
            goto fail;
        if (!(v[i] >= 0.0 && v[i] < 1.0)) {
            yt_fail(&L->doc, item, L->err, "sparsity must be in [0, 1), got %s", item->text);
            goto fail;
        }
        for (int j = 0; j < i; j++)
            if (fabs(v[j] - v[i]) <= SPARSITY_EPS) {
                yt_fail(&L->doc, item, L->err, "sparsity %s is listed twice", item->text);
                goto fail;
            }
    }
    *out = v;
    *n = len;
    return 0;
fail:
    free(v);
    return -1;
}

static int parse_block_side(loader *L, const yt_node *node, const char *key, int *out)
{
    long long v;
    if (yt_expect_int(&L->doc, node, key, &v, L->err) != 0)
        return -1;
    if (v < 1 || v > 64 || (v & (v - 1)) != 0)
        return yt_fail(&L->doc, node, L->err,
                       "%s sizes must be one of 1, 2, 4, 8, 16, 32, 64, got %lld", key, v);
    *out = (int)v;
    return 0;
}

/* `block: 4` (4x4) or `block: [rows, cols]`. */
static int parse_block(loader *L, const yt_node *node, const char *key, int *rows, int *cols)
{
    if (node->kind == YT_SEQUENCE) {
        if (node->n_items != 2)
            return yt_fail(&L->doc, node, L->err,
                           "'%s' must be one size b (b x b) or [rows, cols], got a list of %d",
                           key, node->n_items);
        return parse_block_side(L, node->items[0], key, rows) ||
               parse_block_side(L, node->items[1], key, cols) ? -1 : 0;
    }
    if (parse_block_side(L, node, key, rows) != 0)
        return -1;
    *cols = *rows;
    return 0;
}

/* `nm: "2:4"`: keep n of every m along K. */
static int parse_nm(loader *L, const yt_node *node, int *n, int *m)
{
    const char *s;
    if (yt_expect_string(&L->doc, node, "nm", &s, L->err) != 0)
        return -1;
    int a, b, used = 0;
    if (sscanf(s, "%d:%d%n", &a, &b, &used) != 2 || s[used] != '\0' || !(1 <= a && a < b && b <= 16))
        return yt_fail(&L->doc, node, L->err,
                       "'nm' must be \"n:m\" with 1 <= n < m <= 16 (e.g. \"2:4\"), got '%s'", s);
    *n = a;
    *m = b;
    return 0;
}

static double nm_sparsity(const sb_pattern *p)
{
    return 1.0 - (double)p->nm_n / (double)p->nm_m;
}

/* Shortest text that reads back as v: 0.5, 0.95, as the DLMC folders are named. */
static void format_sparsity(double v, char *buf, size_t n)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* ---- files ----------------------------------------------------------------------------------- */

/* Joins a config path to the data directory and checks it exists (a file or, want_dir, a
 * directory). Errors point at node and name the full path looked for. */
static int resolve_path(loader *L, const yt_node *node, const char *rel, int want_dir, char **out)
{
    const char *kind = want_dir ? "directory" : "file";
    char *full;
    if (rel[0] == '/') {
        full = sb_strdup(rel);
    } else {
        if (!L->data_dir)
            return yt_fail(&L->doc, node, L->err,
                           "data %s '%s' is relative to the data directory, and none is set: " DATA_DIR_HINT,
                           kind, rel);
        full = sb_path_join(L->data_dir, rel);
    }
    if (want_dir ? sb_is_dir(full) : sb_file_exists(full)) {
        *out = full;
        return 0;
    }
    if (rel[0] == '/')
        yt_fail(&L->doc, node, L->err, "data %s not found: %s", kind, full);
    else
        yt_fail(&L->doc, node, L->err, "data %s not found: %s (data directory '%s'); " DATA_DIR_HINT,
                kind, full, L->data_dir);
    free(full);
    return -1;
}

static const char *path_suffix(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot : "";
}

static int source_from_suffix(const char *path, sb_source_kind *out)
{
    const char *suf = path_suffix(path);
    if (strcmp(suf, ".smtx") == 0)
        *out = SB_SOURCE_DLMC;
    else if (strcmp(suf, ".mtx") == 0)
        *out = SB_SOURCE_MTX;
    else if (strcmp(suf, ".npy") == 0)
        *out = SB_SOURCE_NPY;
    else
        return -1;
    return 0;
}

/* The file's name without directory and suffix. */
static char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    const char *dot = strrchr(b, '.');
    return dot && dot != b ? sb_strndup(b, (size_t)(dot - b)) : sb_strdup(b);
}

static int read_file_shape(loader *L, entry *e)
{
    if (sb_matrix_header_shape(e->path, e->source, &e->M, &e->K, L->err) != 0) {
        /* the header reader says "path:line: ..."; say where the config asked for it too */
        return sb_fail_prefix(L->err, "%s:%d:%d: ", L->doc.path, e->path_node->line,
                              e->path_node->col);
    }
    return 0;
}

/* ---- checks shared by matrices and models ------------------------------------------------ */

/* The kernels of a matrix or model: its own list or the inherited one, each accepted for the
 * pattern. An inherited name's position is in the top-level list, so the message names the
 * matrix it failed for. */
static int parse_kernels(loader *L, const yt_node *list, const sb_pattern *p, int inherited,
                         const char *what, const char *name, const yt_node *at, prune_opts *po)
{
    if (yt_expect_list(&L->doc, list, "kernels", 1, L->err) != 0)
        return -1;
    int len = yt_list_len(list);
    po->kernels = sb_calloc((size_t)len, sizeof *po->kernels);
    for (int i = 0; i < len; i++) {
        const yt_node *item = yt_list_at(list, i);
        const char *k;
        if (yt_expect_string(&L->doc, item, "kernels", &k, L->err) != 0)
            return -1;
        char why[512];
        if (!sb_kernel_accepts_pattern(k, p, why, sizeof why)) {
            if (inherited)
                return yt_fail(&L->doc, item, L->err, "%s (for %s '%s' at line %d)", why, what, name,
                               at->line);
            return yt_fail(&L->doc, item, L->err, "%s", why);
        }
        for (int j = 0; j < po->n_kernels; j++)
            if (strcmp(po->kernels[j], k) == 0)
                return yt_fail(&L->doc, item, L->err, "kernel '%s' is listed twice", k);
        po->kernels[po->n_kernels++] = sb_strdup(k);
    }
    return 0;
}

/* pattern, block, nm, bsr_block and sparsity of a matrix or model. sparsity_picks_folders: the
 * sparsity list chooses DLMC folders (layers_from with {sparsity}), so it need not match an nm
 * pattern's own sparsity. */
static int parse_prune_opts(loader *L, const yt_node *map, const char *what, int sparsity_picks_folders,
                            prune_opts *po)
{
    const yt_doc *doc = &L->doc;
    po->pattern.kind = SB_PATTERN_UNSTRUCTURED;
    const yt_node *n = yt_get(map, "pattern");
    if (n) {
        const char *s;
        if (yt_expect_string(doc, n, "pattern", &s, L->err) != 0)
            return -1;
        if (strcmp(s, "unstructured") == 0)
            po->pattern.kind = SB_PATTERN_UNSTRUCTURED;
        else if (strcmp(s, "block") == 0)
            po->pattern.kind = SB_PATTERN_BLOCK;
        else if (strcmp(s, "nm") == 0)
            po->pattern.kind = SB_PATTERN_NM;
        else
            return yt_fail(doc, n, L->err, "'pattern' must be unstructured, block or nm, got '%s'", s);
    }
    const char *pname = sb_pattern_name(po->pattern.kind);

    const yt_node *block = yt_get(map, "block");
    if (po->pattern.kind == SB_PATTERN_BLOCK) {
        if (!block)
            return yt_fail(doc, map, L->err, "%s with pattern block is missing required key 'block'", what);
        if (parse_block(L, block, "block", &po->pattern.block_rows, &po->pattern.block_cols) != 0)
            return -1;
    } else if (block) {
        return yt_fail(doc, yt_get_key(map, "block"), L->err,
                       "'block' applies only to pattern block (this %s's pattern is %s)", what, pname);
    }

    const yt_node *nm = yt_get(map, "nm");
    if (po->pattern.kind == SB_PATTERN_NM) {
        po->pattern.nm_n = 2;
        po->pattern.nm_m = 4;
        if (nm && parse_nm(L, nm, &po->pattern.nm_n, &po->pattern.nm_m) != 0)
            return -1;
    } else if (nm) {
        return yt_fail(doc, yt_get_key(map, "nm"), L->err,
                       "'nm' applies only to pattern nm (this %s's pattern is %s)", what, pname);
    }

    const yt_node *bsr = yt_get(map, "bsr_block");
    if (po->pattern.kind == SB_PATTERN_BLOCK) {
        if (bsr)
            return yt_fail(doc, yt_get_key(map, "bsr_block"), L->err,
                           "'bsr_block' applies only when the pattern is not block (the bsr kernels "
                           "use the pruning block %dx%d)", po->pattern.block_rows, po->pattern.block_cols);
        po->bsr_br = po->pattern.block_rows;
        po->bsr_bc = po->pattern.block_cols;
    } else {
        po->bsr_br = po->bsr_bc = 4;
        if (bsr && parse_block(L, bsr, "bsr_block", &po->bsr_br, &po->bsr_bc) != 0)
            return -1;
    }

    po->sparsity_node = yt_get(map, "sparsity");
    if (po->sparsity_node) {
        if (parse_sparsity_list(L, po->sparsity_node, &po->sparsities, &po->n_sparsities) != 0)
            return -1;
        if (po->pattern.kind == SB_PATTERN_NM && !sparsity_picks_folders) {
            double want = nm_sparsity(&po->pattern);
            for (int i = 0; i < po->n_sparsities; i++) {
                if (fabs(po->sparsities[i] - want) > SPARSITY_EPS) {
                    return yt_fail(doc, yt_list_at(po->sparsity_node, i), L->err,
                                   "pattern nm %d:%d has sparsity %.4g; remove `sparsity` or use another "
                                   "pattern (got sparsity %s)",
                                   po->pattern.nm_n, po->pattern.nm_m, want,
                                   yt_list_at(po->sparsity_node, i)->text);
                }
            }
        }
    }
    return 0;
}

/* Pruning to blocks or N:M groups needs whole blocks/groups (sb_prune): say so now. */
static int check_shape_fits(loader *L, const yt_node *at, const char *what, const entry *e,
                            const prune_opts *po, int prunes)
{
    const sb_pattern *p = &po->pattern;
    if (!prunes)
        return 0;
    if (p->kind == SB_PATTERN_BLOCK && (e->M % p->block_rows || e->K % p->block_cols))
        return yt_fail(&L->doc, at, L->err,
                       "pattern block %dx%d needs M a multiple of %d and K a multiple of %d; %s '%s' "
                       "is %dx%d", p->block_rows, p->block_cols, p->block_rows, p->block_cols, what,
                       e->name, e->M, e->K);
    if (p->kind == SB_PATTERN_NM && e->K % p->nm_m)
        return yt_fail(&L->doc, at, L->err,
                       "pattern nm %d:%d needs K a multiple of %d; %s '%s' is %dx%d", p->nm_n, p->nm_m,
                       p->nm_m, what, e->name, e->M, e->K);
    return 0;
}

/* source, path, M and K of a matrix or an explicit layer; files get their shape from the header. */
static int parse_source(loader *L, const yt_node *map, const char *what, entry *e)
{
    const yt_doc *doc = &L->doc;
    const yt_node *src = yt_get(map, "source");
    const yt_node *path = yt_get(map, "path");
    const char *rel = NULL;
    if (path && yt_expect_string(doc, path, "path", &rel, L->err) != 0)
        return -1;
    if (src) {
        const char *s;
        if (yt_expect_string(doc, src, "source", &s, L->err) != 0)
            return -1;
        int found = 0;
        for (int k = SB_SOURCE_SYNTHETIC; k <= SB_SOURCE_NPY; k++)
            if (strcmp(s, sb_source_name((sb_source_kind)k)) == 0) {
                e->source = (sb_source_kind)k;
                found = 1;
            }
        if (!found)
            return yt_fail(doc, src, L->err, "'source' must be synthetic, dlmc, mtx or npy, got '%s'", s);
    } else if (rel) {
        if (source_from_suffix(rel, &e->source) != 0)
            return yt_fail(doc, path, L->err,
                           "cannot tell the source of '%s' from its suffix (.smtx, .mtx, .npy): "
                           "add 'source: dlmc', 'source: mtx' or 'source: npy'", rel);
    } else {
        e->source = SB_SOURCE_SYNTHETIC;
    }

    const yt_node *M = yt_get(map, "M"), *K = yt_get(map, "K");
    if (e->source == SB_SOURCE_SYNTHETIC) {
        if (path)
            return yt_fail(doc, yt_get_key(map, "path"), L->err,
                           "'path' is not allowed for a synthetic %s (give 'source: dlmc', 'mtx' or "
                           "'npy' to read a file)", what);
        const yt_node *n;
        if (yt_require(doc, map, "M", what, &n, L->err) != 0 || parse_int_min(L, n, "M", 1, &e->M) != 0)
            return -1;
        if (yt_require(doc, map, "K", what, &n, L->err) != 0 || parse_int_min(L, n, "K", 1, &e->K) != 0)
            return -1;
        return 0;
    }
    if (!path)
        return yt_fail(doc, map, L->err, "%s with source %s is missing required key 'path'", what,
                       sb_source_name(e->source));
    if (M || K)
        return yt_fail(doc, yt_get_key(map, M ? "M" : "K"), L->err,
                       "'%s' is not allowed for source %s: it is read from the file", M ? "M" : "K",
                       sb_source_name(e->source));
    e->path_node = path;
    if (resolve_path(L, path, rel, 0, &e->path) != 0)
        return -1;
    return read_file_shape(L, e);
}

/* ---- emitting specs -------------------------------------------------------------------------- */

static void push_spec(loader *L, const entry *e, const prune_opts *po, double sparsity, int prune,
                      const int *N, int n_N, const char *model)
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
    s->N = sb_malloc(sizeof *s->N * (size_t)n_N);
    memcpy(s->N, N, sizeof *s->N * (size_t)n_N);
    s->n_N = n_N;
    s->kernels = sb_malloc(sizeof *s->kernels * (size_t)po->n_kernels);
    for (int i = 0; i < po->n_kernels; i++)
        s->kernels[i] = sb_strdup(po->kernels[i]);
    s->n_kernels = po->n_kernels;
    s->model = sb_strdup(model);
    s->layer = model ? sb_strdup(e->name) : NULL;
    s->line = e->at->line;
}

/* A matrix, or a layer at the model's sparsities: a listed sparsity prunes to it; without one an
 * nm pattern prunes to its own sparsity and a file is kept as stored. The caller has checked that
 * the combination makes sense (see needs_sparsity). */
static void push_at_sparsity(loader *L, const entry *e, const prune_opts *po, int i, const int *N,
                             int n_N, const char *model)
{
    if (po->sparsities)
        push_spec(L, e, po, po->sparsities[i], 1, N, n_N, model);
    else if (po->pattern.kind == SB_PATTERN_NM)
        push_spec(L, e, po, nm_sparsity(&po->pattern), 1, N, n_N, model);
    else
        push_spec(L, e, po, -1.0, 0, N, n_N, model);
}

/* Without a sparsity list, a synthetic matrix has nothing to prune to (unless nm), and a file
 * can be kept as stored only when the pattern is unstructured. layer: the model layer that needs
 * it, or NULL. */
static int needs_sparsity(loader *L, const yt_node *map, const char *what, const char *name,
                          sb_source_kind source, const prune_opts *po, const entry *layer)
{
    if (po->sparsities || po->pattern.kind == SB_PATTERN_NM)
        return 0;
    char ctx[160] = "";
    if (layer)
        snprintf(ctx, sizeof ctx, " (for layer '%s' at line %d)", layer->name, layer->at->line);
    if (source == SB_SOURCE_SYNTHETIC)
        return yt_fail(&L->doc, map, L->err,
                       "%s '%s' is missing required key 'sparsity': a synthetic matrix is pruned to it%s",
                       what, name, ctx);
    if (po->pattern.kind == SB_PATTERN_BLOCK)
        return yt_fail(&L->doc, map, L->err,
                       "%s '%s' is missing required key 'sparsity': pattern block re-prunes the file "
                       "and needs a target sparsity%s", what, name, ctx);
    return 0;
}

/* ---- matrices ------------------------------------------------------------------------------ */

static const char *const matrix_keys[] = {"name", "source", "M", "K", "path", "sparsity", "pattern",
                                          "block", "nm", "bsr_block", "N", "kernels", NULL};

static int parse_matrix(loader *L, const yt_node *map)
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
    if (name_node && parse_name(L, name_node, "name", &given) != 0)
        goto done;
    if (parse_source(L, map, "matrix", &e) != 0)
        goto done;
    if (given)
        e.name = sb_strdup(given);
    else if (e.source == SB_SOURCE_SYNTHETIC)
        e.name = sb_asprintf("%s-%dx%d", sb_source_name(e.source), e.M, e.K);
    else
        e.name = base_name(e.path);
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

    if (parse_prune_opts(L, map, "matrix", 0, &po) != 0)
        goto done;
    if (needs_sparsity(L, map, "matrix", e.name, e.source, &po, NULL) != 0)
        goto done;
    int prunes = po.sparsities || po.pattern.kind == SB_PATTERN_NM;
    if (check_shape_fits(L, e.path_node ? e.path_node : map, "matrix", &e, &po, prunes) != 0)
        goto done;

    const yt_node *Nn = yt_get(map, "N") ? yt_get(map, "N") : L->top_N;
    if (!Nn) {
        yt_fail(doc, map, L->err, "matrix '%s' has no 'N': give one here or at the top level", e.name);
        goto done;
    }
    if (parse_N_list(L, Nn, "N", &N, &n_N) != 0)
        goto done;
    const yt_node *kn = yt_get(map, "kernels");
    if (!kn && !L->top_kernels) {
        yt_fail(doc, map, L->err, "matrix '%s' has no 'kernels': give them here or at the top level",
                e.name);
        goto done;
    }
    if (parse_kernels(L, kn ? kn : L->top_kernels, &po.pattern, !kn, "matrix", e.name, map, &po) != 0)
        goto done;

    int n_s = po.sparsities ? po.n_sparsities : 1;
    for (int i = 0; i < n_s; i++)
        push_at_sparsity(L, &e, &po, i, N, n_N, NULL);
    /* later matrices compare their name with the one held by the first spec just pushed */
    L->matrix_names = sb_realloc(L->matrix_names, sizeof *L->matrix_names * (size_t)(L->n_matrix_names + 1));
    L->matrix_names[L->n_matrix_names].name = L->cfg->matrices[L->cfg->n_matrices - n_s].name;
    L->matrix_names[L->n_matrix_names].at = map;
    L->n_matrix_names++;
    rc = 0;
done:
    free(N);
    prune_opts_free(&po);
    entry_free(&e);
    return rc;
}

/* ---- models ---------------------------------------------------------------------------------- */

typedef struct n_table {
    char **names;
    int *N;
    int count;
    char *path;
} n_table;

static void n_table_free(n_table *t)
{
    for (int i = 0; i < t->count; i++)
        free(t->names[i]);
    free(t->names);
    free(t->N);
    free(t->path);
    memset(t, 0, sizeof *t);
}

/* Lines "layer_name,N" (blank lines and '#' comments skipped). */
static int read_n_table(loader *L, const yt_node *node, const char *rel, n_table *t)
{
    if (resolve_path(L, node, rel, 0, &t->path) != 0)
        return -1;
    char *text = sb_read_file(t->path, NULL, L->err);
    if (!text)
        return -1;
    int rc = 0, lineno = 0;
    for (char *line = text, *next; line && *line && rc == 0; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        char *comma = strchr(s, ',');
        char *end = NULL;
        long v = comma ? strtol(comma + 1, &end, 10) : 0;
        if (comma)
            while (end && (*end == ' ' || *end == '\t'))
                end++;
        if (!comma || comma == s || !end || end == comma + 1 || *end != '\0' || v < 1 || v > INT_MAX) {
            rc = sb_fail(L->err, "%s:%d: expected 'layer_name,N' with N >= 1, got '%.60s'", t->path,
                         lineno, line);
            break;
        }
        char *name_end = comma;
        while (name_end > s && (name_end[-1] == ' ' || name_end[-1] == '\t'))
            name_end--;
        char *name = sb_strndup(s, (size_t)(name_end - s));
        for (int i = 0; i < t->count; i++)
            if (strcmp(t->names[i], name) == 0) {
                rc = sb_fail(L->err, "%s:%d: layer '%s' is listed twice", t->path, lineno, name);
                break;
            }
        if (rc != 0) {
            free(name);
            break;
        }
        t->names = sb_realloc(t->names, sizeof *t->names * (size_t)(t->count + 1));
        t->N = sb_realloc(t->N, sizeof *t->N * (size_t)(t->count + 1));
        t->names[t->count] = name;
        t->N[t->count] = (int)v;
        t->count++;
    }
    free(text);
    if (rc != 0)
        return sb_fail_prefix(L->err, "%s:%d:%d: ", L->doc.path, node->line, node->col);
    return 0;
}

static int layer_N(loader *L, const yt_node *at, int n_per_sample, int batch, const char *layer,
                   int *out)
{
    long long n = (long long)n_per_sample * batch;
    if (n > INT_MAX)
        return yt_fail(&L->doc, at, L->err, "layer '%s': N = n_per_sample %d * batch %d is too large",
                       layer, n_per_sample, batch);
    *out = (int)n;
    return 0;
}

/* Every *.smtx of dir, sorted by name. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_smtx(loader *L, const yt_node *at, const char *dir, char ***out, int *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return yt_fail(&L->doc, at, L->err, "cannot read the directory %s", dir);
    char **names = NULL;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(path_suffix(de->d_name), ".smtx") != 0)
            continue;
        names = sb_realloc(names, sizeof *names * (size_t)(n + 1));
        names[n++] = sb_strdup(de->d_name);
    }
    closedir(d);
    if (n == 0)
        return yt_fail(&L->doc, at, L->err, "the directory %s holds no .smtx files", dir);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    *out = names;
    *count = n;
    return 0;
}

/* The directory template with {sparsity} replaced (or as is when s < 0). */
static int expand_template(loader *L, const yt_node *at, const char *tmpl, double s, char **out)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s", "");
    for (const char *p = tmpl; *p;) {
        if (strncmp(p, "{sparsity}", 10) == 0) {
            char v[32];
            format_sparsity(s, v, sizeof v);
            sb_strbuf_appendf(&b, "%s", v);
            p += 10;
        } else if (*p == '{' || *p == '}') {
            sb_strbuf_free(&b);
            return yt_fail(&L->doc, at, L->err,
                           "the only placeholder 'dlmc' knows is {sparsity}, got '%s'", tmpl);
        } else {
            sb_strbuf_appendf(&b, "%c", *p++);
        }
    }
    *out = b.s;
    return 0;
}

/* A {sparsity} folder that is absent while its parent exists: the data directory is right, the
 * sparsity is not one the collection has. Says which it has. Returns 1 (error set) or 0. */
static int missing_sparsity_folder(loader *L, const yt_node *at, const char *rel, double s)
{
    if (!L->data_dir && rel[0] != '/')
        return 0;
    char *full = rel[0] == '/' ? sb_strdup(rel) : sb_path_join(L->data_dir, rel);
    char *slash = strrchr(full, '/');
    int missing = 0;
    if (!sb_is_dir(full) && slash && slash != full) {
        *slash = '\0';
        DIR *d = opendir(full);
        if (d) {
            sb_strbuf have = {0};
            struct dirent *de;
            char **names = NULL;
            int n = 0;
            while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                    continue;
                char *sub = sb_path_join(full, de->d_name);
                if (sb_is_dir(sub)) {
                    names = sb_realloc(names, sizeof *names * (size_t)(n + 1));
                    names[n++] = sb_strdup(de->d_name);
                }
                free(sub);
            }
            closedir(d);
            qsort(names, (size_t)n, sizeof *names, cmp_str);
            for (int i = 0; i < n; i++) {
                sb_strbuf_appendf(&have, "%s%s", i ? ", " : "", names[i]);
                free(names[i]);
            }
            free(names);
            char v[32];
            format_sparsity(s, v, sizeof v);
            *slash = '/';
            yt_fail(&L->doc, at, L->err, "no folder for sparsity %s: %s does not exist (there is: %s)", v,
                    full, have.s ? have.s : "nothing");
            sb_strbuf_free(&have);
            missing = 1;
        }
    }
    free(full);
    return missing;
}

static const char *const model_keys[] = {"name", "batch", "sparsity", "pattern", "block", "nm",
                                         "bsr_block", "kernels", "layers", "layers_from", NULL};
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
        if (name_node && parse_name(L, name_node, "name", &given) != 0)
            goto done;
        if (parse_source(L, map, "layer", &e[i]) != 0)
            goto done;
        if (given)
            e[i].name = sb_strdup(given);
        else if (e[i].source == SB_SOURCE_SYNTHETIC)
            e[i].name = sb_asprintf("%s-%dx%d", sb_source_name(e[i].source), e[i].M, e[i].K);
        else
            e[i].name = base_name(e[i].path);
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
            parse_int_min(L, nps, "n_per_sample", 1, &per_sample) != 0 ||
            layer_N(L, map, per_sample, batch, e[i].name, &e[i].N) != 0)
            goto done;
        if (needs_sparsity(L, model_map, "model", model, e[i].source, po, &e[i]) != 0)
            goto done;
        int prunes = po->sparsities || po->pattern.kind == SB_PATTERN_NM;
        if (check_shape_fits(L, e[i].path_node ? e[i].path_node : map, "layer", &e[i], po, prunes) != 0)
            goto done;
    }
    int n_s = po->sparsities ? po->n_sparsities : 1;
    for (int s = 0; s < n_s; s++)
        for (int i = 0; i < n; i++)
            push_at_sparsity(L, &e[i], po, s, &e[i].N, 1, model);
    rc = 0;
done:
    for (int i = 0; i < n; i++)
        entry_free(&e[i]);
    free(e);
    return rc;
}

/* Every .smtx of a DLMC directory. With {sparsity} in the path each listed sparsity picks a
 * folder, whose files are used as stored (or re-pruned to a block/nm pattern); without it the
 * files follow the same rules as explicit file layers. */
static int model_layers_from(loader *L, const yt_node *from, const char *model, int batch,
                             const yt_node *model_map, prune_opts *po)
{
    const yt_doc *doc = &L->doc;
    const yt_node *dn, *nn;
    const char *tmpl;
    if (yt_require(doc, from, "dlmc", "layers_from", &dn, L->err) != 0 ||
        yt_expect_string(doc, dn, "dlmc", &tmpl, L->err) != 0 ||
        yt_require(doc, from, "n_per_sample", "layers_from", &nn, L->err) != 0)
        return -1;
    int per_folder = strstr(tmpl, "{sparsity}") != NULL;
    if (per_folder && !po->sparsities)
        return yt_fail(doc, model_map, L->err,
                       "model '%s' is missing required key 'sparsity' (it picks the {sparsity} "
                       "folders of layers_from)", model);
    if (!per_folder && needs_sparsity(L, model_map, "model", model, SB_SOURCE_DLMC, po, NULL) != 0)
        return -1;

    /* n_per_sample: one number for every layer, or a file of "layer_name,N" lines */
    n_table table = {0};
    int same_N = 0;
    if (nn->kind == YT_SCALAR && nn->plain && nn->text[0] &&
        strspn(nn->text, "+-0123456789") == strlen(nn->text)) {
        if (parse_int_min(L, nn, "n_per_sample", 1, &same_N) != 0)
            return -1;
    } else {
        const char *rel;
        if (yt_expect_string(doc, nn, "n_per_sample", &rel, L->err) != 0 ||
            read_n_table(L, nn, rel, &table) != 0) {
            n_table_free(&table);
            return -1;
        }
    }

    int rc = -1;
    int n_folders = per_folder ? po->n_sparsities : 1;
    for (int f = 0; f < n_folders; f++) {
        char *rel = NULL, *dir = NULL, **files = NULL;
        int n_files = 0, ok = 0;
        if (expand_template(L, dn, tmpl, per_folder ? po->sparsities[f] : -1.0, &rel) != 0)
            goto folder_done;
        if (per_folder && missing_sparsity_folder(L, dn, rel, po->sparsities[f]))
            goto folder_done;
        if (resolve_path(L, dn, rel, 1, &dir) != 0 || list_smtx(L, dn, dir, &files, &n_files) != 0)
            goto folder_done;
        entry *e = sb_calloc((size_t)n_files, sizeof *e);
        int i;
        for (i = 0; i < n_files; i++) {
            e[i].at = from;
            e[i].source = SB_SOURCE_DLMC;
            e[i].path = sb_path_join(dir, files[i]);
            e[i].path_node = dn;
            e[i].name = base_name(files[i]);
            if (!yt_is_valid_name(e[i].name)) {
                yt_fail(doc, dn, L->err, "%s: the file name is not a valid layer name (letters, digits, "
                        "'_', '.', '-')", e[i].path);
                break;
            }
            int per_sample = same_N;
            if (!same_N) {
                int found = -1;
                for (int t = 0; t < table.count; t++)
                    if (strcmp(table.names[t], e[i].name) == 0)
                        found = t;
                if (found < 0) {
                    yt_fail(doc, nn, L->err, "layer '%s' (%s) has no N in %s", e[i].name, e[i].path,
                            table.path);
                    break;
                }
                per_sample = table.N[found];
            }
            int prunes = per_folder ? po->pattern.kind != SB_PATTERN_UNSTRUCTURED
                                    : (po->sparsities || po->pattern.kind == SB_PATTERN_NM);
            if (layer_N(L, dn, per_sample, batch, e[i].name, &e[i].N) != 0 || read_file_shape(L, &e[i]) != 0 ||
                check_shape_fits(L, dn, "layer", &e[i], po, prunes) != 0)
                break;
        }
        if (i == n_files) {
            ok = 1;
            if (per_folder) {
                int prune = po->pattern.kind != SB_PATTERN_UNSTRUCTURED;
                for (i = 0; i < n_files; i++)
                    push_spec(L, &e[i], po, po->sparsities[f], prune, &e[i].N, 1, model);
            } else {
                int n_s = po->sparsities ? po->n_sparsities : 1;
                for (int s = 0; s < n_s; s++)
                    for (i = 0; i < n_files; i++)
                        push_at_sparsity(L, &e[i], po, s, &e[i].N, 1, model);
            }
        }
        for (i = 0; i < n_files; i++)
            entry_free(&e[i]);
        free(e);
    folder_done:
        for (int k = 0; k < n_files; k++)
            free(files[k]);
        free(files);
        free(rel);
        free(dir);
        if (!ok)
            goto done;
    }
    rc = 0;
done:
    n_table_free(&table);
    return rc;
}

static int parse_model(loader *L, const yt_node *map)
{
    const yt_doc *doc = &L->doc;
    if (yt_expect_mapping(doc, map, "each model", L->err) != 0 ||
        yt_check_keys(doc, map, "model", model_keys, L->err) != 0)
        return -1;
    const yt_node *n;
    const char *name;
    if (yt_require(doc, map, "name", "model", &n, L->err) != 0 || parse_name(L, n, "name", &name) != 0)
        return -1;
    sb_config *c = L->cfg;
    for (int i = 0; i < c->n_models; i++)
        if (strcmp(c->models[i].name, name) == 0)
            return yt_fail(doc, n, L->err, "a second model named '%s' (the first is at line %d)", name,
                           c->models[i].line);
    int batch = 1;
    if ((n = yt_get(map, "batch")) && parse_int_min(L, n, "batch", 1, &batch) != 0)
        return -1;
    if (L->batch_override > 0)
        batch = L->batch_override;

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
    if (parse_prune_opts(L, map, "model", picks_folders, &po) != 0)
        goto done;
    const yt_node *kn = yt_get(map, "kernels");
    if (!kn && !L->top_kernels) {
        yt_fail(doc, map, L->err, "model '%s' has no 'kernels': give them here or at the top level", name);
        goto done;
    }
    if (parse_kernels(L, kn ? kn : L->top_kernels, &po.pattern, !kn, "model", name, map, &po) != 0)
        goto done;
    if (layers ? model_layers(L, layers, name, batch, map, &po) != 0
               : model_layers_from(L, from, name, batch, map, &po) != 0)
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
    prune_opts_free(&po);
    return rc;
}

/* ---- top level ------------------------------------------------------------------------------- */

static const char *const top_keys[] = {"name", "description", "defaults", "N", "kernels",
                                       "matrices", "models", NULL};
static const char *const default_keys[] = {"warmup", "repeats", "min_time_ms", "max_repeats",
                                           "seed", "tolerance", NULL};

static int parse_defaults(loader *L, const yt_node *d)
{
    const yt_doc *doc = &L->doc;
    sb_config *c = L->cfg;
    if (yt_expect_mapping(doc, d, "'defaults'", L->err) != 0 ||
        yt_check_keys(doc, d, "defaults", default_keys, L->err) != 0)
        return -1;
    const yt_node *n;
    if ((n = yt_get(d, "warmup")) && parse_int_min(L, n, "warmup", 0, &c->warmup) != 0)
        return -1;
    if ((n = yt_get(d, "repeats")) && parse_int_min(L, n, "repeats", 1, &c->repeats) != 0)
        return -1;
    if ((n = yt_get(d, "min_time_ms"))) {
        if (yt_expect_double(doc, n, "min_time_ms", &c->min_time_ms, L->err) != 0)
            return -1;
        if (c->min_time_ms < 0)
            return yt_fail(doc, n, L->err, "min_time_ms must be >= 0, got %s", n->text);
    }
    if ((n = yt_get(d, "max_repeats"))) {
        if (parse_int_min(L, n, "max_repeats", 1, &c->max_repeats) != 0)
            return -1;
        if (c->max_repeats < c->repeats)
            return yt_fail(doc, n, L->err, "max_repeats must be >= repeats (%d), got %d", c->repeats,
                           c->max_repeats);
    } else if (c->max_repeats < c->repeats) {
        c->max_repeats = c->repeats;
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
        parse_name(L, n, "name", &s) != 0)
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
    if (L->top_N) {
        int *tmp, nt;
        if (parse_N_list(L, L->top_N, "N", &tmp, &nt) != 0)
            return -1;
        free(tmp);
    }
    if (L->top_kernels) {
        prune_opts any = {0}; /* a kernel that fits no pattern at all is still caught per matrix */
        any.pattern.kind = SB_PATTERN_NM;
        any.pattern.nm_n = 2;
        any.pattern.nm_m = 4;
        int rc = parse_kernels(L, L->top_kernels, &any.pattern, 0, "", "", root, &any);
        prune_opts_free(&any);
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
            if (parse_matrix(L, matrices->items[i]) != 0)
                return -1;
    }
    if (models) {
        if (yt_expect_list(doc, models, "models", 0, L->err) != 0)
            return -1;
        for (int i = 0; i < models->n_items; i++)
            if (parse_model(L, models->items[i]) != 0)
                return -1;
    }
    return 0;
}

/* ---- filter ---------------------------------------------------------------------------------- */

static void spec_free(sb_matrix_spec *s)
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

static int keep_sparsity(const sb_config_filter *f, double s)
{
    if (f->n_sparsities == 0)
        return 1;
    for (int i = 0; i < f->n_sparsities; i++)
        if (fabs(f->sparsities[i] - s) <= SPARSITY_EPS)
            return 1;
    return 0;
}

static void describe_filter(const sb_config_filter *f, sb_strbuf *b)
{
    const char *sep = "";
    if (f->n_sparsities) {
        sb_strbuf_appendf(b, "sparsity");
        for (int i = 0; i < f->n_sparsities; i++) {
            char v[32];
            format_sparsity(f->sparsities[i], v, sizeof v);
            sb_strbuf_appendf(b, "%s%s", i ? ", " : " ", v);
        }
        sep = "; ";
    }
    if (f->n_N) {
        sb_strbuf_appendf(b, "%sN", sep);
        for (int i = 0; i < f->n_N; i++)
            sb_strbuf_appendf(b, "%s%d", i ? ", " : " ", f->N[i]);
        sep = "; ";
    }
    if (f->n_kernels) {
        sb_strbuf_appendf(b, "%skernels", sep);
        for (int i = 0; i < f->n_kernels; i++)
            sb_strbuf_appendf(b, "%s%s", i ? ", " : " ", f->kernels[i]);
    }
}

static int apply_filter(loader *L, const sb_config_filter *f)
{
    sb_config *c = L->cfg;
    for (int i = 0; i < f->n_kernels; i++) {
        if (!sb_kernel_format(f->kernels[i])) {
            char why[512];
            sb_pattern any = {.kind = SB_PATTERN_UNSTRUCTURED};
            sb_kernel_accepts_pattern(f->kernels[i], &any, why, sizeof why);
            return sb_fail(L->err, "%s: the kernel filter names %s", c->path, why);
        }
    }
    int kept = 0;
    for (int i = 0; i < c->n_matrices; i++) {
        sb_matrix_spec *s = &c->matrices[i];
        int n = 0;
        for (int j = 0; j < s->n_N; j++) {
            int ok = f->n_N == 0;
            for (int k = 0; k < f->n_N && !ok; k++)
                ok = f->N[k] == s->N[j];
            if (ok)
                s->N[n++] = s->N[j];
        }
        s->n_N = n;
        n = 0;
        for (int j = 0; j < s->n_kernels; j++) {
            int ok = f->n_kernels == 0;
            for (int k = 0; k < f->n_kernels && !ok; k++)
                ok = strcmp(f->kernels[k], s->kernels[j]) == 0;
            if (ok)
                s->kernels[n++] = s->kernels[j];
            else
                free(s->kernels[j]);
        }
        s->n_kernels = n;
        if (s->n_N == 0 || s->n_kernels == 0 || !keep_sparsity(f, s->sparsity))
            spec_free(s);
        else
            c->matrices[kept++] = *s;
    }
    c->n_matrices = kept;
    /* a model none of whose layers is left is gone too */
    int km = 0;
    for (int m = 0; m < c->n_models; m++) {
        int used = 0;
        for (int i = 0; i < c->n_matrices && !used; i++)
            used = c->matrices[i].model && strcmp(c->matrices[i].model, c->models[m].name) == 0;
        if (used)
            c->models[km++] = c->models[m];
        else
            free(c->models[m].name);
    }
    c->n_models = km;
    if (kept == 0) {
        sb_strbuf b = {0};
        describe_filter(f, &b);
        yt_fail(&L->doc, L->doc.root, L->err,
                "the filter (%s) leaves nothing of experiment '%s' to run: no matrix has that sparsity, "
                "N and kernel", b.s ? b.s : "none", c->name);
        sb_strbuf_free(&b);
        return -1;
    }
    return 0;
}

/* ---- public ---------------------------------------------------------------------------------- */

int sb_config_load(const char *path, const char *data_dir, const sb_config_filter *filter,
                   sb_config *out, sb_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = sb_strdup(path);
    out->warmup = 2;
    out->repeats = 10;
    out->min_time_ms = 0;
    out->max_repeats = 1000;
    out->seed = 42;
    out->tolerance = 1e-5;
    loader L = {.data_dir = data_dir, .cfg = out, .err = err,
                .batch_override = filter ? filter->batch : 0};
    int rc = yt_load(path, &L.doc, err);
    if (rc == 0)
        rc = parse_config(&L);
    if (rc == 0 && filter)
        rc = apply_filter(&L, filter);
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
        spec_free(&c->matrices[i]);
    free(c->matrices);
    for (int i = 0; i < c->n_models; i++)
        free(c->models[i].name);
    free(c->models);
    free(c->path);
    free(c->name);
    free(c->description);
    memset(c, 0, sizeof *c);
}
