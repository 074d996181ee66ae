/* Unit tests: input — streams (gzip, zstd, truncation), JSONL records, reader. */
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
#include <zlib.h>
#include <zstd.h>

#include "samestory.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ss_test_input_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    return p[k];
}

static void write_file(const char *name, const void *data, size_t n)
{
    FILE *f = fopen(path_of(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void write_text(const char *name, const char *s) { write_file(name, s, strlen(s)); }

static size_t gzip_bytes(const char *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t got = cap - z.avail_out;
    deflateEnd(&z);
    return got;
}

/* a JSONL corpus of 2000 records, big enough to span several buffers */
static char *make_corpus(size_t *n)
{
    ss_buf b = SS_BUF_INIT;
    for (int i = 0; i < 2000; i++)
        ss_buf_printf(&b, "{\"id\":\"d%d\",\"text\":\"record number %d with some words to fill "
                          "the line up a bit more\"}\n", i, i);
    *n = b.len;
    return ss_buf_detach(&b);
}

static int count_lines(const char *path, int *err_code, ss_error *err)
{
    ss_stream *s = ss_stream_open(path, 0, err);
    assert_non_null(s);
    const char *line;
    size_t len;
    int n = 0, rc;
    while ((rc = ss_stream_getline(s, &line, &len, err)) == 1) {
        char want[32];
        snprintf(want, sizeof want, "{\"id\":\"d%d\"", n);
        assert_memory_equal(line, want, strlen(want));
        n++;
    }
    *err_code = rc;
    ss_stream_close(s);
    return n;
}

static void stream_plain_gzip_zstd(void **state)
{
    (void)state;
    size_t n;
    char *corpus = make_corpus(&n);
    write_file("c.jsonl", corpus, n);
    size_t cap = n + 1024;
    unsigned char *gz = malloc(cap);
    size_t gzn = gzip_bytes(corpus, n, gz, cap);
    write_file("c.jsonl.gz", gz, gzn);
    /* two gzip members concatenated read as one stream */
    unsigned char *two = malloc(2 * gzn);
    size_t half = gzip_bytes(corpus, n / 2 + 7, two, 2 * gzn);
    /* cut exactly at a line end for the first member */
    const char *cut = memchr(corpus + n / 2, '\n', n - n / 2);
    size_t first = (size_t)(cut - corpus) + 1;
    half = gzip_bytes(corpus, first, two, 2 * gzn);
    size_t second = gzip_bytes(corpus + first, n - first, two + half, 2 * gzn - half);
    write_file("two.jsonl.gz", two, half + second);
    size_t zcap = ZSTD_compressBound(n);
    void *zs = malloc(zcap);
    size_t zn = ZSTD_compress(zs, zcap, corpus, n, 3);
    assert_false(ZSTD_isError(zn));
    write_file("c.jsonl.zst", zs, zn);
    ss_error err;
    int code;
    assert_int_equal(count_lines(path_of("c.jsonl"), &code, &err), 2000);
    assert_int_equal(code, 0);
    assert_int_equal(count_lines(path_of("c.jsonl.gz"), &code, &err), 2000);
    assert_int_equal(code, 0);
    assert_int_equal(count_lines(path_of("two.jsonl.gz"), &code, &err), 2000);
    assert_int_equal(code, 0);
    assert_int_equal(count_lines(path_of("c.jsonl.zst"), &code, &err), 2000);
    assert_int_equal(code, 0);
    /* truncated: whole lines before the cut survive, then SS_EFORMAT with an offset */
    write_file("t.jsonl.gz", gz, gzn / 2);
    int got = count_lines(path_of("t.jsonl.gz"), &code, &err);
    assert_int_equal(code, SS_EFORMAT);
    assert_true(got > 100 && got < 2000);
    assert_non_null(strstr(err.msg, "truncated gzip"));
    assert_non_null(strstr(err.msg, "t.jsonl.gz"));
    write_file("t.jsonl.zst", zs, zn - 10);
    got = count_lines(path_of("t.jsonl.zst"), &code, &err);
    assert_int_equal(code, SS_EFORMAT);
    assert_non_null(strstr(err.msg, "truncated zstd"));
    /* corrupt gzip body */
    gz[gzn / 2] ^= 0xFF;
    gz[gzn / 2 + 1] ^= 0xFF;
    write_file("x.jsonl.gz", gz, gzn);
    count_lines(path_of("x.jsonl.gz"), &code, &err);
    assert_int_equal(code, SS_EFORMAT);
    free(corpus);
    free(gz);
    free(two);
    free(zs);
}

/* read_all gives a file's bytes whole, whatever was read before (a peek)
 * and whether the file is bigger than the first read; over the limit it
 * is SS_ETOOBIG; gzipped, the same bytes. */
static void stream_read_all(void **state)
{
    (void)state;
    size_t sizes[] = {0, 5, 4096, 300000, 1200000};
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        char *data = malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            data[i] = (char)('a' + (i * 7 + i / 1000) % 26);
        write_file("all.bin", data, n);
        for (int peek = 0; peek < 2; peek++) {
            ss_error err;
            ss_stream *st = ss_stream_open(path_of("all.bin"), 0, &err);
            assert_non_null(st);
            if (peek) {
                const char *p;
                size_t got;
                assert_true(ss_stream_peek(st, 4, &p, &got, &err) >= 0);
            }
            ss_buf b = SS_BUF_INIT;
            assert_int_equal(ss_stream_read_all(st, &b, (size_t)1 << 30, &err), SS_OK);
            assert_int_equal(b.len, n);
            if (n)
                assert_memory_equal(b.data, data, n);
            assert_int_equal(ss_stream_bytes(st), n);
            ss_stream_close(st);
            ss_buf_release(&b);
            if (n > 10) { /* over the limit: an error, with what fits */
                st = ss_stream_open(path_of("all.bin"), 0, &err);
                assert_int_equal(ss_stream_read_all(st, &b, n - 10, &err), SS_ETOOBIG);
                assert_int_equal(b.len, n - 10);
                ss_stream_close(st);
                ss_buf_release(&b);
            }
        }
        if (n) {
            size_t cap = n + n / 2 + 1024;
            unsigned char *gz = malloc(cap);
            size_t m = gzip_bytes(data, n, gz, cap);
            write_file("all.bin.gz", gz, m);
            ss_error err;
            ss_stream *st = ss_stream_open(path_of("all.bin.gz"), 0, &err);
            ss_buf b = SS_BUF_INIT;
            assert_int_equal(ss_stream_read_all(st, &b, (size_t)1 << 30, &err), SS_OK);
            assert_int_equal(b.len, n);
            assert_memory_equal(b.data, data, n);
            ss_stream_close(st);
            ss_buf_release(&b);
            free(gz);
        }
        free(data);
    }
}

/* Every line of gzip members of every size comes back in order, read by
 * lines: members decoded whole (libdeflate, stream.c whole_member) from
 * what the input buffer holds, from growing windows of the file (a member
 * of 1.4 MB of hard-to-compress text), into the output buffer or the side
 * buffer past it; an empty member; lines that span members.  A truncated
 * last member and a damaged one in the middle go to inflate, which reports
 * them as before and passes nothing of them on. */
static size_t members_file(const char *name, const char *data, const size_t *cuts, size_t ncuts,
                           int damage, int truncate)
{
    size_t cap = cuts[ncuts - 1] + cuts[ncuts - 1] / 2 + 4096 * ncuts;
    unsigned char *gz = malloc(cap);
    size_t n = 0, at = 0, damaged_at = 0;
    for (size_t k = 0; k < ncuts; k++) {
        size_t m = gzip_bytes(data + at, cuts[k] - at, gz + n, cap - n);
        if ((int)k == damage) {
            damaged_at = n;
            for (int b = 0; b < 4; b++)
                gz[n + m * 3 / 4 + (size_t)b] ^= 0xFF;
        }
        n += m;
        at = cuts[k];
    }
    write_file(name, gz, truncate ? n - 40 : n);
    free(gz);
    return damaged_at;
}

static void stream_gzip_members_of_every_size(void **state)
{
    (void)state;
    size_t n = 2000000;
    char *data = malloc(n);
    uint64_t r = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        data[i] = (r % 61 == 0) ? '\n' : (r % 7 == 0) ? ' ' : (char)('a' + (r >> 20) % 26);
    }
    data[n - 1] = '\n';
    char *want = malloc(n);
    for (int variant = 0; variant < 4; variant++) {
        /* 0: sound; 1: the last member cut short; 2: the 1.4 MB member
         * damaged; 3: the 450 KB one damaged (it fits the output buffer, so
         * inflate decodes part of it before the damage, held back) */
        /* member ends: small, one to fill most of the buffer, an empty one,
         * 1.4 MB, small ones after; mid-line except around the damaged one;
         * the file under 2 MiB, so read whole in windows (stream.c) */
        size_t cuts[] = {100, 450000, 450000, 1850000, 1850010, 1900000, n};
        size_t ncuts = sizeof cuts / sizeof *cuts;
        if (variant >= 2)
            for (size_t k = variant == 3 ? 0 : 1; k + 1 < ncuts; k++)
                cuts[k] = (size_t)((const char *)memchr(data + cuts[k], '\n', n - cuts[k]) - data) + 1;
        int damaged = variant == 2 ? 3 : variant == 3 ? 1 : -1;
        size_t bad_at = members_file("m.gz", data, cuts, ncuts, damaged, variant == 1);
        /* the bytes that should come out, in order */
        size_t wn = 0;
        for (size_t k = 0, at = 0; k < ncuts; at = cuts[k], k++) {
            if ((int)k == damaged)
                continue;
            memcpy(want + wn, data + at, cuts[k] - at);
            wn += cuts[k] - at;
        }
        ss_error err;
        ss_stream *st = ss_stream_open(path_of("m.gz"), 0, &err);
        assert_non_null(st);
        const char *line;
        size_t len, at = 0, errors = 0;
        int rc;
        while ((rc = ss_stream_getline(st, &line, &len, &err)) != 0) {
            if (rc < 0) {
                errors++;
                assert_int_equal(rc, SS_EFORMAT);
                if (variant == 1) {
                    assert_non_null(strstr(err.msg, "truncated gzip"));
                    break;
                }
                assert_true(variant >= 2);
                char msg[64];
                snprintf(msg, sizeof msg, "corrupt gzip member at compressed bytes %zu-", bad_at);
                if (!strstr(err.msg, msg))
                    fail_msg("%s", err.msg);
                continue; /* reading goes on with the next member */
            }
            assert_true(at + len < wn);
            if (memcmp(line, want + at, len) != 0 || want[at + len] != '\n')
                fail_msg("variant %d: the line at byte %zu differs", variant, at);
            at += len + 1;
        }
        if (variant == 1) {
            assert_int_equal(errors, 1);
            assert_true(at > cuts[4] && at < n);
        } else {
            assert_int_equal(errors, (size_t)(variant >= 2));
            assert_int_equal(at, wn);
        }
        if (variant != 1)
            assert_int_equal(ss_stream_bytes(st), wn); /* the bytes that went out */
        ss_stream_close(st);
        /* read whole: the same bytes */
        if (variant == 0) {
            st = ss_stream_open(path_of("m.gz"), 0, &err);
            ss_buf b = SS_BUF_INIT;
            assert_int_equal(ss_stream_read_all(st, &b, (size_t)1 << 30, &err), SS_OK);
            assert_int_equal(b.len, n);
            assert_memory_equal(b.data, data, n);
            ss_buf_release(&b);
            ss_stream_close(st);
        }
    }
    free(want);
    free(data);
}

/* A gzip member with a header CRC (FHCRC): passed when the CRC is right,
 * refused as damaged when it is wrong (inflate checks it; libdeflate,
 * which decodes whole members, would skip it, so such members go to
 * inflate), with the members around it read. */
static size_t fhcrc_member(const char *text, unsigned char *out, size_t cap, int good)
{
    unsigned char tmp[4096];
    size_t m = gzip_bytes(text, strlen(text), tmp, sizeof tmp);
    assert_true(m + 2 <= cap && m > 18);
    memcpy(out, tmp, 10);
    out[3] |= 0x02;
    unsigned crc16 = (unsigned)(crc32(0, out, 10) & 0xFFFF) ^ (good ? 0 : 0x5A5A);
    out[10] = (unsigned char)(crc16 & 0xFF);
    out[11] = (unsigned char)(crc16 >> 8);
    memcpy(out + 12, tmp + 10, m - 10);
    return m + 2;
}

static void stream_gzip_header_crc(void **state)
{
    (void)state;
    for (int good = 0; good < 2; good++) {
        unsigned char f[16384];
        size_t n = gzip_bytes("first\n", 6, f, sizeof f);
        size_t second = n;
        n += fhcrc_member("second\n", f + n, sizeof f - n, good);
        size_t third = n;
        n += gzip_bytes("third\n", 6, f + n, sizeof f - n);
        write_file("h.gz", f, n);
        ss_error err;
        ss_stream *st = ss_stream_open(path_of("h.gz"), 0, &err);
        assert_non_null(st);
        const char *line;
        size_t len;
        int rc;
        ss_buf got = SS_BUF_INIT;
        int errors = 0;
        while ((rc = ss_stream_getline(st, &line, &len, &err)) != 0) {
            if (rc < 0) {
                errors++;
                char want[96];
                snprintf(want, sizeof want, "corrupt gzip member at compressed bytes %zu-%zu", second,
                         third);
                if (!strstr(err.msg, want) || !strstr(err.msg, "header crc"))
                    fail_msg("%s", err.msg);
                continue;
            }
            ss_buf_append(&got, line, len);
            ss_buf_putc(&got, '|');
        }
        assert_int_equal(errors, !good);
        assert_string_equal(got.data, good ? "first|second|third|" : "first|third|");
        ss_buf_release(&got);
        ss_stream_close(st);
    }
}

static void stream_long_line_is_skipped(void **state)
{
    (void)state;
    ss_buf b = SS_BUF_INIT;
    ss_buf_puts(&b, "short one\n");
    for (int i = 0; i < 100000; i++)
        ss_buf_putc(&b, 'x');
    ss_buf_puts(&b, "\nafter\nlast without newline");
    write_file("long.txt", b.data, b.len);
    ss_error err;
    ss_stream *s = ss_stream_open(path_of("long.txt"), 1000, &err);
    const char *line;
    size_t len;
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 1);
    assert_int_equal(len, 9);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), SS_ETOOBIG);
    assert_int_equal(err.line, 2);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 1);
    assert_memory_equal(line, "after", 5);
    assert_int_equal(ss_stream_lineno(s), 3);
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 1);
    assert_int_equal(len, strlen("last without newline"));
    assert_int_equal(ss_stream_getline(s, &line, &len, &err), 0);
    ss_stream_close(s);
    ss_buf_release(&b);
    assert_null(ss_stream_open(path_of("does-not-exist"), 0, &err));
    assert_int_equal(err.code, SS_EIO);
    assert_non_null(strstr(err.msg, "does-not-exist"));
}

