/* compare.md and compare.csv: every case of a comparison, its verdict and the rules behind it. */
#include "compare_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "1.204 [1.15, 1.26]" */
static void ratio_text(const sb_compare_case *k, char *buf, size_t n)
{
    if (!isfinite(k->ratio))
        snprintf(buf, n, "—");
    else if (isfinite(k->ci_low))
        snprintf(buf, n, "%.3f [%.3f, %.3f]", k->ratio, k->ci_low, k->ci_high);
    else
        snprintf(buf, n, "%.3f", k->ratio);
}

static void case_row(sb_strbuf *b, const sb_compare_case *k, int across)
{
    char buf[128];
    sb_strbuf_appendf(b, "|");
    rp_md_cell(b, sb_verdict_name(k->verdict));
    rp_md_cell(b, k->label);
    if (across) {
        snprintf(buf, sizeof buf, "%s → %s", k->base_device ? k->base_device : "—",
                 k->new_device ? k->new_device : "—");
        rp_md_cell(b, buf);
    } else {
        rp_md_cell(b, k->base_device ? k->base_device : k->new_device);
    }
    rp_md_cellf(b, "%.4g", k->base_median_ms);
    rp_md_cellf(b, "%.4g", k->new_median_ms);
    ratio_text(k, buf, sizeof buf);
    rp_md_cell(b, buf);
    rp_md_cellf(b, "%.2g", k->p_value);
    snprintf(buf, sizeof buf, "%d / %d", k->base_runs, k->new_runs);
    rp_md_cell(b, buf);
    snprintf(buf, sizeof buf, "%s / %s", *k->base_status ? k->base_status : "—",
             *k->new_status ? k->new_status : "—");
    rp_md_cell(b, buf);
    sb_strbuf note = {0};
    sb_strbuf_appendf(&note, "%s", k->note);
    if (k->base_warning && *k->base_warning)
        sb_strbuf_appendf(&note, "%sBASE: %s", note.len ? "; " : "", k->base_warning);
    if (k->new_warning && *k->new_warning)
        sb_strbuf_appendf(&note, "%sNEW: %s", note.len ? "; " : "", k->new_warning);
    rp_md_cell(b, note.s);
    sb_strbuf_free(&note);
    sb_strbuf_appendf(b, "\n");
}

static void table(sb_strbuf *b, const sb_compare *c, const sb_verdict *which, int n_which,
                  const char *title)
{
    int any = 0;
    for (int i = 0; i < c->n_cases && !any; i++)
        for (int v = 0; v < n_which; v++)
            any |= c->cases[i].verdict == which[v];
    if (!any)
        return;
    sb_strbuf_appendf(b, "## %s\n\n| verdict | case | device | BASE median ms | NEW median ms "
                         "| NEW / BASE [%.0f%% interval] | U test p | runs | status | notes |\n"
                         "|---|---|---|---|---|---|---|---|---|---|\n",
                      title, 100 * c->opt.confidence);
    for (int v = 0; v < n_which; v++)
        for (int i = 0; i < c->n_cases; i++)
            if (c->cases[i].verdict == which[v])
                case_row(b, &c->cases[i], c->across_devices);
    sb_strbuf_appendf(b, "\n");
}

static void side_md(sb_strbuf *b, const cmp_side *s, const char *sel)
{
    sb_strbuf_appendf(b, "**%s** `%s`: %d result director%s", s->name, s->dir, s->n_run_dirs,
                      s->n_run_dirs == 1 ? "y" : "ies");
    if (sel)
        sb_strbuf_appendf(b, ", the device matching `%s`", sel);
    sb_strbuf_appendf(b, "\n\n");
    for (int i = 0; i < s->about.n; i++)
        sb_strbuf_appendf(b, "- %s\n", s->about.v[i]);
    sb_strbuf_appendf(b, "\n");
}

