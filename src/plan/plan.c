/* The plan of cases (see sb_plan.h): the command line's filter, the baseline of every group, task
 * variants, what is skipped or left out and why, and the parameters of each case. */
#include "sb_plan.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_device.h"
#include "sb_profile.h"
#include "sb_schema.h"
#include "sb_tuning.h"

#define SPARSITY_EPS 1e-9 /* a --sparsity value matches a target within this */
#define MAX_NOTE_N 16     /* N values listed per left-out note */

/* ---- the filter ------------------------------------------------------------------------------ */

static int keep_sparsity(const sb_config_filter *f, double s)
{
    if (!f || f->n_sparsities == 0)
        return 1;
    for (int i = 0; i < f->n_sparsities; i++)
        if (fabs(f->sparsities[i] - s) <= SPARSITY_EPS)
            return 1;
    return 0;
}

static int keep_N(const sb_config_filter *f, int N)
{
    if (!f || f->n_N == 0)
        return 1;
    for (int i = 0; i < f->n_N; i++)
        if (f->N[i] == N)
            return 1;
    return 0;
}

static int keep_kernel(const sb_config_filter *f, const char *name)
{
    if (!f || f->n_kernels == 0)
        return 1;
    for (int i = 0; i < f->n_kernels; i++)
        if (strcmp(f->kernels[i], name) == 0)
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
            sb_sparsity_text(f->sparsities[i], v, sizeof v);
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
        sep = "; ";
    }
    if (f->batch > 0)
        sb_strbuf_appendf(b, "%sbatch %d", sep, f->batch);
}

/* ---- one case ---------------------------------------------------------------------------------- */

int sb_plan_N(const sb_plan *plan, const sb_matrix_spec *spec, int j)
{
    if (plan && plan->batch > 0 && spec->model && spec->n_per_sample > 0)
        return spec->n_per_sample * plan->batch; /* checked by sb_plan_make */
    return spec->N[j];
}

int sb_plan_model_batch(const sb_plan *plan, const char *model)
{
    for (int i = 0; model && model[0] && i < plan->cfg->n_models; i++)
        if (strcmp(plan->cfg->models[i].name, model) == 0)
            return plan->batch > 0 ? plan->batch : plan->cfg->models[i].batch;
    return 0;
}

/* The fate of kernel `asked` running as k on dev at N (k == asked outside task variants). */
static void decide(sb_case *c, const sb_kernel_spec *asked, const sb_kernel_spec *k,
                   const sb_device *dev, int N)
{
    c->fate = SB_CASE_RUN;
    if (!sb_spec_accepts_n(asked, N, c->why, sizeof c->why))
        c->fate = SB_CASE_LEFT_OUT;
    else if (!sb_spec_has_precision(k, c->precision)) {
        c->fate = SB_CASE_SKIP;
        char has[32] = "";
        for (int p = 0; p < SB_PRECISION_COUNT; p++)
            if (sb_spec_has_precision(k, (sb_precision)p))
                snprintf(has + strlen(has), sizeof has - strlen(has), "%s%s", has[0] ? ", " : "",
                         sb_precision_name((sb_precision)p));
        snprintf(c->why, sizeof c->why, "%s has no %s version (it computes %s)", k->name,
                 sb_precision_name(c->precision), has);
    } else if (!sb_plan_kernel_runs_on(k, dev, c->precision, c->why, sizeof c->why))
        c->fate = SB_CASE_SKIP;
}

/* Resolves c's parameters: the profile's, the tuning entry of its class (tuning may be NULL),
 * then overrides (may be NULL). */
static void bind_case(sb_case *c, const sb_device *dev, const sb_tuning_db *tuning,
                      const sb_params *overrides, const sb_case_shape *shape)
{
    sb_tuning_class(c->kernel->name, shape, c->klass, sizeof c->klass);
    const sb_tuning_entry *t = tuning ? sb_tuning_find(tuning, c->kernel->name, c->klass) : NULL;
    const sb_params *layers[] = {dev && dev->profile ? &dev->profile->params : NULL,
                                 t ? &t->params : NULL, overrides};
    sb_error err;
    c->tuned = t != NULL;
    c->bound = 1;
    c->bind_failed = sb_kparams_resolve(c->kernel, layers, 3, &c->params, &err) != 0;
    if (c->bind_failed)
        snprintf(c->why, sizeof c->why, "%.500s", err.msg);
}

int sb_plan_single(const sb_kernel_spec *k, sb_device *dev, const sb_case_shape *shape,
                   sb_precision precision, const sb_params *overrides, sb_case *c, sb_error *err)
{
    memset(c, 0, sizeof *c);
    if (!k)
        return sb_fail(err, "no such kernel");
    c->kernel = k;
    c->asked = k->name;
    c->N = shape->N;
    c->precision = precision;
    decide(c, k, k, dev, shape->N);
    if (c->fate == SB_CASE_RUN)
        bind_case(c, dev, NULL, overrides, shape);
    return 0;
}