static void jsonl_fields(void **state)
{
    (void)state;
    const char *line = "{\"id\":\"a1\",\"title\":\"T\",\"text\":\"Body\",\"lang\":\"en-GB\","
                       "\"date\":\"2022-01-11T10:00:00Z\",\"source\":\"Wire\",\"url\":\"http://x\","
                       "\"tags\":[\"x\",{\"y\":1}],\"score\":0.5}";
    ss_doc *d = NULL;
    ss_error err;
    assert_int_equal(ss_jsonl_parse(line, strlen(line), "f.jsonl", 3, &d, &err), 0);
    assert_string_equal(d->id, "a1");
    assert_string_equal(d->title, "T");
    assert_string_equal(d->text, "Body");
    assert_string_equal(d->lang, "en");
    assert_true(d->lang_given);
    assert_int_equal(d->time, 1641895200);
    assert_string_equal(d->source, "Wire");
    assert_string_equal(d->extra, "\"tags\":[\"x\",{\"y\":1}],\"score\":0.5");
    assert_int_equal(d->line, 3);
    assert_int_equal(d->format, SS_FORMAT_JSONL);
    ss_doc_free(d);
    /* integer id, html only, headline only */
    const char *h = "{\"id\":42,\"html\":\"<p>x</p>\"}";
    assert_int_equal(ss_jsonl_parse(h, strlen(h), "f", 1, &d, &err), 0);
    assert_string_equal(d->id, "42");
    assert_int_equal(d->format, SS_FORMAT_HTML);
    assert_null(d->extra);
    ss_doc_free(d);
    const char *t = "{\"id\":\"h\",\"title\":\"Only a headline\",\"text\":\"\"}";
    assert_int_equal(ss_jsonl_parse(t, strlen(t), "f", 1, &d, &err), 0);
    assert_int_equal(d->text_len, 0);
    ss_doc_free(d);
    /* a bad date is kept as given, time unknown */
    const char *bd = "{\"id\":\"b\",\"text\":\"x\",\"date\":\"last Tuesday\"}";
    assert_int_equal(ss_jsonl_parse(bd, strlen(bd), "f", 1, &d, &err), 0);
    assert_string_equal(d->date, "last Tuesday");
    assert_true(d->time == SS_TIME_NONE);
    ss_doc_free(d);
}

