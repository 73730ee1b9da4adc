/* The message sink (sb_sink.h): what the library says reaches the installed sink with its kind
 * and text, nothing is printed when none is installed, a test can swap the sink and put the old
 * one back, and a real library message (the tuning database read from its old place) arrives as
 * a note instead of being printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sb_device.h"
#include "sb_sink.h"
#include "sb_store.h"
#include "sb_tuning.h"

typedef struct captured {
    int n;
    sb_msg_kind kind[16];
    char text[16][512];
} captured;

static void capture(void *ctx, sb_msg_kind kind, const char *text)
{
    captured *c = ctx;
    if (c->n < 16) {
        c->kind[c->n] = kind;
        snprintf(c->text[c->n], sizeof c->text[c->n], "%s", text);
        c->n++;
    }
}

static void measure(void *ctx, sb_msg_kind kind, const char *text)
{
    (void)kind;
    *(size_t *)ctx = strlen(text);
}

static void test_each_kind_reaches_the_sink(void **state)
{
    (void)state;
    captured c = {0};
    sb_sink_fn prev_fn;
    void *prev_ctx;
    sb_sink_install(capture, &c, &prev_fn, &prev_ctx);
    sb_info("info");
    sb_note("note %d", 1);
    sb_warn("warning %s", "two");
    sb_error_message("error %.1f", 3.0);
    sb_progress_line("[%d/%d]", 4, 5);
    sb_output("table\n");
    assert_int_equal(c.n, 6);
    const sb_msg_kind kinds[6] = {SB_MSG_INFO, SB_MSG_NOTE, SB_MSG_WARNING, SB_MSG_ERROR,
                                  SB_MSG_PROGRESS, SB_MSG_OUTPUT};
    const char *texts[6] = {"info", "note 1", "warning two", "error 3.0", "[4/5]", "table\n"};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(c.kind[i], kinds[i]);
        assert_string_equal(c.text[i], texts[i]);
    }
    /* the previous sink comes back, and with none installed nothing is recorded anywhere */
    sb_sink_install(prev_fn, prev_ctx, NULL, NULL);
    sb_sink_install(NULL, NULL, NULL, NULL);
    sb_warn("dropped");
    assert_int_equal(c.n, 6);
    /* a message longer than any fixed buffer arrives whole */
    char *long_text = malloc(20001);
    memset(long_text, 'x', 20000);
    long_text[20000] = '\0';
    size_t length = 0;
    sb_sink_install(measure, &length, NULL, NULL);
    sb_output("%s", long_text);
    sb_sink_install(NULL, NULL, NULL, NULL);
    assert_int_equal(length, 20000);
    free(long_text);
}

static void test_a_library_note_goes_to_the_sink(void **state)
{
    (void)state;
    char dir[] = "/tmp/sb_test_sink_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *data = sb_path_join(dir, "data"), *cache = sb_path_join(dir, "cache");
    char *old_dir = sb_path_join(cache, "tuning");
    setenv("SPARSEBENCH_TUNING_DIR", data, 1);
    setenv("SPARSEBENCH_CACHE", cache, 1);
    sb_device dev;
    memset(&dev, 0, sizeof dev);
    snprintf(dev.name, sizeof dev.name, "cpu-sink");
    snprintf(dev.platform_name, sizeof dev.platform_name, "Portable Computing Language");
    snprintf(dev.driver_version, sizeof dev.driver_version, "1.0");
    sb_error err;
    assert_int_equal(sb_mkdirs(old_dir, &err), 0);
    char *old = sb_device_file(old_dir, &dev, ".json");
    FILE *f = fopen(old, "w");
    assert_non_null(f);
    fprintf(f, "{\"device\": \"cpu-sink\", \"platform\": \"Portable Computing Language\", "
               "\"driver\": \"1.0\", \"entries\": []}");
    assert_int_equal(fclose(f), 0);

    captured c = {0};
    sb_sink_install(capture, &c, NULL, NULL);
    sb_tuning_db db;
    assert_int_equal(sb_tuning_load(NULL, &dev, &db, &err), 0);
    sb_sink_install(NULL, NULL, NULL, NULL);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.kind[0], SB_MSG_NOTE);
    assert_non_null(strstr(c.text[0], "from its old place"));
    assert_non_null(strstr(c.text[0], old));
    sb_tuning_free(&db);

    unsetenv("SPARSEBENCH_TUNING_DIR");
    unsetenv("SPARSEBENCH_CACHE");
    char *cmd = sb_asprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(old);
    free(old_dir);
    free(data);
    free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_kind_reaches_the_sink),
        cmocka_unit_test(test_a_library_note_goes_to_the_sink),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
