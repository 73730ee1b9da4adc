/* The tensor-core capability probe (sb_tc.h): its data (inputs with exact products), the check,
 * and running it on a device. */
#include "sb_tc.h"

#include "sb_cl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sb_half.h"
#include "sb_rng.h"

/* Multiples of 1/8 in [-2, 2): exact in fp16 and tf32; sums of 32 products stay exact in fp32. */
static float small_value(sb_rng *r)
{
    return (float)((int)(sb_rng_uniform(r) * 32.0) - 16) / 8.0f;
}

static uint16_t half_at(const uint32_t *w, int i)
{
    return (uint16_t)(w[i / 2] >> (16 * (i % 2)));
}

static void put_half(uint32_t *w, int i, float x)
{
    w[i / 2] |= (uint32_t)sb_float_to_half(x) << (16 * (i % 2));
}

static float word_float(uint32_t u)
{
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

void sb_tc_probe_input(uint32_t *in, uint64_t seed)
{
    sb_rng r;
    sb_rng_seed(&r, seed);
    memset(in, 0, SB_TC_PROBE_IN_WORDS * sizeof *in);
    for (int i = 0; i < 256; i++) /* A 16x16 */
        put_half(in, i, small_value(&r));
    for (int i = 0; i < 128; i++) /* B 16x8 */
        put_half(in + 128, i, small_value(&r));
    /* A 16x32 with two non-zeros in each chunk of 4, at random positions, through the packer */
    sb_dense d;
    sb_dense_alloc(&d, 16, 32);
    for (int row = 0; row < 16; row++)
        for (int c = 0; c < 8; c++) {
            int p0 = (int)(sb_rng_uniform(&r) * 4), p1 = (int)(sb_rng_uniform(&r) * 3);
            p1 += p1 >= p0;
            float v0 = small_value(&r), v1 = small_value(&r);
            d.v[row * 32 + 4 * c + p0] = v0 != 0.0f ? v0 : 0.5f;
            d.v[row * 32 + 4 * c + p1] = v1 != 0.0f ? v1 : -0.5f;
        }
    sb_nm nm;
    sb_tc_nm t;
    sb_error err;
    if (sb_nm_from_dense(&nm, &d, 2, 4, &err) == 0) {
        if (sb_tc_nm_pack(&nm, 1, &t, &err) == 0) {
            memcpy(in + 192, t.val, 256 * sizeof(uint16_t));
            memcpy(in + 320, t.meta, 16 * sizeof(uint32_t));
            sb_tc_nm_free(&t);
        }
        sb_nm_free(&nm);
    }
    sb_dense_free(&d);
    for (int i = 0; i < 256; i++) /* B 32x8 */
        put_half(in + 336, i, small_value(&r));
    for (int i = 0; i < 128 + 64; i++) { /* tf32 A 16x8, B 8x8 */
        float x = small_value(&r);
        memcpy(&in[464 + i], &x, sizeof x);
    }
}

/* Largest |got - want| over a 16x8 result. */
static double max_diff(const float *got, const double *want)
{
    double m = 0;
    for (int i = 0; i < 128; i++) {
        double e = fabs((double)got[i] - want[i]);
        if (!(e <= m)) /* NaN too */
            m = isnan(e) ? INFINITY : e;
    }
    return m;
}

int sb_tc_probe_check(const uint32_t *in, const float *out, char *why, size_t why_len)
{
    double want[3][128];
    for (int row = 0; row < 16; row++)
        for (int n = 0; n < 8; n++) {
            double s = 0, sp = 0, tf = 0;
            for (int k = 0; k < 16; k++)
                s += (double)sb_half_to_float(half_at(in, row * 16 + k)) *
                     sb_half_to_float(half_at(in + 128, k * 8 + n));
            for (int c = 0; c < 8; c++) { /* decode the metadata as sb_tc_nm documents it */
                const uint32_t w = in[320 + 2 * (row % 8) + c / 4];
                const uint32_t nib = (w >> (16 * (row / 8) + 4 * (c % 4))) & 0xfu;
                const int p[2] = {(int)(nib & 3u), (int)(nib >> 2)};
                for (int h = 0; h < 2; h++)
                    sp += (double)sb_half_to_float(half_at(in + 192, row * 16 + 2 * c + h)) *
                          sb_half_to_float(half_at(in + 336, (4 * c + p[h]) * 8 + n));
            }
            for (int k = 0; k < 8; k++)
                tf += (double)word_float(in[464 + row * 8 + k]) * word_float(in[592 + k * 8 + n]);
            want[0][row * 8 + n] = s;
            want[1][row * 8 + n] = sp;
            want[2][row * 8 + n] = tf;
        }
    static const char *names[3] = {"mma.sync f16 (ldmatrix, ldmatrix.trans)",
                                   "mma.sp f16 2:4 (metadata)", "mma.sync tf32"};
    int bad = 0;
    size_t used = 0;
    why[0] = '\0';
    for (int i = 0; i < 3; i++) {
        double d = max_diff(out + 128 * i, want[i]);
        if (d > 1e-6) {
            used += (size_t)snprintf(why + used, used < why_len ? why_len - used : 0,
                                     "%s%s differs by up to %g", bad ? "; " : "", names[i], d);
            bad++;
        }
    }
    if (out[384] != 1.0f) {
        snprintf(why + used, used < why_len ? why_len - used : 0,
                 "%scp.async with source size 0 did not write zeros", bad ? "; " : "");
        bad++;
    }
    return bad ? -1 : 0;
}

int sb_tc_probe_run(struct sb_cl_env *env, int emulate, char *why, size_t why_len)
{
    sb_error err;
    cl_program prog;
    cl_kernel k = NULL;
    cl_mem in_buf = NULL, out_buf = NULL;
    uint32_t in[SB_TC_PROBE_IN_WORDS];
    float out[SB_TC_PROBE_OUT_FLOATS];
    sb_tc_probe_input(in, 0x7c);
    int ok = 0;
    if (sb_cl_program(env, "tc_probe.cl", emulate ? "-DSB_MMA_EMULATE=1" : "", &prog, NULL, &err) ||
        sb_cl_kernel(env, prog, "tc_probe", &k, &err) ||
        sb_cl_buffer(env, CL_MEM_READ_ONLY, sizeof in, in, &in_buf, &err) ||
        sb_cl_buffer(env, CL_MEM_WRITE_ONLY, sizeof out, NULL, &out_buf, &err) ||
        sb_cl_args(env, k, "tc_probe", &err, 2, sizeof(cl_mem), &in_buf, sizeof(cl_mem), &out_buf)) {
        snprintf(why, why_len, "the tensor-core probe did not build or start: %.400s", err.msg);
        goto done;
    }
    size_t g = 32;
    cl_event ev = NULL;
    if (sb_cl_launch(env, k, "tc_probe", 1, &g, &g, &ev, &err) ||
        sb_cl_read(env, out_buf, sizeof out, out, &err)) {
        snprintf(why, why_len, "the tensor-core probe did not run: %.400s", err.msg);
    } else if (sb_tc_probe_check(in, out, why, why_len) == 0) {
        ok = 1;
    }
    if (ev)
        clReleaseEvent(ev);
done:
    if (k)
        clReleaseKernel(k);
    if (in_buf)
        clReleaseMemObject(in_buf);
    if (out_buf)
        clReleaseMemObject(out_buf);
    return ok;
}