static int write_md(const sb_compare *c, const char *out_dir, sb_error *err)
{
    const sb_compare_options *o = &c->opt;
    sb_strbuf b = {0};
    char now[32];
    sb_utc_iso(now, sizeof now);
    sb_strbuf_appendf(&b, "# sparsebench compare\n\nMade %s. Every case is in compare.csv.\n\n", now);
    side_md(&b, &c->base, o->base_device);
    side_md(&b, &c->new_, o->new_device);
    sb_strbuf_appendf(&b, "## Summary\n\n%d cases: ", c->n_cases);
    for (int v = 0; v < SB_VERDICT_COUNT; v++)
        sb_strbuf_appendf(&b, "%s%d %s", v ? ", " : "", sb_compare_count(c, (sb_verdict)v),
                          sb_verdict_name((sb_verdict)v));
    sb_strbuf_appendf(&b, ". Regressions (slower or broken): %d.\n\n", sb_compare_regressions(c));
    sb_strbuf_appendf(&b,
        "**How a verdict is reached.** A case is matched by %s, matrix, model layer, pattern "
        "and block, M×K, sparsity, N, kernel and precision; rows of one case on one side (a "
        "side of several runs) are pooled. ratio = median of NEW's counted runs / median of "
        "BASE's (above 1: NEW is slower). The interval is a %.0f%% percentile bootstrap of that "
        "ratio (%d resamples of each side's raw runs from results.jsonl, with replacement; seed "
        "%llu mixed with the case; with several rows of a case on a side, the rows are drawn "
        "first, then each one's runs, so the interval spans how much the runs of sparsebench "
        "differ), p the two-sided Mann-Whitney U test of the two sets of runs. Runs of one "
        "session share the machine's state: one run a side cannot show run-to-run noise, give "
        "each side two or more. With the threshold "
        "t = %.3g%%: **slower** when the whole interval is above %.4f (1 + t) and p < %.3g; "
        "**faster** when it is below %.4f (1/(1 + t)) and p < %.3g; **same** when it lies "
        "inside [%.4f, %.4f]; **noise** otherwise (it straddles a threshold). Without raw runs "
        "on a side there is no interval: same inside the band, noise outside. **broken**: ok in "
        "BASE, wrong or failed in NEW; **fixed**: the reverse. `--fail-on-regression` exits with "
        "status 3 when any case is slower or broken.\n\n",
        c->across_devices ? "(across devices, each side's selected device)" : "device (stable id)",
        100 * o->confidence, o->resamples, (unsigned long long)o->seed, 100 * o->threshold,
        1 + o->threshold, o->alpha, 1 / (1 + o->threshold), o->alpha, 1 / (1 + o->threshold),
        1 + o->threshold);
    static const sb_verdict bad[] = {SB_VERDICT_BROKEN, SB_VERDICT_SLOWER};
    static const sb_verdict good[] = {SB_VERDICT_FIXED, SB_VERDICT_FASTER};
    static const sb_verdict rest[] = {SB_VERDICT_NOISE, SB_VERDICT_SAME, SB_VERDICT_NOT_COMPARED};
    static const sb_verdict only[] = {SB_VERDICT_BASE_ONLY, SB_VERDICT_NEW_ONLY};
    table(&b, c, bad, 2, "Regressions");
    table(&b, c, good, 2, "Improvements");
    table(&b, c, rest, 3, "Noise, same, not compared");
    table(&b, c, only, 2, "Unmatched (only on one side)");
    sb_strbuf_appendf(&b, "## Warnings\n\n");
    if (c->warnings.n == 0)
        sb_strbuf_appendf(&b, "None.\n");
    for (int i = 0; i < c->warnings.n; i++)
        sb_strbuf_appendf(&b, "- %s\n", c->warnings.v[i]);
    char *path = sb_path_join(out_dir, "compare.md");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}

static void csv_num(sb_strbuf *b, double v)
{
    if (isfinite(v))
        sb_strbuf_appendf(b, ",%.9g", v);
    else
        sb_strbuf_appendf(b, ",");
}

static void csv_text(sb_strbuf *b, const char *s)
{
    sb_strbuf_appendf(b, ",");
    sb_csv_append_cell(b, s ? s : "");
}

static int write_csv(const sb_compare *c, const char *out_dir, sb_error *err)
{
    sb_strbuf b = {0};
    sb_strbuf_appendf(&b, "verdict,base_device,new_device,matrix,model,layer,pattern,block,M,K,"
                          "sparsity,N,kernel,precision,ratio,ci_low,ci_high,p_value,base_status,"
                          "new_status,base_runs,new_runs,base_median_ms,new_median_ms,base_cv,"
                          "new_cv,base_timing_warning,new_timing_warning,note\n");
    for (int i = 0; i < c->n_cases; i++) {
        const sb_compare_case *k = &c->cases[i];
        sb_csv_append_cell(&b, sb_verdict_name(k->verdict));
        const char *texts[] = {k->base_device, k->new_device, k->matrix, k->model, k->layer,
                               k->pattern, k->block};
        for (int t = 0; t < 7; t++)
            csv_text(&b, texts[t]);
        sb_strbuf_appendf(&b, ",%d,%d", k->M, k->K);
        csv_num(&b, k->sparsity);
        sb_strbuf_appendf(&b, ",%d", k->N);
        csv_text(&b, k->kernel);
        csv_text(&b, k->precision);
        const double nums[] = {k->ratio, k->ci_low, k->ci_high, k->p_value};
        for (int t = 0; t < 4; t++)
            csv_num(&b, nums[t]);
        csv_text(&b, k->base_status);
        csv_text(&b, k->new_status);
        sb_strbuf_appendf(&b, ",%d,%d", k->base_runs, k->new_runs);
        const double more[] = {k->base_median_ms, k->new_median_ms, k->base_cv, k->new_cv};
        for (int t = 0; t < 4; t++)
            csv_num(&b, more[t]);
        csv_text(&b, k->base_warning);
        csv_text(&b, k->new_warning);
        csv_text(&b, k->note);
        sb_strbuf_appendf(&b, "\n");
    }
    char *path = sb_path_join(out_dir, "compare.csv");
    int rc = rp_write_text(path, b.s, b.len, err);
    free(path);
    sb_strbuf_free(&b);
    return rc;
}

int sb_compare_write(const sb_compare *c, const char *out_dir, sb_error *err)
{
    return write_csv(c, out_dir, err) || write_md(c, out_dir, err) ? -1 : 0;
}
