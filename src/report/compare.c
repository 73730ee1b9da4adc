/* `sparsebench compare`: matching the cases of two sides and comparing each (see sb_compare.h).
 *
 * The rules (also written into compare.md):
 *   - A case is (device, matrix, model/layer, pattern and block, M x K, sparsity, N, kernel,
 *     precision); the device is its stable id (device_id; its label in files without one). With
 *     --base-device/--new-device the device leaves the key: each side's rows are those of its one
 *     selected device, so one device is compared with another the same way as two runs.
 *     Rows of one case on one side (a case measured in several runs of sparsebench: give a side
 *     several runs to let the interval see how much runs differ) are pooled, and the interval
 *     becomes a two-level bootstrap: the rows drawn first, then each drawn row's runs.
 *   - Both sides ok: ratio = median(NEW runs) / median(BASE runs) (> 1: NEW is slower); the
 *     interval is a seeded percentile bootstrap of that ratio over the raw runs of
 *     results.jsonl (each side resampled with replacement), and p the two-sided Mann-Whitney U
 *     test of the two sets of runs (as Google Benchmark's compare.py tests them).
 *   - With t the threshold: slower when the whole interval is above 1 + t and p < alpha; faster
 *     when it is below 1 / (1 + t) and p < alpha; same when it lies inside
 *     [1 / (1 + t), 1 + t]; otherwise noise (it straddles a threshold). Without raw runs on a side
 *     there is no interval: same when the ratio is inside the band, else noise.
 *   - ok in BASE but wrong or failed in NEW: broken; the reverse: fixed; otherwise not compared.
 *   - --fail-on-regression: exit status 3 when any case is slower or broken. */
#define _GNU_SOURCE /* strcasestr */
#include "compare_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sb_rng.h"
#include "sb_stats.h"

static const char *const verdict_names[SB_VERDICT_COUNT] = {
    "slower", "faster", "same", "noise", "broken", "fixed", "not compared", "only in BASE",
    "only in NEW",
};

const char *sb_verdict_name(sb_verdict v)
{
    return v >= 0 && v < SB_VERDICT_COUNT ? verdict_names[v] : "?";
}

void sb_compare_options_init(sb_compare_options *o)
{
    memset(o, 0, sizeof *o);
    o->threshold = 0.05;
    o->alpha = 0.05;
    o->confidence = 0.95;
    o->resamples = 2000;
    o->seed = 1;
}

/* One case on one side: its rows pooled. */
typedef struct entry {
    char *key;
    const rp_row *row;    /* the first row (labels) */
    const char *status;   /* "ok" when any row is ok (its runs are the ok rows' runs) */
    double *runs;         /* every ok row's runs, pooled */
    int n_runs;
    const double **grp;   /* each ok row's runs on its own (a session; in the report's memory) */
    int *n_grp, n_grps;
    double median_ms;     /* of the pooled runs; the rows' median_ms without raw runs */
    double cv;
    char *warning;        /* the rows' timing_warning, joined */
    int n_rows;
} entry;

static const char *cell(const sb_report *r, const rp_row *w, const char *column)
{
    int c = rp_strings_find(&r->cols, column);
    return c >= 0 ? rp_cell(r, w, c) : "";
}

/* A device selector as run's --device reads one: P:D exactly, else a case-insensitive part of
 * the stable id, the name or the label. */
static int device_matches(const sb_report *r, const rp_row *w, const char *sel)
{
    if (strcmp(cell(r, w, "device_index"), sel) == 0)
        return 1;
    const char *hay[] = {cell(r, w, "device_id"), w->device_name, w->device};
    for (int i = 0; i < 3; i++)
        if (strcasestr(hay[i], sel))
            return 1;
    return 0;
}

static const char *device_key(const sb_report *r, const rp_row *w)
{
    const char *id = cell(r, w, "device_id");
    return *id ? id : w->device;
}

static char *case_key(const sb_report *r, const rp_row *w, int with_device)
{
    return sb_asprintf("%s|%s|%s|%s|%s|%s|%dx%d|%.4f|%d|%s|%s", with_device ? device_key(r, w) : "",
                       w->matrix, cell(r, w, "model"), cell(r, w, "layer"), w->pattern, w->block,
                       w->M, w->K, w->spars_key, w->N, w->kernel, w->precision);
}

