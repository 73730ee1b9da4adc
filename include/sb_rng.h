/* Seeded, portable random numbers: the same seed gives the same matrices on every machine. */
#ifndef SB_RNG_H
#define SB_RNG_H

#include <stdint.h>

typedef struct sb_rng {
    uint64_t s[4];
} sb_rng;

/* xoshiro256** seeded through splitmix64. */
void sb_rng_seed(sb_rng *r, uint64_t seed);
uint64_t sb_rng_next(sb_rng *r);
/* Uniform in [0, 1). */
double sb_rng_uniform(sb_rng *r);
/* A weight-like value: uniform in [-1, -0.01] U [0.01, 1], never zero. */
float sb_rng_weight(sb_rng *r);
/* Derives an independent seed for a sub-stream (e.g. matrix i, operand B). */
uint64_t sb_seed_mix(uint64_t seed, uint64_t a, uint64_t b);

#endif
