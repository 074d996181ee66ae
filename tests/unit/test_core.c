/* Unit tests: core — dates, buffers, errors, the thread pool, JSON writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samestory.h"

static void time_parse(void **state)
{
    (void)state;
    int64_t t;
    /* the end of a range: a date stands for all of its period */
    int64_t e, d;
    assert_int_equal(ss_time_parse("2022-01-11", 10, &d), 0);
    assert_int_equal(ss_time_parse_end("2022-01-11", 10, &e), 0);
    assert_true(e == d + 86399);
    assert_int_equal(ss_time_parse_end(" 20220111 ", 10, &e), 0);
    assert_true(e == d + 86399);
    assert_int_equal(ss_time_parse_end("2022-02", 7, &e), 0);
    assert_int_equal(ss_time_parse("2022-03-01", 10, &d), 0);
    assert_true(e == d - 1);
    assert_int_equal(ss_time_parse_end("2023", 4, &e), 0);
    assert_int_equal(ss_time_parse("2024-01-01", 10, &d), 0);
    assert_true(e == d - 1);
    assert_int_equal(ss_time_parse_end("2022-12", 7, &e), 0);
    assert_int_equal(ss_time_parse("2023-01-01", 10, &d), 0);
    assert_true(e == d - 1);
    assert_int_equal(ss_time_parse_end("2022-01-11T08:30:00Z", 20, &e), 0);
    assert_int_equal(ss_time_parse("2022-01-11T08:30:00Z", 20, &d), 0);
    assert_true(e == d);
    assert_int_equal(ss_time_parse_end("2022-13-01", 10, &e), SS_EPARSE);
    assert_int_equal(ss_time_parse("2022-01-11", 10, &t), 0);
    assert_int_equal(t, 1641859200);
    assert_int_equal(ss_time_parse("2022-01-11T08:30:00Z", 20, &t), 0);
    assert_int_equal(t, 1641859200 + 8 * 3600 + 1800);
    const char *z = "2022-01-11T08:30:00+05:30";
    assert_int_equal(ss_time_parse(z, strlen(z), &t), 0);
    assert_int_equal(t, 1641859200 + 3 * 3600);
    const char *frac = " 2022-01-11 08:30:00.123-0100 ";
    assert_int_equal(ss_time_parse(frac, strlen(frac), &t), 0);
    assert_int_equal(t, 1641859200 + 9 * 3600 + 1800);
    assert_int_equal(ss_time_parse("20220111", 8, &t), 0);
    assert_int_equal(t, 1641859200);
    assert_int_equal(ss_time_parse("2022", 4, &t), 0);
    assert_int_equal(t, 1640995200);
    assert_int_equal(ss_time_parse("1969-12-31", 10, &t), 0);
    assert_int_equal(t, -86400);
    /* impossible or malformed dates */
    assert_int_equal(ss_time_parse("2022-02-30", 10, &t), SS_EPARSE);
    assert_int_equal(ss_time_parse("2022-13-01", 10, &t), SS_EPARSE);
    assert_int_equal(ss_time_parse("yesterday", 9, &t), SS_EPARSE);
    assert_int_equal(ss_time_parse("2022-01-11T25:00", 16, &t), SS_EPARSE);
    assert_int_equal(ss_time_parse("2022-01-11junk", 14, &t), SS_EPARSE);
    assert_int_equal(ss_time_parse("2024-02-29", 10, &t), 0);
    /* as records are written by hand and by feeds: an hour, month or day
       without its zero, RFC 2822 with a weekday, month names, zones */
    static const struct {
        const char *s;
        int64_t t;
    } lenient[] = {
        {"2022-01-11T8:30:00Z", 1641859200 + 8 * 3600 + 1800},
        {"2022-1-11 8:30", 1641859200 + 8 * 3600 + 1800},
        {"Tue, 11 Jan 2022 08:30:00 GMT", 1641859200 + 8 * 3600 + 1800},
        {"11 January 2022", 1641859200},
        {"Tue, 11 Jan 2022 09:30 +0100", 1641859200 + 8 * 3600 + 1800},
        {"11 Jan 2022 03:30:00 EST", 1641859200 + 8 * 3600 + 1800},
        {"2022-01-11 08:30:00 +0000", 1641859200 + 8 * 3600 + 1800},
        {"Tue, 11 Jan 2022 08:30:00 +0000 (UTC)", 1641859200 + 8 * 3600 + 1800},
        {"Tuesday, 11 Jan 2022 08:30 gmt", 1641859200 + 8 * 3600 + 1800},
        {"Tue, 11 Jan 22 08:30:00 GMT", 1641859200 + 8 * 3600 + 1800},
        {"January 11, 2022", 1641859200},
        {"Tuesday, Jan. 11, 2022 08:30", 1641859200 + 8 * 3600 + 1800},
        {"11.01.2022 08:30", 1641859200 + 8 * 3600 + 1800},
        {"2022/01/11", 1641859200},
        {"1641889800", 1641859200 + 8 * 3600 + 1800},
        {"1641889800000", 1641859200 + 8 * 3600 + 1800},
    };
    for (size_t i = 0; i < sizeof lenient / sizeof lenient[0]; i++) {
        t = 0;
        assert_int_equal(ss_time_parse(lenient[i].s, strlen(lenient[i].s), &t), 0);
        assert_int_equal(t, lenient[i].t);
    }
    static const char *const bad[] = {"11 Janx 2022", "31 Feb 2022", "Tue, 11 Jan 2", "2022-01-11T8",
                                      "11/01/2022", "2022-001-11", "11 Jan 2022 08:30 XYZ",
                                      "Xyz, 11 Jan 2022", "2022-01-11T24:30Z", "2022-01/11", "12345678",
                                      "-5", "0", "11 Mayo 2022", "31.02.2022", "99999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(ss_time_parse(bad[i], strlen(bad[i]), &t), SS_EPARSE);
    /* the end of a day written without its zero is still the day's end */
    assert_int_equal(ss_time_parse_end("2022-1-11", 9, &e), 0);
    assert_int_equal(e, 1641859200 + 86399);
    assert_int_equal(ss_time_parse_end("11 Jan 2022", 11, &e), 0);
    assert_int_equal(e, 1641859200 + 86399);
}