static void jsonl_repairs(void **state)
{
    (void)state;
    /* raw invalid byte and an escaped NUL: both become U+FFFD, counted */
    const char line[] = "{\"id\":\"r\",\"text\":\"a\xff" "b\\u0000c\"}";
    ss_doc *d = NULL;
    ss_error err;
    assert_int_equal(ss_jsonl_parse(line, sizeof line - 1, "f", 1, &d, &err), 0);
    assert_string_equal(d->text, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    assert_int_equal(d->n_repaired, 2);
    ss_doc_free(d);
}

static void jsonl_errors(void **state)
{
    (void)state;
    struct {
        const char *line;
        int code;
        const char *msg;
    } cases[] = {
        {"{\"id\":\"a\",\"text\":", SS_EPARSE, "invalid JSON"},
        {"[1,2]", SS_EPARSE, "not an object"},
        {"{\"text\":\"no id\"}", SS_EMISSING, "no \"id\""},
        {"{\"id\":\"\",\"text\":\"x\"}", SS_EMISSING, "empty \"id\""},
        {"{\"id\":[1],\"text\":\"x\"}", SS_EMISSING, "\"id\" must be"},
        {"{\"id\":\"e\"}", SS_EMISSING, "neither title nor text"},
        {"{\"id\":\"e\",\"text\":\"\",\"title\":\"\"}", SS_EMISSING, "neither title nor text"},
        {"{\"id\":\"e\",\"text\":5}", SS_EMISSING, "\"text\" must be a string"},
        {"{\"id\":\"e\",\"text\":\"x\",\"title\":{}}", SS_EMISSING, "\"title\" must be a string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ss_doc *d = NULL;
        ss_error err;
        ss_error_clear(&err);
        int rc = ss_jsonl_parse(cases[i].line, strlen(cases[i].line), "in.jsonl", 12, &d, &err);
        if (rc != cases[i].code || !strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: rc %d msg '%s'", i, rc, err.msg);
        assert_null(d);
        assert_non_null(strstr(err.msg, "in.jsonl:12:"));
        assert_int_equal(err.line, 12);
    }
}

static void jsonl_pair(void **state)
{
    (void)state;
    const char *line = "{\"id\":\"p1\",\"a\":{\"id\":\"x\",\"text\":\"one\"},\"b\":{\"id\":\"y\","
                       "\"lang\":\"de\",\"text\":\"zwei\"}}";
    char *id;
    ss_doc *a, *b;
    ss_error err;
    assert_int_equal(ss_jsonl_parse_pair(line, strlen(line), "p", 1, &id, &a, &b, &err), 0);
    assert_string_equal(id, "p1");
    assert_string_equal(a->text, "one");
    assert_string_equal(b->lang, "de");
    free(id);
    ss_doc_free(a);
    ss_doc_free(b);
    const char *bad = "{\"id\":\"p2\",\"a\":{\"id\":\"x\",\"text\":\"one\"}}";
    assert_int_equal(ss_jsonl_parse_pair(bad, strlen(bad), "p", 2, &id, &a, &b, &err), SS_EMISSING);
    assert_null(id);
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

static void reader_walks_and_reports(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/corpus", tmpdir);
    mkdir(dir, 0755);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0755);
    write_text("corpus/b.txt", "\xef\xbb\xbf\n  Title line  \nBody text.\n");
    write_text("corpus/a.html", "<html><title>P</title><body><p>Hi</p></body></html>");
    write_text("corpus/sub/c.jsonl", "{\"id\":\"c1\",\"text\":\"x\"}\n\n{bad\n{\"id\":\"c1\",\"text\":\"y\"}\n"
               "{\"id\":\"c2\",\"text\":\"z\"}\n");
    write_text("corpus/notes.pdf", "%PDF");
    write_text("corpus/.hidden.txt", "x");
    warnings w = {0};
    ss_reader_opts o = {0};
    o.warn = on_warn;
    o.warn_ctx = &w;
    const char *paths[] = {dir, path_of("missing.txt")};
    ss_error err;
    ss_reader *r = ss_reader_new(paths, 2, &o, &err);
    assert_non_null(r);
    ss_doc *d;
    /* name order: a.html, b.txt, notes.pdf (skipped, warned), sub/c.jsonl */
    assert_int_equal(ss_reader_next(r, &d, &err), 1);
    assert_string_equal(d->id, "a.html");
    assert_int_equal(d->format, SS_FORMAT_HTML);
    assert_null(d->text);
    ss_doc_free(d);
    assert_int_equal(ss_reader_next(r, &d, &err), 1);
    assert_string_equal(d->id, "b.txt");
    assert_string_equal(d->title, "Title line");
    assert_int_equal(d->text_len, 27); /* the whole file, title line included, not its BOM */
    assert_int_equal(memcmp(d->text, "\n  Title line", 13), 0);
    assert_string_equal(d->text + d->body_start, "Body text.\n");
    ss_doc_free(d);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.last, "notes.pdf"));
    assert_int_equal(ss_reader_next(r, &d, &err), 1);
    assert_string_equal(d->id, "c1");
    ss_doc_free(d);
    /* the blank line is skipped; the broken one is an error on line 3 */
    assert_int_equal(ss_reader_next(r, &d, &err), SS_EPARSE);
    assert_int_equal(err.line, 3);
    size_t rawn;
    const char *raw = ss_reader_raw(r, &rawn);
    assert_int_equal(rawn, 4);
    assert_memory_equal(raw, "{bad", 4);
    assert_int_equal(ss_reader_next(r, &d, &err), SS_EDUPID);
    assert_non_null(strstr(err.msg, "duplicate id \"c1\""));
    assert_non_null(strstr(err.msg, "c.jsonl:4"));
    assert_int_equal(ss_reader_next(r, &d, &err), 1);
    assert_string_equal(d->id, "c2");
    ss_doc_free(d);
    assert_int_equal(ss_reader_next(r, &d, &err), SS_EIO);
    assert_non_null(strstr(err.msg, "missing.txt"));
    assert_int_equal(ss_reader_next(r, &d, &err), 0);
    ss_reader_stats st = ss_reader_get_stats(r);
    assert_int_equal(st.docs, 4);
    assert_int_equal(st.bad, 3);
    ss_reader_free(r);
}

/* skip_pages: HTML files are passed over, by name without opening them
 * and by content after the first bytes; text and JSONL stay. */
static void reader_skips_pages(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/pages", tmpdir);
    mkdir(dir, 0755);
    write_text("pages/a.html", "<html><title>P</title><body><p>Hi</p></body></html>");
    write_text("pages/b.txt", "Title\nBody text.\n");
    write_text("pages/c.jsonl", "{\"id\":\"c1\",\"text\":\"x\"}\n");
    write_text("pages/e.htm.gz", "<html><body>x</body></html>"); /* plain, despite its name */
    /* a file of no known ending is read when named (a folder passes over it) */
    write_text("page", "<!DOCTYPE html><html><body><p>A page by its bytes</p></body></html>");
    for (int skip = 0; skip <= 1; skip++) {
        ss_reader_opts o = {0};
        o.skip_pages = skip;
        const char *paths[] = {dir, path_of("page")};
        ss_error err;
        ss_reader *r = ss_reader_new(paths, 2, &o, &err);
        assert_non_null(r);
        char ids[256] = "";
        int k, bad = 0;
        ss_doc *d;
        while ((k = ss_reader_next(r, &d, &err)) != 0) {
            if (k < 0) {
                bad++;
                continue;
            }
            strncat(ids, d->id, sizeof ids - strlen(ids) - 2);
            strcat(ids, " ");
            ss_doc_free(d);
        }
        ss_reader_stats st = ss_reader_get_stats(r);
        if (skip) {
            assert_string_equal(ids, "b.txt c1 ");
            assert_int_equal(bad, 0);
            assert_int_equal(st.files, 3); /* b.txt, c.jsonl, and page to see its bytes */
        } else {
            assert_string_equal(ids, "a.html b.txt c1 e.htm page ");
            assert_int_equal(bad, 0);
            assert_int_equal(st.files, 5);
        }
        ss_reader_free(r);
    }
}

static void reader_caps_and_repairs(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'a', sizeof big);
    write_file("big.txt", big, sizeof big);
    write_file("bad.txt", "ok\xc3(\x00z", 6);
    write_text("explicit.data", "  <html><body>x</body></html>");
    warnings w = {0};
    ss_reader_opts o = {0};
    o.max_doc_bytes = 4096;
    o.warn = on_warn;
    o.warn_ctx = &w;
    const char *paths[] = {path_of("big.txt"), path_of("bad.txt"), path_of("explicit.data")};
    ss_error err;
    ss_reader *r = ss_reader_new(paths, 3, &o, &err);
    ss_doc *d;
    assert_int_equal(ss_reader_next(r, &d, &err), SS_ETOOBIG);
    assert_non_null(strstr(err.msg, "big.txt"));
    assert_int_equal(ss_reader_next(r, &d, &err), 1);
    assert_int_equal(d->n_repaired, 2);
    assert_string_equal(d->text, "ok\xef\xbf\xbd(\xef\xbf\xbdz");
    assert_non_null(strstr(w.last, "bad.txt"));
    ss_doc_free(d);
    assert_int_equal(ss_reader_next(r, &d, &err), 1);
    assert_int_equal(d->format, SS_FORMAT_HTML); /* sniffed */
    ss_doc_free(d);
    assert_int_equal(ss_reader_next(r, &d, &err), 0);
    ss_reader_free(r);
}

