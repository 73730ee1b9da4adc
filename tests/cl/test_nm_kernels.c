/* The N:M kernels' own forms (nm_spmm.cl's tunables SHIFT, PADB, RX and LANE, every choice of
 * nm's model, nm_tile at fp16) against the double-precision reference on an OpenCL device, through
 * the tester `sparsebench run` uses (kernel_check.h); every value checked, and where the host may
 * lower a tunable, the variant must say what ran. test_kernels.c runs every kernel on general
 * shapes and every tunable value. */
#include "kernel_check.h"
#include "sb_nm_auto.h"

/* nm_spmm's SHIFT 1 (the ragged last work-item of a row shifted back to the last VEC x VPT
 * columns, overlapping its neighbour): at each N below the row's last work-item is ragged by 1 to
 * VEC x VPT - 1 columns, or N is whole vectors (nothing shifted), or under VEC x VPT (the host
 * lowers VPT; N = 5 at VEC 16: VEC lowered to 4), at VEC 4/16, VPT 1-4, CHUNK 1/4 (the two
 * loops), KSPLIT 1/4 (the reduction), one row of A all zeros; every value checked. */
static void test_nm_shift(void **state)
{
    (void)state;
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 37, 136, 94);
    assert_int_equal(sb_prune(&A, &nm, 0.5, &err), 0);
    memset(&A.v[(size_t)5 * A.cols], 0, sizeof(float) * (size_t)A.cols);
    const char *vecs[] = {"4", "16"}, *vpts[] = {"1", "2", "3", "4"}, *chunks[] = {"1", "4"};
    const char *ksplits[] = {"1", "4"};
    const int Ns[] = {5, 17, 21, 32, 47, 70, 100};
    for (int i = 0; i < 2 * 4 * 2 * 2; i++) {
        nm_fixed_gather();
        sb_params_set(&tester.params, "nm_spmm.SHIFT", "1");
        sb_params_set(&tester.params, "nm_spmm.VEC", vecs[i % 2]);
        sb_params_set(&tester.params, "nm_spmm.VPT", vpts[i / 2 % 4]);
        sb_params_set(&tester.params, "nm_spmm.CHUNK", chunks[i / 8 % 2]);
        sb_params_set(&tester.params, "nm_spmm.KSPLIT", ksplits[i / 16]);
        sb_params_set(&tester.params, "nm_spmm.COLS", "2");
        for (int n = 0; n < 7; n++)
            check_kernel_ex("nm", &A, &nm, 4, Ns[n], 95 + n, 1);
    }
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* nm_spmm's PADB 1 (B copied first by nm_padb into rows of whole VEC x VPT vectors, zeros past N,
 * which nm_spmm then reads; the ragged vector's store the partial one): at N ragged by 1 to
 * VEC x VPT - 1 columns, whole vectors, and under VEC x VPT (the host lowers VPT, and PADB with
 * it where VPT becomes 1), at VEC 4/16, VPT 2-4, CHUNK 1/4 (the two loops), KSPLIT 1/4 (the
 * reduction), COLS 2 (a row's second work-item past N at small N), one row of A all zeros; every
 * value checked. The variant says PADB=1 where it ran (VEC 16 x VPT 2 at N = 30, 47, 70), and
 * PADB=0 where the host lowers it: SHIFT 0, fp16. */
static void test_nm_padb(void **state)
{
    (void)state;
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 37, 136, 97);
    assert_int_equal(sb_prune(&A, &nm, 0.5, &err), 0);
    memset(&A.v[(size_t)5 * A.cols], 0, sizeof(float) * (size_t)A.cols);
    const char *vecs[] = {"4", "16"}, *vpts[] = {"2", "3", "4"}, *chunks[] = {"1", "4"};
    const char *ksplits[] = {"1", "4"};
    const int Ns[] = {5, 17, 21, 32, 47, 70, 100};
    for (int i = 0; i < 2 * 3 * 2 * 2; i++) {
        nm_fixed_gather();
        sb_params_set(&tester.params, "nm_spmm.SHIFT", "1");
        sb_params_set(&tester.params, "nm_spmm.PADB", "1");
        sb_params_set(&tester.params, "nm_spmm.VEC", vecs[i % 2]);
        sb_params_set(&tester.params, "nm_spmm.VPT", vpts[i / 2 % 3]);
        sb_params_set(&tester.params, "nm_spmm.CHUNK", chunks[i / 6 % 2]);
        sb_params_set(&tester.params, "nm_spmm.KSPLIT", ksplits[i / 12]);
        sb_params_set(&tester.params, "nm_spmm.COLS", "2");
        for (int n = 0; n < 7; n++)
            check_kernel_ex("nm", &A, &nm, 4, Ns[n], 110 + n, 1);
    }
    const int ragged[] = {30, 47, 70};
    for (int prec = 0; prec < 2; prec++) {
        tester.precision = prec ? SB_PRECISION_FP16 : SB_PRECISION_FP32;
        for (int shift = 0; shift <= 1; shift++) {
            nm_fixed_gather();
            set_param_int("nm_spmm.SHIFT", shift);
            sb_params_set(&tester.params, "nm_spmm.PADB", "1");
            sb_params_set(&tester.params, "nm_spmm.VEC", "16");
            sb_params_set(&tester.params, "nm_spmm.VPT", "2");
            sb_params_set(&tester.params, "nm_spmm.CHUNK", "4");
            sb_params_set(&tester.params, "nm_spmm.KSPLIT", "1");
            sb_params_set(&tester.params, "nm_spmm.COLS", "1");
            for (int n = 0; n < 3; n++)
                check_case("nm", &A, &nm, 4, ragged[n], 120 + n, 1,
                           shift && !prec ? "PADB=1" : "PADB=0");
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* nm_spmm's RX (rows a work-group along dimension 0, one a work-item, where N fits one vector):
 * RX 2/8/16/64 on 37 rows (the last work-group part past M) at N = 1 (RX used) and N = 3 (two
 * vectors of 2: the host keeps RX 1), and VEC 8 x VPT 3 at N = 21 (one work-item, three vectors:
 * RX kept 1) and 8 (one vector: RX used, VPT lowered to 1), CHUNK 1/4, ACCS 1/4, one row of A all
 * zeros, fp32 and fp16; every value checked. */
static void test_nm_rx(void **state)
{
    (void)state;
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_error err;
    sb_dense A;
    sb_dense_random(&A, 37, 136, 96);
    assert_int_equal(sb_prune(&A, &nm, 0.5, &err), 0);
    memset(&A.v[(size_t)5 * A.cols], 0, sizeof(float) * (size_t)A.cols);
    const char *rxs[] = {"2", "8", "16", "64"}, *chunks[] = {"1", "4"}, *accs[] = {"1", "4"};
    for (int prec = 0; prec < 2; prec++) {
        tester.precision = prec ? SB_PRECISION_FP16 : SB_PRECISION_FP32;
        for (int i = 0; i < 4 * 2 * 2; i++) {
            nm_fixed_gather();
            sb_params_set(&tester.params, "nm_spmm.VEC", "2");
            sb_params_set(&tester.params, "nm_spmm.RX", rxs[i % 4]);
            sb_params_set(&tester.params, "nm_spmm.CHUNK", chunks[i / 4 % 2]);
            sb_params_set(&tester.params, "nm_spmm.ACCS", accs[i / 8]);
            check_kernel_ex("nm", &A, &nm, 4, 1, 110 + i, 1);
            check_kernel_ex("nm", &A, &nm, 4, 3, 130 + i, 1);
            /* one work-item a row that is several vectors (VEC 8 x VPT 3): RX kept 1 */
            sb_params_set(&tester.params, "nm_spmm.VEC", "8");
            sb_params_set(&tester.params, "nm_spmm.VPT", "3");
            check_kernel_ex("nm", &A, &nm, 4, 21, 150 + i, 1);
            check_kernel_ex("nm", &A, &nm, 4, 8, 170 + i, 1);
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
    sb_dense_free(&A);
}

/* Every path and parameter set nm's model can pick (the GPU choices run here too, with AUTO=0
 * and the choice's parameters given), on 2:4 matrices whose rows keep a multiple of 4 values and
 * not (CHUNK lowered), N on both sides of the thresholds (and N = 5 where a choice shifts a
 * partial vector), fp32 and fp16 (nm_tile at SPLITK 1). */
static void test_nm_auto_choices(void **state)
{
    (void)state;
    sb_nm_auto_choice all[32];
    int n = sb_nm_auto_all_choices(all, 32);
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    sb_error err;
    sb_dense A[2];
    sb_dense_random(&A[0], 75, 136, 52); /* 68 kept values per row */
    sb_dense_random(&A[1], 33, 140, 53); /* 70 */
    for (int a = 0; a < 2; a++)
        assert_int_equal(sb_prune(&A[a], &nm, 0.5, &err), 0);
    for (int prec = 0; prec < 2; prec++) {
        tester.precision = prec ? SB_PRECISION_FP16 : SB_PRECISION_FP32;
        for (int i = 0; i < n && i < 32; i++) {
            if (strcmp(all[i].kernel, "nm") == 0)
                nm_fixed_gather();
            else
                sb_params_free(&tester.params);
            for (int j = 0; j < all[i].n_params; j++)
                set_param_int(all[i].params[j].key, all[i].params[j].value);
            /* a choice for another kind of device may not fit this one (a tensor-core tile's
             * 128 items on rusticl's 32; the model never picks it there): skipped, said */
            for (int a = 0; a < 2; a++) {
                check_kernel_ex(all[i].kernel, &A[a], &nm, 4, 1, 80 + i, 1);
                check_kernel_ex(all[i].kernel, &A[a], &nm, 4, 70, 81 + i, 1);
                if (sb_auto_param(&all[i], "nm_spmm.SHIFT") == 1) /* a partial vector at VEC 2-4 */
                    check_kernel_ex(all[i].kernel, &A[a], &nm, 4, 5, 82 + i, 1);
            }
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
    for (int a = 0; a < 2; a++)
        sb_dense_free(&A[a]);
}

/* nm's TILE_MIN_N rule (AUTO 0) on groups nm_tile cannot chunk whole (2:3, 2:5): the gather runs
 * them (its variant has KSPLIT), validated; 2:4 takes the tile there (TILE_MIN_N 1) */
static void test_nm_whole_groups(void **state)
{
    (void)state;
    static const struct { int n, m, K; const char *want; } cases[] = {
        {2, 3, 138, "KSPLIT="}, {2, 5, 140, "KSPLIT="}, {2, 4, 136, "TILE_MIN_N=1"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = cases[i].n, .nm_m = cases[i].m};
        sb_dense A;
        sb_dense_random(&A, 41, cases[i].K, 140 + (uint64_t)i);
        make_nm(&A, cases[i].n, cases[i].m);
        sb_params_free(&tester.params);
        sb_params_set(&tester.params, "nm_spmm.AUTO", "0");
        sb_params_set(&tester.params, "nm_spmm.TILE_MIN_N", "1");
        check_case("nm", &A, &nm, 0, 70, 141 + (uint64_t)i, 0, cases[i].want);
        sb_dense_free(&A);
    }
    sb_params_free(&tester.params);
}

/* nm_tile at fp16 (values, B and C in halves; tile_core.h's TILE_IO): CUDA-core tiles with
 * vector and scalar stores (TN 4 and 2; N a multiple of 4 or not: B_VEC4), the tensor-core path
 * (MMA 1, emulated off NVIDIA), a padded K; SPLITK 4 asked runs as 1 (the variant says so). Every
 * value checked against the reference of the rounded inputs. */
static void test_nm_tile_fp16(void **state)
{
    (void)state;
    static const struct { int mma, tn, splitk; } forms[] = {{0, 4, 0}, {0, 2, 0}, {1, 4, 0},
                                                            {0, 4, 4}};
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    const int K[] = {136, 142}; /* whole groups and padded */
    const int Ns[] = {64, 70, 33};
    tester.precision = SB_PRECISION_FP16;
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        sb_params_free(&tester.params);
        set_param_int("nm_tile.MMA", forms[f].mma);
        set_param_int("nm_tile.TN", forms[f].tn);
        set_param_int("nm_tile.SPLITK", forms[f].splitk);
        for (int k = 0; k < 2; k++) {
            sb_dense A;
            sb_dense_random(&A, 75, K[k], 120 + (uint64_t)k);
            make_nm(&A, 2, 4);
            for (int n = 0; n < 3; n++)
                check_case("nm_tile", &A, &nm, 0, Ns[n], 121 + (uint64_t)n, 1, " SPLITK=1");
            sb_dense_free(&A);
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
}

/* nm's LANE 1 (a work-item's meta word, shift and column worked out once) in each form the
 * kernel has: one value a step (KSPLIT 16 and 32, a meta word's 16 values), chunks of 2 and 4
 * (KSPLIT 8 and 16); and LANE 2 (the same per unrolled slot) for chunks where only a step is
 * whole meta words (KSPLIT 1-4, UNROLL 3-4); on a K of whole groups and on a padded one (clamped
 * columns), fp32 and fp16. The variant must say LANE=1 or 2 (the host lowers it where it does
 * not apply) and the values match the reference. */
static void test_nm_lane(void **state)
{
    (void)state;
    static const struct { int vec, ksplit, chunk, unroll, lane; } forms[] = {
        {2, 16, 1, 8, 1}, {4, 32, 1, 4, 1}, {2, 8, 2, 4, 1}, {2, 16, 4, 2, 1}, {1, 16, 4, 3, 1},
        {2, 2, 4, 4, 2},  {1, 1, 4, 4, 2},  {2, 2, 2, 4, 2}, {2, 4, 4, 3, 2}};
    sb_pattern nm = {.kind = SB_PATTERN_NM, .nm_n = 2, .nm_m = 4};
    const int K[] = {1024, 1032, 1030}; /* whole groups (512, 516 kept) and padded (516 kept) */
    for (int prec = 0; prec < 2; prec++) {
        tester.precision = prec ? SB_PRECISION_FP16 : SB_PRECISION_FP32;
        for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
            nm_fixed_gather();
            set_param_int("nm_spmm.LANE", forms[f].lane);
            set_param_int("nm_spmm.COLS", 4);
            set_param_int("nm_spmm.VEC", forms[f].vec);
            set_param_int("nm_spmm.KSPLIT", forms[f].ksplit);
            set_param_int("nm_spmm.CHUNK", forms[f].chunk);
            set_param_int("nm_spmm.UNROLL", forms[f].unroll);
            char want[16];
            snprintf(want, sizeof want, " LANE=%d", forms[f].lane);
            for (int k = 0; k < 3; k++) {
                sb_dense A;
                sb_dense_random(&A, 7, K[k], 90 + (uint64_t)k);
                make_nm(&A, 2, 4);
                for (int N = 5; N <= 8; N += 3)
                    check_case("nm", &A, &nm, 0, N, 91 + (uint64_t)f, 0, want);
                sb_dense_free(&A);
            }
        }
    }
    tester.precision = SB_PRECISION_FP32;
    sb_params_free(&tester.params);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nm_shift),
        cmocka_unit_test(test_nm_padb),
        cmocka_unit_test(test_nm_rx),
        cmocka_unit_test(test_nm_auto_choices),
        cmocka_unit_test(test_nm_lane),
        cmocka_unit_test(test_nm_tile_fp16),
        cmocka_unit_test(test_nm_whole_groups),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
