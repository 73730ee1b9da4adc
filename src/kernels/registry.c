/* The implementation of every catalogue kernel (src/spec/kernels.c says what each one is).
 * Add a kernel: its catalogue entry, its host file, and one line here. */
#include <string.h>
#include "sb_kernel.h"

extern const sb_kernel sb_kernel_csr;
extern const sb_kernel sb_kernel_csr_balanced;
extern const sb_kernel sb_kernel_csr_tile;
extern const sb_kernel sb_kernel_csr_auto;
extern const sb_kernel sb_kernel_csr_spmv;
extern const sb_kernel sb_kernel_bsr;
extern const sb_kernel sb_kernel_nm;
extern const sb_kernel sb_kernel_nm_tile;
extern const sb_kernel sb_kernel_dense;
extern const sb_kernel sb_kernel_clblast;
extern const sb_kernel sb_kernel_csr_task;
extern const sb_kernel sb_kernel_bsr_task;
extern const sb_kernel sb_kernel_nm_task;
extern const sb_kernel sb_kernel_tc_dense;
extern const sb_kernel sb_kernel_tc_bsr;
extern const sb_kernel sb_kernel_tc_nm;

static const sb_kernel *const implementations[] = {
    &sb_kernel_csr,      &sb_kernel_csr_balanced, &sb_kernel_csr_tile, &sb_kernel_csr_auto,
    &sb_kernel_csr_spmv, &sb_kernel_bsr,          &sb_kernel_nm,       &sb_kernel_nm_tile,
    &sb_kernel_dense,    &sb_kernel_clblast,      &sb_kernel_csr_task, &sb_kernel_bsr_task,
    &sb_kernel_nm_task,  &sb_kernel_tc_dense,     &sb_kernel_tc_bsr,   &sb_kernel_tc_nm,
    NULL,
};

const sb_kernel *const *sb_kernel_all(void)
{
    return implementations;
}

const sb_kernel *sb_kernel_find(const char *name)
{
    for (int i = 0; name && implementations[i]; i++)
        if (strcmp(implementations[i]->name, name) == 0)
            return implementations[i];
    return NULL;
}
