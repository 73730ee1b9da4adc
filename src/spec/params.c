/* Kernel parameters (see sb_spec.h): checking values against the catalogue's tables, resolving
 * the layers (defaults, profile, tuning database, --param) into one set of values, and the -D
 * and variant strings generated from them. */
#include "sb_spec.h"
#include "sb_sink.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number, all of the text (no spaces, no fraction), within long long. */
static int parse_whole(const char *s, long long *out)
{
    if (!s || !*s)
        return 0;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno == ERANGE || end == s || *end != '\0' || s[0] == ' ' || s[0] == '\t' || s[0] == '+')
        return 0;
    *out = v;
    return 1;
}

static int is_pow2(long long v)
{
    return v > 0 && (v & (v - 1)) == 0;
}

static void list_tunables(const sb_kernel_spec *k, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int i = 0; i < k->n_params; i++) {
        if (k->params[i].role == SB_PARAM_DERIVED)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", len ? ", " : "", k->params[i].name);
    }
}

/* Checks value for parameter p of family k; 1 ok, else 0 and why. */
static int check_value(const sb_kernel_spec *k, const sb_param_spec *p, const char *value,
                       int *out, char *why, size_t why_len)
{
    long long v;
    if (p->role == SB_PARAM_DERIVED) {
        snprintf(why, why_len, "%s.%s is set from the matrix, not a tunable (tunables of %s: ",
                 k->program, p->name, k->program);
        size_t len = strlen(why);
        list_tunables(k, why + len, why_len - len);
        len = strlen(why);
        snprintf(why + len, why_len - len, ")");
        return 0;
    }
    if (!parse_whole(value, &v)) {
        snprintf(why, why_len, "%s.%s = '%s' is not a whole number (valid: %d..%d)", k->program,
                 p->name, value ? value : "", p->min, p->max);
        return 0;
    }
    int auto_ok = (p->rules & SB_RULE_AUTO) && v == 0;
    if (!auto_ok && (v < p->min || v > p->max)) {
        snprintf(why, why_len, "%s.%s = %s is out of range: it must be within %d..%d%s", k->program,
                 p->name, value, p->min, p->max, (p->rules & SB_RULE_AUTO) ? " (or 0: automatic)" : "");
        return 0;
    }
    if (!auto_ok && (p->rules & SB_RULE_POW2) && !is_pow2(v)) {
        snprintf(why, why_len, "%s.%s = %s must be a power of two within %d..%d", k->program,
                 p->name, value, p->min, p->max);
        return 0;
    }
    if (out)
        *out = (int)v;
    return 1;
}

/* Splits "family.NAME"; 1 and the kernel and parameter, else 0 and why. */
static int find_key(const char *key, const sb_kernel_spec **k, const sb_param_spec **p, char *why,
                    size_t why_len)
{
    const char *dot = key ? strchr(key, '.') : NULL;
    if (!dot || dot == key || !dot[1]) {
        snprintf(why, why_len, "tunable '%s' must be written FAMILY.NAME (e.g. csr_spmm.VEC)",
                 key ? key : "");
        return 0;
    }
    char family[64];
    snprintf(family, sizeof family, "%.*s", (int)(dot - key < 63 ? dot - key : 63), key);
    *k = sb_spec_family(family);
    if (!*k) {
        int off = snprintf(why, why_len, "unknown kernel family '%s' in tunable '%s' (families:",
                           family, key);
        for (const sb_kernel_spec *const *c = sb_spec_kernels(); *c && off > 0 && (size_t)off < why_len; c++)
            if ((*c)->program && (*c)->n_params > 0)
                off += snprintf(why + off, why_len - (size_t)off, " %s", (*c)->program);
        if (off > 0 && (size_t)off < why_len)
            snprintf(why + off, why_len - (size_t)off, ")");
        return 0;
    }
    int i = sb_spec_param_index(*k, dot + 1);
    if (i < 0) {
        char names[256];
        list_tunables(*k, names, sizeof names);
        snprintf(why, why_len, "unknown tunable '%s': %s has %s", key, family,
                 names[0] ? names : "none");
        return 0;
    }
    *p = &(*k)->params[i];
    return 1;
}

int sb_spec_check_param(const char *key, const char *value, char *why, size_t why_len)
{
    const sb_kernel_spec *k;
    const sb_param_spec *p;
    return find_key(key, &k, &p, why, why_len) && check_value(k, p, value, NULL, why, why_len);
}

