/* Shards of a study (run --shard I/N, see sb_shard.h): which runs are pieces of one study, and
 * whether every piece is there exactly once. What run.json records decides it: the shard's I/N,
 * the plan's fingerprint (same config and filters), the units it ran and whether it finished.
 * A study is (config name, plan fingerprint, N) on one device, a device being its name and
 * platform: the same device on two nodes is one study (a job array over identical nodes); the
 * same CPU under PoCL and under Intel's runtime are two. */
#include "report_internal.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rp_shard_load(rp_shard_meta *s, const struct cJSON *obj, const char *path,
                   rp_strings *warnings)
{
    memset(s, 0, sizeof *s);
    if (!obj)
        return;
    const cJSON *index = cJSON_GetObjectItemCaseSensitive(obj, "index");
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(obj, "count");
    const cJSON *plan = cJSON_GetObjectItemCaseSensitive(obj, "plan");
    const cJSON *units = cJSON_GetObjectItemCaseSensitive(obj, "units");
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(obj, "unit_keys");
    if (!cJSON_IsNumber(index) || !cJSON_IsNumber(count) || !cJSON_IsString(plan) ||
        count->valueint < 1 || index->valueint < 1 || index->valueint > count->valueint) {
        rp_warn(warnings, "%s: field 'shard' is not {index, count, plan} with 1 <= index <= "
                "count: the run is not checked as a shard", path);
        return;
    }
    s->index = index->valueint;
    s->count = count->valueint;
    s->plan = sb_strdup(plan->valuestring);
    s->units = cJSON_IsNumber(units) ? units->valueint : -1;
    s->n_unit_keys = -1;
    if (cJSON_IsArray(keys)) {
        s->n_unit_keys = 0;
        s->unit_keys = sb_calloc((size_t)cJSON_GetArraySize(keys) + 1, sizeof *s->unit_keys);
        const cJSON *k;
        cJSON_ArrayForEach(k, keys)
        {
            if (cJSON_IsString(k))
                s->unit_keys[s->n_unit_keys++] = sb_strdup(k->valuestring);
        }
    }
}

void rp_shard_free(rp_shard_meta *s)
{
    free(s->plan);
    for (int i = 0; i < s->n_unit_keys; i++)
        free(s->unit_keys[i]);
    free(s->unit_keys);
    memset(s, 0, sizeof *s);
}

static int same_study(const rp_run *a, const rp_run *b)
{
    return a->shard.count == b->shard.count && strcmp(a->shard.plan, b->shard.plan) == 0 &&
           strcmp(a->config_name ? a->config_name : "", b->config_name ? b->config_name : "") == 0;
}

/* A device as the shard check tells them apart: name and platform (rows and run.json agree on
 * both; the report's label adds the driver only where it must). */
typedef struct dev_id {
    const char *name, *platform;
} dev_id;

static int row_on(const rp_row *w, dev_id d)
{
    return strcmp(w->device_name, d.name) == 0 && strcmp(w->platform, d.platform) == 0;
}

static int meta_on(const rp_device_meta *m, dev_id d)
{
    return m->name && strcmp(m->name, d.name) == 0 &&
           strcmp(m->platform ? m->platform : "", d.platform) == 0;
}

static int run_has_device(const sb_report *r, int k, dev_id dev)
{
    const rp_run *run = &r->runs[k];
    for (int d = 0; d < run->n_devices; d++)
        if (meta_on(&run->devices[d], dev))
            return 1;
    for (int i = 0; i < r->n_rows; i++)
        if (r->rows[i].run == k && row_on(&r->rows[i], dev))
            return 1;
    return 0;
}

/* The report's label of the device (its rows'), else "name (platform)". malloc'd. */
static char *device_label(const sb_report *r, dev_id dev)
{
    for (int i = 0; i < r->n_rows; i++)
        if (row_on(&r->rows[i], dev))
            return sb_strdup(r->rows[i].device);
    return dev.platform[0] ? sb_asprintf("%s (%s)", dev.name, dev.platform) : sb_strdup(dev.name);
}

