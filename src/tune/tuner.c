/* The tuner (see tuner.h), after CLBlast's: for every kernel and shape class of the config's plan
 * on a device (the kernel as it runs there: csr_task where the profile says task_kernels; the
 * baseline the plan adds is not tuned), start from the defaults (the profile's and --param's), then walk the kernel's tunables one at a time, trying each value
 * with the others at their best so far (coordinate descent, `passes` times). Every candidate runs
 * through sb_case_measure, so it is validated like any run; a candidate that is wrong or fails on
 * any case of the class is out. The objective is the geometric mean of the case medians.
 *
 * A winner is stored only if, measured again beside the defaults (the better of three rounds each),
 * it is at least 5% faster overall and no case is more than 2% slower; otherwise the class stores
 * empty params (the defaults are best), so tuned runs are not slower than untuned ones beyond
 * noise on the cases tuned on. Tune on the very config you will run (e.g. bench-gale) for that
 * to hold on every row. */
#include "tuner.h"
#include "clblast_tune.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/case_measure.h"
#include "run/matrix_source.h"
#include "sb_kernel.h"
#include "sb_peak.h"
#include "sb_store.h"
#include "sb_sink.h"
#include "sb_tuning.h"
#include "run/session.h"

/* One matrix and N of the plan, with its inputs (built once, for every device). */
typedef struct tune_case {
    const sb_matrix_spec *spec;
    const sb_host_matrix *hm;
    int matrix, N;
    float *B;
    double *C_ref;
} tune_case;

typedef struct tune_class {
    const sb_kernel_spec *k;
    const sb_kernel *impl;
    char klass[64];
    tune_case *cases;
    int n_cases;
} tune_class;

typedef struct tuner {
    sb_cl_env *env;
    const sb_params *base;   /* the profile's parameters */
    const sb_params *pinned; /* --param: over every candidate, never searched */
    sb_timing_plan plan;
    int candidates;
    const volatile sig_atomic_t *stop; /* sb_tune_options.stop */
} tuner;

static int stopped(const tuner *t)
{
    return t->stop && *t->stop;
}

/* Medians of every case of cls with params over the base; returns the geometric mean, or
 * INFINITY if any case was not ok (or the values break a rule of the kernel's table). */
static double measure(tuner *t, const tune_class *cls, const sb_params *params, double *medians)
{
    const sb_params *layers[] = {t->base, params, t->pinned};
    sb_kparams values;
    sb_error err;
    if (sb_kparams_resolve(cls->k, layers, 3, &values, &err))
        return INFINITY;
    t->candidates++;
    double log_sum = 0;
    for (int i = 0; i < cls->n_cases; i++) {
        const tune_case *c = &cls->cases[i];
        sb_operand op = {.M = c->hm->A.rows, .K = c->hm->A.cols, .N = c->N, .A = &c->hm->A,
                         .pattern = c->hm->pattern, .bsr_br = c->spec->bsr_br,
                         .bsr_bc = c->spec->bsr_bc, .csr = &c->hm->csr,
                         .precision = c->hm->precision};
        sb_row row;
        sb_row_init(&row);
        row.nnz = c->hm->csr.nnz;
        if (sb_operand_upload(&op, t->env, c->B, &err) == 0)
            sb_case_measure(cls->impl, &values, t->env, &op, c->C_ref, &t->plan, &row, NULL);
        else
            row.status = SB_FAILED;
        sb_operand_release(&op);
        free(row.samples_ms);
        if (row.status != SB_OK)
            return INFINITY;
        medians[i] = row.median_ms;
        log_sum += log(row.median_ms);
    }
    return exp(log_sum / cls->n_cases);
}

/* "VEC=8 UNROLL=2", or "(defaults)": malloc'd. */
static char *params_text(const sb_params *p)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "%s", p->count == 0 ? "(defaults)" : "");
    for (int i = 0; i < p->count; i++)
        sb_strbuf_appendf(&b, "%s%s=%s", i ? " " : "", p->items[i].key, p->items[i].value);
    return b.s;
}