/* The one format of a case key (model NULL or "" for a matrix; sparsity < 0 or NaN: stored). */
static void format_key(char *buf, size_t n, const char *device_id, const char *model,
                       const char *name, double sparsity, int N, const char *kernel,
                       const char *precision)
{
    char s[32] = "stored";
    if (sparsity >= 0)
        snprintf(s, sizeof s, "%.6g", sparsity);
    int is_layer = model && model[0];
    snprintf(buf, n, "%s|%s%s%s|%s|%d|%s|%s", device_id, is_layer ? model : "",
             is_layer ? "/" : "", name, s, N, kernel, precision);
}

void sb_plan_case_key(const sb_plan *plan, const sb_case *c, char *buf, size_t n)
{
    const sb_matrix_spec *s = &plan->cfg->matrices[c->matrix];
    const sb_device *dev = plan->devices[c->device].dev;
    format_key(buf, n, dev->stable_id, s->model, s->model ? s->layer : s->name, s->sparsity, c->N,
               c->kernel->name, sb_precision_name(c->precision));
}

void sb_plan_row_key(const sb_row *row, char *buf, size_t n)
{
    /* results have no precision column yet: every row is fp32 */
    format_key(buf, n, row->device_id, row->model, row->model[0] ? row->layer : row->matrix,
               row->target_sparsity, row->N, row->kernel, sb_precision_name(SB_PRECISION_FP32));
}

/* ---- the plan -------------------------------------------------------------------------------- */

static sb_case *add_case(sb_plan *p, int *cap, int matrix, int N, int device,
                         const sb_kernel_spec *k, const char *asked, const sb_kernel_spec *baseline)
{
    if (p->n_cases == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        p->cases = sb_realloc(p->cases, sizeof *p->cases * (size_t)*cap);
    }
    sb_case *c = &p->cases[p->n_cases];
    memset(c, 0, sizeof *c);
    c->index = p->n_cases++;
    c->group = p->n_groups - 1;
    c->matrix = matrix;
    c->N = N;
    c->device = device;
    c->kernel = k;
    c->asked = asked;
    c->baseline = baseline;
    c->is_baseline = k == baseline;
    c->precision = p->cfg->matrices[matrix].precision;
    p->groups[p->n_groups - 1].count++;
    return c;
}

static int listed(const sb_matrix_spec *s, const sb_config_filter *f, const char *name)
{
    for (int i = 0; i < s->n_kernels; i++)
        if (strcmp(s->kernels[i], name) == 0 && keep_kernel(f, name))
            return 1;
    return 0;
}

/* The cases of one matrix, N and device: the baseline, then the config's kernels. */
static void add_group(sb_plan *p, int *cap, int *group_cap, int m, int N, int d,
                      const sb_config_filter *f)
{
    const sb_matrix_spec *s = &p->cfg->matrices[m];
    const sb_device *dev = p->devices[d].dev;
    if (p->n_groups == *group_cap) {
        *group_cap = *group_cap ? 2 * *group_cap : 32;
        p->groups = sb_realloc(p->groups, sizeof *p->groups * (size_t)*group_cap);
    }
    p->groups[p->n_groups++] = (sb_plan_group){.matrix = m, .N = N, .device = d,
                                               .first = p->n_cases, .count = 0};
    /* no dense kernel computes this precision here: the group has no baseline, no speedups */
    const sb_kernel_spec *baseline = sb_plan_baseline(dev, s->precision);
    if (baseline) {
        sb_case *b = add_case(p, cap, m, N, d, baseline, baseline->name, baseline);
        b->added = !listed(s, f, baseline->name);
        if (b->added)
            snprintf(b->note, sizeof b->note,
                     "baseline for the speedups (not in the config's kernel list)");
    }
    for (int i = 0; i < s->n_kernels; i++) {
        if (!keep_kernel(f, s->kernels[i]))
            continue;
        const sb_kernel_spec *asked = sb_spec_kernel(s->kernels[i]); /* checked at load */
        const sb_kernel_spec *k = sb_plan_kernel_as_run(asked, dev);
        if (k == baseline)
            continue; /* the baseline case measures it */
        sb_case *c = add_case(p, cap, m, N, d, k, s->kernels[i], baseline);
        decide(c, asked, k, dev, N);
        if (c->fate == SB_CASE_RUN && k->format == SB_FORMAT_BSR && !k->is_task &&
            s->pattern.kind == SB_PATTERN_UNSTRUCTURED && !s->bsr_block_given) {
            c->fate = SB_CASE_LEFT_OUT;
            snprintf(c->why, sizeof c->why,
                     "%s on an unstructured matrix is left out unless the config sets bsr_block: "
                     "blocks of an unstructured pattern are mostly zeros (4x4 at 90%%: 8x the "
                     "values of CSR; measured 0.43-0.72x CLBlast on the H200); csr_auto's "
                     "dense-tile kernel is the blocked kernel for such weights", asked->name);
        }
        if (k != asked) {
            snprintf(c->note, sizeof c->note, "config's %s runs as %s (profile %s: task_kernels)",
                     asked->name, k->name, dev->profile ? dev->profile->name : "");
            if (c->fate != SB_CASE_LEFT_OUT && listed(s, f, k->name)) {
                c->fate = SB_CASE_LEFT_OUT;
                snprintf(c->why, sizeof c->why, "%s runs as %s, which the config lists too",
                         asked->name, k->name);
            }
        }
    }
    /* sizes that cannot fit the host or the device: skipped with the reason, never an abort */
    const sb_plan_group *g = &p->groups[p->n_groups - 1];
    for (int i = g->first; i < g->first + g->count; i++) {
        sb_case *c = &p->cases[i];
        if (c->fate == SB_CASE_RUN &&
            !sb_plan_case_fits(s, N, c->kernel, dev, p->host_bytes, c->why, sizeof c->why))
            c->fate = SB_CASE_SKIP;
    }
}

