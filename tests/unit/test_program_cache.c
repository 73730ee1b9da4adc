/* The program cache's host-side parts (no device needed): the source hash covers the kernel file,
 * the headers it includes, the defines and the build options; binary names and patterns; the
 * manifest's reader and its check, which must name every field that differs; the cache root's
 * environment variables. Loading real binaries is tested end to end in tests/cli. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_program_cache.h"

static char dir[] = "/tmp/sb_program_cache_XXXXXX";

static void write_text(const char *name, const char *text)
{
    char *path = sb_path_join(dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    write_text("k.cl", "#include \"h.h\"\n__kernel void k(__global float *x) { x[0] = ONE; }\n");
    write_text("h.h", "#define ONE 1.0f\n");
    write_text("plain.cl", "__kernel void p(__global float *x) { x[0] = 2.0f; }\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void hash_of(const char *file, const char *defines, const char *options, char out[17])
{
    sb_program_id id;
    sb_error err;
    assert_int_equal(sb_program_id_make(dir, file, defines, options, &id, &err), 0);
    memcpy(out, id.source_hash, 17);
    sb_program_id_free(&id);
}

static void test_source_hash_covers_everything(void **state)
{
    (void)state;
    char base[17], again[17], other[17];
    hash_of("k.cl", "-DA=1", "-cl-mad-enable", base);
    hash_of("k.cl", "-DA=1", "-cl-mad-enable", again);
    assert_string_equal(base, again);
    assert_int_equal(strlen(base), 16);
    hash_of("k.cl", "-DA=2", "-cl-mad-enable", other);
    assert_string_not_equal(base, other);
    hash_of("k.cl", "-DA=1", "", other);
    assert_string_not_equal(base, other);
    /* the included header is part of the program */
    write_text("h.h", "#define ONE 1.5f\n");
    hash_of("k.cl", "-DA=1", "-cl-mad-enable", other);
    write_text("h.h", "#define ONE 1.0f\n");
    assert_string_not_equal(base, other);
    hash_of("k.cl", "-DA=1", "-cl-mad-enable", again);
    assert_string_equal(base, again);
    /* moving text between defines and options still changes the hash */
    char a[17], b[17];
    hash_of("plain.cl", "-DX", "-DY", a);
    hash_of("plain.cl", "-DX -DY", "", b);
    assert_string_not_equal(a, b);
}

static void test_missing_source_is_an_error(void **state)
{
    (void)state;
    sb_program_id id;
    sb_error err;
    assert_int_equal(sb_program_id_make(dir, "nope.cl", "", "", &id, &err), -1);
    assert_non_null(strstr(err.msg, "nope.cl"));
    write_text("broken.cl", "#include \"missing.h\"\n");
    assert_int_equal(sb_program_id_make(dir, "broken.cl", "", "", &id, &err), -1);
    assert_non_null(strstr(err.msg, "missing.h"));
}