int sb_spec_check_params(const sb_params *p, const char *where, sb_error *err)
{
    for (int i = 0; p && i < p->count; i++) {
        char why[512];
        if (!sb_spec_check_param(p->items[i].key, p->items[i].value, why, sizeof why))
            return sb_fail(err, "%s: %s", where, why);
    }
    return 0;
}

void sb_kparams_defaults(const sb_kernel_spec *k, sb_kparams *out)
{
    memset(out, 0, sizeof *out);
    out->kernel = k;
    for (int i = 0; i < k->n_params; i++)
        out->v[i] = k->params[i].role == SB_PARAM_DERIVED ? 0 : k->params[i].def;
}

int sb_kparams_resolve(const sb_kernel_spec *k, const sb_params *const *layers, int n_layers,
                       sb_kparams *out, sb_error *err)
{
    sb_kparams_defaults(k, out);
    size_t flen = k->program ? strlen(k->program) : 0;
    for (int l = 0; l < n_layers; l++) {
        const sb_params *layer = layers[l];
        for (int j = 0; layer && j < layer->count; j++) {
            const char *key = layer->items[j].key;
            if (!flen || strncmp(key, k->program, flen) != 0 || key[flen] != '.')
                continue;
            int i = sb_spec_param_index(k, key + flen + 1);
            char why[512];
            if (i < 0)
                return sb_fail(err, "unknown tunable '%s'", key);
            if (!check_value(k, &k->params[i], layer->items[j].value, &out->v[i], why, sizeof why))
                return sb_fail(err, "%s", why);
        }
    }
    char why[512];
    if (k->valid && !k->valid(out->v, why, sizeof why))
        return sb_fail(err, "%s", why);
    return 0;
}

static int index_or_die(const sb_kparams *p, const char *name)
{
    int i = sb_spec_param_index(p->kernel, name);
    if (i < 0) {
        sb_fatal("internal error: kernel '%s' has no parameter '%s' in its table "
                 "(src/spec/kernels.c)", p->kernel ? p->kernel->name : "?", name);
    }
    return i;
}

int sb_kp(const sb_kparams *p, const char *name)
{
    return p->v[index_or_die(p, name)];
}

void sb_kp_set(sb_kparams *p, const char *name, int value)
{
    p->v[index_or_die(p, name)] = value;
}

void sb_kparams_defines(const sb_kparams *p, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < p->kernel->n_params && len < n; i++) {
        if (p->kernel->params[i].role == SB_PARAM_HOST)
            continue;
        len += (size_t)snprintf(buf + len, n - len, "%s-D%s=%d", len ? " " : "",
                                p->kernel->params[i].name, p->v[i]);
    }
    if (p->precision == SB_PRECISION_FP16 && len < n)
        snprintf(buf + len, n - len, "%s-DSB_HALF=1", len ? " " : "");
}

void sb_kparams_variant(const sb_kparams *p, const char *extra, char *buf, size_t n)
{
    const sb_kernel_spec *k = p->kernel;
    size_t len = (size_t)snprintf(buf, n, "%s", k->entry ? k->entry : k->name);
    for (int i = 0; i < k->n_params && len < n; i++)
        if (k->params[i].role != SB_PARAM_HOST)
            len += (size_t)snprintf(buf + len, n - len, " %s=%d", k->params[i].name, p->v[i]);
    if (extra && *extra && len < n)
        len += (size_t)snprintf(buf + len, n - len, " %s", extra);
    if (k->note && len < n)
        snprintf(buf + len, n - len, " %s", k->note);
}

int sb_kparams_shrink_wg(sb_kparams *p, char *note, size_t note_len)
{
    const sb_kernel_spec *k = p->kernel;
    int best = -1;
    for (int i = 0; i < 4 && k->wg[i]; i++) {
        int idx = sb_spec_param_index(k, k->wg[i]);
        if (idx < 0)
            continue;
        const sb_param_spec *s = &k->params[idx];
        int v = p->v[idx];
        /* LANES 0 means "the kernel chooses" (SB_RULE_AUTO): nothing to halve */
        if (v < 2 || v / 2 < s->min || (v / 2 == 0 && !(s->rules & SB_RULE_AUTO)))
            continue;
        if (best < 0 || v > p->v[best])
            best = idx;
    }
    if (best < 0)
        return 0;
    int old = p->v[best];
    p->v[best] = old / 2;
    char why[256];
    if (k->valid && !k->valid(p->v, why, sizeof why)) {
        p->v[best] = old;
        return 0;
    }
    size_t len = strlen(note);
    snprintf(note + len, note_len - len, "%s%s %d->%d", len ? ", " : "", k->params[best].name, old,
             old / 2);
    return 1;
}
