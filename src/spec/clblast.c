/* The CLBlast kernels the baseline's routines use (SGEMM: Xgemm or XgemmDirect, with Copy, Pad,
 * Transpose and Padtranspose around the indirect one, GemmRoutine choosing between them; SGEMV:
 * Xgemv, XgemvFast, XgemvFastRot), each with the parameter names its database has (CLBlast 1.5:
 * src/database/kernels/). CLBlastOverrideParameters needs all of a kernel's parameters. */
#include "sb_clblast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KERNEL(n, ...)                                                                             \
    {n, {__VA_ARGS__}, sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)}

static const sb_clblast_kernel xgemm = KERNEL("Xgemm", "GEMMK", "KREG", "KWG", "KWI", "MDIMA",
                                              "MDIMC", "MWG", "NDIMB", "NDIMC", "NWG", "SA", "SB",
                                              "STRM", "STRN", "VWM", "VWN");
static const sb_clblast_kernel xgemm_direct =
    KERNEL("XgemmDirect", "KWID", "MDIMAD", "MDIMCD", "NDIMBD", "NDIMCD", "PADA", "PADB", "VWMD",
           "VWND", "WGD");
static const sb_clblast_kernel copy = KERNEL("Copy", "COPY_DIMX", "COPY_DIMY", "COPY_VW",
                                             "COPY_WPT");
static const sb_clblast_kernel pad = KERNEL("Pad", "PAD_DIMX", "PAD_DIMY", "PAD_WPTX", "PAD_WPTY");
static const sb_clblast_kernel transpose = KERNEL("Transpose", "TRA_DIM", "TRA_PAD", "TRA_SHUFFLE",
                                                  "TRA_WPT");
static const sb_clblast_kernel padtranspose = KERNEL("Padtranspose", "PADTRA_PAD", "PADTRA_TILE",
                                                     "PADTRA_WPT");
static const sb_clblast_kernel gemm_routine = KERNEL("GemmRoutine", "XGEMM_MIN_INDIRECT_SIZE");
static const sb_clblast_kernel xgemv = KERNEL("Xgemv", "WGS1", "WPT1");
static const sb_clblast_kernel xgemv_fast = KERNEL("XgemvFast", "VW2", "WGS2", "WPT2");
static const sb_clblast_kernel xgemv_fast_rot = KERNEL("XgemvFastRot", "VW3", "WGS3", "WPT3");

static const sb_clblast_kernel *const kernels[] = {
    &xgemm, &xgemm_direct, &copy, &pad, &transpose, &padtranspose, &gemm_routine,
    &xgemv, &xgemv_fast, &xgemv_fast_rot, NULL,
};

const sb_clblast_kernel *const *sb_clblast_kernels(void)
{
    return kernels;
}

const sb_clblast_kernel *sb_clblast_kernel_find(const char *name)
{
    for (int i = 0; name && kernels[i]; i++)
        if (strcmp(kernels[i]->name, name) == 0)
            return kernels[i];
    return NULL;
}

static int has(const char *const *names, int n, const char *want)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], want) == 0)
            return 1;
    return 0;
}

const sb_clblast_kernel *sb_clblast_kernel_of_params(const char *const *names, int n)
{
    for (int i = 0; kernels[i]; i++) {
        const sb_clblast_kernel *k = kernels[i];
        int all = k->n_params == n;
        for (int p = 0; all && p < k->n_params; p++)
            all = has(names, n, k->params[p]);
        if (all)
            return k;
    }
    return NULL;
}

const sb_clblast_entry *sb_clblast_tuning_find(const sb_clblast_tuning *t, const char *kernel)
{
    for (int i = 0; t && i < t->count; i++)
        if (strcmp(t->items[i].kernel, kernel) == 0)
            return &t->items[i];
    return NULL;
}

void sb_clblast_tuning_set(sb_clblast_tuning *t, const sb_clblast_entry *e)
{
    sb_clblast_entry *slot = (sb_clblast_entry *)sb_clblast_tuning_find(t, e->kernel);
    if (!slot) {
        t->items = sb_realloc(t->items, sizeof *t->items * (size_t)(t->count + 1));
        slot = &t->items[t->count++];
    }
    *slot = *e;
}

void sb_clblast_tuning_free(sb_clblast_tuning *t)
{
    free(t->items);
    memset(t, 0, sizeof *t);
}

int sb_clblast_entry_check(const sb_clblast_entry *e, const char *where, sb_error *err)
{
    const sb_clblast_kernel *k = sb_clblast_kernel_find(e->kernel);
    if (!k)
        return sb_fail(err, "%s: '%s' is not a CLBlast kernel the baseline uses", where,
                       e->kernel);
    for (int p = 0; p < k->n_params; p++) {
        int found = 0;
        for (int i = 0; i < e->n; i++)
            found += strcmp(e->names[i], k->params[p]) == 0;
        if (found != 1)
            return sb_fail(err, "%s: %s.%s %s", where, k->name, k->params[p],
                           found ? "is given twice" : "is missing (CLBlast needs every parameter "
                                                      "of a kernel)");
    }
    if (e->n != k->n_params)
        return sb_fail(err, "%s: %s has %d parameters, not %d", where, k->name, k->n_params, e->n);
    for (int i = 0; i < e->n; i++)
        if (e->values[i] < 0 || e->values[i] >= 2147483648L)
            return sb_fail(err, "%s: %s.%s = %ld is out of range", where, k->name, e->names[i],
                           e->values[i]);
    return 0;
}
