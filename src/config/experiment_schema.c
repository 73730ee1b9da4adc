/* The experiment schema's rules for values (see experiment_internal.h): names, N and sparsity
 * lists, block sizes, nm, the kernels and the pruning options of a matrix or model, and the
 * checks that a shape fits its pattern. Each failure points at the YAML node. */
#include "experiment_internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_spec.h"

void ex_prune_opts_free(prune_opts *po)
{
    free(po->sparsities);
    for (int i = 0; i < po->n_kernels; i++)
        free(po->kernels[i]);
    free(po->kernels);
    memset(po, 0, sizeof *po);
}

int ex_parse_name(loader *L, const yt_node *node, const char *key, const char **out)
{
    return yt_expect_name(&L->doc, node, key, out, L->err);
}

int ex_parse_int_min(loader *L, const yt_node *node, const char *key, long long min, int *out)
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

int ex_parse_N_list(loader *L, const yt_node *node, const char *key, int **out, int *n)
{
    if (yt_expect_list(&L->doc, node, key, 1, L->err) != 0)
        return -1;
    int len = yt_list_len(node);
    int *v = sb_malloc(sizeof *v * (size_t)len);
    for (int i = 0; i < len; i++) {
        const yt_node *item = yt_list_at(node, i);
        if (ex_parse_int_min(L, item, key, 1, &v[i]) != 0)
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

double ex_nm_sparsity(const sb_pattern *p)
{
    return 1.0 - (double)p->nm_n / (double)p->nm_m;
}

void sb_sparsity_text(double v, char *buf, size_t n)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* The kernels of a matrix or model: its own list or the inherited one, each accepted for the
 * pattern. An inherited name's position is in the top-level list, so the message names the
 * matrix it failed for. */
int ex_parse_kernels(loader *L, const yt_node *list, const sb_pattern *p, int inherited,
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
int ex_parse_precisions(loader *L, const yt_node *node, prune_opts *po)
{
    const yt_doc *doc = &L->doc;
    int n = node->kind == YT_SEQUENCE ? yt_list_len(node) : 1;
    if (node->kind == YT_SEQUENCE && n == 0)
        return yt_fail(doc, node, L->err, "'precision' must name at least one of fp32, fp16, tf32");
    po->n_precisions = 0;
    for (int i = 0; i < n; i++) {
        const yt_node *item = node->kind == YT_SEQUENCE ? yt_list_at(node, i) : node;
        const char *s;
        sb_precision p;
        if (yt_expect_string(doc, item, "precision", &s, L->err) != 0)
            return -1;
        if (sb_precision_parse(s, &p) != 0)
            return yt_fail(doc, item, L->err, "'precision' must be fp32, fp16 or tf32, got '%s'", s);
        for (int j = 0; j < po->n_precisions; j++)
            if (po->precisions[j] == p)
                return yt_fail(doc, item, L->err, "precision %s is listed twice", s);
        po->precisions[po->n_precisions++] = p;
    }
    return 0;
}

int ex_parse_prune_opts(loader *L, const yt_node *map, const char *what, int sparsity_picks_folders,
                            prune_opts *po)
{
    const yt_doc *doc = &L->doc;
    const yt_node *prec = yt_get(map, "precision") ? yt_get(map, "precision") : L->top_precision;
    po->n_precisions = 1;
    po->precisions[0] = SB_PRECISION_FP32;
    if (prec && ex_parse_precisions(L, prec, po) != 0)
        return -1;
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
        po->bsr_block_given = bsr != NULL;
        if (bsr && parse_block(L, bsr, "bsr_block", &po->bsr_br, &po->bsr_bc) != 0)
            return -1;
    }

    po->sparsity_node = yt_get(map, "sparsity");
    if (po->sparsity_node) {
        if (parse_sparsity_list(L, po->sparsity_node, &po->sparsities, &po->n_sparsities) != 0)
            return -1;
        if (po->pattern.kind == SB_PATTERN_NM && !sparsity_picks_folders) {
            double want = ex_nm_sparsity(&po->pattern);
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
int ex_check_shape_fits(loader *L, const yt_node *at, const char *what, const entry *e,
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

/* Without a sparsity list, a synthetic matrix has nothing to prune to (unless nm), and a file
 * can be kept as stored only when the pattern is unstructured. layer: the model layer that needs
 * it, or NULL. */
int ex_needs_sparsity(loader *L, const yt_node *map, const char *what, const char *name,
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