/* Content sniffing of files with no known ending (issue 19, point 4). */
#define SNIFF(lit, whole) ss_sniff_content(lit, sizeof(lit) - 1, whole)

static void sniff_verdicts(void **state)
{
    (void)state;
    ss_sniff v = SNIFF("{\"id\":1}\n{\"id\":2}\n", 1);
    assert_int_equal(v.kind, SS_SNIFF_JSONL);
    assert_int_equal(v.doubt, 0);
    v = SNIFF("\xEF\xBB\xBF  WARC/1.1\r\n", 1);
    assert_int_equal(v.kind, SS_SNIFF_WARC);
    v = SNIFF("\n<!doctype html><p>x", 1);
    assert_int_equal(v.kind, SS_SNIFF_HTML);
    v = SNIFF("{\"a\": 1,\n \"b\": 2}\n", 1);
    assert_int_equal(v.kind, SS_SNIFF_TEXT); /* pretty-printed JSON is no JSONL */
    assert_int_equal(v.doubt, 1);
    v = SNIFF("{\"id\":1,\"text\":\"cut", 0); /* first line longer than the window */
    assert_int_equal(v.kind, SS_SNIFF_JSONL);
    assert_int_equal(v.doubt, 1);
    v = SNIFF("\xFD" "7zXZ\0\0\0", 1);
    assert_int_equal(v.kind, SS_SNIFF_BINARY);
    assert_int_equal(v.magic, 1);
    assert_non_null(strstr(v.why, "xz"));
    v = SNIFF("BZh91AY&SYxxxx", 1);
    assert_int_equal(v.kind, SS_SNIFF_BINARY);
    v = SNIFF("BZh is how the word starts.", 1); /* text, not bzip2 */
    assert_int_equal(v.kind, SS_SNIFF_TEXT);
    const char le[] = "H\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0";
    assert_int_equal(ss_sniff_utf16(le, sizeof le - 1), 1);
    assert_int_equal(ss_sniff_utf16(le + 1, sizeof le - 2), 2);
    assert_int_equal(ss_sniff_utf16("Hello world", 11), 0);
    v = ss_sniff_content(le, sizeof le - 1, 1);
    assert_int_equal(v.kind, SS_SNIFF_TEXT); /* UTF-16 text, not binary */
    char ctl[100];
    memset(ctl, 'a', sizeof ctl);
    for (int i = 0; i < 10; i++)
        ctl[i * 10] = 0x01;
    v = ss_sniff_content(ctl, sizeof ctl, 1);
    assert_int_equal(v.kind, SS_SNIFF_BINARY);
    assert_int_equal(v.magic, 0);
}

