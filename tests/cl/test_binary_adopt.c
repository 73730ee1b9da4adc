/* `sparsebench build` on a device with no online compiler (an FPGA), simulated on the test device
 * with compiler_available cleared: a program whose binary is not there yet is refused with a
 * message naming the file, defines and the path the offline compiler (aoc, v++) must write; a
 * binary put there is adopted (loaded, so it is proved to work), only its manifest is written and
 * the bytes stay as they are; a binary whose earlier manifest says it came from other source is
 * refused; and the adopted binary then serves a run in binary mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sb_cl.h"
#include "sb_cli.h"
#include "sb_tester.h"
#include "test_support.h"

static sb_tester tester;
static char dir[] = "/tmp/sb_adopt_XXXXXX";
#define FILE_ "csr_task.cl"
#define DEFINES "-DUNROLL=2 -DCOLS=4"

static int setup(void **state)
{
    (void)state;
    setenv("SPARSEBENCH_NO_CACHE", "1", 1);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return -1;
    }
    return sb_test_open(&tester);
}

static int teardown(void **state)
{
    (void)state;
    sb_tester_close(&tester);
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static char *binary_path(void)
{
    sb_program_id id;
    sb_error err;
    assert_int_equal(sb_program_id_make(tester.kernel_dir, FILE_, DEFINES, tester.env.build_options, &id, &err), 0);
    char *path = NULL;
    assert_int_equal(sb_binary_path(sb_cl_binary_pattern(tester.dev), dir, tester.dev, id.kernel_set, &path, &err), 0);
    sb_program_id_free(&id);
    return path;
}

/* A record-mode env on the test device that pretends it cannot compile. */
static void open_fpga_like(sb_cl_env *env, sb_device *dev)
{
    *dev = *tester.dev;
    dev->compiler_available = 0;
    sb_error err;
    assert_int_equal(sb_cl_env_create(env, dev, tester.kernel_dir, &err), 0);
    sb_cl_env_record(env, dir, NULL);
}

static void test_adopt_offline_binary(void **state)
{
    (void)state;
    sb_error err;
    sb_cl_env env;
    sb_device dev;
    cl_program prog;
    sb_program_origin origin;
    char *path = binary_path();
    char *manifest = sb_manifest_path(path);

    /* 1. nothing there yet: say what to compile and where */
    open_fpga_like(&env, &dev);
    assert_int_equal(sb_cl_program_ex(&env, FILE_, DEFINES, &prog, NULL, &origin, &err), -1);
    assert_non_null(strstr(err.msg, "has no online compiler"));
    assert_non_null(strstr(err.msg, DEFINES));
    assert_non_null(strstr(err.msg, path));
    sb_cl_env_release(&env);

    /* 2. "aoc" writes the binary (here: the device's own compiler, the manifest thrown away) */
    sb_cl_env src;
    assert_int_equal(sb_cl_env_create(&src, tester.dev, tester.kernel_dir, &err), 0);
    sb_cl_env_record(&src, dir, NULL);
    assert_int_equal(sb_cl_program_ex(&src, FILE_, DEFINES, &prog, NULL, &origin, &err), 0);
    assert_int_equal(origin, SB_PROGRAM_SOURCE);
    assert_int_equal(sb_cl_env_save_programs(&src, NULL, &err), 0);
    sb_cl_env_release(&src);
    assert_int_equal(remove(manifest), 0);
    size_t n_before = 0;
    char *before = sb_read_file(path, &n_before, &err);
    assert_non_null(before);

    /* 3. adopted: loaded, its manifest written, its bytes untouched */
    open_fpga_like(&env, &dev);
    assert_int_equal(sb_cl_program_ex(&env, FILE_, DEFINES, &prog, NULL, &origin, &err), 0);
    assert_int_equal(origin, SB_PROGRAM_BINARY);
    int saved = 0;
    assert_int_equal(sb_cl_env_save_programs(&env, &saved, &err), 0);
    assert_int_equal(saved, 1);
    sb_cl_env_release(&env);
    size_t n_after = 0;
    char *after = sb_read_file(path, &n_after, &err);
    assert_int_equal(n_before, n_after);
    assert_memory_equal(before, after, n_after);
    free(before);
    free(after);
    sb_program_manifest m;
    assert_int_equal(sb_manifest_read(manifest, &m, &err), 0);
    assert_string_equal(m.defines, DEFINES);
    sb_manifest_free(&m);

    /* 4. it serves a run from binaries */
    sb_cl_env run;
    assert_int_equal(sb_cl_env_create(&run, tester.dev, tester.kernel_dir, &err), 0);
    int loaded = 0;
    assert_int_equal(sb_cl_env_use_binaries(&run, dir, NULL, &loaded, &err), 0);
    assert_int_equal(loaded, 1);
    assert_int_equal(sb_cl_program_ex(&run, FILE_, DEFINES, &prog, NULL, &origin, &err), 0);
    assert_int_equal(origin, SB_PROGRAM_BINARY);
    assert_int_equal(sb_cl_program_ex(&run, FILE_, "-DUNROLL=8 -DCOLS=4", &prog, NULL, &origin, &err), -1);
    assert_non_null(strstr(err.msg, "no binary for csr_task.cl with '-DUNROLL=8 -DCOLS=4'"));
    sb_cl_env_release(&run);

    /* 5. the manifest says these bytes came from other source: never re-stamped */
    char *text = sb_read_file(manifest, NULL, &err);
    assert_non_null(text);
    char *at = strstr(text, "\"source_hash\":");
    assert_non_null(at);
    at = strchr(at + 14, '"');
    memcpy(at + 1, "0123456789abcdef", 16);
    FILE *f = fopen(manifest, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
    open_fpga_like(&env, &dev);
    assert_int_equal(sb_cl_program_ex(&env, FILE_, DEFINES, &prog, NULL, &origin, &err), -1);
    assert_non_null(strstr(err.msg, "was built from other source"));
    sb_cl_env_release(&env);
    free(manifest);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adopt_offline_binary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