static void add_runs(entry *e, const sb_report *r, const rp_row *w)
{
    const rp_run *run = &r->runs[w->run];
    int n = run->samples && run->samples[w->src] ? run->n_samples[w->src] : 0;
    if (n == 0)
        return;
    e->grp = sb_realloc(e->grp, sizeof *e->grp * (size_t)(e->n_grps + 1));
    e->n_grp = sb_realloc(e->n_grp, sizeof *e->n_grp * (size_t)(e->n_grps + 1));
    e->grp[e->n_grps] = run->samples[w->src];
    e->n_grp[e->n_grps++] = n;
    e->runs = sb_realloc(e->runs, sizeof *e->runs * (size_t)(e->n_runs + n));
    memcpy(e->runs + e->n_runs, run->samples[w->src], sizeof *e->runs * (size_t)n);
    e->n_runs += n;
}

static void add_warning(entry *e, const char *w)
{
    if (!*w)
        return;
    char *joined = sb_asprintf("%s%s%s", e->warning, *e->warning ? "; " : "", w);
    free(e->warning);
    e->warning = joined;
}

static void free_entries(entry *es, int n)
{
    for (int k = 0; k < n; k++) {
        free(es[k].key);
        free(es[k].runs);
        free(es[k].grp);
        free(es[k].n_grp);
        free(es[k].warning);
    }
    free(es);
}

/* The side's entries, in file order, with its device selection applied. */
static entry *side_entries(const cmp_side *s, const char *sel, int with_device, int *n_out,
                           sb_error *err)
{
    const sb_report *r = s->report;
    entry *es = NULL;
    int n = 0;
    const char *first_device = NULL, *second = NULL;
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *w = &r->rows[i];
        if (sel && !device_matches(r, w, sel))
            continue;
        if (!first_device)
            first_device = w->device;
        else if (!second && strcmp(first_device, w->device) != 0)
            second = w->device;
        char *key = case_key(r, w, with_device);
        entry *e = NULL;
        for (int k = n - 1; k >= 0 && !e; k--) /* a pooled case's rows are usually adjacent */
            if (strcmp(es[k].key, key) == 0)
                e = &es[k];
        if (e) {
            free(key);
        } else {
            es = sb_realloc(es, sizeof *es * (size_t)(n + 1));
            e = &es[n++];
            *e = (entry){.key = key, .row = w, .status = "", .median_ms = NAN,
                         .warning = sb_strdup("")};
        }
        e->n_rows++;
        if (w->ok) { /* the ok rows' runs are the case's runs */
            if (strcmp(e->status, "ok") != 0) {
                e->status = "ok";
                e->row = w;
                e->median_ms = w->median_ms; /* the median when no row has raw runs */
                e->n_runs = e->n_grps = 0;
            }
            add_runs(e, r, w);
        } else if (!*e->status) {
            e->status = w->status;
        }
        add_warning(e, cell(r, w, "timing_warning"));
    }
    if (!first_device && sel) {
        free(es);
        return sb_fail(err, "%s (%s): no row on a device matching '%s'", s->dir, s->name, sel),
               NULL;
    }
    if (!with_device && second) {
        free_entries(es, n);
        sb_fail(err, "%s (%s) holds rows of more than one device ('%s', '%s'): matching across "
                "devices needs one per side; choose it with --%s-device", s->dir, s->name,
                first_device, second, s->name[0] == 'B' ? "base" : "new");
        return NULL;
    }
    for (int k = 0; k < n; k++) {
        entry *e = &es[k];
        if (e->n_runs > 0) {
            sb_stats st = sb_stats_compute(e->runs, e->n_runs);
            e->median_ms = st.median;
            e->cv = st.cv;
        } else {
            e->cv = rp_number(cell(r, e->row, "cv"));
        }
    }
    *n_out = n;
    return es;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The statistics and verdict of a case both sides have ok. */
