/* The store (sb_store.h) and the files kept through it, host only: the atomic write replaces
 * whole files and never follows a symlink; the roots come from the environment in the documented
 * order; device identity; checked JSON fields and number conversions (no undefined cast on any
 * value a file can hold); the tuning database (round trip, params as an array refused, another
 * device's file, the old cache location read with a note); the peak cache and program manifests
 * refusing out-of-range numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sb_peak.h"
#include "sb_program_cache.h"
#include "sb_store.h"
#include "sb_tuning.h"

static char dir[] = "/tmp/sb_test_store_XXXXXX";

static char *at(const char *name)
{
    return sb_path_join(dir, name);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *path)
{
    sb_error err;
    char *s = sb_read_file(path, NULL, &err);
    assert_non_null(s);
    return s;
}

static sb_device fake_device(const char *name, const char *driver)
{
    sb_device d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "%s", name);
    snprintf(d.platform_name, sizeof d.platform_name, "Portable Computing Language");
    snprintf(d.driver_version, sizeof d.driver_version, "%s", driver);
    return d;
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* How many entries of directory d start with '.' (a temporary file left behind). */
static int hidden_entries(const char *d)
{
    DIR *dp = opendir(d);
    assert_non_null(dp);
    int n = 0;
    for (struct dirent *e; (e = readdir(dp));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dp);
    return n;
}

static void test_write_atomic_replaces_whole_files(void **state)
{
    (void)state;
    sb_error err;
    char *p = at("sub/dir/a.json");
    assert_int_equal(sb_write_atomic(p, "first\n", 6, &err), 0); /* directories created */
    char *s = read_text(p);
    assert_string_equal(s, "first\n");
    free(s);
    assert_int_equal(sb_write_atomic(p, "second", 6, &err), 0);
    s = read_text(p);
    assert_string_equal(s, "second");
    free(s);
    char *d = at("sub/dir");
    assert_int_equal(hidden_entries(d), 0); /* no temporary file left */
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0666 & ~mask); /* as a plain fopen would make it */
    free(d);
    free(p);
}

static void test_write_atomic_never_follows_a_symlink(void **state)
{
    (void)state;
    sb_error err;
    char *target = at("target.txt"), *link = at("link.txt");
    write_text(target, "precious");
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(sb_write_atomic(link, "new", 3, &err), 0);
    char *s = read_text(target);
    assert_string_equal(s, "precious"); /* the target is untouched */
    free(s);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISREG(st.st_mode)); /* the link itself was replaced by the file */
    free(target);
    free(link);
}

static void test_write_atomic_failure_keeps_the_old_file(void **state)
{
    (void)state;
    sb_error err;
    /* a directory where the file should go: rename fails; nothing else changes */
    char *p = at("isdir");
    assert_int_equal(mkdir(p, 0755), 0);
    char *inside = at("isdir/keep");
    write_text(inside, "kept");
    assert_int_equal(sb_write_atomic(p, "x", 1, &err), -1);
    assert_non_null(strstr(err.msg, p));
    assert_non_null(strstr(err.msg, "rename"));
    char *s = read_text(inside);
    assert_string_equal(s, "kept");
    free(s);
    assert_int_equal(hidden_entries(dir), 0);
    /* a file where a directory should be */
    char *under = at("target.txt/x.json");
    assert_int_equal(sb_write_atomic(under, "x", 1, &err), -1);
    assert_non_null(strstr(err.msg, "target.txt"));
    free(under);
    free(inside);
    free(p);
}

static void test_roots_from_environment(void **state)
{
    (void)state;
    setenv("SPARSEBENCH_CACHE", "/c", 1);
    setenv("XDG_CACHE_HOME", "/xc", 1);
    setenv("SPARSEBENCH_TUNING_DIR", "/t", 1);
    setenv("XDG_DATA_HOME", "/xd", 1);
    setenv("HOME", "/h", 1);
    char *c = sb_cache_root(), *t = sb_tuning_dir();
    assert_string_equal(c, "/c");
    assert_string_equal(t, "/t");
    free(c), free(t);
    setenv("SPARSEBENCH_CACHE", "", 1); /* empty counts as unset */
    unsetenv("SPARSEBENCH_TUNING_DIR");
    c = sb_cache_root(), t = sb_tuning_dir();
    assert_string_equal(c, "/xc/sparsebench");
    assert_string_equal(t, "/xd/sparsebench/tuning");
    free(c), free(t);
    unsetenv("XDG_CACHE_HOME");
    unsetenv("XDG_DATA_HOME");
    c = sb_cache_root(), t = sb_tuning_dir();
    assert_string_equal(c, "/h/.cache/sparsebench");
    assert_string_equal(t, "/h/.local/share/sparsebench/tuning");
    free(c), free(t);
    unsetenv("HOME");
    unsetenv("SPARSEBENCH_CACHE");
    assert_null(sb_cache_root());
    assert_null(sb_tuning_dir());
}

