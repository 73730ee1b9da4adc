/* The peak measurement on an OpenCL device (PoCL in CI) at a small size, and its cache file:
 * round trip, a file of another driver, a broken file, sb_peak_get reading the cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_peak.h"
#include "sb_tester.h"
#include "test_support.h"

static sb_tester tester;
static char cache_dir[] = "/tmp/sb_test_peak_XXXXXX";
static sb_peak measured; /* by the first test, reused by the cache tests */

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(cache_dir)) {
        perror("mkdtemp");
        return -1;
    }
    setenv("SPARSEBENCH_CACHE", cache_dir, 1);
    return sb_test_open(&tester);
}

static int teardown(void **state)
{
    (void)state;
    sb_tester_close(&tester);
    char *cmd = sb_asprintf("rm -rf '%s'", cache_dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static void measure_small(void **state)
{
    (void)state;
    sb_peak_options opt = {.flops_target_ms = 5, .copy_bytes = 8u << 20, .repeats = 2};
    sb_error err;
    if (sb_peak_measure(&tester.env, &opt, &measured, &err))
        fail_msg("sb_peak_measure: %s", err.msg);
    fprintf(stderr, "small run: %.1f GFLOP/s (vec %d), %.1f GB/s\n", measured.gflops,
            measured.best_vec, measured.gbps);
    assert_true(isfinite(measured.gflops) && measured.gflops > 0);
    assert_true(isfinite(measured.gbps) && measured.gbps > 0);
    assert_false(measured.cached);
    assert_true(measured.method[0] != '\0');
    assert_true(measured.measured_at[0] != '\0');
    /* the peak is the best width, and every width was measured */
    static const int widths[SB_PEAK_N_VEC] = {1, 2, 4, 8, 16};
    double best = 0;
    int best_vec = 0;
    for (int w = 0; w < SB_PEAK_N_VEC; w++) {
        assert_true(isfinite(measured.vec_gflops[w]) && measured.vec_gflops[w] > 0);
        if (measured.vec_gflops[w] > best) {
            best = measured.vec_gflops[w];
            best_vec = widths[w];
        }
    }
    assert_true(best == measured.gflops);
    assert_int_equal(best_vec, measured.best_vec);
}

/* cJSON prints 15 significant digits when they read back within a few ulps: not bit-exact. */
static int same_number(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fabs(a);
}

static void cache_round_trip(void **state)
{
    (void)state;
    sb_error err;
    char *path = sb_peak_cache_path(tester.dev);
    assert_non_null(path);
    assert_true(strncmp(path, cache_dir, strlen(cache_dir)) == 0);
    sb_peak loaded;
    assert_int_equal(sb_peak_cache_load(path, tester.dev, &loaded, &err), 0); /* none yet */
    if (sb_peak_cache_save(path, tester.dev, &measured, &err))
        fail_msg("sb_peak_cache_save: %s", err.msg);
    if (sb_peak_cache_load(path, tester.dev, &loaded, &err) != 1)
        fail_msg("sb_peak_cache_load: %s", err.msg);
    assert_true(loaded.cached);
    assert_true(same_number(loaded.gflops, measured.gflops));
    assert_true(same_number(loaded.gbps, measured.gbps));
    assert_int_equal(loaded.best_vec, measured.best_vec);
    for (int w = 0; w < SB_PEAK_N_VEC; w++)
        assert_true(same_number(loaded.vec_gflops[w], measured.vec_gflops[w]));
    assert_string_equal(loaded.method, measured.method);
    assert_string_equal(loaded.measured_at, measured.measured_at);

    /* sb_peak_get takes the cached values without measuring */
    sb_peak got;
    if (sb_peak_get(&tester.env, 0, &got, &err))
        fail_msg("sb_peak_get: %s", err.msg);
    assert_true(got.cached);
    assert_true(same_number(got.gflops, measured.gflops) && same_number(got.gbps, measured.gbps));
    free(path);
}

static void cache_of_another_driver_is_refused(void **state)
{
    (void)state;
    sb_error err;
    char *path = sb_peak_cache_path(tester.dev);
    sb_device other = *tester.dev;
    size_t len = strlen(other.driver_version);
    if (len + 1 >= sizeof other.driver_version)
        len = sizeof other.driver_version - 2;
    other.driver_version[len] = '~'; /* another driver version */
    other.driver_version[len + 1] = '\0';
    char *other_path = sb_peak_cache_path(&other);
    assert_string_not_equal(path, other_path); /* another driver, another file */
    sb_peak loaded;
    /* the right file, read for the wrong driver (as after a hash collision) */
    assert_int_equal(sb_peak_cache_load(path, &other, &loaded, &err), -1);
    assert_non_null(strstr(err.msg, "driver"));
    free(path);
    free(other_path);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void broken_cache_files_are_refused(void **state)
{
    (void)state;
    sb_error err;
    sb_peak loaded;
    char *path = sb_asprintf("%s/broken.json", cache_dir);
    write_file(path, "{\"device\": ");
    assert_int_equal(sb_peak_cache_load(path, tester.dev, &loaded, &err), -1);
    assert_non_null(strstr(err.msg, "not valid JSON"));

    /* right device, but gflops is not a positive number */
    char *text = sb_asprintf("{\"device\": \"%s\", \"platform\": \"%s\", \"driver\": \"%s\", "
                             "\"gflops\": -3, \"gbps\": 10, \"best_vec\": 4, \"method\": \"m\", "
                             "\"measured_at\": \"t\"}",
                             tester.dev->name, tester.dev->platform_name, tester.dev->driver_version);
    write_file(path, text);
    assert_int_equal(sb_peak_cache_load(path, tester.dev, &loaded, &err), -1);
    assert_non_null(strstr(err.msg, "'gflops'"));
    assert_non_null(strstr(err.msg, path));
    free(text);

    text = sb_asprintf("{\"device\": \"%s\", \"platform\": \"%s\", \"driver\": \"%s\", "
                       "\"gflops\": 3, \"gbps\": 10, \"best_vec\": 3, \"method\": \"m\", "
                       "\"measured_at\": \"t\"}",
                       tester.dev->name, tester.dev->platform_name, tester.dev->driver_version);
    write_file(path, text);
    assert_int_equal(sb_peak_cache_load(path, tester.dev, &loaded, &err), -1);
    assert_non_null(strstr(err.msg, "'best_vec'"));
    free(text);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(measure_small),
        cmocka_unit_test(cache_round_trip),
        cmocka_unit_test(cache_of_another_driver_is_refused),
        cmocka_unit_test(broken_cache_files_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
