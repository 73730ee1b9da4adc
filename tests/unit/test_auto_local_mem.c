/* The models' fit to the device's local memory (the local_mem feature of include/sb_csr_auto.h and
 * include/sb_nm_auto.h): csr_auto's tile rules take BK 16 where BK 32 does not fit, and do not fire
 * where BK 16 does not either; nm's tile rules do not fire where nm_tile does not fit. The need is
 * computed here from the kernels' declared local arrays (cl_kernels/csr_tile.cl, nm_tile.cl), not
 * with the library's function, so a wrong formula there fails here. And csr_auto's fit to a
 * profile that says task_kernels (an FPGA): csr_task, whatever the matrix and device kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "sb_csr_auto.h"
#include "sb_nm_auto.h"

#define H200_UNITS 132
#define H200_LOCAL 49152ULL

/* csr_tile.cl at BM x BN, BK, TM x TN a work-item (no MMA): three A tiles and two B slices of
 * BK x (B? + 8) floats, two rows of counts per row of the tile, LPR = threads / BM (1..BK). */
static unsigned long long csr_tile_need(int bm, int bn, int bk, int tm, int tn)
{
    int threads = (bm / tm) * (bn / tn), lpr = threads / bm;
    lpr = lpr < 1 ? 1 : lpr > bk ? bk : lpr;
    return 4ULL * (3 * bk * (bm + 8) + 2 * bk * (bn + 8)) + 4ULL * 2 * bm * lpr;
}

/* nm_tile.cl: two A tiles and two B slices; MMA adds (128 + 64) floats a warp. */
static unsigned long long nm_tile_need(int bm, int bn, int bk, int warps)
{
    return 4ULL * (2 * bk * (bm + 8) + 2 * bk * (bn + 8)) + 4ULL * warps * (128 + 64);
}

static sb_csr_auto_choice csr_pick(int fp16, unsigned long long local_mem)
{
    /* a dense A (50%), N = 256 <= 512 and K = 4096 >= 1024: the tile rule's BK 32 on the H200 */
    sb_csr_auto_features f = {.M = 4096, .K = 4096, .N = 256, .nnz = 4096 * 2048,
                              .density = 0.5, .row_mean = 2048, .row_share = 1, .gpu = 1,
                              .fp16 = fp16, .compute_units = H200_UNITS, .local_mem = local_mem};
    sb_csr_auto_choice c;
    sb_csr_auto_choose(&f, &c);
    return c;
}

static void test_csr_tile_bk_fits(void **state)
{
    (void)state;
    /* the shape's forms: BK 32 fits the H200's 48 KB, not 32 KB; BK 16 fits 32 KB, not 16 KB */
    assert_true(csr_tile_need(64, 64, 32, 4, 4) <= H200_LOCAL);
    assert_true(csr_tile_need(64, 64, 32, 4, 4) > 32768);
    assert_true(csr_tile_need(64, 64, 16, 4, 4) <= 32768);
    assert_true(csr_tile_need(64, 64, 16, 4, 4) > 16384);
    static const unsigned long long mem[] = {0, H200_LOCAL, 2097152, 32768, 16384};
    static const int want_bk[] = {32, 32, 32, 16, 0}; /* 0: not the tile */
    for (int fp16 = 0; fp16 < 2; fp16++) {
        for (int i = 0; i < 5; i++) {
            sb_csr_auto_choice c = csr_pick(fp16, mem[i]);
            if (!want_bk[i]) {
                assert_string_not_equal(c.kernel, "csr_tile");
                continue;
            }
            assert_string_equal(c.kernel, "csr_tile");
            assert_string_equal(c.rule, fp16 ? "tile-fp16" : "tile");
            int bk = sb_auto_param(&c, "csr_tile.BK");
            assert_int_equal(bk, want_bk[i]);
            if (mem[i])
                assert_true(csr_tile_need(sb_auto_param(&c, "csr_tile.BM"),
                                          sb_auto_param(&c, "csr_tile.BN"), bk,
                                          sb_auto_param(&c, "csr_tile.TM"),
                                          sb_auto_param(&c, "csr_tile.TN")) <= mem[i]);
        }
    }
}

/* Any GPU shape the tile rule takes, at every local memory from 8 KB to 64 KB: the choice's need
 * fits it (sampled). */
