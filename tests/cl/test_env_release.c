/* Releasing a device's runtime (sb_cl_env_release) leaves nothing of it behind, CLBlast's
 * process-wide program cache included: after the baseline ran, the context's reference count is
 * back to the one reference this test holds. Before the fix CLBlast's cache kept the baseline's
 * programs (each holds its context) until its static destructors ran at exit, after the OpenCL
 * runtime's own per-thread state: under Oclgrind clReleaseProgram then wrote to freed memory
 * (valgrind) and glibc aborted the process after every row was written (CI, stop 32). Reference
 * counts are for debugging by the standard; a runtime whose programs do not count towards their
 * context's passes either way; PoCL's do (without the fix the check fails: 3 references, not 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "sb_matrix.h"
#include "sb_tester.h"
#include "test_support.h"

static void test_clblast_programs_released_with_env(void **state)
{
    (void)state;
    sb_tester t;
    sb_error err;
    if (sb_test_open(&t))
        fail();
    sb_pattern un = {.kind = SB_PATTERN_UNSTRUCTURED};
    sb_dense A;
    sb_dense_random(&A, 19, 23, 7);
    assert_int_equal(sb_prune(&A, &un, 0.5, &err), 0);
    sb_row row;
    int skipped = 0;
    for (int n = 1; n <= 5 && !skipped; n += 4) { /* GEMV and GEMM: two of CLBlast's programs */
        assert_int_equal(sb_tester_run(&t, "clblast", &A, &un, 0, n, 11, &row, &err), 0);
        free(row.samples_ms);
        skipped = row.status == SB_SKIPPED; /* no CLBlast on this device (the plan's rule) */
        if (!skipped)
            assert_int_equal(row.status, SB_OK);
    }
    sb_dense_free(&A);
    cl_context ctx = t.env.ctx;
    assert_int_equal(clRetainContext(ctx), CL_SUCCESS);
    sb_tester_close(&t);
    cl_uint refs = 0;
    assert_int_equal(clGetContextInfo(ctx, CL_CONTEXT_REFERENCE_COUNT, sizeof refs, &refs, NULL),
                     CL_SUCCESS);
    assert_int_equal(clReleaseContext(ctx), CL_SUCCESS);
    if (skipped)
        skip();
    if (refs != 1)
        fail_msg("after sb_cl_env_release the context still has %u references besides this "
                 "test's: something (CLBlast's cached programs?) still holds it", refs - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clblast_programs_released_with_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