static void tune_class_run(tuner *t, tune_class *cls, int passes, sb_tuning_db *db)
{
    double *def = sb_calloc((size_t)cls->n_cases, sizeof *def);
    double *cand = sb_calloc((size_t)cls->n_cases, sizeof *cand);
    double *best_cases = sb_calloc((size_t)cls->n_cases, sizeof *best_cases);
    sb_params empty = {0}, best = {0};
    double default_obj = measure(t, cls, &empty, def);
    double best_obj = default_obj;
    if (!isfinite(default_obj)) {
        sb_output("  %-13s %-18s the defaults fail on a case: not tuned\n", cls->k->name,
                  cls->klass);
        goto done;
    }
    for (int pass = 0; pass < passes; pass++) {
        for (int p = 0; p < cls->k->n_params; p++) {
            const sb_param_spec *tu = &cls->k->params[p];
            char key[128];
            snprintf(key, sizeof key, "%s.%s", cls->k->program, tu->name);
            for (int v = 0; v < tu->n_candidates && !sb_params_get(t->pinned, key) && !stopped(t);
                 v++) {
                char value[16];
                snprintf(value, sizeof value, "%d", tu->candidates[v]);
                const char *now = sb_params_get(&best, key);
                if (now && strcmp(now, value) == 0)
                    continue;
                sb_params trial = {0};
                sb_params_merge(&trial, &best);
                sb_params_set(&trial, key, value);
                double obj = measure(t, cls, &trial, cand);
                if (obj < best_obj * 0.99) {
                    best_obj = obj;
                    sb_params_free(&best);
                    sb_params_merge(&best, &trial);
                }
                sb_params_free(&trial);
            }
        }
    }
    if (stopped(t))
        goto done; /* a class cut short is not stored: tuning it again starts it afresh */
    /* confirm beside the defaults: the better of two measurements of each, case by case */
    if (best.count > 0) {
        for (int round = 0; round < 3; round++) {
            measure(t, cls, &empty, cand);
            for (int i = 0; i < cls->n_cases; i++)
                def[i] = round == 0 ? cand[i] : fmin(def[i], cand[i]);
            measure(t, cls, &best, cand);
            for (int i = 0; i < cls->n_cases; i++)
                best_cases[i] = round == 0 ? cand[i] : fmin(best_cases[i], cand[i]);
        }
        double ls_def = 0, ls_best = 0;
        int slower = 0;
        for (int i = 0; i < cls->n_cases; i++) {
            ls_def += log(def[i]);
            ls_best += log(best_cases[i]);
            slower |= !(best_cases[i] <= def[i] * 1.02);
        }
        default_obj = exp(ls_def / cls->n_cases);
        best_obj = exp(ls_best / cls->n_cases);
        if (slower || !(best_obj < default_obj * 0.95)) {
            sb_params_free(&best);
            best_obj = default_obj;
        }
    }
    sb_tuning_set(db, cls->k->name, cls->klass, &best, default_obj, best_obj, cls->n_cases);
    char *winner = params_text(&best);
    sb_output("  %-13s %-18s %3d cases  default %9.4f ms  tuned %9.4f ms  %5.2fx  %s\n",
              cls->k->name, cls->klass, cls->n_cases, default_obj, best_obj, default_obj / best_obj,
              winner);
    free(winner);
done:
    sb_params_free(&best);
    free(def);
    free(cand);
    free(best_cases);
}

/* A kernel with something for `tune` to try. */
static int tunable(const sb_kernel_spec *k)
{
    for (int i = 0; i < k->n_params; i++)
        if (k->params[i].n_candidates > 0)
            return 1;
    return 0;
}