/* "csr_spmv is not planned for N = 64, 128 (why)", once per kernel, in catalogue order. */
static void make_notes(sb_plan *p)
{
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++) {
        int ns[MAX_NOTE_N], n = 0;
        const char *why = NULL;
        for (int i = 0; i < p->n_cases; i++) {
            const sb_case *c = &p->cases[i];
            char w[512];
            if (c->fate != SB_CASE_LEFT_OUT || strcmp(c->asked, (*k)->name) != 0 ||
                sb_spec_accepts_n(*k, c->N, w, sizeof w))
                continue;
            why = c->why;
            int seen = 0;
            for (int j = 0; j < n; j++)
                seen |= ns[j] == c->N;
            if (!seen && n < MAX_NOTE_N)
                ns[n++] = c->N;
        }
        if (n == 0)
            continue;
        sb_strbuf b = {0};
        sb_strbuf_appendf(&b, "%s is not planned for N =", (*k)->name);
        for (int j = 0; j < n; j++)
            sb_strbuf_appendf(&b, "%s %d", j ? "," : "", ns[j]);
        sb_strbuf_appendf(&b, " (%s)", why);
        p->notes = sb_realloc(p->notes, sizeof *p->notes * (size_t)(p->n_notes + 1));
        p->notes[p->n_notes++] = b.s;
    }
}

/* A {sparsity} folder the data lacks (sb_config.missing) is refused when the filter keeps its
 * sparsity, with the loader's message (file:line:col, what there is, what to do) and the other
 * sparsities the plan would need and the data lacks; a folder the plan leaves out is not needed. */
static int check_folders(const sb_config *cfg, const sb_config_filter *f, sb_error *err)
{
    const sb_missing_folder *first = NULL;
    const char *model = NULL;
    sb_strbuf others = {0}; /* "resnet50 at 0.7, 0.8; vgg at 0.5" */
    for (int i = 0; i < cfg->n_missing; i++) {
        const sb_missing_folder *m = &cfg->missing[i];
        if (!keep_sparsity(f, m->sparsity))
            continue;
        if (!first) {
            first = m;
            continue;
        }
        char v[32];
        sb_sparsity_text(m->sparsity, v, sizeof v);
        if (model && strcmp(model, m->model) == 0)
            sb_strbuf_appendf(&others, ", %s", v);
        else
            sb_strbuf_appendf(&others, "%s%s at %s", others.s ? "; " : "", m->model, v);
        model = m->model;
    }
    if (first)
        sb_fail(err, "%s%s%s%s", first->message, others.s ? " (no folder either: " : "",
                others.s ? others.s : "", others.s ? ")" : "");
    sb_strbuf_free(&others);
    return first ? -1 : 0;
}

/* Filter names, --batch sizes, the data's folders and --param values, before any case is made. */
static int check_inputs(const sb_config *cfg, const sb_config_filter *f, const sb_params *params,
                        sb_error *err)
{
    for (int i = 0; f && i < f->n_kernels; i++) {
        if (!sb_spec_kernel(f->kernels[i])) {
            char why[512];
            sb_pattern any = {.kind = SB_PATTERN_UNSTRUCTURED};
            sb_kernel_accepts_pattern(f->kernels[i], &any, why, sizeof why);
            return sb_fail(err, "%s: the kernel filter names %s", cfg->path, why);
        }
    }
    int layers = 0;
    for (int m = 0; f && f->batch > 0 && m < cfg->n_matrices; m++) {
        const sb_matrix_spec *s = &cfg->matrices[m];
        layers += s->model != NULL;
        if (s->model && (long long)s->n_per_sample * f->batch > INT_MAX)
            return sb_fail(err, "%s: layer '%s' of model '%s': N = n_per_sample %d x batch %d is "
                           "too large", cfg->path, s->layer, s->model, s->n_per_sample, f->batch);
    }
    if (f && f->batch > 0 && layers == 0) /* it changed nothing, without a word */
        return sb_fail(err, "%s: --batch %d sets the batch of model suites, and experiment '%s' "
                       "has none: its matrices take their N from the config, or from --N",
                       cfg->path, f->batch, cfg->name);
    return check_folders(cfg, f, err) || sb_spec_check_params(params, "--param", err) ? -1 : 0;
}