/* A case's identity across runs: everything that makes it a distinct measurement. */
static char *case_id(const sb_report *r, const rp_row *w)
{
    const rp_run *run = &r->runs[w->run];
    int m = sb_csv_col(&run->results, "model"), l = sb_csv_col(&run->results, "layer");
    int t = sb_csv_col(&run->results, "target_sparsity");
    return sb_asprintf("%s|%s|%s|%s|%s|%s|%s|%d|%d|%d|%s", w->device, w->matrix,
                       m >= 0 ? run->results.cells[w->src][m] : "",
                       l >= 0 ? run->results.cells[w->src][l] : "", w->kernel, w->pattern,
                       w->block, w->M, w->K, w->N, t >= 0 ? run->results.cells[w->src][t] : "");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Cases of one device measured by more than one run of the study (overlapping shards). */
static int duplicate_cases(const sb_report *r, const int *member, dev_id device, char **example)
{
    char **ids = sb_calloc((size_t)r->n_rows + 1, sizeof *ids);
    int n = 0, dup = 0;
    for (int i = 0; i < r->n_rows; i++)
        if (member[r->rows[i].run] && row_on(&r->rows[i], device))
            ids[n++] = case_id(r, &r->rows[i]);
    qsort(ids, (size_t)n, sizeof *ids, cmp_str);
    for (int i = 1; i < n; i++)
        if (strcmp(ids[i], ids[i - 1]) == 0 && dup++ == 0)
            *example = sb_strdup(ids[i]);
    for (int i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    return dup;
}

/* One study on one device: the note, and warnings for what is missing or twice. */
static void check_study(sb_report *r, int first, dev_id dev, int *member)
{
    const rp_run *f = &r->runs[first];
    const int count = f->shard.count;
    int *seen = sb_calloc((size_t)count + 1, sizeof *seen);
    memset(member, 0, sizeof *member * (size_t)r->n_runs);
    int units_seen = 0, unfinished = 0;
    sb_strbuf problems = {0};
    for (int k = 0; k < r->n_runs; k++) {
        const rp_run *run = &r->runs[k];
        if (!run->shard.count || !same_study(f, run) || !run_has_device(r, k, dev))
            continue;
        member[k] = 1;
        if (seen[run->shard.index]++ == 0)
            units_seen += run->shard.n_unit_keys > 0 ? run->shard.n_unit_keys : 0;
        if (!run->finished) {
            unfinished++;
            sb_strbuf_appendf(&problems, "%sshard %d/%d (run %s) did not finish: rerun it",
                              problems.len ? "; " : "", run->shard.index, count, run->name);
        }
    }
    int missing = 0, twice = 0;
    for (int i = 1; i <= count; i++) {
        if (seen[i] == 0) {
            missing++;
            sb_strbuf_appendf(&problems, "%sshard %d/%d is missing", problems.len ? "; " : "", i,
                              count);
        } else if (seen[i] > 1) {
            twice++;
            sb_strbuf_appendf(&problems, "%sshard %d/%d is there %d times (runs", problems.len ? "; " : "",
                              i, count, seen[i]);
            for (int k = 0; k < r->n_runs; k++)
                if (member[k] && r->runs[k].shard.index == i)
                    sb_strbuf_appendf(&problems, " %s", r->runs[k].name);
            sb_strbuf_appendf(&problems, "): its cases are averaged");
        }
    }
    char *example = NULL;
    int dup = duplicate_cases(r, member, dev, &example);
    char *device = device_label(r, dev);
    if (dup && !twice)
        sb_strbuf_appendf(&problems, "%s%d case(s) measured by more than one shard (e.g. %s): "
                          "the shards do not split one plan", problems.len ? "; " : "", dup, example);
    const char *config = f->config_name ? f->config_name : "?";
    char units[64] = "";
    if (f->shard.units >= 0)
        snprintf(units, sizeof units, ", %d of %d units", units_seen, f->shard.units);
    if (!missing && !twice && !unfinished && !(dup && !twice)) {
        rp_strings_push(&r->shard_notes, sb_asprintf("study '%s' (plan %s) on %s: all %d shards, "
                        "each once%s", config, f->shard.plan, device, count, units));
    } else {
        r->shards_incomplete = 1;
        rp_strings_push(&r->shard_notes, sb_asprintf("study '%s' (plan %s) on %s: %s%s", config,
                        f->shard.plan, device, problems.s, units));
        rp_warn(&r->warnings, "study '%s' on %s, %d shards: %s (rerun a missing shard with "
                "`sparsebench run CONFIG --shard I/%d` on a node with this device)", config,
                device, count, problems.s, count);
    }
    free(example);
    free(device);
    sb_strbuf_free(&problems);
    free(seen);
}

void rp_check_shards(sb_report *r)
{
    int *member = sb_calloc((size_t)r->n_runs + 1, sizeof *member);
    /* study ids: a shard takes the id of the first run of its study; other runs their own */
    for (int k = 0; k < r->n_runs; k++) {
        r->runs[k].study = k;
        for (int j = 0; j < k && r->runs[k].shard.count; j++)
            if (r->runs[j].shard.count && same_study(&r->runs[j], &r->runs[k])) {
                r->runs[k].study = r->runs[j].study;
                break;
            }
    }
    for (int k = 0; k < r->n_runs; k++) {
        if (!r->runs[k].shard.count || r->runs[k].study != k)
            continue;
        /* every device any run of the study has, once */
        dev_id *devs = NULL;
        int n_devs = 0;
        for (int j = k; j < r->n_runs; j++) {
            if (r->runs[j].study != k)
                continue;
            int n_meta = r->runs[j].n_devices;
            for (int d = 0; d < n_meta + r->n_rows; d++) {
                dev_id id;
                if (d < n_meta) {
                    const rp_device_meta *m = &r->runs[j].devices[d];
                    if (!m->name)
                        continue;
                    id = (dev_id){m->name, m->platform ? m->platform : ""};
                } else {
                    const rp_row *w = &r->rows[d - n_meta];
                    if (w->run != j)
                        continue;
                    id = (dev_id){w->device_name, w->platform};
                }
                int seen = 0;
                for (int e = 0; e < n_devs && !seen; e++)
                    seen = strcmp(devs[e].name, id.name) == 0 && strcmp(devs[e].platform, id.platform) == 0;
                if (!seen) {
                    devs = sb_realloc(devs, sizeof *devs * (size_t)(n_devs + 1));
                    devs[n_devs++] = id;
                }
            }
        }
        for (int d = 0; d < n_devs; d++)
            check_study(r, k, devs[d], member);
        free(devs);
    }
    /* shards of one config from different plans: not one study, and not comparable shards */
    for (int k = 0; k < r->n_runs; k++)
        for (int j = 0; j < k; j++) {
            const rp_run *a = &r->runs[j], *b = &r->runs[k];
            if (a->shard.count && b->shard.count && a->study != b->study && a->config_name &&
                b->config_name && strcmp(a->config_name, b->config_name) == 0 &&
                a->study == j)
                rp_warn(&r->warnings, "shards of config '%s' come from different plans (%d shards "
                        "of plan %s in run %s, %d of plan %s in run %s): the config, its filters "
                        "or the shard count differ, so they are checked as separate studies",
                        a->config_name, a->shard.count, a->shard.plan, a->name, b->shard.count,
                        b->shard.plan, b->name);
        }
    free(member);
}

void rp_write_shards_md(sb_strbuf *b, const sb_report *r)
{
    if (r->shard_notes.n == 0)
        return;
    sb_strbuf_appendf(b, "## Shards\n\n"
        "Runs made with `run --shard I/N` are pieces of one study: same config name, plan "
        "fingerprint (config and filters) and N, on one device. Each study needs every shard "
        "1..N exactly once, finished; run.json of each shard says which it is.\n\n");
    for (int i = 0; i < r->shard_notes.n; i++)
        sb_strbuf_appendf(b, "- %s\n", r->shard_notes.v[i]);
    sb_strbuf_appendf(b, "\n");
}
