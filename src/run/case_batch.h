/* One batch of back-to-back runs of a prepared kernel, the unit of case_measure.c's batch timing
 * (step 5 there). */
#ifndef SB_CASE_BATCH_H
#define SB_CASE_BATCH_H

#include <signal.h>
#include "scrub.h"
#include "sb_kernel.h"
#include "sb_results.h"

/* One batch of R runs: poison C, then R enqueues (each after a scrub when cold) and one clFinish,
 * timed; then the guards. scrub_only: the scrubs alone (R of them), nothing poisoned or checked.
 * span (may be NULL): a gated batch instead, for the device's time per run by the batch's first
 * and last events (event_span; NaN where a run returned no event; the only events the batch
 * asks of the kernel, none of its middle runs, as a profiled event per run slowed NVIDIA's
 * OpenCL between back-to-back kernels): the queue waits behind a
 * barrier on a user event until all R runs are enqueued, so the device runs them back to back
 * without waiting for the host, as the cuSPARSE anchor queues its calls behind a GPU sleep (its
 * host time is then no batch time). */
/* The guards around C after a run or a batch (sb_operand_check_guards), into the row: 0 when
 * intact; else -1 and the row says why: `wrong` with "WHEN: what changed" where one changed,
 * `failed` where they could not be read. */
int sb_row_guards(sb_operand *op, sb_cl_env *env, const char *when, sb_row *row, sb_error *err);

int sb_batch_once(const sb_kernel *k, void *state, sb_cl_env *env, sb_operand *op,
                  const sb_scrub *scrub, int R, int scrub_only, double *ms, double *span,
                  sb_row *row, const volatile sig_atomic_t *stop, sb_error *err);

#endif