/* HTTP content codings (issue 19, point 7). */
static void decode_codings(void **state)
{
    (void)state;
    assert_int_equal(ss_coding_of(" GZip "), SS_CODING_GZIP);
    assert_int_equal(ss_coding_of("x-gzip"), SS_CODING_GZIP);
    assert_int_equal(ss_coding_of("deflate"), SS_CODING_DEFLATE);
    assert_int_equal(ss_coding_of("br"), SS_CODING_BR);
    assert_int_equal(ss_coding_of(""), SS_CODING_IDENTITY);
    assert_int_equal(ss_coding_of("gzip, br"), SS_CODING_UNKNOWN);
    const char text[] = "a page, a page, a page, a page";
    unsigned char raw[128];
    z_stream z;
    memset(&z, 0, sizeof z);
    /* raw deflate (no zlib wrapper), as some servers send for "deflate" */
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)text;
    z.avail_in = sizeof text - 1;
    z.next_out = raw;
    z.avail_out = sizeof raw;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = sizeof raw - z.avail_out;
    deflateEnd(&z);
    ss_buf out = SS_BUF_INIT;
    ss_error err;
    assert_int_equal(ss_decode_content(SS_CODING_DEFLATE, (const char *)raw, n, 1000, &out, &err),
                     SS_OK);
    assert_int_equal(out.len, sizeof text - 1);
    assert_memory_equal(out.data, text, out.len);
    /* the cap holds */
    ss_buf_clear(&out);
    assert_int_equal(ss_decode_content(SS_CODING_DEFLATE, (const char *)raw, n, 10, &out, &err),
                     SS_ETOOBIG);
    /* damage is an error, not garbage */
    ss_buf_clear(&out);
    assert_int_equal(ss_decode_content(SS_CODING_GZIP, "\x1f\x8b\x08\0junkjunkjunk", 16, 1000, &out,
                                       &err),
                     SS_EFORMAT);
    ss_buf_clear(&out);
    assert_int_equal(ss_decode_content(SS_CODING_BR, "\xff\xff\xff", 3, 1000, &out, &err),
                     SS_EFORMAT);
    ss_buf_release(&out);
}

