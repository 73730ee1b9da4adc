/* The roofline bound of a case: the least time the device's measured peaks allow. */
#ifndef SB_ROOFLINE_H
#define SB_ROOFLINE_H

#include <stdint.h>
#include "sb_peak.h"

/* Bytes the case must move at the least: A in its format (format_bytes), B read once
   (K*N*elem_bytes), C written once (M*N*elem_bytes); elem_bytes 4 for floats, 2 for halves. */
double sb_min_bytes(int64_t format_bytes, int M, int K, int N, int elem_bytes);

/* Roofline bound in ms: max(flops / peak_flops, bytes / bandwidth), flops = 2*nnz*N
   (useful work: what the kernel must do). NAN when peak is NULL or either of its rates is not a
   positive finite number (no bound is better than a wrong one). */
double sb_roofline_bound_ms(double flops, double bytes, const sb_peak *peak);

#endif
