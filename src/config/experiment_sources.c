/* Where a matrix or layer comes from (see experiment_internal.h): synthetic with M and K, or a
 * file (.smtx, .mtx, .npy) resolved against the data directory, whose shape is read from its
 * header now, so a missing or malformed file is reported before anything runs. */
#define _DEFAULT_SOURCE
#include "experiment_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_matrix_io.h"

void ex_entry_free(entry *e)
{
    free(e->name);
    free(e->path);
    memset(e, 0, sizeof *e);
}

/* Joins a config path to the data directory and checks it exists (a file or, want_dir, a
 * directory). Errors point at node and name the full path looked for. */
int ex_resolve_path(loader *L, const yt_node *node, const char *rel, int want_dir, char **out)
{
    const char *kind = want_dir ? "directory" : "file";
    char *full;
    if (rel[0] == '/') {
        full = sb_strdup(rel);
    } else {
        if (!L->data_dir)
            return yt_fail(&L->doc, node, L->err,
                           "data %s '%s' is relative to the data directory, and none is set: " DATA_DIR_HINT,
                           kind, rel);
        full = sb_path_join(L->data_dir, rel);
    }
    if (want_dir ? sb_is_dir(full) : sb_file_exists(full)) {
        *out = full;
        return 0;
    }
    if (rel[0] == '/')
        yt_fail(&L->doc, node, L->err, "data %s not found: %s", kind, full);
    else
        yt_fail(&L->doc, node, L->err, "data %s not found: %s (data directory '%s'); " DATA_DIR_HINT,
                kind, full, L->data_dir);
    free(full);
    return -1;
}

const char *ex_path_suffix(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot : "";
}

static int source_from_suffix(const char *path, sb_source_kind *out)
{
    const char *suf = ex_path_suffix(path);
    if (strcmp(suf, ".smtx") == 0)
        *out = SB_SOURCE_DLMC;
    else if (strcmp(suf, ".mtx") == 0)
        *out = SB_SOURCE_MTX;
    else if (strcmp(suf, ".npy") == 0)
        *out = SB_SOURCE_NPY;
    else
        return -1;
    return 0;
}

/* The file's name without directory and suffix. */
char *ex_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    const char *dot = strrchr(b, '.');
    return dot && dot != b ? sb_strndup(b, (size_t)(dot - b)) : sb_strdup(b);
}

int ex_read_file_shape(loader *L, entry *e)
{
    /* the readers' own header code (sb_matrix_io.h), so this check and the load agree */
    int rc;
    switch (e->source) {
    case SB_SOURCE_DLMC: rc = sb_smtx_read_shape(e->path, &e->M, &e->K, L->err); break;
    case SB_SOURCE_MTX: rc = sb_mtx_read_shape(e->path, &e->M, &e->K, L->err); break;
    case SB_SOURCE_NPY: rc = sb_npy_read_shape(e->path, &e->M, &e->K, L->err); break;
    default: rc = sb_fail(L->err, "%s: a synthetic matrix has no file", e->path); break;
    }
    if (rc != 0) {
        /* the reader says "path:line: ..."; say where the config asked for it too */
        return sb_fail_prefix(L->err, "%s:%d:%d: ", L->doc.path, e->path_node->line,
                              e->path_node->col);
    }
    return 0;
}

/* source, path, M and K of a matrix or an explicit layer; files get their shape from the header. */
int ex_parse_source(loader *L, const yt_node *map, const char *what, entry *e)
{
    const yt_doc *doc = &L->doc;
    const yt_node *src = yt_get(map, "source");
    const yt_node *path = yt_get(map, "path");
    const char *rel = NULL;
    if (path && yt_expect_string(doc, path, "path", &rel, L->err) != 0)
        return -1;
    if (src) {
        const char *s;
        if (yt_expect_string(doc, src, "source", &s, L->err) != 0)
            return -1;
        int found = 0;
        for (int k = SB_SOURCE_SYNTHETIC; k <= SB_SOURCE_NPY; k++)
            if (strcmp(s, sb_source_name((sb_source_kind)k)) == 0) {
                e->source = (sb_source_kind)k;
                found = 1;
            }
        if (!found)
            return yt_fail(doc, src, L->err, "'source' must be synthetic, dlmc, mtx or npy, got '%s'", s);
    } else if (rel) {
        if (source_from_suffix(rel, &e->source) != 0)
            return yt_fail(doc, path, L->err,
                           "cannot tell the source of '%s' from its suffix (.smtx, .mtx, .npy): "
                           "add 'source: dlmc', 'source: mtx' or 'source: npy'", rel);
    } else {
        e->source = SB_SOURCE_SYNTHETIC;
    }

    const yt_node *M = yt_get(map, "M"), *K = yt_get(map, "K");
    if (e->source == SB_SOURCE_SYNTHETIC) {
        if (path)
            return yt_fail(doc, yt_get_key(map, "path"), L->err,
                           "'path' is not allowed for a synthetic %s (give 'source: dlmc', 'mtx' or "
                           "'npy' to read a file)", what);
        const yt_node *n;
        if (yt_require(doc, map, "M", what, &n, L->err) != 0 || ex_parse_int_min(L, n, "M", 1, &e->M) != 0)
            return -1;
        if (yt_require(doc, map, "K", what, &n, L->err) != 0 || ex_parse_int_min(L, n, "K", 1, &e->K) != 0)
            return -1;
        return 0;
    }
    if (!path)
        return yt_fail(doc, map, L->err, "%s with source %s is missing required key 'path'", what,
                       sb_source_name(e->source));
    if (M || K)
        return yt_fail(doc, yt_get_key(map, M ? "M" : "K"), L->err,
                       "'%s' is not allowed for source %s: it is read from the file", M ? "M" : "K",
                       sb_source_name(e->source));
    e->path_node = path;
    if (ex_resolve_path(L, path, rel, 0, &e->path) != 0)
        return -1;
    return ex_read_file_shape(L, e);
}
