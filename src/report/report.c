/* The merged report: load every run, merge, compute the tables, write the files. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int sb_report_load(sb_report **out, const char *const *dirs, int n_dirs, sb_error *err)
{
    *out = NULL;
    if (n_dirs <= 0)
        return sb_fail(err, "no result directory given");
    /* one directory given twice (a glob and a name, dir and dir/) would count every row twice */
    for (int k = 1; k < n_dirs; k++) {
        struct stat a, b;
        for (int j = 0; j < k; j++)
            if (stat(dirs[j], &a) == 0 && stat(dirs[k], &b) == 0 && a.st_dev == b.st_dev &&
                a.st_ino == b.st_ino)
                return sb_fail(err, "%s and %s are one result directory: give each run once",
                               dirs[j], dirs[k]);
    }
    sb_report *r = sb_calloc(1, sizeof *r);
    r->runs = sb_calloc((size_t)n_dirs, sizeof *r->runs);
    for (int k = 0; k < n_dirs; k++) {
        r->n_runs = k + 1; /* so sb_report_free releases a half-loaded run too */
        if (rp_run_load(&r->runs[k], dirs[k], &r->warnings, err) != 0) {
            sb_report_free(r);
            return -1;
        }
    }
    if (rp_merge(r, err) != 0) {
        sb_report_free(r);
        return -1;
    }
    rp_build_series(r);
    rp_crossover_intervals(r);
    rp_build_phi(r);
    *out = r;
    return 0;
}

void sb_report_free(sb_report *r)
{
    if (!r)
        return;
    for (int k = 0; k < r->n_runs; k++)
        rp_run_free(&r->runs[k]);
    free(r->runs);
    for (int k = 0; k < r->n_series; k++)
        free(r->series[k].points);
    free(r->series);
    for (int k = 0; k < r->n_phis; k++) {
        free(r->phis[k].eff);
        free(r->phis[k].why);
    }
    free(r->phis);
    free(r->rows);
    rp_strings_free(&r->cols);
    rp_strings_free(&r->model_cols);
    rp_strings_free(&r->devices);
    rp_strings_free(&r->device_names);
    rp_strings_free(&r->device_platforms);
    rp_strings_free(&r->device_drivers);
    rp_strings_free(&r->warnings);
    rp_strings_free(&r->shard_notes);
    free(r);
}

int sb_report_n_warnings(const sb_report *r)
{
    return r->warnings.n;
}

const char *sb_report_warning(const sb_report *r, int i)
{
    return i >= 0 && i < r->warnings.n ? r->warnings.v[i] : NULL;
}

int sb_report_n_shard_notes(const sb_report *r)
{
    return r->shard_notes.n;
}

const char *sb_report_shard_note(const sb_report *r, int i)
{
    return i >= 0 && i < r->shard_notes.n ? r->shard_notes.v[i] : NULL;
}

int sb_report_shards_complete(const sb_report *r)
{
    return !r->shards_incomplete;
}

int sb_report_n_devices(const sb_report *r)
{
    return r->devices.n;
}

const char *sb_report_device(const sb_report *r, int i)
{
    return i >= 0 && i < r->devices.n ? r->devices.v[i] : NULL;
}

int sb_report_write(const sb_report *r, const char *out_dir, sb_report_options *opt,
                    sb_error *err)
{
    if (rp_write_merged(r, out_dir, err) != 0 || rp_write_crossovers(r, out_dir, err) != 0)
        return -1;
    rp_strings plots = {0};
    opt->plots_skipped[0] = '\0';
    rp_run_plots(r, out_dir, opt, &plots, opt->plots_skipped, sizeof opt->plots_skipped);
    opt->n_plots = plots.n;
    int rc = rp_write_markdown(r, out_dir, &plots, opt->plots_skipped, err);
    rp_strings_free(&plots);
    return rc;
}
