/* CLBlast's own tuners for the dense baseline (see clblast_tune.h).
 *
 * The budget is shared out by weight (the GEMM kernel's tuner gets the most; a tuner that ends
 * early leaves its time to the next). Order: the copy/pad/transpose tuners (the indirect GEMM's
 * pre- and post-processing), the GEMM kernels (Xgemm, XgemmDirect) at one size representative of
 * the config (its largest GEMM, halved until a run takes about 2 ms at the device's peak, so a
 * slow device still sees many configurations), the GEMV kernels when the config runs N = 1, then
 * clblast_tuner_routine_xgemm on each GEMM shape with the tuned kernels, which tells whether the
 * direct or the indirect GEMM is faster there: XGEMM_MIN_INDIRECT_SIZE is chosen to pick the
 * faster on every shape it can.
 *
 * A tuner with several variants (xgemm has 4) is first asked only for its counts of
 * configurations (-fraction so large that it tests none), so that one -fraction spreads its
 * share over all its variants; configurations are then sampled at random (any -fraction above 1),
 * so a tuner cut short has looked all over its space, not at its first corner. */
#include "clblast_tune.h"
#include "child_process.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sb_sink.h"
#include "sb_store.h"

typedef enum { T_MATRIX, T_GEMM, T_GEMV, T_ROUTINE } tuner_kind;

typedef struct tuner_spec {
    const char *binary;
    tuner_kind kind;
    int weight;                 /* share of the budget */
    const char *families[4];    /* its JSON files' kernel_family, in the order it runs them */
    int n_variants;
} tuner_spec;

static const tuner_spec tuners[] = {
    {"clblast_tuner_copy_fast", T_MATRIX, 1, {"copy"}, 1},
    {"clblast_tuner_copy_pad", T_MATRIX, 1, {"pad"}, 1},
    {"clblast_tuner_transpose_fast", T_MATRIX, 1, {"transpose"}, 1},
    {"clblast_tuner_transpose_pad", T_MATRIX, 1, {"padtranspose"}, 1},
    {"clblast_tuner_xgemm", T_GEMM, 8, {"xgemm_1", "xgemm_2", "xgemm_11", "xgemm_12"}, 4},
    {"clblast_tuner_xgemm_direct", T_GEMM, 3, {"xgemm_direct_1", "xgemm_direct_2"}, 2},
    {"clblast_tuner_xgemv", T_GEMV, 2, {"xgemv", "xgemv_fast", "xgemv_fast_rot"}, 3},
    {"clblast_tuner_routine_xgemm", T_ROUTINE, 2, {NULL}, 0},
};
#define N_TUNERS ((int)(sizeof tuners / sizeof tuners[0]))
/* the JSON files clblast_tuner_routine_xgemm reads from its folder, and the kernel of each */
static const char *const routine_inputs[][2] = {
    {"xgemm_1", "Xgemm"}, {"xgemm_direct_1", "XgemmDirect"}, {"copy", "Copy"},
    {"pad", "Pad"}, {"transpose", "Transpose"}, {"padtranspose", "Padtranspose"},
};
#define MAX_ROUTINE_SHAPES SB_CLBLAST_MAX_SHAPES

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* The one message for tuners that are not there. */
static int missing(sb_error *err, const char *where)
{
    return sb_fail(err, "CLBlast's tuners (clblast_tuner_xgemm and the others) are not %s: they "
                        "come with Debian's %s package (apt-get install %s); the dense baseline "
                        "stays on CLBlast's own database", where, SB_CLBLAST_TUNERS_PACKAGE,
                   SB_CLBLAST_TUNERS_PACKAGE);
}

char *sb_clblast_tuners_find(const char *tuners_dir, sb_error *err)
{
    const char *dir = tuners_dir ? tuners_dir : getenv("SPARSEBENCH_CLBLAST_TUNERS");
    if (!dir || !*dir)
        return sb_strdup(""); /* on the PATH: a tuner that is not there cannot be started */
    char *probe = sb_path_join(dir, "clblast_tuner_xgemm");
    int ok = access(probe, X_OK) == 0;
    free(probe);
    if (ok)
        return sb_strdup(dir);
    char *where = sb_asprintf("in %s (SPARSEBENCH_CLBLAST_TUNERS)", dir);
    missing(err, where);
    free(where);
    return NULL;
}