/* The inputs of every matrix and N of the plan, once. */
static tune_case *make_inputs(const sb_plan *plan, sb_host_matrix *hms, int *n_all)
{
    tune_case *all = NULL;
    *n_all = 0;
    for (int g = 0; g < plan->n_groups; g++) {
        const sb_plan_group *grp = &plan->groups[g];
        if (!sb_plan_group_runs(plan, g))
            continue; /* nothing measured there: no inputs (N = 10^9 would not fit) */
        int seen = 0;
        for (int i = 0; i < *n_all && !seen; i++)
            seen = all[i].matrix == grp->matrix && all[i].N == grp->N;
        if (seen)
            continue;
        tune_case tc = {.spec = &plan->cfg->matrices[grp->matrix], .hm = &hms[grp->matrix],
                        .matrix = grp->matrix, .N = grp->N};
        sb_case_inputs(tc.hm, tc.N, &tc.B, &tc.C_ref);
        all = sb_realloc(all, sizeof *all * (size_t)(*n_all + 1));
        all[(*n_all)++] = tc;
    }
    return all;
}

/* The plan's cases on device d grouped into classes per kernel (as it runs there) and shape
 * class: every measured case of a kernel the config lists that has something to try. */
static tune_class *make_classes(const sb_plan *plan, int d, const tune_case *all, int n_all,
                                int *n_classes)
{
    tune_class *classes = NULL;
    *n_classes = 0;
    for (int i = 0; i < plan->n_cases; i++) {
        const sb_case *c = &plan->cases[i];
        const sb_kernel *impl = sb_kernel_find(c->kernel->name);
        if (c->device != d || c->fate != SB_CASE_RUN || c->added || !c->bound || c->bind_failed ||
            !impl || !tunable(c->kernel))
            continue;
        tune_class *cls = NULL;
        for (int k = 0; k < *n_classes; k++)
            if (classes[k].k == c->kernel && strcmp(classes[k].klass, c->klass) == 0)
                cls = &classes[k];
        if (!cls) {
            classes = sb_realloc(classes, sizeof *classes * (size_t)(*n_classes + 1));
            cls = &classes[(*n_classes)++];
            memset(cls, 0, sizeof *cls);
            cls->k = c->kernel;
            cls->impl = impl;
            snprintf(cls->klass, sizeof cls->klass, "%s", c->klass);
        }
        for (int j = 0; j < n_all; j++) {
            if (all[j].matrix != c->matrix || all[j].N != c->N)
                continue;
            cls->cases = sb_realloc(cls->cases, sizeof *cls->cases * (size_t)(cls->n_cases + 1));
            cls->cases[cls->n_cases++] = all[j]; /* B and C_ref owned by all */
        }
    }
    return classes;
}

