/* Unit tests: fingerprint/dedup — groups, representatives, edge cases,
 * order independence, and the on-disk index. */
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
#define XXH_INLINE_ALL
#include <xxhash.h>

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ss_test_dedup_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* An article of n pseudo-words from a vocabulary of 5000. */
static char *article(uint64_t *seed, size_t n)
{
    ss_buf b = SS_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        ss_buf_printf(&b, "%sw%llu%s", i ? " " : "", (unsigned long long)(rnd(seed) % 5000),
                      i % 23 == 22 ? "." : "");
    return ss_buf_detach(&b);
}

/* A copy with about `rate` of its words replaced. */
static char *edited(uint64_t *seed, const char *src, double rate)
{
    ss_buf b = SS_BUF_INIT;
    const char *p = src;
    while (*p) {
        const char *e = strchr(p, ' ');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if ((double)(rnd(seed) % 10000) < rate * 10000)
            ss_buf_printf(&b, "x%llu", (unsigned long long)(rnd(seed) % 100000));
        else
            ss_buf_append(&b, p, n);
        p += n;
        if (*p) {
            ss_buf_putc(&b, ' ');
            p++;
        }
    }
    return ss_buf_detach(&b);
}

typedef struct {
    const char *id;
    const char *title;
    const char *text;
    const char *date;
} in_doc;

/* Run documents through all four steps (in batches of `batch`). */
static void run(ss_dedup *dd, const in_doc *docs, size_t n, size_t batch)
{
    ss_dedup_work *w = ss_dedup_work_new();
    ss_dedup_item **items = calloc(batch, sizeof *items);
    for (size_t i = 0; i < batch; i++)
        items[i] = ss_dedup_item_new();
    ss_error err;
    for (size_t at = 0; at < n; at += batch) {
        size_t m = n - at < batch ? n - at : batch;
        for (size_t i = 0; i < m; i++) {
            ss_doc *d = ss_doc_new();
            ss_doc_set_str(&d->id, docs[at + i].id, (size_t)-1);
            ss_doc_set_text(d, docs[at + i].text, strlen(docs[at + i].text));
            if (docs[at + i].title)
                ss_doc_set_str(&d->title, docs[at + i].title, (size_t)-1);
            if (docs[at + i].date)
                ss_doc_set_date(d, docs[at + i].date);
            d->format = SS_FORMAT_JSONL;
            assert_int_equal(ss_dedup_scan(dd, w, items[i], d, &err), SS_OK);
            assert_int_equal(ss_dedup_admit(dd, items[i], d->id, d->time, &err), SS_OK);
            ss_doc_free(d);
        }
        for (size_t i = 0; i < m; i++)
            assert_int_equal(ss_dedup_sketch(dd, w, items[i], &err), SS_OK);
        for (size_t i = 0; i < m; i++)
            assert_int_equal(ss_dedup_link(dd, items[i], &err), SS_OK);
    }
    assert_int_equal(ss_dedup_finish(dd), SS_OK);
    for (size_t i = 0; i < batch; i++)
        ss_dedup_item_free(items[i]);
    free(items);
    ss_dedup_work_free(w);
}

static ss_dedup *fresh(void)
{
    ss_error err;
    ss_dedup *dd = ss_dedup_new(NULL, &err);
    assert_non_null(dd);
    return dd;
}

static uint32_t doc_of(const ss_dedup *dd, const char *id)
{
    for (uint32_t i = 0; i < ss_dedup_count(dd); i++)
        if (strcmp(ss_dedup_id(dd, i), id) == 0)
            return i;
    fail_msg("no document %s", id);
    return 0;
}

static const char *group_of(const ss_dedup *dd, const char *id)
{
    return ss_dedup_id(dd, ss_dedup_group(dd, doc_of(dd, id)));
}