static void test_names_and_patterns(void **state)
{
    (void)state;
    sb_program_id id;
    sb_error err;
    assert_int_equal(sb_program_id_make(dir, "k.cl", "-DBR=4 -DBC=4  -DCOLS=8", "", &id, &err), 0);
    assert_string_equal(id.kernel_set, "k_BR4_BC4_COLS8");
    sb_device dev;
    memset(&dev, 0, sizeof dev);
    snprintf(dev.name, sizeof dev.name, "Agilex 7/FPGA (acl0)");
    snprintf(dev.platform_name, sizeof dev.platform_name, "Intel(R) FPGA SDK for OpenCL(TM)");
    snprintf(dev.driver_version, sizeof dev.driver_version, "2024.1");
    char *path = NULL;
    assert_int_equal(sb_binary_path("{binary_dir}/{device}/{kernel_set}.aocx", "bins", &dev,
                                     id.kernel_set, &path, &err), 0);
    assert_string_equal(path, "bins/Agilex_7_FPGA__acl0_/k_BR4_BC4_COLS8.aocx");
    char *manifest = sb_manifest_path(path);
    assert_string_equal(manifest, "bins/Agilex_7_FPGA__acl0_/k_BR4_BC4_COLS8.json");
    free(manifest);
    free(path);
    assert_int_equal(sb_binary_path("{binary_dir}/{driver}/{kernel_set}", "b", &dev, "x", &path, &err), 0);
    assert_string_equal(path, "b/2024.1/x");
    free(path);
    assert_int_equal(sb_binary_path("{binary_dir}/{devce}/{kernel_set}", "b", &dev, "x", &path, &err), -1);
    assert_non_null(strstr(err.msg, "{devce}"));
    char *d = NULL;
    assert_int_equal(sb_binary_dir_for_device("{binary_dir}/{device}/{kernel_set}.bin", "out", &dev, &d, &err), 0);
    assert_string_equal(d, "out/Agilex_7_FPGA__acl0_");
    free(d);
    /* every program must get its own file in the device's directory */
    assert_int_equal(sb_binary_dir_for_device("{binary_dir}/{kernel_set}/x.bin", "out", &dev, &d, &err), -1);
    assert_non_null(strstr(err.msg, "{kernel_set}"));
    assert_int_equal(sb_binary_dir_for_device("{binary_dir}/{device}/fixed.bin", "out", &dev, &d, &err), -1);
    manifest = sb_manifest_path("dir.v2/file");
    assert_string_equal(manifest, "dir.v2/file.json");
    free(manifest);
    sb_program_id_free(&id);
}

static void test_manifest_check_names_what_differs(void **state)
{
    (void)state;
    sb_program_id id;
    sb_error err;
    assert_int_equal(sb_program_id_make(dir, "k.cl", "-DA=1", "-cl-mad-enable", &id, &err), 0);
    char *text = sb_asprintf(
        "{\"format\": \"sparsebench-program-1\", \"device\": \"dev0\", \"platform\": \"plat\","
        " \"driver\": \"1.0\", \"file\": \"k.cl\", \"defines\": \"-DA=1\","
        " \"build_options\": \"-cl-mad-enable\", \"source_hash\": \"%s\", \"binary\": \"k_A1.bin\","
        " \"binary_bytes\": 10, \"binary_hash\": \"0000000000000000\", \"build_ms\": 5}",
        id.source_hash);
    write_text("good.json", text);
    free(text);
    char *path = sb_path_join(dir, "good.json");
    sb_program_manifest m;
    assert_int_equal(sb_manifest_read(path, &m, &err), 0);
    free(path);
    assert_string_equal(m.binary, "k_A1.bin");
    assert_int_equal(m.binary_bytes, 10);

    sb_device dev;
    memset(&dev, 0, sizeof dev);
    snprintf(dev.name, sizeof dev.name, "dev0");
    snprintf(dev.platform_name, sizeof dev.platform_name, "plat");
    snprintf(dev.driver_version, sizeof dev.driver_version, "1.0");
    assert_int_equal(sb_manifest_check(&m, &dev, &id, &err), 0);

    snprintf(dev.driver_version, sizeof dev.driver_version, "2.0");
    assert_int_equal(sb_manifest_check(&m, &dev, &id, &err), -1);
    assert_non_null(strstr(err.msg, "driver differs: the binary's is '1.0', here it is '2.0'"));
    assert_null(strstr(err.msg, "device differs"));
    snprintf(dev.name, sizeof dev.name, "dev1");
    assert_int_equal(sb_manifest_check(&m, &dev, &id, &err), -1);
    assert_non_null(strstr(err.msg, "device differs"));
    assert_non_null(strstr(err.msg, "driver differs"));
    snprintf(dev.name, sizeof dev.name, "dev0");
    snprintf(dev.driver_version, sizeof dev.driver_version, "1.0");

    sb_program_id changed;
    write_text("h.h", "#define ONE 3.0f\n");
    assert_int_equal(sb_program_id_make(dir, "k.cl", "-DA=1", "-cl-mad-enable", &changed, &err), 0);
    write_text("h.h", "#define ONE 1.0f\n");
    assert_int_equal(sb_manifest_check(&m, &dev, &changed, &err), -1);
    assert_non_null(strstr(err.msg, "source hash"));
    sb_program_id_free(&changed);

    assert_int_equal(sb_program_id_make(dir, "k.cl", "-DA=1", "-O0", &changed, &err), 0);
    assert_int_equal(sb_manifest_check(&m, &dev, &changed, &err), -1);
    assert_non_null(strstr(err.msg, "build options differs"));
    sb_program_id_free(&changed);
    sb_manifest_free(&m);
    sb_program_id_free(&id);
}

