/* Unit tests: input additions for parallel parsing — raw records from the
 * reader (ss_reader_next_raw + ss_reader_accept) and the fast JSONL parser,
 * which must give what ss_reader_next and ss_jsonl_parse give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "samestory.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ss_test_raw_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_text(const char *name, const char *s)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    FILE *f = fopen(p[k], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
    fclose(f);
    return p[k];
}

typedef struct {
    int n;
    char last[1024];
} warnings;

static void on_warn(void *ctx, const char *msg)
{
    warnings *w = ctx;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s", msg);
}

/* Read everything through ss_reader_next; the ids (or "!code") in order. */
static void read_cooked(const char *const *paths, size_t n, char *out, size_t cap, int *warns)
{
    warnings w = {0};
    ss_reader_opts o = {0};
    o.warn = on_warn;
    o.warn_ctx = &w;
    ss_error err;
    ss_reader *r = ss_reader_new(paths, n, &o, &err);
    assert_non_null(r);
    out[0] = '\0';
    ss_doc *d;
    int rc;
    while ((rc = ss_reader_next(r, &d, &err)) != 0) {
        char item[128];
        if (rc < 0)
            snprintf(item, sizeof item, "!%d ", rc);
        else
            snprintf(item, sizeof item, "%s ", d->id);
        strncat(out, item, cap - strlen(out) - 1);
        ss_doc_free(d);
    }
    *warns = w.n;
    ss_reader_free(r);
}

/* The same through raw records, parsing lines with the fast parser. */
static void read_raw(const char *const *paths, size_t n, char *out, size_t cap, int *warns,
                     ss_reader_stats *st)
{
    warnings w = {0};
    ss_reader_opts o = {0};
    o.warn = on_warn;
    o.warn_ctx = &w;
    ss_error err;
    ss_reader *r = ss_reader_new(paths, n, &o, &err);
    assert_non_null(r);
    out[0] = '\0';
    ss_raw_record rec;
    int rc;
    while ((rc = ss_reader_next_raw(r, &rec, &err)) != 0) {
        char item[128];
        ss_doc *d = rec.doc;
        if (rc > 0 && !d) {
            size_t rawn;
            const char *raw = ss_reader_raw(r, &rawn);
            assert_int_equal(rawn, rec.len);
            assert_memory_equal(raw, rec.line, rec.len);
            assert_true(rec.lineno > 0);
            rc = ss_jsonl_parse_fast(rec.line, rec.len, rec.origin, rec.lineno, 0, &d, &err);
            if (rc)
                ss_reader_count_bad(r);
        } else if (rc > 0) {
            assert_int_equal(rec.lineno, 0);
            rc = SS_OK;
        }
        if (rc == SS_OK)
            rc = ss_reader_accept(r, d, &err);
        if (rc < 0)
            snprintf(item, sizeof item, "!%d ", rc);
        else
            snprintf(item, sizeof item, "%s ", d->id);
        strncat(out, item, cap - strlen(out) - 1);
        ss_doc_free(d);
    }
    *warns = w.n;
    *st = ss_reader_get_stats(r);
    ss_reader_free(r);
}

static void raw_records_match_cooked(void **state)
{
    (void)state;
    const char *a = write_text("a.jsonl", "{\"id\":\"x1\",\"text\":\"one\"}\n\n{broken\n"
                                          "{\"id\":\"x1\",\"text\":\"again\"}\n"
                                          "{\"id\":\"x2\",\"text\":\"caf\xe9\"}\n"
                                          "{\"id\":\"x3\",\"title\":\"t\",\"n\":[1,2]}\n");
    const char *b = write_text("b.txt", "Title\nBody of b.\n");
    const char *paths[] = {a, b, "/nonexistent/file.txt", b};
    char cooked[512], raw[512];
    int w1, w2;
    ss_reader_stats st;
    read_cooked(paths, 4, cooked, sizeof cooked, &w1);
    read_raw(paths, 4, raw, sizeof raw, &w2, &st);
    assert_string_equal(cooked, raw);
    /* x1, bad JSON, dup x1, x2 (repaired: a warning), x3, b.txt, missing, dup b.txt */
    assert_string_equal(raw, "x1 !-3 !-8 x2 x3 b.txt !-2 !-8 ");
    assert_int_equal(w1, 1);
    assert_int_equal(w2, 1);
    assert_int_equal(st.docs, 4);
    assert_int_equal(st.bad, 4);
    assert_int_equal(st.repaired, 1);
}

static void fast_parser_agrees(void **state)
{
    (void)state;
    const char *lines[] = {
        "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\\ny \\\"q\\\"\",\"date\":\"2024-01-02\",\"lang\":\"EN\"}",
        "{\"id\":42,\"html\":\"<p>x</p>\",\"url\":null,\"other\":{\"deep\":[1,{\"k\":true}]}}",
        "{\"id\":\"h\",\"title\":\"Only title\",\"text\":\"\"}",
        "{\"id\":\"e\",\"text\":\"caf\\u00e9\"}",      /* \\u: handed to jansson */
        "{\"id\":\"d\",\"text\":\"a\",\"text\":\"b\"}", /* repeated field */
        "{\"id\":\"n\"}",                              /* neither title nor text */
        "{\"id\":\"\",\"text\":\"x\"}",                /* empty id */
        "{\"id\":1.5,\"text\":\"x\"}",                 /* real id */
        "{\"id\":\"w\",\"text\":[\"x\"]}",             /* wrong type */
        "{\"id\":\"t\",\"text\":\"x\"} x",             /* trailing garbage */
        "[{\"id\":\"t\",\"text\":\"x\"}]",             /* not an object */
        "{\"id\":\"z\",\"date\":\"yesterday\",\"text\":\"x\"}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        for (unsigned flags = 0; flags <= SS_JSONL_NO_EXTRA; flags++) {
            ss_doc *a = NULL, *b = NULL;
            ss_error e1, e2;
            int r1 = ss_jsonl_parse(lines[i], strlen(lines[i]), "f", 7, &a, &e1);
            int r2 = ss_jsonl_parse_fast(lines[i], strlen(lines[i]), "f", 7, flags, &b, &e2);
            assert_int_equal(r1, r2);
            if (r1 == SS_OK) {
                assert_string_equal(a->id, b->id);
                assert_int_equal(a->text_len, b->text_len);
                assert_int_equal(a->format, b->format);
                assert_int_equal(a->time, b->time);
                assert_string_equal(a->lang, b->lang);
                if (a->title)
                    assert_string_equal(a->title, b->title);
                if (flags & SS_JSONL_NO_EXTRA)
                    assert_null(b->extra);
                else if (a->extra)
                    assert_string_equal(a->extra, b->extra);
            } else {
                assert_string_equal(e1.msg, e2.msg);
            }
            ss_doc_free(a);
            ss_doc_free(b);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raw_records_match_cooked),
        cmocka_unit_test(fast_parser_agrees),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