typedef struct session {
    const sb_device *dev;
    const sb_clblast_tune_options *opt;
    char *bin_dir, *work;
    double deadline;     /* of the whole budget */
    int weights_left;
    sb_clblast_found found;
    int complete[16];    /* per found entry: every variant that tuned it finished */
    char shape[64];      /* the kernel tuners' size */
} session;

/* A tuner as it is started: in the given folder, or by name on the PATH. */
static char *tuner_path(const session *s, const char *binary)
{
    return s->bin_dir[0] ? sb_path_join(s->bin_dir, binary) : sb_strdup(binary);
}

static double share_deadline(session *s, int weight)
{
    double now = sb_now_ms(), left = s->deadline - now;
    double d = now + (left > 0 ? left * weight / (s->weights_left > 0 ? s->weights_left : 1) : 0);
    s->weights_left -= weight;
    return d;
}

static char *fmt_arg(const char *fmt, double v)
{
    return sb_asprintf(fmt, v);
}

/* The device's indices as CLBlast's tuners count them (the same enumeration as ours). */
static void device_args(const session *s, char **argv, int *n)
{
    argv[(*n)++] = sb_strdup("-platform");
    argv[(*n)++] = sb_asprintf("%d", s->dev->platform_index);
    argv[(*n)++] = sb_strdup("-device");
    argv[(*n)++] = sb_asprintf("%d", s->dev->device_index);
    argv[(*n)++] = sb_strdup("-precision");
    argv[(*n)++] = sb_strdup("32");
}

static void free_argv(char **argv)
{
    for (int i = 0; argv[i]; i++)
        free(argv[i]);
}

/* A kernel tuner's command line (argv holds 40): the tuner, the device, the shape's arguments and
 * -fraction FRACTION (taken over: argv owns it). */
static void kernel_tuner_argv(const session *s, const tuner_spec *t, char **size_args, int n_size,
                              char *fraction, char **argv)
{
    int n = 0;
    argv[n++] = tuner_path(s, t->binary);
    device_args(s, argv, &n);
    for (int i = 0; i < n_size; i++)
        argv[n++] = sb_strdup(size_args[i]);
    argv[n++] = sb_strdup("-fraction");
    argv[n++] = fraction;
    argv[n] = NULL;
}

/* The kernel tuners' size: the largest GEMM shape, halved (its largest side) until 2mnk is at
 * most 2 ms of the device's peak; sides multiples of 128 (the tuners need m and n multiples of
 * the largest work-group tile), at least 128. */
static void kernel_size(const sb_clblast_shape *shapes, int n, int gemv, double peak_gflops,
                        long *m, long *nn, long *k)
{
    double best = -1;
    *m = *nn = *k = 1024;
    for (int i = 0; i < n; i++) {
        if ((shapes[i].N == 1) != gemv)
            continue;
        double f = 2.0 * shapes[i].M * (double)shapes[i].N * shapes[i].K;
        if (f > best) {
            best = f;
            *m = shapes[i].M;
            *nn = gemv ? shapes[i].K : shapes[i].N;
            *k = shapes[i].K;
        }
    }
    if (gemv)
        return;
    double cap = peak_gflops > 0 ? peak_gflops * 1e9 * 2e-3 : 1e9;
    long *sides[3] = {m, nn, k};
    for (int i = 0; i < 3; i++)
        *sides[i] = (*sides[i] + 127) / 128 * 128;
    while (2.0 * *m * (double)*nn * *k > cap) {
        long **big = &sides[0];
        for (int i = 1; i < 3; i++)
            if (*sides[i] > **big)
                big = &sides[i];
        if (**big <= 128)
            break;
        **big = (**big / 2 + 127) / 128 * 128;
    }
}

static char *read_text(const char *dir, const char *name)
{
    char *path = sb_path_join(dir, name);
    sb_error err;
    char *text = sb_file_exists(path) ? sb_read_file(path, NULL, &err) : NULL;
    free(path);
    return text;
}

static void remove_file(const char *dir, const char *name)
{
    char *path = sb_path_join(dir, name);
    unlink(path);
    free(path);
}