static void test_manifest_reader_refuses_bad_files(void **state)
{
    (void)state;
    sb_program_manifest m;
    sb_error err;
    char *path = sb_path_join(dir, "bad.json");
    write_text("bad.json", "{\"format\": \"sparsebench-program-1\", \"device\": \"d\"}");
    assert_int_equal(sb_manifest_read(path, &m, &err), -1);
    assert_non_null(strstr(err.msg, "lacks file, defines, build_options, source_hash"));
    write_text("bad.json", "not json");
    assert_int_equal(sb_manifest_read(path, &m, &err), -1);
    assert_non_null(strstr(err.msg, "not a program manifest"));
    write_text("bad.json", "{\"format\": \"other\"}");
    assert_int_equal(sb_manifest_read(path, &m, &err), -1);
    assert_non_null(strstr(err.msg, "format"));
    write_text("bad.json",
               "{\"format\": \"sparsebench-program-1\", \"device\": \"d\", \"platform\": \"p\","
               " \"driver\": \"1\", \"file\": \"k.cl\", \"defines\": \"\", \"build_options\": \"\","
               " \"source_hash\": \"0\", \"binary\": \"../../etc/passwd\", \"binary_bytes\": 1,"
               " \"binary_hash\": \"0\"}");
    assert_int_equal(sb_manifest_read(path, &m, &err), -1);
    assert_non_null(strstr(err.msg, "beside the manifest"));
    free(path);
}

static void test_cache_root_from_environment(void **state)
{
    (void)state;
    setenv("SPARSEBENCH_CACHE", "/x/cache", 1);
    unsetenv("SPARSEBENCH_NO_CACHE");
    char *root = sb_program_cache_root();
    assert_string_equal(root, "/x/cache");
    free(root);
    setenv("SPARSEBENCH_NO_CACHE", "1", 1);
    assert_null(sb_program_cache_root());
    setenv("SPARSEBENCH_NO_CACHE", "0", 1);
    root = sb_program_cache_root();
    assert_string_equal(root, "/x/cache");
    free(root);
    unsetenv("SPARSEBENCH_CACHE");
    setenv("XDG_CACHE_HOME", "/y", 1);
    root = sb_program_cache_root();
    assert_string_equal(root, "/y/sparsebench");
    free(root);
    unsetenv("XDG_CACHE_HOME");
    setenv("HOME", "/home/z", 1);
    root = sb_program_cache_root();
    assert_string_equal(root, "/home/z/.cache/sparsebench");
    free(root);

    sb_device dev;
    memset(&dev, 0, sizeof dev);
    snprintf(dev.name, sizeof dev.name, "pthread-x86 CPU");
    snprintf(dev.driver_version, sizeof dev.driver_version, "3.1+debian");
    sb_program_id id;
    sb_error err;
    assert_int_equal(sb_program_id_make(dir, "plain.cl", "-DV=2", "", &id, &err), 0);
    char *path = sb_program_cache_path("/c", &dev, &id);
    char *want = sb_asprintf("/c/programs/pthread-x86_CPU/3.1_debian/plain_V2-%s.bin", id.source_hash);
    assert_string_equal(path, want);
    free(want);
    free(path);
    sb_program_id_free(&id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_hash_covers_everything),
        cmocka_unit_test(test_missing_source_is_an_error),
        cmocka_unit_test(test_names_and_patterns),
        cmocka_unit_test(test_manifest_check_names_what_differs),
        cmocka_unit_test(test_manifest_reader_refuses_bad_files),
        cmocka_unit_test(test_cache_root_from_environment),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
