/* xoshiro256** (Blackman & Vigna), seeded through splitmix64: fast, portable, reproducible. */
#include "sb_rng.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void sb_rng_seed(sb_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sb_rng_next(sb_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sb_rng_uniform(sb_rng *r)
{
    return (double)(sb_rng_next(r) >> 11) * 0x1.0p-53;
}

float sb_rng_weight(sb_rng *r)
{
    double u = sb_rng_uniform(r);             /* [0,1) */
    double mag = 0.01 + 0.99 * sb_rng_uniform(r);
    return (float)(u < 0.5 ? -mag : mag);
}

uint64_t sb_seed_mix(uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t x = seed ^ (a * 0xD1B54A32D192ED03ULL) ^ (b * 0x8CB92BA72F3D8DD7ULL);
    return splitmix64(&x);
}