/* e into f: the faster of e and f's entry for its kernel, the configurations of both counted. */
static void found_put(sb_clblast_found *f, const sb_clblast_entry *e)
{
    sb_clblast_entry *old = NULL;
    for (int j = 0; j < f->count; j++)
        if (strcmp(f->items[j].kernel, e->kernel) == 0)
            old = &f->items[j];
    if (!old) {
        if (f->count < (int)(sizeof f->items / sizeof f->items[0]))
            f->items[f->count++] = *e;
        return;
    }
    int total = old->configs + e->configs;
    if (e->best_ms < old->best_ms)
        *old = *e;
    old->configs = total;
}

/* Offers what one tuner found to s->found: the JSON of each variant that finished, the log rows
 * of those that did not. Returns the configurations it measured. */
static int collect(session *s, const tuner_spec *t, const char *log_name, int finished)
{
    char *log = read_text(s->work, log_name);
    unsigned from_log = 0;
    sb_clblast_found mine = {0};
    for (int v = 0; v < t->n_variants; v++) {
        char *name = sb_asprintf("clblast_%s_32.json", t->families[v]);
        char *json = read_text(s->work, name);
        sb_error err;
        if (!json || sb_clblast_parse_json(json, &mine, &err))
            from_log |= 1u << v;
        free(json);
        free(name);
    }
    int counts[8];
    if (log)
        sb_clblast_parse_log(log, from_log, &mine, counts, 8);
    free(log);
    int configs = 0;
    for (int i = 0; i < mine.count; i++) {
        sb_clblast_entry *e = &mine.items[i];
        configs += e->configs;
        snprintf(e->tuner, sizeof e->tuner, "%s", t->binary);
        snprintf(e->shape, sizeof e->shape, "%s", s->shape);
        e->complete = finished;
        found_put(&s->found, e);
    }
    return configs;
}

/* Counts the configurations of each variant: the tuner with a -fraction that leaves none. */
static int count_configs(session *s, const tuner_spec *t, char **size_args, int n_size,
                         int *counts, double deadline)
{
    char *argv[40];
    kernel_tuner_argv(s, t, size_args, n_size, sb_strdup("1000000000"), argv);
    char *log_name = sb_asprintf("%s.count.log", t->binary);
    char *log = sb_path_join(s->work, log_name);
    int status;
    run_end end = sb_child_run(argv, s->work, log, deadline, &stop_signal, &status);
    free_argv(argv);
    char *text = read_text(s->work, log_name);
    int sections = 0;
    sb_clblast_found none = {0};
    for (int i = 0; i < 8; i++)
        counts[i] = 0;
    if (text)
        sections = sb_clblast_parse_log(text, 0, &none, counts, 8);
    free(text);
    free(log);
    free(log_name);
    return end == RUN_DONE || end == RUN_FAILED ? sections : -1;
}

/* One kernel tuner within its share. */
static run_end run_kernel_tuner(session *s, const tuner_spec *t, char **size_args, int n_size,
                                double est_config_ms, int *configs)
{
    double deadline = share_deadline(s, t->weight);
    double fraction = 1.0001; /* above 1: a random order */
    if (t->n_variants > 1) {
        int counts[8], total = 0;
        int sections = count_configs(s, t, size_args, n_size, counts, deadline);
        for (int i = 0; i < sections && i < 8; i++)
            total += counts[i] > 0 ? counts[i] : 0;
        double left = deadline - sb_now_ms();
        if (total > 0 && left > 0 && total * est_config_ms > left)
            fraction = total * est_config_ms / left;
    }
    for (int v = 0; v < t->n_variants; v++) {
        char *name = sb_asprintf("clblast_%s_32.json", t->families[v]);
        remove_file(s->work, name);
        free(name);
    }
    char *argv[40];
    kernel_tuner_argv(s, t, size_args, n_size, fmt_arg("%.4f", fraction), argv);
    char *log_name = sb_asprintf("%s.log", t->binary);
    char *log = sb_path_join(s->work, log_name);
    remove_file(s->work, log_name);
    double t0 = sb_now_ms();
    int status;
    run_end end = sb_child_run(argv, s->work, log, deadline, &stop_signal, &status);
    free_argv(argv);
    *configs = collect(s, t, log_name, end == RUN_DONE);
    sb_output("  %-30s %-22s %5d configurations in %4.0f s%s\n", t->binary, s->shape, *configs,
              (sb_now_ms() - t0) / 1e3,
              end == RUN_DONE     ? ""
              : end == RUN_CUT    ? " (its share of the budget ran out: the best of those)"
              : end == RUN_SIGNAL ? " (interrupted: the best of those)"
                                  : " (it failed: see its log)");
    free(log);
    free(log_name);
    return end;
}