/* ss_body_split: an object, an array (with a non-object), JSON Lines, the
 * record cap, an empty body. */
static void body_split_shapes(void **state)
{
    (void)state;
    ss_body_record *r;
    size_t n;
    ss_error err;
    const char *obj = "{\"id\": \"a\", \"text\": \"x\", \"z\": 1}";
    assert_int_equal(ss_body_split(obj, strlen(obj), 10, &r, &n, &err), SS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].json, "{\"id\":\"a\",\"text\":\"x\",\"z\":1}");
    ss_body_records_free(r, n);

    const char *arr = "[{\"id\":\"a\",\"text\":\"x\"}, 7, {\"id\":2,\"text\":\"y\"}]";
    assert_int_equal(ss_body_split(arr, strlen(arr), 10, &r, &n, &err), SS_OK);
    assert_int_equal(n, 3);
    assert_non_null(r[0].json);
    assert_null(r[1].json);
    assert_non_null(strstr(r[1].error, "record:2: "));
    assert_non_null(r[2].json);
    ss_body_records_free(r, n);
    /* a page sent as the body is said to be one, not read line by line */
    const char *page = "\n <!doctype html>\n<html><body><p>x</p></body></html>\n";
    assert_int_equal(ss_body_split(page, strlen(page), 10, &r, &n, &err), SS_EPARSE);
    assert_true(r == NULL && n == 0 && strstr(err.msg, "\"html\""));
    assert_int_equal(ss_body_split(arr, strlen(arr), 2, &r, &n, &err), SS_ETOOBIG);
    assert_null(r);

    const char *lines = "{\"id\":\"a\",\"text\":\"x\"}\r\n\n  \n{\"id\":\"b\",\"text\":\"\\ud800\"}\n{broken";
    assert_int_equal(ss_body_split(lines, strlen(lines), 10, &r, &n, &err), SS_OK);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].json, "{\"id\":\"a\",\"text\":\"x\"}");
    assert_string_equal(r[2].json, "{broken");
    ss_doc *d = NULL;
    assert_int_equal(ss_jsonl_parse(r[1].json, r[1].len, "body", 2, &d, &err), SS_OK);
    assert_non_null(strstr(d->text, "\xef\xbf\xbd")); /* the lone surrogate became U+FFFD */
    ss_doc_free(d);
    assert_int_not_equal(ss_jsonl_parse(r[2].json, r[2].len, "body", 3, &d, &err), SS_OK);
    ss_body_records_free(r, n);
    assert_int_equal(ss_body_split(lines, strlen(lines), 2, &r, &n, &err), SS_ETOOBIG);

    assert_int_equal(ss_body_split("", 0, 10, &r, &n, &err), SS_OK);
    assert_int_equal(n, 0);
    ss_body_records_free(r, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stream_plain_gzip_zstd),
        cmocka_unit_test(stream_long_line_is_skipped),
        cmocka_unit_test(stream_read_all),
        cmocka_unit_test(stream_gzip_members_of_every_size),
        cmocka_unit_test(stream_gzip_header_crc),
        cmocka_unit_test(jsonl_fields),
        cmocka_unit_test(jsonl_repairs),
        cmocka_unit_test(jsonl_errors),
        cmocka_unit_test(jsonl_pair),
        cmocka_unit_test(reader_walks_and_reports),
        cmocka_unit_test(reader_skips_pages),
        cmocka_unit_test(reader_caps_and_repairs),
        cmocka_unit_test(sniff_verdicts),
        cmocka_unit_test(decode_codings),
        cmocka_unit_test(body_split_shapes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