/* Tunes every class of device d of the plan and saves the winners. */
static sb_outcome tune_device(const sb_tune_options *opt, const sb_plan *plan, int d, const tune_case *all,
                       int n_all, const char *kernel_dir)
{
    sb_device *dev = plan->devices[d].dev;
    const sb_config *cfg = plan->cfg;
    sb_error err;
    sb_cl_env env;
    sb_tuning_db db;
    if (sb_cl_env_create(&env, dev, kernel_dir, &err)) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_FAILED;
    }
    if (sb_tuning_load(opt->db_path, dev, &db, &err)) {
        sb_error_message("%s", err.msg);
        sb_tuning_free(&db); /* what the refused file left in it (its path, entries read) */
        sb_cl_env_release(&env);
        return SB_OUTCOME_BAD_INPUT;
    }
    tuner t = {.env = &env, .base = dev->profile ? &dev->profile->params : NULL,
               .pinned = &opt->params,
               .plan = {.warmup = cfg->warmup, .repeats = cfg->repeats, .max_repeats = cfg->repeats,
                        .min_time_ms = 0, .tolerance = cfg->tolerance},
               .stop = opt->stop};
    int n_classes;
    tune_class *classes = make_classes(plan, d, all, n_all, &n_classes);
    double t0 = sb_now_ms();
    sb_output("tuning %d kernel classes on %d:%d %s (profile %s)\n", n_classes,
              dev->platform_index, dev->device_index, dev->name,
              dev->profile ? dev->profile->name : "none");
    if (opt->params.count > 0) {
        char *held = params_text(&opt->params);
        sb_output("  held by --param: %s\n", held);
        free(held);
    }
    int saved = 0, done = 0;
    sb_outcome status = SB_OUTCOME_OK;
    for (int c = 0; c < n_classes && !stopped(&t); c++) {
        tune_class_run(&t, &classes[c], opt->passes > 0 ? opt->passes : 2, &db);
        if (stopped(&t))
            break;
        /* saved after every class: an interrupted tuning keeps what it found */
        saved = sb_tuning_save(&db, dev, &err) == 0;
        if (!saved)
            break;
        done++;
    }
    if (stopped(&t)) {
        sb_error_message("interrupted: %d of the %d kernel classes on %s were tuned%s%s; "
                         "sparsebench tune again searches them all", done, n_classes, dev->name,
                         done ? " and are saved in " : "", done ? db.path : "");
        status = SB_OUTCOME_INTERRUPTED;
    } else if (!saved && n_classes > 0) {
        sb_error_message("%s", err.msg);
        status = SB_OUTCOME_FAILED;
    } else {
        sb_output("%d candidates in %.1f s; tuning database: %s\n", t.candidates,
                  (sb_now_ms() - t0) / 1000, db.path);
    }
    for (int c = 0; c < n_classes; c++)
        free(classes[c].cases);
    free(classes);
    sb_tuning_free(&db);
    sb_cl_env_release(&env);
    return status;
}

/* The dense baseline of device d: CLBlast's tuners on the shapes its baseline cases run. */
static sb_outcome tune_dense(const sb_tune_options *opt, const sb_plan *plan, int d,
                             const sb_host_matrix *hms, const char *kernel_dir)
{
    sb_device *dev = plan->devices[d].dev;
    sb_clblast_shape *shapes = NULL;
    int n = 0;
    for (int i = 0; i < plan->n_cases; i++) {
        const sb_case *c = &plan->cases[i];
        if (c->device != d || !c->is_baseline || c->fate != SB_CASE_RUN ||
            strcmp(c->kernel->name, "clblast") != 0)
            continue;
        sb_clblast_shape sh = {hms[c->matrix].A.rows, c->N, hms[c->matrix].A.cols};
        int seen = 0;
        for (int j = 0; j < n && !seen; j++)
            seen = shapes[j].M == sh.M && shapes[j].N == sh.N && shapes[j].K == sh.K;
        if (!seen) {
            shapes = sb_realloc(shapes, sizeof *shapes * (size_t)(n + 1));
            shapes[n++] = sh;
        }
    }
    if (n == 0) {
        sb_output("%d:%d %s: its dense baseline is not CLBlast (its profile), so CLBlast's tuners "
                  "have nothing to tune\n", dev->platform_index, dev->device_index, dev->name);
        return SB_OUTCOME_OK;
    }
    sb_error err;
    sb_cl_env env;
    sb_peak peak = {0};
    if (sb_cl_env_create(&env, dev, kernel_dir, &err) == 0) { /* the peak sizes the tuners' work */
        if (sb_peak_get(&env, 0, &peak, &err))
            peak.gflops = 0;
        sb_cl_env_release(&env);
    }
    sb_tuning_db db;
    if (sb_tuning_load(opt->db_path, dev, &db, &err)) {
        sb_error_message("%s", err.msg);
        sb_tuning_free(&db);
        free(shapes);
        return SB_OUTCOME_BAD_INPUT;
    }
    char *cache = sb_cache_root();
    char *root = sb_path_join(cache ? cache : "/tmp", "clblast-tuners");
    char *work = sb_device_file(root, dev, "");
    sb_clblast_tune_options o = {.budget_s = opt->budget_min * 60, .work_dir = work,
                                 .peak_gflops = peak.gflops};
    sb_outcome status = sb_clblast_tune(dev, shapes, n, &o, &db);
    free(work);
    free(root);
    free(cache);
    sb_tuning_free(&db);
    free(shapes);
    return status;
}