/* Writes the kernels found so far as the JSON files clblast_tuner_routine_xgemm reads. */
static void write_routine_inputs(session *s)
{
    for (size_t i = 0; i < sizeof routine_inputs / sizeof routine_inputs[0]; i++) {
        const sb_clblast_entry *e = NULL;
        for (int j = 0; j < s->found.count; j++)
            if (strcmp(s->found.items[j].kernel, routine_inputs[i][1]) == 0)
                e = &s->found.items[j];
        char *name = sb_asprintf("clblast_%s_32.json", routine_inputs[i][0]);
        char *path = sb_path_join(s->work, name);
        free(name);
        if (!e) {
            unlink(path);
            free(path);
            continue;
        }
        sb_strbuf b = {0};
        sb_strbuf_appendf(&b, "{\n  \"kernel_family\": \"%s\",\n  \"precision\": \"32\",\n"
                              "  \"best_parameters\": \"", routine_inputs[i][0]);
        for (int p = 0; p < e->n; p++)
            sb_strbuf_appendf(&b, "%s=%ld ", e->names[p], e->values[p]);
        /* CLBlast reads these line by line and cuts the value's quote and the comma after it:
         * a best_parameters line without a comma is "Failed to extract" (and the routine runs
         * the kernels it was meant to compare with CLBlast's defaults) */
        sb_strbuf_appendf(&b, "PRECISION=32\",\n  \"results\": []\n}\n");
        sb_error err;
        if (sb_write_atomic(path, b.s, strlen(b.s), &err))
            sb_warn("%s", err.msg);
        free(b.s);
        free(path);
    }
}

