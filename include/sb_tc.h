/* Host-side layouts for the tensor-core kernels (cl_kernels/tc_*.cl): fp16 copies of the formats,
 * padded so that every 16-byte chunk a kernel copies is whole, and the 2:4 metadata in the order
 * mma.sp reads it. */
#ifndef SB_TC_H
#define SB_TC_H

#include <stddef.h>
#include <stdint.h>
#include "sb_matrix.h"

/* Rounds n up to a multiple of m. */
int sb_round_up(int n, int m);

/* out (rows x ld halves, ld >= cols) = in (rows x cols floats) in fp16, zero-padded columns. */
void sb_tc_halves_padded(const float *in, int rows, int cols, int ld, uint16_t *out);
/* The same in tf32 (floats rounded with sb_round_tf32). */
void sb_tc_tf32_padded(const float *in, int rows, int cols, int ld, float *out);

/* What the tensor-core kernels take (each fails anything else, saying so): tc_nm an n:m matrix
 * with n:m = 2:4 (mma.sp's pattern), tc_bsr square br x bc blocks of 16, 32 or 64. */
int sb_tc_nm_takes(int n, int m);
int sb_tc_bsr_takes(int br, int bc);

/* A 2:4 matrix (s->n == 2, s->m == 4) as tc_nm.cl reads it. */
typedef struct sb_tc_nm {
    int rows, cols;
    int ksteps;     /* ceil(cols / 32): k-steps of 32 columns */
    int mtiles;     /* ceil(rows / 16) */
    uint16_t *val;  /* rows x ksteps*16 halves: chunk c of a row keeps its two values in
                       increasing position at columns 2c, 2c+1; padding chunks are zeros */
    uint32_t *meta; /* ksteps x mtiles x 16 words; word (s * mtiles + m) * 16 + 2q + p is the
                       metadata register of lanes 4q + p of mma.sp.m16n8k32 for rows 16m + q and
                       16m + q + 8, chunks 8s + 4p .. 8s + 4p + 3: bits 16h + 4j .. + 3 hold chunk
                       8s + 4p + j of row 16m + q + 8h as pos0 | pos1 << 2, pos0 < pos1 */
} sb_tc_nm;

/* Fails unless s is 2:4. Chunks with fewer than two non-zeros keep explicit zeros (as sb_nm).
 * ksteps is padded up to a multiple of kstep_multiple (tc_nm.cl's KSTEPS) with zero chunks. */
int sb_tc_nm_pack(const sb_nm *s, int kstep_multiple, sb_tc_nm *out, sb_error *err);
void sb_tc_nm_free(sb_tc_nm *t);
/* Position pair of chunk c of row r, decoded back from t->meta (for tests). */
void sb_tc_nm_positions(const sb_tc_nm *t, int r, int c, int *pos0, int *pos1);

/* The blocks of b in fp16, same order and layout (b->nblocks x br x bc halves). */
uint16_t *sb_tc_bsr_halves(const sb_bsr *b);

/* The capability probe (cl_kernels/tc_probe.cl): its input words, made from seed, and the check
 * of what the kernel wrote. sb_tc_probe_check returns 0, or -1 naming the operations that differ
 * (and by how much) in why. Every expected value is exact in fp32. */
#define SB_TC_PROBE_IN_WORDS 656
#define SB_TC_PROBE_OUT_FLOATS 385
void sb_tc_probe_input(uint32_t *in, uint64_t seed);
int sb_tc_probe_check(const uint32_t *in, const float *out, char *why, size_t why_len);
/* Builds and runs the probe on env's device (emulate: with the instructions emulated). 1 when it
 * passes; 0 with why (it did not build, did not run, or computed something else). */
struct sb_cl_env;
int sb_tc_probe_run(struct sb_cl_env *env, int emulate, char *why, size_t why_len);

#endif