static void test_checked_conversions(void **state)
{
    (void)state;
    long long x = 7;
    int i = 7;
    assert_int_equal(sb_double_to_int64(1e3, 0, 5000, &x), 0);
    assert_int_equal(x, 1000);
    const double bad[] = {NAN, INFINITY, -INFINITY, 2.5, 1e300, -1e300, 9007199254740994.0, -1};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        x = 7;
        assert_int_equal(sb_double_to_int64(bad[k], 0, 1LL << 60, &x), -1);
        assert_int_equal(x, 7); /* untouched */
        assert_int_equal(sb_double_to_int(bad[k], 0, 1 << 30, &i), -1);
    }
    assert_int_equal(sb_double_to_int(2147483648.0, 0, 2147483647, &i), -1);
    assert_int_equal(sb_double_to_int(2147483647.0, 0, 2147483647, &i), 0);
    assert_int_equal(i, 2147483647);
}

static void test_json_fields_and_identity(void **state)
{
    (void)state;
    sb_error err;
    cJSON *o = cJSON_Parse("{\"s\": \"x\", \"n\": 2.5, \"big\": 1e300, \"i\": 4, \"a\": [1],"
                           " \"device\": \"D\", \"platform\": \"Portable Computing Language\","
                           " \"driver\": \"1.0\"}");
    const char *s;
    double d;
    int i;
    assert_int_equal(sb_json_get_string(o, "s", "f.json", &s, &err), 0);
    assert_string_equal(s, "x");
    assert_int_equal(sb_json_get_string(o, "n", "f.json", &s, &err), -1);
    assert_non_null(strstr(err.msg, "f.json: field 'n'"));
    assert_int_equal(sb_json_get_number(o, "n", "f.json", 0, 10, &d, &err), 0);
    assert_int_equal(sb_json_get_number(o, "big", "f.json", 0, 1e9, &d, &err), -1);
    assert_int_equal(sb_json_get_int(o, "n", "f.json", 0, 10, &i, &err), -1);
    assert_int_equal(sb_json_get_int(o, "big", "f.json", 0, 10, &i, &err), -1);
    assert_int_equal(sb_json_get_int(o, "a", "f.json", 0, 10, &i, &err), -1);
    assert_int_equal(sb_json_get_int(o, "i", "f.json", 0, 10, &i, &err), 0);
    assert_int_equal(i, 4);
    sb_device dev = fake_device("D", "1.0"), other = fake_device("D", "2.0");
    assert_int_equal(sb_json_check_identity(o, &dev, "f.json", "tuned", &err), 0);
    assert_int_equal(sb_json_check_identity(o, &other, "f.json", "tuned", &err), -2);
    assert_non_null(strstr(err.msg, "tuned for another driver (1.0)"));
    cJSON_DeleteItemFromObject(o, "platform");
    assert_int_equal(sb_json_check_identity(o, &dev, "f.json", "tuned", &err), -1);
    assert_non_null(strstr(err.msg, "'platform'"));
    cJSON_Delete(o);
    char key[17], key2[17];
    sb_device_key(&dev, key);
    sb_device_key(&other, key2);
    assert_int_equal(strlen(key), 16);
    assert_string_not_equal(key, key2); /* another driver, another file */
    /* trailing garbage and non-objects are refused */
    char *p = at("j.json");
    write_text(p, "{\"a\": 1} trailing");
    assert_null(sb_json_load_object(p, &err));
    assert_non_null(strstr(err.msg, "not valid JSON"));
    write_text(p, "[1, 2]");
    assert_null(sb_json_load_object(p, &err));
    assert_non_null(strstr(err.msg, "not a JSON object"));
    free(p);
}