/* clblast_tuner_routine_xgemm on each GEMM shape (the largest first, up to MAX_ROUTINE_SHAPES). */
static run_end run_routine(session *s, const tuner_spec *t, const sb_clblast_shape *shapes,
                           int n_shapes)
{
    sb_clblast_shape sh[MAX_ROUTINE_SHAPES];
    int n = 0;
    for (int i = 0; i < n_shapes; i++) {
        if (shapes[i].N == 1)
            continue;
        if (n < MAX_ROUTINE_SHAPES) {
            sh[n++] = shapes[i];
            continue;
        }
        int smallest = 0; /* replace the smallest kept one */
        for (int j = 1; j < n; j++)
            if ((double)sh[j].M * sh[j].N * sh[j].K <
                (double)sh[smallest].M * sh[smallest].N * sh[smallest].K)
                smallest = j;
        if ((double)shapes[i].M * shapes[i].N * shapes[i].K >
            (double)sh[smallest].M * sh[smallest].N * sh[smallest].K)
            sh[smallest] = shapes[i];
    }
    double deadline = share_deadline(s, t->weight);
    if (n == 0)
        return RUN_DONE;
    write_routine_inputs(s);
    double direct[MAX_ROUTINE_SHAPES], indirect[MAX_ROUTINE_SHAPES];
    int measured = 0;
    run_end end = RUN_DONE;
    double t0 = sb_now_ms();
    for (int i = 0; i < n && end == RUN_DONE; i++) {
        double now = sb_now_ms(), d = now + (deadline - now) / (n - i);
        char *argv[40];
        int a = 0;
        argv[a++] = tuner_path(s, t->binary);
        device_args(s, argv, &a);
        argv[a++] = sb_strdup("-m");
        argv[a++] = sb_asprintf("%d", sh[i].M);
        argv[a++] = sb_strdup("-n");
        argv[a++] = sb_asprintf("%d", sh[i].N);
        argv[a++] = sb_strdup("-k");
        argv[a++] = sb_asprintf("%d", sh[i].K);
        argv[a++] = sb_strdup("-runs");
        argv[a++] = sb_strdup("3");
        argv[a] = NULL;
        remove_file(s->work, "clblast_gemm_routine_single_size_32.json");
        char *log = sb_path_join(s->work, "clblast_tuner_routine_xgemm.log");
        int status;
        end = sb_child_run(argv, s->work, log, d, &stop_signal, &status);
        free(log);
        free_argv(argv);
        char *json = read_text(s->work, "clblast_gemm_routine_single_size_32.json");
        direct[i] = indirect[i] = NAN;
        sb_clblast_found f = {0};
        sb_error err;
        /* two results: XGEMM_MIN_INDIRECT_SIZE 0 (indirect) and max(m,n,k)+1 (direct) */
        if (json && sb_clblast_parse_json(json, &f, &err) == 0) {
            cJSON *root = cJSON_Parse(json);
            const cJSON *r;
            cJSON_ArrayForEach(r, cJSON_GetObjectItem(root, "results")) {
                const cJSON *time = cJSON_GetObjectItem(r, "time");
                const cJSON *p = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "parameters"),
                                                     "XGEMM_MIN_INDIRECT_SIZE");
                if (!cJSON_IsNumber(time) || !cJSON_IsNumber(p) || !(time->valuedouble > 0))
                    continue;
                if (p->valuedouble == 0)
                    indirect[i] = time->valuedouble;
                else
                    direct[i] = time->valuedouble;
            }
            cJSON_Delete(root);
        }
        free(json);
        if (!isfinite(direct[i]))
            direct[i] = INFINITY;
        if (!isfinite(indirect[i]))
            indirect[i] = INFINITY;
        if (isfinite(direct[i]) || isfinite(indirect[i]))
            measured++;
        sb_output("  %-30s m=%d n=%d k=%d: direct %.4g ms, indirect %.4g ms\n", t->binary, sh[i].M,
                  sh[i].N, sh[i].K, direct[i], indirect[i]);
    }
    if (measured == n) {
        sb_clblast_entry e = {0};
        snprintf(e.kernel, sizeof e.kernel, "GemmRoutine");
        snprintf(e.names[0], sizeof e.names[0], "XGEMM_MIN_INDIRECT_SIZE");
        e.values[0] = sb_clblast_indirect_threshold(sh, direct, indirect, n);
        e.n = 1;
        e.best_ms = 0;
        for (int i = 0; i < n; i++)
            e.best_ms += fmin(direct[i], indirect[i]);
        snprintf(e.tuner, sizeof e.tuner, "%s", t->binary);
        snprintf(e.shape, sizeof e.shape, "%d shape(s), the largest m=%d n=%d k=%d", n, sh[0].M,
                 sh[0].N, sh[0].K);
        e.configs = 2 * n;
        e.complete = 1;
        found_put(&s->found, &e);
        sb_output("  %-30s XGEMM_MIN_INDIRECT_SIZE=%ld (%.0f s)\n", t->binary, e.values[0],
                  (sb_now_ms() - t0) / 1e3);
    } else if (end != RUN_SIGNAL) {
        sb_output("  %-30s not every shape measured in its share: GemmRoutine left as it is\n",
                  t->binary);
    }
    return end;
}

/* Saves what was found into db (the entries this session tuned replace older ones). */
static int save(session *s, sb_tuning_db *db, sb_error *err)
{
    for (int i = 0; i < s->found.count; i++)
        if (s->found.items[i].n > 0)
            sb_clblast_tuning_set(&db->clblast, &s->found.items[i]);
    if (db->clblast.count == 0)
        return 0;
    sb_utc_iso(db->clblast.tuned, sizeof db->clblast.tuned);
    return sb_tuning_save(db, s->dev, err);
}