static void judge(sb_compare_case *c, const entry *b, const entry *n, const sb_compare_options *o)
{
    c->ratio = n->median_ms / b->median_ms;
    double hi_band = 1 + o->threshold, lo_band = 1 / (1 + o->threshold);
    if (b->n_runs >= 2 && n->n_runs >= 2) {
        /* the seed depends on the case, not on where it is in the files */
        uint64_t seed = sb_seed_mix(o->seed, fnv1a(c->label), 0);
        sb_bootstrap_median_ratio_grouped(b->grp, b->n_grp, b->n_grps, n->grp, n->n_grp,
                                          n->n_grps, o->resamples, o->confidence, seed,
                                          &c->ci_low, &c->ci_high);
        c->p_value = sb_mann_whitney_p(b->runs, b->n_runs, n->runs, n->n_runs, NULL);
        if (c->ci_low > hi_band && c->p_value < o->alpha)
            c->verdict = SB_VERDICT_SLOWER;
        else if (c->ci_high < lo_band && c->p_value < o->alpha)
            c->verdict = SB_VERDICT_FASTER;
        else if (c->ci_low >= lo_band && c->ci_high <= hi_band)
            c->verdict = SB_VERDICT_SAME;
        else
            c->verdict = SB_VERDICT_NOISE;
        if (b->n_grps > 1 || n->n_grps > 1)
            c->note = sb_asprintf("%d BASE and %d NEW measurements of this case (rows of "
                                  "several runs): the interval draws the measurements, then "
                                  "their runs (a two-level bootstrap)", b->n_grps, n->n_grps);
        else if (b->n_runs < 9 || n->n_runs < 9)
            c->note = sb_asprintf("%d vs %d runs: 9 or more a side make the U test and the "
                                  "interval reliable", b->n_runs, n->n_runs);
    } else {
        c->verdict = c->ratio >= lo_band && c->ratio <= hi_band ? SB_VERDICT_SAME
                                                                : SB_VERDICT_NOISE;
        c->note = sb_asprintf("no raw runs (results.jsonl) on %s: the ratio of the rows' medians "
                              "only, no interval", b->n_runs < 2 ? "BASE" : "NEW");
    }
}

static void fill_case(sb_compare_case *c, const cmp_side *side, const entry *e, int is_base)
{
    const sb_report *r = side->report;
    const rp_row *w = e->row;
    if (!c->label) {
        const char *model = cell(r, w, "model"), *layer = cell(r, w, "layer");
        c->label = sb_asprintf("%s%s%s%s%s %s%s%s %dx%d s=%.4g N=%d %s %s", w->matrix,
                               *model ? " [" : "", model, *model ? "/" : "", *model ? layer : "",
                               w->pattern, *w->block ? " " : "", w->block, w->M, w->K,
                               w->spars_key, w->N, w->kernel, w->precision);
        c->matrix = sb_strdup(w->matrix);
        c->model = sb_strdup(model);
        c->layer = sb_strdup(layer);
        c->pattern = sb_strdup(w->pattern);
        c->block = sb_strdup(w->block);
        c->kernel = sb_strdup(w->kernel);
        c->precision = sb_strdup(w->precision);
        c->M = w->M;
        c->K = w->K;
        c->N = w->N;
        c->sparsity = w->spars_key;
    }
    if (is_base) {
        c->base_device = sb_strdup(w->device);
        c->base_status = e->status;
        c->base_runs = e->n_runs;
        c->base_median_ms = e->median_ms;
        c->base_cv = e->cv;
        c->base_warning = sb_strdup(e->warning);
    } else {
        c->new_device = sb_strdup(w->device);
        c->new_status = e->status;
        c->new_runs = e->n_runs;
        c->new_median_ms = e->median_ms;
        c->new_cv = e->cv;
        c->new_warning = sb_strdup(e->warning);
    }
}

static sb_compare_case *new_case(sb_compare *c)
{
    c->cases = sb_realloc(c->cases, sizeof *c->cases * (size_t)(c->n_cases + 1));
    sb_compare_case *k = &c->cases[c->n_cases++];
    memset(k, 0, sizeof *k);
    k->ratio = k->ci_low = k->ci_high = k->p_value = NAN;
    k->base_median_ms = k->new_median_ms = k->base_cv = k->new_cv = NAN;
    k->base_status = k->new_status = "";
    return k;
}

static int is_bad(const char *status)
{
    return strcmp(status, "wrong") == 0 || strcmp(status, "failed") == 0;
}

