/* fp16 and tf32 rounding on the host (sb_half.h), the tensor-core 2:4 packing (sb_tc.h) and the
 * capability probe's check. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sb_half.h"
#include "sb_matrix.h"
#include "sb_rng.h"
#include "sb_tc.h"

static uint32_t bits_of(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static void test_half_known_values(void **state)
{
    (void)state;
    assert_int_equal(sb_float_to_half(1.0f), 0x3c00);
    assert_int_equal(sb_float_to_half(-2.0f), 0xc000);
    assert_int_equal(sb_float_to_half(0.0f), 0x0000);
    assert_int_equal(sb_float_to_half(-0.0f), 0x8000);
    assert_int_equal(sb_float_to_half(65504.0f), 0x7bff);   /* largest finite */
    assert_int_equal(sb_float_to_half(65519.0f), 0x7bff);   /* below the midpoint */
    assert_int_equal(sb_float_to_half(65520.0f), 0x7c00);   /* midpoint: to even = 2^16 = inf */
    assert_int_equal(sb_float_to_half(1.0f / 3.0f), 0x3555);
    assert_int_equal(sb_float_to_half(0.1f), 0x2e66);
    assert_int_equal(sb_float_to_half(ldexpf(1, -24)), 0x0001); /* smallest subnormal */
    assert_int_equal(sb_float_to_half(ldexpf(1, -25)), 0x0000); /* tie: to even (0) */
    assert_int_equal(sb_float_to_half(ldexpf(3, -25)), 0x0002); /* tie: to even (2) */
    assert_int_equal(sb_float_to_half(ldexpf(1, -14)), 0x0400); /* smallest normal */
    assert_int_equal(sb_float_to_half(1.0f + ldexpf(1, -11)), 0x3c00);     /* tie: even */
    assert_int_equal(sb_float_to_half(1.0f + ldexpf(3, -11)), 0x3c02);     /* tie: even */
    assert_int_equal(sb_float_to_half(INFINITY), 0x7c00);
    uint16_t nan = sb_float_to_half(NAN);
    assert_true((nan & 0x7c00) == 0x7c00 && (nan & 0x3ff) != 0);
    assert_true(isnan(sb_half_to_float(nan)));
    assert_true(sb_half_to_float(0x7c00) == INFINITY);
    assert_true(sb_half_to_float(0x0001) == ldexpf(1, -24));
}

/* Every finite half survives half -> float -> half; and a random float goes to one of its two
 * neighbouring halves, the nearer (ties to the even one). */
static void test_half_round_trip_and_nearest(void **state)
{
    (void)state;
    for (uint32_t h = 0; h < 0x10000; h++) {
        if ((h & 0x7c00) == 0x7c00)
            continue;
        assert_int_equal(sb_float_to_half(sb_half_to_float((uint16_t)h)), h);
    }
    sb_rng r;
    sb_rng_seed(&r, 5);
    for (int i = 0; i < 200000; i++) {
        float x = (float)((sb_rng_uniform(&r) - 0.5) * ldexp(1.0, (int)(sb_rng_uniform(&r) * 40) - 26));
        uint16_t h = sb_float_to_half(x);
        double got = sb_half_to_float(h), ex = x;
        uint16_t mag = h & 0x7fff;
        if (mag == 0x7c00)
            continue; /* overflow: not drawn at these magnitudes */
        /* the neighbours of h on either side (by magnitude) */
        double up = sb_half_to_float((uint16_t)((h & 0x8000) | (mag + 1)));
        double down = mag ? sb_half_to_float((uint16_t)((h & 0x8000) | (mag - 1))) : -got;
        assert_true(fabs(ex - got) <= fabs(ex - up));
        assert_true(fabs(ex - got) <= fabs(ex - down));
        if (fabs(ex - got) == fabs(ex - up) || (mag && fabs(ex - got) == fabs(ex - down)))
            assert_int_equal(h & 1, 0);
    }
}

static void test_tf32(void **state)
{
    (void)state;
    assert_true(sb_round_tf32(1.0f) == 1.0f);
    assert_true(sb_round_tf32(1.0f + ldexpf(1, -12)) == 1.0f);
    assert_true(sb_round_tf32(1.0f + ldexpf(1, -11)) == 1.0f + ldexpf(1, -10)); /* tie: away */
    assert_true(sb_round_tf32(-1.0f - ldexpf(1, -11)) == -1.0f - ldexpf(1, -10));
    assert_true(sb_round_tf32(1.0f + ldexpf(3, -12)) == 1.0f + ldexpf(1, -10));
    sb_rng r;
    sb_rng_seed(&r, 9);
    for (int i = 0; i < 10000; i++) {
        float x = (float)(sb_rng_uniform(&r) * 2 - 1);
        float t = sb_round_tf32(x);
        assert_int_equal(bits_of(t) & 0x1fffu, 0);
        assert_true(fabsf(t - x) <= ldexpf(fabsf(x), -11) * 1.0000001f);
    }
    assert_true(isinf(sb_round_tf32(INFINITY)));
    assert_true(isnan(sb_round_tf32(NAN)));
}

/* The packed 2:4 matrix decodes back to the original (values in fp16), every position pair is
 * increasing (valid for mma.sp), padding holds zeros. */