sb_outcome sb_tune(const sb_tune_options *opt)
{
    sb_config cfg;
    sb_error err;
    const char *data_dir = opt->data_dir ? opt->data_dir : getenv("SPARSEBENCH_DATA");
    if (sb_config_load(opt->config_path, data_dir, &cfg, &err)) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_BAD_INPUT;
    }
    sb_session ses;
    sb_plan plan;
    memset(&plan, 0, sizeof plan);
    sb_outcome status = sb_session_open(&ses, opt->device_sel, opt->profile);
    if (status == SB_OUTCOME_OK && opt->db_path && ses.n_sel > 1) {
        /* refused before anything runs: the second device failed on the file the first saved */
        sb_error_message("--db %s: a tuning database holds one device's parameters, but --device "
                         "'%s' selects %d devices: pick one (--device P:D), or leave --db out "
                         "and each device is tuned into its own", opt->db_path,
                         opt->device_sel ? opt->device_sel : "all", ses.n_sel);
        status = SB_OUTCOME_BAD_INPUT;
    }
    if (status == SB_OUTCOME_OK) {
        /* the plan a run makes, without a tuning database: tune searches from the defaults */
        sb_plan_device *devices = sb_session_plan_devices(&ses);
        for (int d = 0; d < ses.n_sel; d++)
            devices[d].tuning = NULL;
        if (sb_plan_make(&plan, &cfg, &opt->filter, devices, ses.n_sel, &opt->params, &err)) {
            sb_error_message("%s", err.msg);
            status = SB_OUTCOME_BAD_INPUT;
        }
        free(devices);
    }
    sb_host_matrix *hms = sb_calloc((size_t)(cfg.n_matrices ? cfg.n_matrices : 1), sizeof *hms);
    for (int m = 0; m < cfg.n_matrices && status == SB_OUTCOME_OK; m++) {
        if (!sb_plan_matrix_runs(&plan, m))
            continue; /* nothing of it is measured (too large for the devices, say) */
        if (sb_host_matrix_load(&cfg.matrices[m], cfg.seed, &hms[m], &err)) {
            sb_error_message("%s", err.msg);
            status = SB_OUTCOME_BAD_INPUT;
            break;
        }
        sb_plan_bind(&plan, m, &hms[m].pattern, hms[m].A.rows, hms[m].A.cols, hms[m].sparsity);
    }
    int n_all = 0;
    tune_case *all = status != SB_OUTCOME_OK ? NULL : make_inputs(&plan, hms, &n_all);
    sb_tune_options o = *opt;
    if (o.budget_min < 0)
        o.budget_min = SB_TUNE_DENSE_BUDGET_MIN;
    for (int d = 0; d < plan.n_devices && status != SB_OUTCOME_BAD_INPUT &&
                    status != SB_OUTCOME_INTERRUPTED; d++) {
        if (!o.dense_only)
            status = sb_outcome_worse(status, tune_device(&o, &plan, d, all, n_all, ses.kernel_dir));
        if (o.budget_min > 0 && status != SB_OUTCOME_BAD_INPUT &&
            status != SB_OUTCOME_INTERRUPTED && !(o.stop && *o.stop))
            status = sb_outcome_worse(status, tune_dense(&o, &plan, d, hms, ses.kernel_dir));
    }
    for (int i = 0; i < n_all; i++) {
        free(all[i].B);
        free(all[i].C_ref);
    }
    free(all);
    for (int m = 0; m < cfg.n_matrices; m++)
        sb_host_matrix_free(&hms[m]);
    free(hms);
    sb_plan_free(&plan);
    sb_session_close(&ses);
    sb_config_free(&cfg);
    return status;
}