sb_outcome sb_clblast_tune(const sb_device *dev, const sb_clblast_shape *shapes, int n_shapes,
                           const sb_clblast_tune_options *opt, sb_tuning_db *db)
{
    sb_error err;
    session s = {.dev = dev, .opt = opt};
    s.bin_dir = sb_clblast_tuners_find(opt->tuners_dir, &err);
    if (!s.bin_dir) {
        sb_error_message("%s", err.msg);
        return SB_OUTCOME_FAILED;
    }
    if (sb_mkdirs(opt->work_dir, &err)) {
        sb_error_message("%s", err.msg);
        free(s.bin_dir);
        return SB_OUTCOME_FAILED;
    }
    s.work = sb_strdup(opt->work_dir);
    int gemm = 0, gemv = 0;
    for (int i = 0; i < n_shapes; i++)
        *(shapes[i].N == 1 ? &gemv : &gemm) += 1;
    for (int i = 0; i < N_TUNERS; i++)
        if (tuners[i].kind == T_MATRIX || (tuners[i].kind == T_GEMV ? gemv : gemm) > 0)
            s.weights_left += tuners[i].weight;
    s.deadline = sb_now_ms() + opt->budget_s * 1e3;
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    stop_signal = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sb_output("CLBlast's tuners on %d:%d %s (budget %.1f min; outputs in %s)\n",
              dev->platform_index, dev->device_index, dev->name, opt->budget_s / 60, s.work);
    long m, nn, k;
    kernel_size(shapes, n_shapes, 0, opt->peak_gflops, &m, &nn, &k);
    /* a configuration: its compile (about a second) and the tuner's runs at the size */
    double est_ms = 1000 + 4 * (2.0 * m * (double)nn * k) /
                              ((opt->peak_gflops > 0 ? opt->peak_gflops : 100) * 1e9 * 0.05) * 1e3;
    sb_outcome status = SB_OUTCOME_OK;
    for (int i = 0; i < N_TUNERS && !stop_signal; i++) {
        const tuner_spec *t = &tuners[i];
        char *size[6] = {0};
        int n_size = 0, configs = 0;
        run_end end;
        if (t->kind == T_ROUTINE) {
            end = run_routine(&s, t, shapes, n_shapes);
        } else if (t->kind != T_MATRIX && (t->kind == T_GEMV ? gemv : gemm) == 0) {
            continue;
        } else {
            if (t->kind == T_MATRIX) {
                snprintf(s.shape, sizeof s.shape, "m=1024 n=1024");
            } else {
                long gm = m, gn = nn, gk = k;
                if (t->kind == T_GEMV)
                    kernel_size(shapes, n_shapes, 1, opt->peak_gflops, &gm, &gn, &gk);
                size[n_size++] = sb_strdup("-m");
                size[n_size++] = sb_asprintf("%ld", gm);
                size[n_size++] = sb_strdup("-n");
                size[n_size++] = sb_asprintf("%ld", gn);
                if (t->kind == T_GEMM) {
                    size[n_size++] = sb_strdup("-k");
                    size[n_size++] = sb_asprintf("%ld", gk);
                    snprintf(s.shape, sizeof s.shape, "m=%ld n=%ld k=%ld", gm, gn, gk);
                } else {
                    snprintf(s.shape, sizeof s.shape, "m=%ld n=%ld", gm, gn);
                }
            }
            end = run_kernel_tuner(&s, t, size, n_size, est_ms, &configs);
            for (int j = 0; j < n_size; j++)
                free(size[j]);
        }
        if (end == RUN_NOT_STARTED && !s.bin_dir[0] && i == 0) { /* none on the PATH */
            missing(&err, "installed");
            sb_error_message("%s", err.msg);
            status = SB_OUTCOME_FAILED;
            break;
        }
        if (end == RUN_NOT_STARTED)
            sb_warn("%s could not be started (see %s/%s.log)", t->binary, s.work, t->binary);
        /* saved after every tuner: an interrupted tuning keeps what it found */
        if (save(&s, db, &err)) {
            sb_error_message("%s", err.msg);
            status = SB_OUTCOME_FAILED;
            break;
        }
    }
    if (stop_signal)
        status = SB_OUTCOME_INTERRUPTED;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    for (int i = 0; i < s.found.count; i++) {
        const sb_clblast_entry *e = &s.found.items[i];
        sb_output("  %-13s %-22s %.4g ms  %d configurations%s\n", e->kernel, e->shape, e->best_ms,
                  e->configs, e->complete ? "" : " (cut short)");
    }
    if (s.found.count == 0)
        sb_output("  nothing measured within the budget: CLBlast stays on its own database\n");
    else if (status != SB_OUTCOME_FAILED)
        sb_output("tuning database: %s\n", db->path);
    free(s.bin_dir);
    free(s.work);
    return status;
}