/* A tuning database with one entry whose fields are given as JSON text. */
static void write_db(const char *path, const sb_device *dev, const char *entry)
{
    char *text = sb_asprintf("{\"device\": \"%s\", \"platform\": \"%s\", \"driver\": \"%s\","
                             " \"entries\": [%s]}",
                             dev->name, dev->platform_name, dev->driver_version, entry);
    write_text(path, text);
    free(text);
}

static void test_tuning_db_checks_every_field(void **state)
{
    (void)state;
    sb_error err;
    sb_tuning_db db;
    sb_device dev = fake_device("cpu-x", "5.0");
    char *p = at("db.json");
    const char *good = "{\"kernel\": \"csr\", \"class\": \"S s<75 N1\", \"params\": "
                       "{\"csr_spmm.VEC\": \"4\"}, \"default_ms\": 2, \"tuned_ms\": 1, \"cases\": 3}";
    write_db(p, &dev, good);
    assert_int_equal(sb_tuning_load(p, &dev, &db, &err), 0);
    assert_int_equal(db.count, 1);
    assert_string_equal(sb_params_get(&db.items[0].params, "csr_spmm.VEC"), "4");
    assert_int_equal(db.items[0].cases, 3);
    sb_tuning_free(&db);

    struct {
        const char *entry, *names;
    } bad[] = {
        /* issue 11 item 3: params as an array crashed every run on the device */
        {"{\"kernel\": \"csr\", \"class\": \"c\", \"params\": [\"4\"], \"default_ms\": 2,"
         " \"tuned_ms\": 1, \"cases\": 3}", "'params'"},
        {"{\"kernel\": \"csr\", \"class\": \"c\", \"params\": {\"csr_spmm.VEC\": 4},"
         " \"default_ms\": 2, \"tuned_ms\": 1, \"cases\": 3}", "params.csr_spmm.VEC"},
        /* issue 11 item 4: every tunable against the kernel's table, refused with its name */
        {"{\"kernel\": \"nm\", \"class\": \"c\", \"params\": {\"nm_spmm.WG_SIZE\": \"0\"},"
         " \"default_ms\": 2, \"tuned_ms\": 1, \"cases\": 3}", "nm_spmm.WG_SIZE = 0 is out of range"},
        {"{\"kernel\": \"csr\", \"class\": \"c\", \"params\": {\"csr_spmm.B_LOCAL\": \"1\"},"
         " \"default_ms\": 2, \"tuned_ms\": 1, \"cases\": 3}", "unknown tunable 'csr_spmm.B_LOCAL'"},
        /* issue 11 item 9: cases NaN/huge was an undefined cast */
        {"{\"kernel\": \"csr\", \"class\": \"c\", \"params\": {}, \"default_ms\": 2,"
         " \"tuned_ms\": 1, \"cases\": 1e300}", "'cases'"},
        {"{\"kernel\": \"csr\", \"class\": \"c\", \"params\": {}, \"default_ms\": 2,"
         " \"tuned_ms\": 1}", "'cases'"},
        {"{\"kernel\": \"csr\", \"class\": \"c\", \"params\": {}, \"default_ms\": -2,"
         " \"tuned_ms\": 1, \"cases\": 1}", "'default_ms'"},
        {"{\"kernel\": 7, \"class\": \"c\", \"params\": {}, \"default_ms\": 2,"
         " \"tuned_ms\": 1, \"cases\": 1}", "'kernel'"},
        {"\"just a string\"", "entries[0] is not an object"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        write_db(p, &dev, bad[k].entry);
        err.msg[0] = '\0';
        assert_int_equal(sb_tuning_load(p, &dev, &db, &err), -1);
        /* tune loads the file first and refuses it too: the way on is to move it aside */
        if (!strstr(err.msg, bad[k].names) || !strstr(err.msg, p) ||
            !strstr(err.msg, "move it aside or delete it") || strstr(err.msg, "tune again"))
            fail_msg("case %zu: message '%s' lacks '%s'", k, err.msg, bad[k].names);
        sb_tuning_free(&db);
    }
    write_text(p, "{\"entries\": [");
    assert_int_equal(sb_tuning_load(p, &dev, &db, &err), -1);
    if (!strstr(err.msg, "not valid JSON") || !strstr(err.msg, "move it aside or delete it"))
        fail_msg("a database that is not JSON: '%s'", err.msg);
    sb_tuning_free(&db);
    write_text(p, "{\"device\": \"cpu-x\", \"platform\": \"Portable Computing Language\","
                  " \"driver\": \"5.0\", \"entries\": {}}");
    assert_int_equal(sb_tuning_load(p, &dev, &db, &err), -1);
    assert_non_null(strstr(err.msg, "'entries'"));
    sb_tuning_free(&db);
    /* another device's file */
    sb_device other = fake_device("gpu-y", "5.0");
    write_db(p, &other, good);
    assert_int_equal(sb_tuning_load(p, &dev, &db, &err), -2);
    assert_non_null(strstr(err.msg, "tuned for another device (gpu-y)"));
    sb_tuning_free(&db);
    free(p);
}

static void test_tuning_db_lives_in_the_data_dir(void **state)
{
    (void)state;
    sb_error err;
    sb_tuning_db db;
    sb_device dev = fake_device("cpu-z", "6.0");
    char *data = at("data"), *cache = at("cache");
    setenv("SPARSEBENCH_TUNING_DIR", data, 1);
    setenv("SPARSEBENCH_CACHE", cache, 1);
    /* a database where older versions kept it: read from there (with a note) */
    char *old_dir = at("cache/tuning");
    char *old = sb_device_file(old_dir, &dev, ".json");
    assert_int_equal(sb_mkdirs(old_dir, &err), 0);
    write_db(old, &dev, "{\"kernel\": \"nm\", \"class\": \"2:4 S s<75 N1\", \"params\": {},"
                        " \"default_ms\": 2, \"tuned_ms\": 2, \"cases\": 1}");
    assert_int_equal(sb_tuning_load(NULL, &dev, &db, &err), 0);
    assert_int_equal(db.count, 1);
    char *want = sb_device_file(data, &dev, ".json");
    assert_string_equal(db.path, want); /* saved in the new place */
    sb_params p = {0};
    sb_params_set(&p, "nm_spmm.WG_SIZE", "64");
    sb_tuning_set(&db, "nm", "2:4 S s<75 N2-16", &p, 3.0, 1.5, 2);
    sb_tuning_set(&db, "csr", "S s<75 N1", &p, NAN, 1.0, 1); /* not a time: not written */
    sb_params_free(&p);
    assert_int_equal(sb_tuning_save(&db, &dev, &err), 0);
    sb_tuning_free(&db);
    /* the new file wins over the old one now, and reads back as saved */
    assert_int_equal(sb_tuning_load(NULL, &dev, &db, &err), 0);
    assert_int_equal(db.count, 2);
    const sb_tuning_entry *e = sb_tuning_find(&db, "nm", "2:4 S s<75 N2-16");
    assert_non_null(e);
    assert_string_equal(sb_params_get(&e->params, "nm_spmm.WG_SIZE"), "64");
    assert_true(e->default_ms == 3.0 && e->tuned_ms == 1.5 && e->cases == 2);
    assert_null(sb_tuning_find(&db, "csr", "S s<75 N1"));
    sb_tuning_free(&db);
    unsetenv("SPARSEBENCH_TUNING_DIR");
    unsetenv("SPARSEBENCH_CACHE");
    free(want);
    free(old);
    free(old_dir);
    free(data);
    free(cache);
}

static void test_peak_cache_numbers_checked(void **state)
{
    (void)state;
    sb_error err;
    sb_device dev = fake_device("cpu-p", "1");
    char *p = at("peak.json");
    sb_peak peak = {.gflops = 100, .best_vec = 8, .gbps = 20, .method = "m", .measured_at = "t"};
    assert_int_equal(sb_peak_cache_save(p, &dev, &peak, &err), 0);
    sb_peak back;
    assert_int_equal(sb_peak_cache_load(p, &dev, &back, &err), 1);
    assert_int_equal(back.best_vec, 8);
    assert_true(back.gflops == 100 && back.gbps == 20);
    /* issue 11 item 9: best_vec from the file was cast to int unchecked */
    const char *values[] = {"1e300", "-1e300", "8.5", "3", "\"8\""};
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        char *text = sb_asprintf("{\"device\": \"cpu-p\", \"platform\": \"Portable Computing "
                                 "Language\", \"driver\": \"1\", \"gflops\": 1, \"gbps\": 1, "
                                 "\"best_vec\": %s, \"method\": \"m\", \"measured_at\": \"t\"}",
                                 values[k]);
        write_text(p, text);
        free(text);
        assert_int_equal(sb_peak_cache_load(p, &dev, &back, &err), -1);
        assert_non_null(strstr(err.msg, "'best_vec'"));
    }
    free(p);
}