int sb_plan_make(sb_plan *p, const sb_config *cfg, const sb_config_filter *f,
                 const sb_plan_device *devices, int n_devices, const sb_params *params,
                 sb_error *err)
{
    memset(p, 0, sizeof *p);
    if (check_inputs(cfg, f, params, err))
        return -1;
    p->cfg = cfg;
    p->n_devices = n_devices;
    p->devices = sb_calloc((size_t)(n_devices ? n_devices : 1), sizeof *p->devices);
    memcpy(p->devices, devices, sizeof *devices * (size_t)n_devices);
    sb_params_merge(&p->params, params);
    p->batch = f ? f->batch : 0;
    p->host_bytes = sb_host_memory_bytes();
    p->matrix_used = sb_calloc((size_t)(cfg->n_matrices ? cfg->n_matrices : 1), sizeof(int));
    int cap = 0, group_cap = 0, kept = 0;
    for (int m = 0; m < cfg->n_matrices; m++) {
        const sb_matrix_spec *s = &cfg->matrices[m];
        int n_kernels = 0, n_N = 0;
        for (int i = 0; i < s->n_kernels; i++)
            n_kernels += keep_kernel(f, s->kernels[i]);
        for (int j = 0; j < s->n_N; j++)
            n_N += keep_N(f, sb_plan_N(p, s, j));
        if (!n_kernels || !n_N || !keep_sparsity(f, s->sparsity))
            continue; /* a file kept as stored has no target: a sparsity filter drops it */
        kept++;
        for (int j = 0; j < s->n_N; j++) {
            int N = sb_plan_N(p, s, j);
            if (!keep_N(f, N))
                continue;
            for (int d = 0; d < n_devices; d++)
                add_group(p, &cap, &group_cap, m, N, d, f);
        }
    }
    if (kept == 0) {
        sb_strbuf b = {0};
        if (f)
            describe_filter(f, &b);
        sb_fail(err, "%s: the filter (%s) leaves nothing of experiment '%s' to run: no matrix has "
                "that sparsity, N and kernel", cfg->path, b.s ? b.s : "none", cfg->name);
        sb_strbuf_free(&b);
        sb_plan_free(p);
        return -1;
    }
    for (int i = 0; i < p->n_cases; i++) {
        sb_case *c = &p->cases[i];
        sb_plan_case_key(p, c, c->key, sizeof c->key);
        if (c->fate != SB_CASE_LEFT_OUT) {
            p->n_rows++;
            p->matrix_used[c->matrix] = 1;
        }
    }
    make_notes(p);
    return 0;
}

void sb_plan_bind(sb_plan *p, int m, const sb_pattern *pattern, int M, int K, double sparsity)
{
    const sb_matrix_spec *s = &p->cfg->matrices[m];
    for (int i = 0; i < p->n_cases; i++) {
        sb_case *c = &p->cases[i];
        if (c->matrix != m || c->fate != SB_CASE_RUN)
            continue;
        sb_case_shape shape = {.pattern = pattern, .bsr_br = s->bsr_br, .bsr_bc = s->bsr_bc,
                               .M = M, .K = K, .N = c->N, .sparsity = sparsity};
        bind_case(c, p->devices[c->device].dev, p->devices[c->device].tuning, &p->params, &shape);
    }
}

int sb_plan_matrix_runs(const sb_plan *p, int m)
{
    for (int i = 0; i < p->n_cases; i++)
        if (p->cases[i].matrix == m && p->cases[i].fate == SB_CASE_RUN)
            return 1;
    return 0;
}

int sb_plan_group_runs(const sb_plan *p, int g)
{
    const sb_plan_group *grp = &p->groups[g];
    for (int i = grp->first; i < grp->first + grp->count; i++)
        if (p->cases[i].fate == SB_CASE_RUN)
            return 1;
    return 0;
}

void sb_plan_free(sb_plan *p)
{
    free(p->devices);
    sb_params_free(&p->params);
    free(p->cases);
    free(p->groups);
    free(p->matrix_used);
    for (int i = 0; i < p->n_notes; i++)
        free(p->notes[i]);
    free(p->notes);
    memset(p, 0, sizeof *p);
}
