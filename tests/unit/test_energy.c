/* Energy meters: RAPL arithmetic on a fake powercap directory (wrap-around included), and the
 * "not available" paths with their reasons. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sb_device.h"
#include "sb_energy.h"
#include "sb_util.h"

static sb_device fake_device(int type, const char *vendor, const char *name)
{
    sb_device d;
    memset(&d, 0, sizeof d);
    d.type = type;
    snprintf(d.vendor, sizeof d.vendor, "%s", vendor);
    snprintf(d.name, sizeof d.name, "%s", name);
    return d; /* d.id stays NULL: no OpenCL device behind it */
}

typedef struct powercap {
    char *root, *domain;
} powercap;

static void write_number(const powercap *p, const char *file, const char *text)
{
    char *path = sb_path_join(p->domain, file);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static int setup_powercap(void **state)
{
    powercap *p = sb_calloc(1, sizeof *p);
    char tmpl[] = "/tmp/sb_test_energy_XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    p->root = sb_strdup(tmpl);
    p->domain = sb_path_join(p->root, "intel-rapl:0");
    assert_int_equal(mkdir(p->domain, 0755), 0);
    setenv("SPARSEBENCH_POWERCAP_DIR", p->root, 1);
    *state = p;
    return 0;
}

static int teardown_powercap(void **state)
{
    powercap *p = *state;
    char *cmd = sb_asprintf("rm -rf '%s'", p->root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    unsetenv("SPARSEBENCH_POWERCAP_DIR");
    free(p->root);
    free(p->domain);
    free(p);
    return 0;
}

static void test_rapl_counts_and_wraps(void **state)
{
    powercap *p = *state;
    write_number(p, "max_energy_range_uj", "2000000\n");
    write_number(p, "energy_uj", "1000000\n");
    sb_device cpu = fake_device(SB_DEVTYPE_CPU, "AuthenticAMD", "test CPU");
    char why[256] = "unchanged";
    sb_energy_meter *m = sb_energy_open(&cpu, why, sizeof why);
    if (!m)
        fail_msg("open failed: %s", why);
    assert_string_equal(sb_energy_source(m), "rapl");

    double j = -1;
    assert_int_equal(sb_energy_read_j(m, &j), 0);
    assert_float_equal(j, 0.0, 1e-12);
    write_number(p, "energy_uj", "1500000\n");
    assert_int_equal(sb_energy_read_j(m, &j), 0);
    assert_float_equal(j, 0.5, 1e-12);
    /* the counter wrapped at 2 J: 0.5 J to the top, then 0.2 J more */
    write_number(p, "energy_uj", "200000\n");
    assert_int_equal(sb_energy_read_j(m, &j), 0);
    assert_float_equal(j, 1.2, 1e-12);
    write_number(p, "energy_uj", "200000\n");
    assert_int_equal(sb_energy_read_j(m, &j), 0);
    assert_float_equal(j, 1.2, 1e-12);

    /* a counter that disappears mid-run is a failed read, not a number */
    char *path = sb_path_join(p->domain, "energy_uj");
    assert_int_equal(unlink(path), 0);
    free(path);
    assert_int_equal(sb_energy_read_j(m, &j), -1);
    sb_energy_close(m);
}

static void test_rapl_not_readable(void **state)
{
    powercap *p = *state;
    sb_device cpu = fake_device(SB_DEVTYPE_CPU, "GenuineIntel", "test CPU");
    char why[256] = "";
    /* the domain exists but holds no counter */
    assert_null(sb_energy_open(&cpu, why, sizeof why));
    assert_non_null(strstr(why, "RAPL not readable"));
    assert_non_null(strstr(why, "max_energy_range_uj"));

    write_number(p, "max_energy_range_uj", "2000000\n");
    write_number(p, "energy_uj", "lots\n");
    assert_null(sb_energy_open(&cpu, why, sizeof why));
    assert_non_null(strstr(why, "holds no number"));

    setenv("SPARSEBENCH_POWERCAP_DIR", "/nonexistent/powercap", 1);
    assert_null(sb_energy_open(&cpu, why, sizeof why));
    assert_non_null(strstr(why, "RAPL not readable: /nonexistent/powercap/intel-rapl:0/"));
}

/* The real /sys/class/powercap: not readable on the development machine; where it is, the
 * meter must work. Either way the answer has to be consistent. */
static void test_rapl_default_dir(void **state)
{
    (void)state;
    unsetenv("SPARSEBENCH_POWERCAP_DIR");
    sb_device cpu = fake_device(SB_DEVTYPE_CPU, "AuthenticAMD", "test CPU");
    char why[256] = "";
    sb_energy_meter *m = sb_energy_open(&cpu, why, sizeof why);
    if (!m) {
        assert_non_null(strstr(why, "RAPL not readable: /sys/class/powercap/intel-rapl:0/"));
        return;
    }
    double a = -1, b = -1;
    assert_int_equal(sb_energy_read_j(m, &a), 0);
    assert_int_equal(sb_energy_read_j(m, &b), 0);
    assert_true(a >= 0 && b >= a);
    sb_energy_close(m);
}

static void test_nvml_or_reason(void **state)
{
    (void)state;
    sb_device gpu = fake_device(SB_DEVTYPE_GPU, "NVIDIA Corporation", "test GPU");
    char why[256] = "";
    sb_energy_meter *m = sb_energy_open(&gpu, why, sizeof why);
    if (!m) { /* no NVML here, or not exactly one GPU: the reason says which */
        assert_non_null(strstr(why, "NV"));
        return;
    }
    assert_string_equal(sb_energy_source(m), "nvml");
    double a = -1, b = -1;
    assert_int_equal(sb_energy_read_j(m, &a), 0);
    assert_int_equal(sb_energy_read_j(m, &b), 0);
    assert_true(a >= 0 && b >= a);
    sb_energy_close(m);
}

static void test_other_devices_have_no_meter(void **state)
{
    (void)state;
    sb_device amd = fake_device(SB_DEVTYPE_GPU, "Advanced Micro Devices, Inc.", "gfx1100");
    char why[256] = "";
    assert_null(sb_energy_open(&amd, why, sizeof why));
    assert_non_null(strstr(why, "no energy counter for gfx1100"));
    assert_null(sb_energy_open(NULL, why, sizeof why));
    assert_string_equal(why, "no device");
    assert_string_equal(sb_energy_source(NULL), "none");
    sb_energy_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rapl_counts_and_wraps, setup_powercap,
                                        teardown_powercap),
        cmocka_unit_test_setup_teardown(test_rapl_not_readable, setup_powercap, teardown_powercap),
        cmocka_unit_test(test_rapl_default_dir),
        cmocka_unit_test(test_nvml_or_reason),
        cmocka_unit_test(test_other_devices_have_no_meter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
