/* The csr_panel kernel's shape (cl_kernels/csr_panel.cl), shared by its host file and csr_auto's
 * model. */
#ifndef SB_KERNELS_CSR_PANEL_H
#define SB_KERNELS_CSR_PANEL_H

#include <stddef.h>
#include <stdint.h>

typedef struct sb_csr_panel_cfg {
    int vec, vpt, tc, tr, rpt, bk; /* its tunables (VEC, VPT, TC, TR, RPT, BK) */
    size_t local_bytes;       /* local memory the kernel declares: two staged slices of B */
} sb_csr_panel_cfg;

/* c's values fitted to a C of M x N, one definition for the kernel and the model: VEC halved while
 * wider than N, VPT halved while half the vectors cover N, TC halved (TR doubled) while half the
 * column work-items cover N, RPT halved while half the panel's rows cover M; then the local
 * memory. */
void sb_csr_panel_fit(sb_csr_panel_cfg *c, int M, int N);
/* Work-groups of a fitted c: panels of TR x RPT rows times column tiles of TC x VEC x VPT. */
int64_t sb_csr_panel_groups(const sb_csr_panel_cfg *c, int M, int N);

#endif
