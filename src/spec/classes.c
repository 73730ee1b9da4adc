/* Tuning classes of a case (see sb_spec.h): the key the tuning database stores winners under. */
#include "sb_spec.h"

#include <stdio.h>
#include <string.h>

void sb_tuning_class(const char *kernel, const sb_case_shape *c, char *buf, size_t n)
{
    const int N = c->N;
    const char *bucket = N <= 1 ? "N1" : N <= 16 ? "N2-16" : N <= 64 ? "N17-64"
                       : N <= 256 ? "N65-256" : N <= 1024 ? "N257-1024" : "N1025+";
    double elements = (double)c->M * c->K;
    const char *size = elements <= 262144 ? "S" : elements <= 4194304 ? "M" : "L";
    const char *density = c->sparsity < 0.75 ? "s<75" : c->sparsity < 0.92 ? "s75-92" : "s92+";
    char block[32] = "";
    const sb_kernel_spec *k = sb_spec_kernel(kernel);
    if (k && k->format == SB_FORMAT_BSR && c->pattern->kind != SB_PATTERN_BLOCK)
        snprintf(block, sizeof block, "%dx%d ", c->bsr_br, c->bsr_bc);
    else if (k && (k->format == SB_FORMAT_BSR || k->format == SB_FORMAT_NM)) {
        sb_pattern_label(c->pattern, block, sizeof block - 1);
        strcat(block, " ");
    }
    snprintf(buf, n, "%s%s %s %s", block, size, density, bucket);
}
