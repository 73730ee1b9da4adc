/* The command line's restriction of a loaded config (--sparsity, --N, --kernels; --batch is
 * applied while models expand): keeps the specs that match, drops models left without layers, and
 * refuses a filter that leaves nothing. It depends only on sb_config and the document (for the
 * message's position), so it can move to the plan of cases as it is. */
#include "experiment_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_kernel.h"

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
            ex_format_sparsity(f->sparsities[i], v, sizeof v);
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

int ex_apply_filter(sb_config *c, const yt_doc *doc, const sb_config_filter *f, sb_error *err)
{
    for (int i = 0; i < f->n_kernels; i++) {
        if (!sb_kernel_format(f->kernels[i])) {
            char why[512];
            sb_pattern any = {.kind = SB_PATTERN_UNSTRUCTURED};
            sb_kernel_accepts_pattern(f->kernels[i], &any, why, sizeof why);
            return sb_fail(err, "%s: the kernel filter names %s", c->path, why);
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
            ex_spec_free(s);
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
        yt_fail(doc, doc->root, err,
                "the filter (%s) leaves nothing of experiment '%s' to run: no matrix has that sparsity, "
                "N and kernel", b.s ? b.s : "none", c->name);
        sb_strbuf_free(&b);
        return -1;
    }
    return 0;
}
