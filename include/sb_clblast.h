/* CLBlast, the library of the dense baseline, as the suite tunes and runs it.
 *
 * CLBlast keeps one parameter set per kernel in a database keyed by device; a device it has never
 * seen gets a default that can be far from what the device can do. Its own tuners (Debian's
 * clblast-utils: clblast_tuner_xgemm, ..._xgemm_direct, ..._copy_fast, ..._copy_pad,
 * ..._transpose_fast, ..._transpose_pad, ..._xgemv and clblast_tuner_routine_xgemm) search them
 * on a device; `sparsebench tune` runs them (src/tune/clblast_tune.c) and stores the best values in
 * the device's tuning database (sb_tuning.h, section "clblast"); `run` hands them to CLBlast with
 * CLBlastOverrideParameters before the first baseline case (sb_clblast_apply), and the baseline
 * rows' variant says which parameters ran. */
#ifndef SB_CLBLAST_H
#define SB_CLBLAST_H

#include "sb_util.h"

#define SB_CLBLAST_MAX_PARAMS 16

/* One CLBlast kernel as its database names it: every parameter CLBlastOverrideParameters needs. */
typedef struct sb_clblast_kernel {
    const char *name;                           /* "Xgemm" */
    const char *params[SB_CLBLAST_MAX_PARAMS];  /* "GEMMK", "KREG", ... */
    int n_params;
} sb_clblast_kernel;

/* The kernels the SGEMM and SGEMV routines use, NULL-terminated (src/spec/clblast.c). */
const sb_clblast_kernel *const *sb_clblast_kernels(void);
const sb_clblast_kernel *sb_clblast_kernel_find(const char *name);
/* The kernel whose parameters are exactly the given names (a tuner's output names its parameters,
 * which tells which kernel it tuned), or NULL. */
const sb_clblast_kernel *sb_clblast_kernel_of_params(const char *const *names, int n);

/* The package that ships the tuners, named in the message when one is missing. */
#define SB_CLBLAST_TUNERS_PACKAGE "clblast-utils"

/* One kernel's tuned values, as stored. */
typedef struct sb_clblast_entry {
    char kernel[32];                               /* sb_clblast_kernel.name */
    char names[SB_CLBLAST_MAX_PARAMS][24];         /* in the kernel's order */
    long values[SB_CLBLAST_MAX_PARAMS];
    int n;
    double best_ms;     /* the tuner's time for them (at `shape`) */
    char tuner[48];     /* the tuner that found them */
    char shape[64];     /* "m=1024 n=256 k=512": the size it tuned at */
    int configs;        /* configurations it measured */
    int complete;       /* 0: cut short (budget, interrupt): the best of those measured */
} sb_clblast_entry;

/* The "clblast" section of a device's tuning database. */
typedef struct sb_clblast_tuning {
    char tuned[32];     /* when (UTC, ISO 8601); "" when never tuned */
    sb_clblast_entry *items;
    int count;
} sb_clblast_tuning;

/* Sets (replaces) the entry of e->kernel. */
void sb_clblast_tuning_set(sb_clblast_tuning *t, const sb_clblast_entry *e);
const sb_clblast_entry *sb_clblast_tuning_find(const sb_clblast_tuning *t, const char *kernel);
void sb_clblast_tuning_free(sb_clblast_tuning *t);
/* Checks an entry against its kernel's parameter list: every parameter present once, each value
 * in [0, 2^31). 0, or -1 with a message naming the entry (where) and the parameter. */
int sb_clblast_entry_check(const sb_clblast_entry *e, const char *where, sb_error *err);

/* Hands every entry of t to CLBlast for device `id` (CLBlastOverrideParameters, single
 * precision). Must run before CLBlast first runs on the device in this process (its programs are
 * cached with the parameters they were built with). Writes what now runs into applied ("" when
 * none: CLBlast's own database; else "tuned on this device DATE: Xgemm Copy ..."); an entry
 * CLBlast refuses is left out and named in warn (may be "" ). Returns the number applied. */
struct _cl_device_id;
int sb_clblast_apply(struct _cl_device_id *id, const sb_clblast_tuning *t, char *applied,
                     size_t applied_len, char *warn, size_t warn_len);

#endif