static void time_format_and_weekday(void **state)
{
    (void)state;
    char d[11], iso[21];
    ss_time_format_date(1641859200 + 3600, d);
    assert_string_equal(d, "2022-01-11");
    ss_time_format_iso(1641859200 + 3661, iso);
    assert_string_equal(iso, "2022-01-11T01:01:01Z");
    assert_int_equal(ss_time_weekday(1641859200), 1); /* a Tuesday */
    ss_time_format_date(-1, d);
    assert_string_equal(d, "1969-12-31");
    for (int64_t day = -1000; day < 1000; day += 37) {
        int64_t y;
        unsigned m, dd;
        ss_civil_from_days(day, &y, &m, &dd);
        assert_int_equal(ss_days_from_civil(y, m, dd), day);
    }
}

static void buf_and_error(void **state)
{
    (void)state;
    ss_buf b = SS_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(ss_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(b.data[b.len], '\0');
    char *p = ss_buf_detach(&b);
    assert_non_null(p);
    assert_null(b.data);
    free(p);
    ss_error e;
    ss_error_clear(&e);
    assert_int_equal(ss_error_set_at(&e, SS_EPARSE, 7, 99, "f.jsonl:%d: bad", 7), SS_EPARSE);
    assert_int_equal(e.line, 7);
    ss_error_prefix(&e, "reading %s", "x");
    assert_string_equal(e.msg, "reading x: f.jsonl:7: bad");
    assert_string_equal(ss_strerror(SS_ETOOBIG), "input too large");
    assert_int_equal(ss_error_set(NULL, SS_EIO, "ignored"), SS_EIO);
}

typedef struct {
    atomic_int hits[1000];
    atomic_int workers_seen;
} pool_ctx;

static void count(void *arg, int worker, size_t i)
{
    pool_ctx *c = arg;
    atomic_fetch_add(&c->hits[i], 1);
    atomic_fetch_or(&c->workers_seen, 1 << worker);
}

static void pool_runs_each_index_once(void **state)
{
    (void)state;
    for (int threads = 1; threads <= 4; threads++) {
        ss_pool *p = ss_pool_new(threads);
        assert_non_null(p);
        assert_int_equal(ss_pool_threads(p), threads);
        for (int round = 0; round < 3; round++) {
            pool_ctx *c = calloc(1, sizeof *c);
            ss_pool_submit(p, 1000, count, c);
            ss_pool_wait(p);
            for (int i = 0; i < 1000; i++)
                assert_int_equal(atomic_load(&c->hits[i]), 1);
            assert_true(atomic_load(&c->workers_seen) < (1 << threads));
            free(c);
        }
        ss_pool_for(p, 0, count, NULL); /* empty job */
        ss_pool_free(p);
    }
    ss_pool_free(NULL);
}

static void json_writer(void **state)
{
    (void)state;
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_obj(&w);
    ss_jw_key(&w, "id");
    ss_jw_str(&w, "a\"b\\c\n\x01\xe2\x80\xa8z");
    ss_jw_key(&w, "n");
    ss_jw_arr(&w);
    ss_jw_int(&w, -3);
    ss_jw_double(&w, 0.25, 4);
    ss_jw_double(&w, 1.0 / 3.0, 3);
    ss_jw_double(&w, 2.0, 4);
    ss_jw_null(&w);
    ss_jw_bool(&w, 1);
    ss_jw_arr_end(&w);
    ss_jw_key(&w, "empty");
    ss_jw_obj(&w);
    ss_jw_obj_end(&w);
    ss_jw_members(&w, "\"x\":[1,2]");
    ss_jw_obj_end(&w);
    assert_int_equal(w.err, 0);
    assert_string_equal(b.data, "{\"id\":\"a\\\"b\\\\c\\n\\u0001\\u2028z\",\"n\":[-3,0.25,0.333,2,null,"
                                "true],\"empty\":{},\"x\":[1,2]}");
    ss_buf_release(&b);
}

/* Ill-formed UTF-8 handed to the writer still gives valid UTF-8 JSON: an
 * encoded lone surrogate, a stray continuation byte, a cut sequence and an
 * overlong form each become U+FFFD; well-formed 2-, 3- and 4-byte
 * characters and U+2029 pass as before. */
static void json_writer_keeps_utf8_valid(void **state)
{
    (void)state;
    ss_buf b = SS_BUF_INIT;
    static const char in[] = "\xed\xa0\x80|\x80|\xc3\xa9\xe2\x80\xa9\xf0\x9f\x93\xb0|\xc0\xaf|\xe2\x82";
    assert_int_equal(ss_json_escape(&b, in, sizeof in - 1), SS_OK);
    ss_buf_putc(&b, 0);
    assert_string_equal(b.data, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|\xc3\xa9\\u2029"
                                "\xf0\x9f\x93\xb0|\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\"");
    ss_buf_release(&b);
}

static void version(void **state)
{
    (void)state;
    assert_int_equal(ss_version_number(), SS_VERSION_NUMBER);
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", SS_VERSION_MAJOR, SS_VERSION_MINOR, SS_VERSION_PATCH);
    assert_string_equal(ss_version(), want);
}

/* The data folder: an explicit one is used alone and named when a file is
 * missing from it; without one the build tree's data is found. */
static void data_folder(void **state)
{
    (void)state;
    char path[1024], empty[] = "/tmp/ss_data_XXXXXX";
    ss_error err;
    unsetenv("SAMESTORY_DATA");
    assert_int_equal(ss_data_path("stopwords/en.txt", path, sizeof path, &err), SS_OK);
    assert_non_null(mkdtemp(empty));
    assert_int_equal(ss_data_dir_set(empty, &err), SS_OK);
    assert_int_equal(ss_data_path("stopwords/en.txt", path, sizeof path, &err), SS_ENODATA);
    assert_non_null(strstr(err.msg, "stopwords/en.txt not found in"));
    assert_non_null(strstr(err.msg, empty));
    assert_non_null(strstr(err.msg, "ss_data_dir_set"));
    char dirs[2048];
    assert_string_equal(ss_data_dirs(dirs, sizeof dirs), empty);
    /* what needs the lists fails, naming them, instead of working with less */
    assert_null(ss_cleaner_new(NULL, &err));
    assert_int_equal(err.code, SS_ENODATA);
    assert_non_null(strstr(err.msg, "stopwords not found"));
    assert_null(ss_langid_new(&err));
    assert_int_equal(err.code, SS_ENODATA);
    assert_null(ss_quoter_new(&err));
    assert_int_equal(err.code, SS_ENODATA);
    assert_non_null(strstr(err.msg, "reporting not found"));
    char longdir[SS_DATA_DIR_MAX + 1];
    memset(longdir, 'a', sizeof longdir - 1);
    longdir[sizeof longdir - 1] = '\0';
    assert_int_equal(ss_data_dir_set(longdir, &err), SS_EINVAL);
    assert_int_equal(ss_data_dir_set(NULL, &err), SS_OK);
    assert_int_equal(ss_data_path("stopwords/en.txt", path, sizeof path, &err), SS_OK);
    rmdir(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_folder),
        cmocka_unit_test(time_parse),
        cmocka_unit_test(time_format_and_weekday),
        cmocka_unit_test(buf_and_error),
        cmocka_unit_test(pool_runs_each_index_once),
        cmocka_unit_test(json_writer),
        cmocka_unit_test(json_writer_keeps_utf8_valid),
        cmocka_unit_test(version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
