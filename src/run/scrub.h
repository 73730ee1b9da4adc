/* Cold caches (`cache: cold`, sb_config.h): before every timed run, outside the timed interval,
 * the device reads a scrub buffer at least four times its last-level cache (and 128 MiB: some
 * drivers report only a first-level cache), which evicts the operands of the case: A in its
 * format, B and C are all read from memory by the run that follows. The scrub works the same for
 * every kernel, CLBlast's included. */
#ifndef SB_RUN_SCRUB_H
#define SB_RUN_SCRUB_H

#include "sb_cl.h"

typedef struct sb_scrub {
    cl_mem buf, out;
    cl_kernel kernel;       /* scrub_read (cl_kernels/scrub.cl); NULL: a buffer copy instead */
    cl_mem copy_dst;        /* the copy's destination when there is no kernel */
    size_t bytes;           /* read per scrub */
    size_t reported_cache;  /* CL_DEVICE_GLOBAL_MEM_CACHE_SIZE */
    size_t items;           /* work-items of one scrub */
    unsigned per_item;      /* float4 each reads */
    char how[160];          /* "read 128 MiB (4x the 32 MiB cache the device reports)" */
} sb_scrub;

/* Sizes and allocates the scrub buffer on env's device and builds its kernel. */
int sb_scrub_open(sb_scrub *s, sb_cl_env *env, sb_error *err);
/* Enqueues one scrub and waits for it (never inside a timed interval). */
int sb_scrub_run(const sb_scrub *s, sb_cl_env *env, sb_error *err);
/* Enqueues one scrub without waiting (inside a batch of scrubs and runs). */
int sb_scrub_enqueue(const sb_scrub *s, sb_cl_env *env, sb_error *err);
void sb_scrub_close(sb_scrub *s);

#endif
