/* The plan: which kernel runs which case on which device, decided in one place for `run`, `tune`,
 * `build` and the kernel tester (src/plan/). */
#ifndef SB_PLAN_H
#define SB_PLAN_H

#include <stddef.h>
#include "sb_spec.h"

struct sb_device;

/* 1 if kernel k can run on dev; else 0 and why (CLBlast where the device's profile disables it or
 * the device has no online compiler): such a case is `skipped` with that reason. */
int sb_plan_kernel_runs_on(const sb_kernel_spec *k, const struct sb_device *dev, char *why,
                           size_t why_len);
/* The kernel a config's name runs as on dev: its single-work-item variant where the device's
 * profile says task_kernels (FPGAs), else itself. */
const sb_kernel_spec *sb_plan_kernel_as_run(const sb_kernel_spec *k, const struct sb_device *dev);
/* The dense baseline on dev: the preferred one (CLBlast) where it runs, else the next. */
const sb_kernel_spec *sb_plan_baseline(const struct sb_device *dev);

#endif
