/* Every kernel the runner can pick by name. Add a kernel: write its host file, list it here and in
 * compat.c. */
#include <stdio.h>
#include <string.h>
#include "sb_kernel.h"
#include "sb_profile.h"

extern const sb_kernel sb_kernel_csr;
extern const sb_kernel sb_kernel_csr_balanced;
extern const sb_kernel sb_kernel_csr_spmv;
extern const sb_kernel sb_kernel_bsr;
extern const sb_kernel sb_kernel_nm;
extern const sb_kernel sb_kernel_dense;
extern const sb_kernel sb_kernel_clblast;
extern const sb_kernel sb_kernel_csr_task;
extern const sb_kernel sb_kernel_bsr_task;
extern const sb_kernel sb_kernel_nm_task;

static const sb_kernel *const registry[] = {
    &sb_kernel_csr,
    &sb_kernel_csr_balanced,
    &sb_kernel_csr_spmv,
    &sb_kernel_bsr,
    &sb_kernel_nm,
    &sb_kernel_dense,
    &sb_kernel_clblast,
    &sb_kernel_csr_task,
    &sb_kernel_bsr_task,
    &sb_kernel_nm_task,
    NULL,
};

const sb_kernel *const *sb_kernel_all(void)
{
    return registry;
}

const sb_kernel *sb_kernel_find(const char *name)
{
    for (int i = 0; registry[i]; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

const sb_kernel *sb_kernel_for_device(const char *name, const sb_cl_env *env)
{
    const sb_profile *p = env && env->dev ? env->dev->profile : NULL;
    if (p && p->task_kernels &&
        (strcmp(name, "csr") == 0 || strcmp(name, "bsr") == 0 || strcmp(name, "nm") == 0)) {
        char task[32];
        snprintf(task, sizeof task, "%s_task", name);
        return sb_kernel_find(task);
    }
    return sb_kernel_find(name);
}