static void test_manifest_numbers_checked(void **state)
{
    (void)state;
    sb_error err;
    sb_program_manifest m;
    char *p = at("m.json");
    const char *values[] = {"1e300", "-5", "2.5", "\"10\""};
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        /* issue 11 item 9: binary_bytes was cast to long long unchecked */
        char *text = sb_asprintf(
            "{\"format\": \"sparsebench-program-1\", \"device\": \"d\", \"platform\": \"p\","
            " \"driver\": \"1\", \"file\": \"k.cl\", \"defines\": \"\", \"build_options\": \"\","
            " \"source_hash\": \"0\", \"binary\": \"k.bin\", \"binary_bytes\": %s,"
            " \"binary_hash\": \"0\", \"build_ms\": 1e308}", values[k]);
        write_text(p, text);
        free(text);
        assert_int_equal(sb_manifest_read(p, &m, &err), -1);
        assert_non_null(strstr(err.msg, "binary_bytes"));
    }
    write_text(p, "{\"format\": \"sparsebench-program-1\", \"device\": \"d\", \"platform\": \"p\","
                  " \"driver\": \"1\", \"file\": \"k.cl\", \"defines\": \"\", \"build_options\": \"\","
                  " \"source_hash\": \"0\", \"binary\": \"..\", \"binary_bytes\": 3,"
                  " \"binary_hash\": \"0\", \"build_ms\": -1}");
    assert_int_equal(sb_manifest_read(p, &m, &err), -1);
    assert_non_null(strstr(err.msg, "beside the manifest"));
    free(p);
}