static void options_are_checked(void **state)
{
    (void)state;
    ss_dedup_opts o;
    ss_error err;
    const double bad[] = {0.0, -0.5, 1.0001, 2.0, 0.0 / 0.0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ss_dedup_opts_default(&o);
        o.threshold = bad[i];
        assert_null(ss_dedup_new(&o, &err));
        assert_int_equal(err.code, SS_EINVAL);
        assert_non_null(strstr(err.msg, "threshold"));
    }
    ss_dedup_opts_default(&o);
    o.threshold = 1.0;
    ss_dedup *dd = ss_dedup_new(&o, &err);
    assert_non_null(dd);
    ss_dedup_params p = ss_dedup_get_params(dd);
    assert_true(p.cutoff > 0.9 && p.cutoff < 1.0);
    ss_dedup_free(dd);
    ss_dedup_opts_default(&o);
    o.hashes = 100;
    assert_null(ss_dedup_new(&o, &err));
    assert_non_null(strstr(err.msg, "hashes"));
    ss_dedup_opts_default(&o);
    o.ngram = 0;
    assert_null(ss_dedup_new(&o, &err));
    assert_non_null(strstr(err.msg, "ngram"));
    dd = fresh();
    p = ss_dedup_get_params(dd);
    assert_true(p.threshold == 0.8 && p.ngram == 5 && p.hashes == 1024);
    assert_int_equal(p.bands, 13);
    assert_int_equal(p.rows, 4);
    ss_dedup_free(dd);
}

