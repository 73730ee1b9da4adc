/* One side of `sparsebench compare`: a result directory, or a folder of them (the shards of a
 * study, as tools/slurm lays them out: DIR/TYPE/shard-I-of-N; folders moved aside as
 * *.partial-* are not results). Its runs are loaded and merged by the report's own loader, which
 * also checks that a sharded study has every shard once. */
#include "compare_internal.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push_dir(cmp_side *s, char *owned)
{
    s->run_dirs = sb_realloc(s->run_dirs, sizeof *s->run_dirs * (size_t)(s->n_run_dirs + 1));
    s->run_dirs[s->n_run_dirs++] = owned;
}

static int is_run_dir(const char *dir)
{
    char *csv = sb_path_join(dir, "results.csv");
    int yes = sb_file_exists(csv);
    free(csv);
    return yes;
}

/* Result directories below dir, depth first, at most `depth` levels down. */
static void find_runs(cmp_side *s, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && !strstr(e->d_name, ".partial-")) {
            names = sb_realloc(names, sizeof *names * (size_t)(n + 1));
            names[n++] = sb_strdup(e->d_name);
        }
    closedir(d);
    if (n > 1) /* an empty folder has no names: qsort's base may not be NULL */
        qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char *sub = sb_path_join(dir, names[i]);
        if (sb_is_dir(sub) && is_run_dir(sub))
            push_dir(s, sub);
        else {
            if (sb_is_dir(sub) && depth > 1)
                find_runs(s, sub, depth - 1);
            free(sub);
        }
        free(names[i]);
    }
    free(names);
}

static const cJSON *item(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *text(const cJSON *o, const char *key)
{
    const cJSON *v = item(o, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "?";
}

/* "1.52" from a load array, "?" when absent. */
static void load_text(const cJSON *arr, char *buf, size_t n, double *first)
{
    const cJSON *v = cJSON_IsArray(arr) ? cJSON_GetArrayItem(arr, 0) : NULL;
    *first = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (cJSON_IsNumber(v))
        snprintf(buf, n, "%.2f", v->valuedouble);
    else
        snprintf(buf, n, "?");
}

/* One line about a run for compare.md, from its run.json; notes a busy host. */
static void describe(cmp_side *s, const char *dir, rp_strings *warnings)
{
    char *path = sb_path_join(dir, "run.json");
    sb_error err;
    char *json = sb_file_exists(path) ? sb_read_file(path, NULL, &err) : NULL;
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    if (!cJSON_IsObject(root)) {
        rp_strings_push(&s->about, sb_asprintf("`%s`: no readable run.json", dir));
    } else {
        const cJSON *tool = item(root, "tool"), *sys = item(root, "system");
        const cJSON *load = item(sys, "load_average"), *cpus = item(sys, "cpus_online");
        char start[32], end[32], ncpu[16] = "?";
        double l0, l1;
        load_text(item(load, "start"), start, sizeof start, &l0);
        load_text(item(load, "end"), end, sizeof end, &l1);
        if (cJSON_IsNumber(cpus))
            snprintf(ncpu, sizeof ncpu, "%d", (int)cpus->valuedouble);
        rp_strings_push(&s->about, sb_asprintf(
            "`%s`: host %s, config %s, sparsebench %s %s, started %s, %s; CPU %s (%s CPUs, "
            "governor %s); load average (1 min) %s at the start, %s at the end", dir,
            text(root, "host"), text(item(root, "config"), "name"), text(tool, "version"),
            text(tool, "commit"), text(root, "started"), text(root, "state"),
            text(sys, "cpu_model"), ncpu, text(sys, "cpu_governor"), start, end));
        if (cJSON_IsNumber(cpus) && (l0 > cpus->valuedouble || l1 > cpus->valuedouble)) {
            s->busy = 1;
            rp_warn(warnings, "%s ran on a busy host: load average %s at the start and %s at the "
                    "end on %d CPUs (%s); its times are noisier than a quiet run's", s->name,
                    start, end, (int)cpus->valuedouble, dir);
        }
    }
    cJSON_Delete(root);
    free(json);
    free(path);
}

int cmp_side_load(cmp_side *s, const char *name, const char *dir, rp_strings *warnings,
                  sb_error *err)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->dir = sb_strdup(dir);
    if (!sb_is_dir(dir))
        return sb_fail(err, "%s (%s): no such directory", dir, name);
    if (is_run_dir(dir))
        push_dir(s, sb_strdup(dir));
    else
        find_runs(s, dir, 3);
    if (s->n_run_dirs == 0)
        return sb_fail(err, "%s (%s): no results.csv in it or in its sub-folders (give a "
                       "`sparsebench run` result directory, or a folder of them such as a "
                       "study's shards)", dir, name);
    if (sb_report_load(&s->report, (const char *const *)s->run_dirs, s->n_run_dirs, err) != 0)
        return -1;
    for (int i = 0; i < s->n_run_dirs; i++)
        describe(s, s->run_dirs[i], warnings);
    for (int i = 0; i < sb_report_n_warnings(s->report); i++)
        rp_warn(warnings, "%s: %s", name, sb_report_warning(s->report, i));
    for (int i = 0; i < sb_report_n_shard_notes(s->report); i++)
        rp_warn(warnings, "%s: shards: %s", name, sb_report_shard_note(s->report, i));
    return 0;
}

void cmp_side_free(cmp_side *s)
{
    free(s->dir);
    for (int i = 0; i < s->n_run_dirs; i++)
        free(s->run_dirs[i]);
    free(s->run_dirs);
    sb_report_free(s->report);
    rp_strings_free(&s->about);
    memset(s, 0, sizeof *s);
}
