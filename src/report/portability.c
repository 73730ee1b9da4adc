/* Performance portability (Pennycook, Sewall, Lee 2016), per kernel and shape class.
 *
 *   Phi(k, c, H) = |H| / sum over i in H of 1 / e_i(k, c)   if k ran correctly on every i in H
 *                = 0                                         otherwise
 *
 * H is every device of the merged runs; k is a kernel family (a single-work-item variant counts as
 * the kernel it stands for on FPGAs: csr_task as csr, nm_task as nm, bsr_task as bsr), so a
 * report of CPUs and an FPGA compares CSR with CSR, at one precision (fp16 csr is another kernel
 * than fp32 csr); the shape class c is (M, K, N); e_i is the mean roofline
 * efficiency (bound_ms / median_ms) of the ok rows of kernel k in class c on device i. A `wrong`
 * or `failed` row of k in c on any device, or no ok row there at all, makes Phi 0. When no device
 * failed but some lack an efficiency (older runs), Phi is unknown (NaN, "n/a" in the report). */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_spec.h"

double sb_portability(const double *eff, int n)
{
    if (n <= 0)
        return 0.0;
    double inv = 0.0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(eff[i]) || eff[i] <= 0.0)
            return 0.0;
        inv += 1.0 / eff[i];
    }
    return n / inv;
}

const char *rp_kernel_family(const char *kernel)
{
    for (const sb_kernel_spec *const *k = sb_spec_kernels(); *k; k++)
        if ((*k)->task && strcmp((*k)->task, kernel) == 0)
            return (*k)->name;
    return kernel;
}

static int same_class(const rp_phi *p, const rp_row *w)
{
    return strcmp(p->kernel, rp_kernel_family(w->kernel)) == 0 &&
           strcmp(p->precision, w->precision) == 0 && p->M == w->M && p->K == w->K && p->N == w->N;
}

/* e_i of one device, or NaN with the reason. */
static double device_efficiency(const sb_report *r, const rp_phi *p, const char *device,
                                const char **why)
{
    int n_ok = 0, n_eff = 0, n_skipped = 0;
    double sum = 0.0;
    *why = NULL;
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *w = &r->rows[i];
        if (!same_class(p, w) || strcmp(w->device, device) != 0)
            continue;
        if (w->failed) {
            *why = w->status;
            return NAN;
        }
        n_skipped += !w->ok;
        if (!w->ok)
            continue;
        n_ok++;
        if (isfinite(w->efficiency)) {
            sum += w->efficiency;
            n_eff++;
        }
    }
    if (n_ok == 0) {
        *why = n_skipped ? "skipped" : "missing";
        return NAN;
    }
    if (n_eff == 0) {
        *why = "no efficiency";
        return NAN;
    }
    return sum / n_eff;
}

void rp_build_phi(sb_report *r)
{
    for (int i = 0; i < r->n_rows; i++) {
        const rp_row *w = &r->rows[i];
        int known = 0;
        for (int k = 0; k < r->n_phis && !known; k++)
            known = same_class(&r->phis[k], w);
        if (known || !*w->kernel)
            continue;
        r->phis = sb_realloc(r->phis, sizeof *r->phis * (size_t)(r->n_phis + 1));
        r->phis[r->n_phis++] = (rp_phi){.kernel = rp_kernel_family(w->kernel),
                                        .precision = w->precision, .M = w->M, .K = w->K, .N = w->N};
    }
    int n = r->devices.n;
    for (int k = 0; k < r->n_phis; k++) {
        rp_phi *p = &r->phis[k];
        p->eff = sb_malloc(sizeof *p->eff * (size_t)(n ? n : 1));
        p->why = sb_calloc((size_t)(n ? n : 1), sizeof *p->why);
        int unknown = 0, broken = 0;
        for (int d = 0; d < n; d++) {
            p->eff[d] = device_efficiency(r, p, r->devices.v[d], &p->why[d]);
            if (p->why[d] && strcmp(p->why[d], "no efficiency") == 0)
                unknown = 1;
            else if (p->why[d])
                broken = 1;
        }
        p->phi = broken ? 0.0 : unknown ? NAN : sb_portability(p->eff, n);
    }
}

int sb_report_phi(const sb_report *r, const char *kernel, const char *precision, int M, int K,
                  int N, double *phi)
{
    for (int k = 0; k < r->n_phis; k++) {
        const rp_phi *p = &r->phis[k];
        if (strcmp(p->kernel, rp_kernel_family(kernel)) == 0 &&
            strcmp(p->precision, precision) == 0 && p->M == M && p->K == K && p->N == N) {
            *phi = p->phi;
            return 0;
        }
    }
    return -1;
}