static void groups_exact_near_and_unrelated(void **state)
{
    (void)state;
    uint64_t s = 11;
    char *a = article(&s, 300), *b = article(&s, 300);
    char *a_near = edited(&s, a, 0.02);   /* J about 0.8-0.9 */
    char *a_far = edited(&s, a, 0.15);    /* J about 0.3 */
    char *a_shout = strdup(a);
    for (char *p = a_shout; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    in_doc docs[] = {
        {"a", "Title A", a, NULL},
        {"b", "Title B", b, NULL},
        {"a-near", "Title A", a_near, "2020-01-01"},
        {"a-far", "Title A", a_far, NULL},
        {"a-upper", "TITLE A", a_shout, NULL},  /* exact copy after normalization */
        {"a-again", "Title A", a, "2021-05-05"},
    };
    ss_dedup *dd = fresh();
    run(dd, docs, 6, 4);
    /* a-near has the only... earliest date: it represents the group */
    assert_string_equal(group_of(dd, "a"), "a-near");
    assert_string_equal(group_of(dd, "a-upper"), "a-near");
    assert_string_equal(group_of(dd, "a-again"), "a-near");
    assert_string_equal(group_of(dd, "a-near"), "a-near");
    assert_string_equal(group_of(dd, "b"), "b");
    assert_string_equal(group_of(dd, "a-far"), "a-far");
    assert_true(ss_dedup_similarity(dd, doc_of(dd, "a-near")) == 1.0);
    double sim = ss_dedup_similarity(dd, doc_of(dd, "a"));
    assert_true(sim > 0.75 && sim < 1.0);
    assert_true(ss_dedup_pair_similarity(dd, doc_of(dd, "a"), doc_of(dd, "a-upper")) == 1.0);
    assert_true(ss_dedup_pair_similarity(dd, doc_of(dd, "a"), doc_of(dd, "b")) < 0.1);
    ss_dedup_stats st = ss_dedup_get_stats(dd);
    assert_int_equal(st.new_docs, 6);
    assert_int_equal(st.exact_copies, 2);
    assert_int_equal(st.near_groups, 1);
    assert_int_equal(st.exact_groups, 0);
    assert_int_equal(st.removed, 3);
    ss_dedup_free(dd);
    free(a);
    free(b);
    free(a_near);
    free(a_far);
    free(a_shout);
}

static void edge_cases(void **state)
{
    (void)state;
    /* empty documents, documents shorter than one n-gram, headline only */
    in_doc docs[] = {
        {"empty1", NULL, "", NULL},
        {"empty2", NULL, " -- ", NULL},
        {"short1", NULL, "Rates rise", NULL},
        {"short2", NULL, "rates RISE!", NULL},
        {"short3", NULL, "Rates fall", NULL},
        {"head1", "Bank of Norland raises rates", "", NULL},
        {"head2", "Bank of Norland raises rates again", "", NULL},
    };
    ss_dedup *dd = fresh();
    run(dd, docs, 7, 7);
    assert_string_equal(group_of(dd, "empty1"), "empty1"); /* no word: its own group */
    assert_string_equal(group_of(dd, "empty2"), "empty2");
    assert_string_equal(group_of(dd, "short2"), "short1");  /* equal words */
    assert_string_equal(group_of(dd, "short3"), "short3");
    assert_string_equal(group_of(dd, "head1"), "head1");
    assert_string_equal(group_of(dd, "head2"), "head2");    /* 1 shingle of 2 shared */
    ss_dedup_stats st = ss_dedup_get_stats(dd);
    assert_int_equal(st.empty, 2);
    assert_int_equal(st.exact_groups, 1);
    ss_dedup_free(dd);

    /* one document; and a corpus of identical documents */
    in_doc one[] = {{"only", "T", "one two three four five six seven", NULL}};
    dd = fresh();
    run(dd, one, 1, 1);
    assert_string_equal(group_of(dd, "only"), "only");
    assert_true(ss_dedup_similarity(dd, 0) == 1.0);
    ss_dedup_free(dd);
    in_doc same[50];
    char ids[50][16];
    for (int i = 0; i < 50; i++) {
        snprintf(ids[i], sizeof ids[i], "s%d", i);
        same[i] = (in_doc){ids[i], "Same", "one two three four five six seven", NULL};
    }
    dd = fresh();
    run(dd, same, 50, 16);
    for (int i = 0; i < 50; i++)
        assert_string_equal(group_of(dd, ids[i]), "s0");
    st = ss_dedup_get_stats(dd);
    assert_int_equal(st.exact_groups, 1);
    assert_int_equal(st.removed, 49);
    ss_dedup_free(dd);
}

/* The partition of documents into groups, as a canonical string. */
static void partition(const ss_dedup *dd, char *out, size_t cap)
{
    uint32_t n = ss_dedup_count(dd);
    out[0] = '\0';
    /* for each document (by id order of creation "dNNN"), the smallest id in its group */
    for (uint32_t k = 0; k < n; k++) {
        char want[16];
        snprintf(want, sizeof want, "d%03u", k);
        uint32_t i = doc_of(dd, want), g = ss_dedup_group(dd, i);
        const char *least = want;
        for (uint32_t j = 0; j < n; j++)
            if (ss_dedup_group(dd, j) == g && strcmp(ss_dedup_id(dd, j), least) < 0)
                least = ss_dedup_id(dd, j);
        char item[32];
        snprintf(item, sizeof item, "%s ", least);
        strncat(out, item, cap - strlen(out) - 1);
    }
}

static void shuffled_corpus_gives_the_same_groups(void **state)
{
    (void)state;
    enum { N = 120 };
    uint64_t s = 99;
    char *texts[N];
    in_doc docs[N];
    char ids[N][16];
    for (int i = 0; i < N; i++) {
        if (i % 3 == 0 || i < 6) {
            texts[i] = article(&s, 150 + (size_t)(rnd(&s) % 200));
        } else {
            int src = (int)(rnd(&s) % (uint64_t)(i / 2));
            double rate = (double)(rnd(&s) % 40) / 1000.0; /* 0 to 4% of words */
            texts[i] = edited(&s, texts[src], rate);
        }
        snprintf(ids[i], sizeof ids[i], "d%03d", i);
        docs[i] = (in_doc){ids[i], NULL, texts[i], NULL};
    }
    ss_dedup *dd = fresh();
    run(dd, docs, N, 32);
    static char want[N * 8], got[N * 8];
    partition(dd, want, sizeof want);
    ss_dedup_stats st = ss_dedup_get_stats(dd);
    assert_true(st.removed > 10); /* the corpus does hold duplicates */
    ss_dedup_free(dd);
    for (int round = 0; round < 3; round++) {
        in_doc sh[N];
        memcpy(sh, docs, sizeof sh);
        for (int i = N - 1; i > 0; i--) {
            int j = (int)(rnd(&s) % (uint64_t)(i + 1));
            in_doc t = sh[i];
            sh[i] = sh[j];
            sh[j] = t;
        }
        dd = fresh();
        run(dd, sh, N, round == 0 ? 1 : 17);
        partition(dd, got, sizeof got);
        assert_string_equal(want, got);
        ss_dedup_free(dd);
    }
    /* a document alone is its own group */
    for (int i = 0; i < N; i += 7) {
        dd = fresh();
        run(dd, &docs[i], 1, 1);
        assert_int_equal(ss_dedup_group(dd, 0), 0);
        ss_dedup_free(dd);
    }
    for (int i = 0; i < N; i++)
        free(texts[i]);
}

static const char *path_of(const char *name)
{
    static char p[2][512];
    static int k;
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", tmpdir, name);
    return p[k];
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    char *b = malloc(*n + 1);
    assert_int_equal(fread(b, 1, *n, f), *n);
    fclose(f);
    return b;
}

static void spit(const char *path, const char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
}

static void index_roundtrip_incremental_and_bad_files(void **state)
{
    (void)state;
    uint64_t s = 5;
    char *a = article(&s, 200), *b = article(&s, 200);
    /* copies with a new last sentence (J about 0.97) */
    ss_buf ea = SS_BUF_INIT, eb = SS_BUF_INIT;
    ss_buf_printf(&ea, "%s and a new ending", a);
    ss_buf_printf(&eb, "%s with another ending", b);
    char *a2 = ss_buf_detach(&ea), *b2 = ss_buf_detach(&eb);
    in_doc day1[] = {{"a", NULL, a, "2024-01-01"}, {"b", NULL, b, NULL}};
    in_doc day2[] = {{"b2", NULL, b2, NULL}, {"a2", NULL, a2, "2023-12-31"}, {"c", NULL, "x y z", NULL}};
    const char *idx = path_of("day.idx");
    ss_error err;
    ss_dedup *dd = fresh();
    assert_int_equal(ss_dedup_load(dd, idx, &err), SS_ENOTFOUND);
    run(dd, day1, 2, 2);
    assert_int_equal(ss_dedup_save(dd, idx, &err), SS_OK);
    ss_dedup_free(dd);

    dd = fresh();
    assert_int_equal(ss_dedup_load(dd, idx, &err), SS_OK);
    assert_int_equal(ss_dedup_count(dd), 2);
    assert_int_equal(ss_dedup_first_new(dd), 2);
    run(dd, day2, 3, 3);
    assert_string_equal(group_of(dd, "b2"), "b");   /* a copy of yesterday's b */
    assert_string_equal(group_of(dd, "a2"), "a2");  /* dated earlier than a: now the representative */
    assert_string_equal(group_of(dd, "a"), "a2");
    assert_string_equal(group_of(dd, "c"), "c");
    ss_dedup_stats st = ss_dedup_get_stats(dd);
    assert_int_equal(st.new_docs, 3);
    assert_int_equal(st.docs, 5);
    assert_int_equal(st.removed, 1); /* b2; a2 represents */
    assert_int_equal(ss_dedup_save(dd, idx, &err), SS_OK);
    ss_dedup_free(dd);

    /* reload: everything is there */
    dd = fresh();
    assert_int_equal(ss_dedup_load(dd, idx, &err), SS_OK);
    assert_int_equal(ss_dedup_finish(dd), SS_OK);
    assert_int_equal(ss_dedup_count(dd), 5);
    assert_string_equal(group_of(dd, "b2"), "b");
    ss_dedup_free(dd);

    size_t n;
    char *good = slurp(idx, &n);
    assert_non_null(good);
    const char *bad = path_of("bad.idx");
    struct {
        size_t at;
        unsigned char x;
        const char *why;
    } flips[] = {{0, 'X', "not a samestory dedup index"},
                 {8, 7, "format version"},
                 {n - 3, 0x55, "corrupt"},
                 {96 + 9, 0x01, "corrupt"}};
    for (size_t k = 0; k < sizeof flips / sizeof flips[0]; k++) {
        char *c = malloc(n);
        memcpy(c, good, n);
        c[flips[k].at] ^= (char)flips[k].x;
        spit(bad, c, n);
        dd = fresh();
        assert_int_equal(ss_dedup_load(dd, bad, &err), SS_EFORMAT);
        if (!strstr(err.msg, flips[k].why))
            fail_msg("flip at %zu: message \"%s\"", flips[k].at, err.msg);
        assert_int_equal(ss_dedup_count(dd), 0); /* untouched */
        ss_dedup_free(dd);
        size_t m;
        char *after = slurp(bad, &m);
        assert_int_equal(m, n);
        assert_memory_equal(after, c, n); /* a bad file is not rewritten */
        free(after);
        free(c);
    }
    /* truncated */
    spit(bad, good, n - 100);
    dd = fresh();
    assert_int_equal(ss_dedup_load(dd, bad, &err), SS_EFORMAT);
    assert_non_null(strstr(err.msg, "truncated"));
    ss_dedup_free(dd);
    spit(bad, good, 40);
    dd = fresh();
    assert_int_equal(ss_dedup_load(dd, bad, &err), SS_EFORMAT);
    ss_dedup_free(dd);
    /* other options */
    ss_dedup_opts o;
    ss_dedup_opts_default(&o);
    o.threshold = 0.9;
    dd = ss_dedup_new(&o, &err);
    assert_int_equal(ss_dedup_load(dd, idx, &err), SS_EFORMAT);
    assert_non_null(strstr(err.msg, "--threshold 0.8"));
    assert_non_null(strstr(err.msg, "--threshold 0.9"));
    ss_dedup_free(dd);
    /* a save that cannot happen leaves the old index as it was */
    dd = fresh();
    assert_int_equal(ss_dedup_load(dd, idx, &err), SS_OK);
    chmod(tmpdir, 0500);
    int can_write = access(path_of("probe"), F_OK) == 0 || geteuid() == 0;
    int rc = ss_dedup_save(dd, idx, &err);
    chmod(tmpdir, 0700);
    if (!can_write) {
        assert_int_equal(rc, SS_EIO);
        assert_non_null(strstr(err.msg, "index not saved"));
    }
    size_t m;
    char *after = slurp(idx, &m);
    assert_int_equal(m, n);
    assert_memory_equal(after, good, n);
    free(after);
    ss_dedup_free(dd);
    free(good);
    free(a);
    free(b);
    free(a2);
    free(b2);
}

/* 4-bit fingerprints narrow to exactly the 2-bit ones of the same minima:
 * for the low 32 bits x of a minimum, 1 + floor(15x / 2^32) was stored,
 * 1 + floor(3x / 2^32) is now. */
static void four_bit_sketches_narrow_exactly(void **state)
{
    (void)state;
    enum { K = 1024 };
    uint8_t wide[K / 2], narrow[K / 4];
    uint32_t want[K];
    uint64_t s = 77;
    for (int round = 0; round < 20; round++) {
        memset(wide, 0, sizeof wide);
        for (uint32_t i = 0; i < K; i++) {
            uint64_t x = rnd(&s) & 0xffffffffu;
            int empty = (rnd(&s) & 7) == 0;
            if (round == 0) /* the ends of the range */
                x = i & 1 ? 0xffffffffu : (uint64_t)(i & 2) * 0x55555555u;
            uint32_t f4 = empty ? 0 : (uint32_t)(1 + ((x * 15) >> 32));
            want[i] = empty ? 0 : (uint32_t)(1 + ((x * 3) >> 32));
            wide[i >> 1] |= (uint8_t)(f4 << (4 * (i & 1)));
        }
        ss_minhash_sketch_from_4bit(wide, K, narrow);
        for (uint32_t i = 0; i < K; i++)
            assert_int_equal((narrow[i >> 2] >> (2 * (i & 3))) & 3, want[i]);
    }
}

static uint64_t rd64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static void wr64(char *p, uint64_t v) { memcpy(p, &v, 8); }

/* An index of format version 1 (sketches of 4-bit fingerprints) is read:
 * its sketches are narrowed, and similarities are those of version 2. */
static void index_of_version_1_is_read(void **state)
{
    (void)state;
    uint64_t s = 9;
    char *t[4];
    for (int i = 0; i < 2; i++)
        t[i] = article(&s, 300);
    ss_buf e = SS_BUF_INIT;
    ss_buf_printf(&e, "%s and a new ending of a few words", t[0]);
    t[2] = ss_buf_detach(&e);
    ss_buf_printf(&e, "A new first line.\n%s", t[1]);
    t[3] = ss_buf_detach(&e);
    in_doc docs[] = {{"a", NULL, t[0], NULL}, {"b", NULL, t[1], NULL}, {"a2", NULL, t[2], NULL},
                     {"b2", NULL, t[3], NULL}};
    const char *idx = path_of("v2.idx"), *old = path_of("v1.idx");
    ss_error err;
    ss_dedup *dd = fresh();
    run(dd, docs, 4, 4);
    assert_int_equal(ss_dedup_save(dd, idx, &err), SS_OK);
    double sim[4][4];
    for (uint32_t i = 0; i < 4; i++)
        for (uint32_t j = 0; j < 4; j++)
            sim[i][j] = ss_dedup_pair_similarity(dd, i, j);
    assert_true(sim[0][2] > 0.8 && sim[1][3] > 0.8 && sim[0][1] < 0.2);
    ss_dedup_free(dd);

    /* the same index as version 1 wrote it: header version 1, each sketch
     * widened to 4-bit fingerprints (2-bit g -> 4-bit 5g - 2, one of the
     * five that narrow to g), both checksums made again */
    size_t n;
    char *v2 = slurp(idx, &n);
    assert_non_null(v2);
    uint32_t hashes;
    memcpy(&hashes, v2 + 28, 4);
    uint64_t ndocs = rd64(v2 + 48), ns = rd64(v2 + 56), ids = rd64(v2 + 64);
    assert_int_equal(ns, 4);
    size_t sk_at = 96 + ndocs * 32 + ndocs * 4 + ids, sb = hashes / 4;
    size_t m = n + ns * sb; /* each sketch twice as long */
    char *v1 = malloc(m);
    memcpy(v1, v2, sk_at);
    for (size_t k = 0; k < ns; k++)
        for (uint32_t i = 0; i < hashes; i += 2) {
            uint32_t g0 = ((uint8_t)v2[sk_at + k * sb + i / 4] >> (2 * (i & 3))) & 3;
            uint32_t g1 = ((uint8_t)v2[sk_at + k * sb + i / 4] >> (2 * ((i + 1) & 3))) & 3;
            uint32_t f0 = g0 ? 5 * g0 - 2 : 0, f1 = g1 ? 5 * g1 - 2 : 0;
            v1[sk_at + k * 2 * sb + i / 2] = (char)(f0 | f1 << 4);
        }
    memcpy(v1 + sk_at + ns * 2 * sb, v2 + sk_at + ns * sb, n - sk_at - ns * sb);
    uint32_t one = 1;
    memcpy(v1 + 8, &one, 4);
    wr64(v1 + 72, m - 96);
    wr64(v1 + 80, XXH64(v1 + 96, m - 96, 0));
    wr64(v1 + 88, XXH64(v1, 88, 0));
    spit(old, v1, m);

    dd = fresh();
    if (ss_dedup_load(dd, old, &err) != SS_OK)
        fail_msg("version 1: %s", err.msg);
    assert_int_equal(ss_dedup_finish(dd), SS_OK);
    assert_int_equal(ss_dedup_count(dd), 4);
    for (uint32_t i = 0; i < 4; i++)
        for (uint32_t j = 0; j < 4; j++)
            assert_true(ss_dedup_pair_similarity(dd, i, j) == sim[i][j]);
    assert_string_equal(group_of(dd, "a2"), "a");
    assert_string_equal(group_of(dd, "b2"), "b");
    /* saved again, it is version 2, byte for byte what version 2 wrote */
    assert_int_equal(ss_dedup_save(dd, old, &err), SS_OK);
    size_t n2;
    char *again = slurp(old, &n2);
    assert_int_equal(n2, n);
    assert_memory_equal(again, v2, n);
    /* a version-1 file cut short is still caught by its size */
    spit(old, v1, m - sb);
    ss_dedup_free(dd);
    dd = fresh();
    assert_int_equal(ss_dedup_load(dd, old, &err), SS_EFORMAT);
    ss_dedup_free(dd);
    free(again);
    free(v1);
    free(v2);
    for (int i = 0; i < 4; i++)
        free(t[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_are_checked),
        cmocka_unit_test(groups_exact_near_and_unrelated),
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(shuffled_corpus_gives_the_same_groups),
        cmocka_unit_test(index_roundtrip_incremental_and_bad_files),
        cmocka_unit_test(four_bit_sketches_narrow_exactly),
        cmocka_unit_test(index_of_version_1_is_read),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