static void hex(const unsigned char *d, int n, char *out)
{
    for (int i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* FIPS 180-2 appendix B and RFC 4231 test case 2: the program cache's mac is only as good as
 * these are exact. */
static void test_sha256_and_hmac_vectors(void **state)
{
    (void)state;
    unsigned char d[32];
    char h[65];
    sb_sha256 s;
    sb_sha256_init(&s);
    sb_sha256_update(&s, "abc", 3);
    sb_sha256_final(&s, d);
    hex(d, 32, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sb_sha256_init(&s);
    for (size_t i = 0; two[i]; i++) /* byte by byte: the buffering across blocks */
        sb_sha256_update(&s, two + i, 1);
    sb_sha256_final(&s, d);
    hex(d, 32, h);
    assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sb_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, d);
    hex(d, 32, h);
    assert_string_equal(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* The user's key: made once (32 bytes, mode 0600), the same when read again. */
static void test_user_key(void **state)
{
    (void)state;
    char *data = at("xdg-data");
    setenv("XDG_DATA_HOME", data, 1);
    unsigned char k1[32], k2[32];
    sb_error err;
    if (sb_user_key(k1, &err))
        fail_msg("%s", err.msg);
    char *path = at("xdg-data/sparsebench/cache.key");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 32);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(sb_user_key(k2, &err), 0);
    assert_memory_equal(k1, k2, 32);
    unsetenv("XDG_DATA_HOME");
    free(path);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_atomic_replaces_whole_files),
        cmocka_unit_test(test_write_atomic_never_follows_a_symlink),
        cmocka_unit_test(test_write_atomic_failure_keeps_the_old_file),
        cmocka_unit_test(test_roots_from_environment),
        cmocka_unit_test(test_checked_conversions),
        cmocka_unit_test(test_json_fields_and_identity),
        cmocka_unit_test(test_tuning_db_checks_every_field),
        cmocka_unit_test(test_tuning_db_lives_in_the_data_dir),
        cmocka_unit_test(test_peak_cache_numbers_checked),
        cmocka_unit_test(test_manifest_numbers_checked),
        cmocka_unit_test(test_sha256_and_hmac_vectors),
        cmocka_unit_test(test_user_key),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