static void test_tc_nm_round_trip(void **state)
{
    (void)state;
    const int shapes[][2] = {{16, 32}, {17, 36}, {40, 100}, {1, 4}, {33, 64}};
    for (int s = 0; s < 5; s++) {
        const int rows = shapes[s][0], cols = shapes[s][1];
        sb_dense d;
        sb_error err;
        sb_dense_random(&d, rows, cols, 100 + s);
        sb_pattern p = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
        assert_int_equal(sb_prune(&d, &p, 0.5, &err), 0);
        if (s == 1)
            d.v[5] = 0.0f; /* a chunk with one non-zero */
        sb_nm nm;
        sb_tc_nm t;
        assert_int_equal(sb_nm_from_dense(&nm, &d, 2, 4, &err), 0);
        assert_int_equal(sb_tc_nm_pack(&nm, 1 + s % 3, &t, &err), 0);
        assert_int_equal(t.ksteps, sb_round_up((cols + 31) / 32, 1 + s % 3));
        assert_int_equal(t.mtiles, (rows + 15) / 16);
        for (int r = 0; r < t.mtiles * 16; r++)
            for (int c = 0; c < 8 * t.ksteps; c++) {
                int p0, p1;
                sb_tc_nm_positions(&t, r, c, &p0, &p1);
                assert_true(0 <= p0 && p0 < p1 && p1 <= 3);
                if (r >= rows)
                    continue;
                float rebuilt[4] = {0, 0, 0, 0};
                rebuilt[p0] = sb_half_to_float(t.val[(size_t)r * t.ksteps * 16 + 2 * c]);
                rebuilt[p1] += sb_half_to_float(t.val[(size_t)r * t.ksteps * 16 + 2 * c + 1]);
                for (int k = 0; k < 4; k++) {
                    const int col = 4 * c + k;
                    const float want = col < cols ? sb_round_half(d.v[(size_t)r * cols + col]) : 0.0f;
                    assert_true(rebuilt[k] == want);
                }
            }
        sb_tc_nm_free(&t);
        sb_nm_free(&nm);
        sb_dense_free(&d);
    }
}

/* Where the metadata bits go, by hand (tc_mma.h): chunk 4p+j of row g+8h of m-tile m, k-step s
 * is at bits 16h+4j of word (s * mtiles + m) * 16 + 2g + p. */
static void test_tc_nm_meta_layout(void **state)
{
    (void)state;
    sb_dense d;
    sb_dense_alloc(&d, 32, 64); /* 2 m-tiles, 2 k-steps */
    for (int r = 0; r < 32; r++)
        for (int c = 0; c < 16; c++) { /* positions 0 and 1 everywhere ... */
            d.v[r * 64 + 4 * c] = 1.0f;
            d.v[r * 64 + 4 * c + 1] = 1.0f;
        }
    /* ... but row 0 chunk 0: positions 1 and 3; row 8 chunk 5: 0 and 2; row 19 (m-tile 1, g 3,
     * h 0) chunk 14 (k-step 1, p 1, j 2): 2 and 3 */
    d.v[0] = 0.0f;
    d.v[3] = 1.0f;
    d.v[8 * 64 + 21] = 0.0f;
    d.v[8 * 64 + 22] = 1.0f;
    d.v[19 * 64 + 56] = d.v[19 * 64 + 57] = 0.0f;
    d.v[19 * 64 + 58] = d.v[19 * 64 + 59] = 1.0f;
    sb_nm nm;
    sb_tc_nm t;
    sb_error err;
    assert_int_equal(sb_nm_from_dense(&nm, &d, 2, 4, &err), 0);
    assert_int_equal(sb_tc_nm_pack(&nm, 1, &t, &err), 0);
    const uint32_t base = 0x44444444u; /* positions 0, 1: nibble 0b0100 */
    assert_int_equal(t.meta[0], (base & ~0xfu) | 0xdu);                    /* 1 | 3 << 2 */
    assert_int_equal(t.meta[1], (base & ~0x00f00000u) | 0x00800000u);       /* 0 | 2 << 2 at 16+4 */
    assert_int_equal(t.meta[(1 * 2 + 1) * 16 + 2 * 3 + 1], (base & ~0xf00u) | 0xe00u); /* 2 | 3<<2 */
    for (int w = 2; w < 16; w++)
        assert_int_equal(t.meta[w], base);
    sb_tc_nm_free(&t);
    sb_nm_free(&nm);
    sb_dense_free(&d);
}

static void test_probe_check_catches(void **state)
{
    (void)state;
    uint32_t in[SB_TC_PROBE_IN_WORDS];
    float out[SB_TC_PROBE_OUT_FLOATS];
    char why[512];
    sb_tc_probe_input(in, 3);
    memset(out, 0, sizeof out);
    assert_int_equal(sb_tc_probe_check(in, out, why, sizeof why), -1);
    assert_non_null(strstr(why, "mma.sp"));
    assert_non_null(strstr(why, "tf32"));
    assert_non_null(strstr(why, "cp.async"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_known_values),
        cmocka_unit_test(test_half_round_trip_and_nearest),
        cmocka_unit_test(test_tf32),
        cmocka_unit_test(test_tc_nm_round_trip),
        cmocka_unit_test(test_tc_nm_meta_layout),
        cmocka_unit_test(test_probe_check_catches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