static void test_csr_tile_always_fits(void **state)
{
    (void)state;
    static const int Ms[] = {200, 1024, 4096}, Ks[] = {512, 1024, 4096}, Ns[] = {64, 256, 1024};
    for (unsigned long long mem = 8192; mem <= 65536; mem += 4096)
        for (int i = 0; i < 27; i++) {
            int M = Ms[i % 3], K = Ks[i / 3 % 3], N = Ns[i / 9];
            sb_csr_auto_features f = {.M = M, .K = K, .N = N, .nnz = (int64_t)M * K / 2,
                                      .density = 0.5, .row_mean = K / 2.0, .row_share = 1,
                                      .gpu = 1, .compute_units = 8, .local_mem = mem};
            sb_csr_auto_choice c;
            sb_csr_auto_choose(&f, &c);
            if (strcmp(c.kernel, "csr_tile") != 0)
                continue;
            assert_true(csr_tile_need(64, 64, sb_auto_param(&c, "csr_tile.BK"), 4, 4) <= mem);
        }
}

static sb_nm_auto_choice nm_pick(int N, int fp32, int mma, unsigned long long local_mem)
{
    sb_nm_auto_features f = {.M = 4096, .K = 4096, .N = N, .n = 2, .m = 4, .gpu = 1,
                             .fp32 = fp32, .mma = mma, .compute_units = H200_UNITS,
                             .local_mem = local_mem};
    sb_nm_auto_choice c;
    sb_nm_auto_choose(&f, &c);
    return c;
}

static void test_nm_tile_fits(void **state)
{
    (void)state;
    const unsigned long long cuda = nm_tile_need(64, 64, 16, 0), tc = nm_tile_need(64, 64, 16, 4);
    assert_int_equal(cuda, 18432);
    assert_int_equal(tc, 21504); /* WM 2 x WN 2 warps */
    for (int fp32 = 0; fp32 < 2; fp32++) {
        /* N = 256: CUDA cores; N = 1024 on NVIDIA: tensor cores (MMA 1) */
        for (int big = 0; big < 2; big++) {
            int N = big ? 1024 : 256;
            unsigned long long need = big ? tc : cuda;
            const unsigned long long mem[] = {0, H200_LOCAL, 32768, need, need - 4};
            for (int i = 0; i < 5; i++) {
                sb_nm_auto_choice c = nm_pick(N, fp32, 1, mem[i]);
                if (i == 4) {
                    assert_string_equal(c.kernel, "nm");
                    continue;
                }
                assert_string_equal(c.kernel, "nm_tile");
                assert_int_equal(sb_auto_param(&c, "nm_tile.MMA"), big);
                assert_int_equal(sb_auto_param(&c, "nm_tile.BK"), 16);
            }
        }
    }
}

/* csr_auto's rule 0: on a task_kernels profile the kernel the plan runs for csr there, csr_task
 * with the profile's parameters, for every rule the matrix would otherwise take (a GPU's narrow,
 * tile and rows, a CPU's SpMV split and rows-shared). */
static void test_csr_task_kernels(void **state)
{
    (void)state;
    const int Ns[] = {1, 4, 256, 4096};
    for (int gpu = 0; gpu <= 1; gpu++)
        for (size_t i = 0; i < sizeof Ns / sizeof Ns[0]; i++)
            for (int share = 1; share <= 8; share *= 8) {
                sb_csr_auto_features f = {.M = 4096, .K = 4096, .N = Ns[i], .nnz = 4096 * 2048,
                                          .density = 0.5, .row_mean = 2048, .row_share = share,
                                          .gpu = gpu, .compute_units = H200_UNITS,
                                          .local_mem = H200_LOCAL};
                sb_csr_auto_choice c;
                sb_csr_auto_choose(&f, &c);
                assert_string_not_equal(c.kernel, "csr_task"); /* other rules without it */
                f.task_kernels = 1;
                sb_csr_auto_choose(&f, &c);
                assert_string_equal(c.rule, "task");
                assert_string_equal(c.kernel, "csr_task");
                assert_int_equal(c.n_params, 0);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csr_task_kernels),
        cmocka_unit_test(test_csr_tile_bk_fits),
        cmocka_unit_test(test_csr_tile_always_fits),
        cmocka_unit_test(test_nm_tile_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