static void compare_entries(sb_compare *c, entry *be, int nb, entry *ne, int nn)
{
    char *matched = sb_calloc((size_t)(nn ? nn : 1), 1);
    for (int i = 0; i < nb; i++) {
        int j = 0;
        while (j < nn && (matched[j] || strcmp(ne[j].key, be[i].key) != 0))
            j++;
        sb_compare_case *k = new_case(c);
        fill_case(k, &c->base, &be[i], 1);
        if (j == nn) {
            k->verdict = SB_VERDICT_BASE_ONLY;
            continue;
        }
        matched[j] = 1;
        fill_case(k, &c->new_, &ne[j], 0);
        int bok = strcmp(be[i].status, "ok") == 0, nok = strcmp(ne[j].status, "ok") == 0;
        k->ratio = nok && bok ? ne[j].median_ms / be[i].median_ms : NAN;
        if (bok && nok)
            judge(k, &be[i], &ne[j], &c->opt);
        else
            k->verdict = bok && is_bad(ne[j].status)   ? SB_VERDICT_BROKEN
                         : nok && is_bad(be[i].status) ? SB_VERDICT_FIXED
                                                       : SB_VERDICT_NOT_COMPARED;
        if ((be[i].n_rows > 1 || ne[j].n_rows > 1) && !k->note)
            k->note = sb_asprintf("%d BASE and %d NEW rows of this case, their runs pooled",
                                  be[i].n_rows, ne[j].n_rows);
    }
    for (int j = 0; j < nn; j++)
        if (!matched[j]) {
            sb_compare_case *k = new_case(c);
            fill_case(k, &c->new_, &ne[j], 0);
            k->verdict = SB_VERDICT_NEW_ONLY;
        }
    for (int i = 0; i < c->n_cases; i++)
        if (!c->cases[i].note)
            c->cases[i].note = sb_strdup("");
    free(matched);
}

int sb_compare_load(sb_compare **out, const char *base_dir, const char *new_dir,
                    const sb_compare_options *opt, sb_error *err)
{
    *out = NULL;
    sb_compare *c = sb_calloc(1, sizeof *c);
    c->opt = *opt;
    c->across_devices = opt->base_device || opt->new_device;
    entry *be = NULL, *ne = NULL;
    int nb = 0, nn = 0;
    if (cmp_side_load(&c->base, "BASE", base_dir, &c->warnings, err) != 0 ||
        cmp_side_load(&c->new_, "NEW", new_dir, &c->warnings, err) != 0 ||
        !(be = side_entries(&c->base, opt->base_device, !c->across_devices, &nb, err)) ||
        !(ne = side_entries(&c->new_, opt->new_device, !c->across_devices, &nn, err))) {
        free_entries(be, nb);
        sb_compare_free(c);
        return -1;
    }
    c->shards_incomplete = !sb_report_shards_complete(c->base.report) ||
                           !sb_report_shards_complete(c->new_.report);
    compare_entries(c, be, nb, ne, nn);
    free_entries(be, nb);
    free_entries(ne, nn);
    *out = c;
    return 0;
}

void sb_compare_free(sb_compare *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n_cases; i++) {
        sb_compare_case *k = &c->cases[i];
        char **owned[] = {&k->label, &k->base_device, &k->new_device, &k->matrix, &k->model,
                          &k->layer, &k->pattern, &k->block, &k->kernel, &k->precision,
                          &k->base_warning, &k->new_warning, &k->note};
        for (size_t s = 0; s < sizeof owned / sizeof *owned; s++)
            free(*owned[s]);
    }
    free(c->cases);
    cmp_side_free(&c->base);
    cmp_side_free(&c->new_);
    rp_strings_free(&c->warnings);
    free(c);
}

int sb_compare_n_cases(const sb_compare *c)
{
    return c->n_cases;
}

const sb_compare_case *sb_compare_case_at(const sb_compare *c, int i)
{
    return i >= 0 && i < c->n_cases ? &c->cases[i] : NULL;
}

int sb_compare_count(const sb_compare *c, sb_verdict v)
{
    int n = 0;
    for (int i = 0; i < c->n_cases; i++)
        n += c->cases[i].verdict == v;
    return n;
}

int sb_compare_regressions(const sb_compare *c)
{
    return sb_compare_count(c, SB_VERDICT_SLOWER) + sb_compare_count(c, SB_VERDICT_BROKEN);
}

int sb_compare_shards_complete(const sb_compare *c)
{
    return !c->shards_incomplete;
}

int sb_compare_n_warnings(const sb_compare *c)
{
    return c->warnings.n;
}

const char *sb_compare_warning(const sb_compare *c, int i)
{
    return i >= 0 && i < c->warnings.n ? c->warnings.v[i] : NULL;
}
