/* Unit tests: align — token sequences, fingerprints, the seed index, the
 * aligner, merging and the quote rule, sources, and the reuse engine on the
 * edge cases: identical texts, a text repeating itself, passages across
 * paragraph breaks, Hindi and Chinese offsets, long texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

/* ---- helpers --------------------------------------------------------------- */

/* Pseudo-random prose: words made of syllables, sentences, from a seed, so
 * that two seeds give texts that share no run of words. */
static void prose(ss_buf *b, uint32_t seed, int words)
{
    static const char *const syl[] = {"ka", "lo", "mi", "ne", "tu", "ra", "so", "vi", "de", "ba",
                                      "gu", "po", "fe", "zi", "ha", "wo", "ly", "qu", "ex", "an"};
    uint32_t x = seed * 2654435761u + 12345u;
    for (int i = 0; i < words; i++) {
        x = x * 1103515245u + 12345u;
        int n = 1 + (int)((x >> 16) % 3);
        for (int k = 0; k < n; k++) {
            x = x * 1103515245u + 12345u;
            ss_buf_puts(b, syl[(x >> 16) % 20]);
        }
        ss_buf_puts(b, (i % 11 == 10) ? ". " : " ");
    }
}

static ss_doc *doc(const char *id, const char *text, const char *date)
{
    ss_doc *d = ss_doc_new();
    assert_non_null(d);
    assert_int_equal(ss_doc_set_str(&d->id, id, (size_t)-1), SS_OK);
    assert_int_equal(ss_doc_set_text(d, text, strlen(text)), SS_OK);
    if (date)
        ss_doc_set_date(d, date);
    return d;
}

/* All passages of the documents (a < b), with default options but min_chars. */
static void run_reuse(ss_doc **docs, size_t n, uint32_t min_chars, uint32_t max_df, ss_reuse **eng,
                      ss_reuse_passages *out)
{
    ss_reuse_opts o;
    ss_reuse_opts_default(&o);
    if (min_chars)
        o.merge.min_chars = min_chars;
    if (max_df)
        o.max_df = max_df;
    *eng = ss_reuse_new(&o, NULL);
    assert_non_null(*eng);
    ss_error err;
    assert_int_equal(ss_reuse_add_docs(*eng, NULL, docs, n, &err), SS_OK);
    assert_int_equal(ss_reuse_build(*eng, &err), SS_OK);
    ss_reuse_worker *w = ss_reuse_worker_new(*eng);
    assert_non_null(w);
    ss_reuse_passages_init(out);
    for (uint32_t a = 0; a < n; a++)
        assert_int_equal(ss_reuse_find(w, a, out), SS_OK);
    ss_reuse_worker_free(w);
}

/* The code points [s, e) of valid UTF-8 text, as a new string. */
static char *cp_slice(const char *text, uint32_t s, uint32_t e)
{
    size_t len = strlen(text);
    size_t bs = ss_utf8_byte_offset(text, len, s), be = ss_utf8_byte_offset(text, len, e);
    char *out = malloc(be - bs + 1);
    assert_non_null(out);
    memcpy(out, text + bs, be - bs);
    out[be - bs] = '\0';
    return out;
}

static void assert_span_is(const char *text, uint32_t s, uint32_t e, const char *want)
{
    char *got = cp_slice(text, s, e);
    if (strcmp(got, want) != 0)
        fail_msg("span [%u, %u) is '%s', want '%s'", s, e, got, want);
    free(got);
}

static uint32_t cp_of(const char *text, const char *at) { return (uint32_t)ss_utf8_count(text, (size_t)(at - text)); }

static void build(ss_aseq *s, const char *text)
{
    ss_tokens t;
    ss_tokens_init(&t);
    ss_aseq_init(s);
    assert_int_equal(ss_aseq_build(s, text, strlen(text), &t), SS_OK);
    ss_tokens_release(&t);
}

/* Index of the token starting at the code point of `at`. */
static size_t tok_at(const ss_aseq *s, const char *text, const char *at)
{
    uint32_t cp = cp_of(text, at);
    for (size_t i = 0; i < s->n; i++)
        if (ss_aseq_cp_start(s, i) == cp)
            return i;
    fail_msg("no token at code point %u", cp);
    return 0;
}

/* ---- token sequences ------------------------------------------------------- */

static void sequence_flags(void **state)
{
    (void)state;
    const char *t = "Lead para says “we rise” today.\n"
                    "A 12\" screen and \"quoted words here\" now.\n"
                    "\"Long quote begins\n"
                    "\"and ends here,\" she said.\n"
                    "A stray \" mark quotes nothing more.";
    ss_aseq s;
    build(&s, t);
    assert_true(s.tok[tok_at(&s, t, strstr(t, "we"))].flags & SS_ATOK_QUOTED);
    assert_true(s.tok[tok_at(&s, t, strstr(t, "rise"))].flags & SS_ATOK_QUOTED);
    assert_false(s.tok[tok_at(&s, t, strstr(t, "today"))].flags & SS_ATOK_QUOTED);
    assert_false(s.tok[tok_at(&s, t, strstr(t, "screen"))].flags & SS_ATOK_QUOTED);
    assert_true(s.tok[tok_at(&s, t, strstr(t, "quoted"))].flags & SS_ATOK_QUOTED);
    assert_false(s.tok[tok_at(&s, t, strstr(t, "now"))].flags & SS_ATOK_QUOTED);
    /* a quotation going on in the next paragraph, opened again there */
    assert_true(s.tok[tok_at(&s, t, strstr(t, "Long"))].flags & SS_ATOK_QUOTED);
    assert_true(s.tok[tok_at(&s, t, strstr(t, "ends"))].flags & SS_ATOK_QUOTED);
    assert_false(s.tok[tok_at(&s, t, strstr(t, "she"))].flags & SS_ATOK_QUOTED);
    assert_false(s.tok[tok_at(&s, t, strstr(t, "more"))].flags & SS_ATOK_QUOTED);
    /* paragraph starts */
    assert_true(s.tok[0].flags & SS_ATOK_PARA);
    assert_true(s.tok[tok_at(&s, t, strstr(t, "A 12"))].flags & SS_ATOK_PARA);
    assert_false(s.tok[tok_at(&s, t, strstr(t, "para"))].flags & SS_ATOK_PARA);
    /* spans and edges: "today." has a full stop after it, “we an opening mark */
    size_t k = tok_at(&s, t, strstr(t, "today"));
    assert_int_equal(ss_aseq_cp_end(&s, k) - ss_aseq_cp_start(&s, k), 5);
    assert_int_equal(ss_aseq_edge_len(s.tok[k].tail), 1);
    assert_int_equal(ss_aseq_edge_len(s.tok[tok_at(&s, t, strstr(t, "we"))].head), 1);
    assert_int_equal(s.cp_len, ss_utf8_count(t, strlen(t)));
    ss_aseq_release(&s);
}

static void long_tokens_keep_offsets(void **state)
{
    (void)state;
    ss_buf b = SS_BUF_INIT;
    ss_buf_puts(&b, "short ");
    for (int i = 0; i < 300; i++)
        ss_buf_puts(&b, "é");
    ss_buf_puts(&b, " tail");
    ss_aseq s;
    build(&s, b.data);
    assert_int_equal(s.n, 3);
    assert_int_equal(ss_aseq_cp_start(&s, 1), 6);
    assert_int_equal(ss_aseq_cp_end(&s, 1), 306);
    assert_int_equal(ss_aseq_cp_start(&s, 2), 307);
    assert_int_equal(ss_aseq_cp_end(&s, 2), 311);
    ss_aseq_release(&s);
    ss_buf_release(&b);
}

static void fingerprints_guarantee(void **state)
{
    (void)state;
    const unsigned n = 5, w = 4;
    ss_buf shared = SS_BUF_INIT;
    prose(&shared, 99, (int)(n + w - 1)); /* exactly w + n - 1 words */
    for (uint32_t seed = 1; seed < 40; seed++) {
        ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
        prose(&x, seed, 30);
        ss_buf_append(&x, shared.data, shared.len);
        prose(&x, seed + 1000, 30);
        prose(&y, seed + 2000, 17);
        ss_buf_append(&y, shared.data, shared.len);
        prose(&y, seed + 3000, 5);
        ss_aseq a, b;
        build(&a, x.data);
        build(&b, y.data);
        ss_fps fa, fb;
        ss_fps_init(&fa);
        ss_fps_init(&fb);
        assert_int_equal(ss_aseq_fingerprints(&a, n, w, &fa), SS_OK);
        assert_int_equal(ss_aseq_fingerprints(&b, n, w, &fb), SS_OK);
        int common = 0;
        for (size_t i = 0; i < fa.n; i++) {
            assert_true(fa.v[i].pos + n <= a.n);
            if (i)
                assert_true(fa.v[i].pos > fa.v[i - 1].pos);
            assert_true(fa.v[i].hash == ss_aseq_ngram(&a, fa.v[i].pos, n));
            for (size_t j = 0; j < fb.n; j++)
                common += fa.v[i].hash == fb.v[j].hash;
        }
        assert_true(common >= 1);
        /* about 2 / (w + 1) of the positions */
        assert_true(fa.n * 10 >= (a.n - n + 1) * 3 && fa.n * 10 <= (a.n - n + 1) * 6);
        ss_fps_release(&fa);
        ss_fps_release(&fb);
        ss_aseq_release(&a);
        ss_aseq_release(&b);
        ss_buf_release(&x);
        ss_buf_release(&y);
    }
    ss_aseq s;
    build(&s, "too few words");
    ss_fps f;
    ss_fps_init(&f);
    assert_int_equal(ss_aseq_fingerprints(&s, n, w, &f), SS_OK);
    assert_int_equal(f.n, 0);
    ss_fps_release(&f);
    ss_aseq_release(&s);
    ss_buf_release(&shared);
}

/* ---- seed index ------------------------------------------------------------ */

/* Furniture per source: source 1 has 0xF00D on 4 of its 5 documents (its
 * furniture: their postings go), source 2 prints it once, a document
 * without a source once: those two still share it.  0xBEEF is in 2 of
 * source 1's documents (under 3) and in one of source 2's: kept whole. */
static void seedindex_furniture_per_source(void **state)
{
    (void)state;
    ss_seedindex *ix = ss_seedindex_new(100);
    assert_non_null(ix);
    ss_seedindex_set_furniture(ix, 0.3, 3);
    ss_fp v[2];
    ss_fps f = {v, 0, 2};
    for (uint32_t d = 0; d < 7; d++) {
        f.n = 0;
        if (d != 4)
            v[f.n++] = (ss_fp){0xF00D, 0};
        if (d == 0 || d == 1 || d == 5)
            v[f.n++] = (ss_fp){0xBEEF, 1};
        assert_int_equal(ss_seedindex_add(ix, d, &f), SS_OK);
        uint64_t src = d < 5 ? 0x5151 : d == 5 ? 0x7272 : 0;
        assert_int_equal(ss_seedindex_set_source(ix, d, src), SS_OK);
    }
    assert_int_equal(ss_seedindex_build(ix), SS_OK);
    size_t n;
    const uint32_t *docs = ss_seedindex_docs(ix, 0xF00D, &n);
    assert_int_equal(n, 2);
    assert_int_equal(docs[0], 5);
    assert_int_equal(docs[1], 6);
    docs = ss_seedindex_docs(ix, 0xBEEF, &n);
    assert_int_equal(n, 3);
    assert_int_equal(ss_seedindex_get_stats(ix).furniture, 1);
    ss_seedindex_free(ix);
    /* off (share 0): the same index keeps all six */
    ix = ss_seedindex_new(100);
    for (uint32_t d = 0; d < 7; d++) {
        f.n = 0;
        if (d != 4)
            v[f.n++] = (ss_fp){0xF00D, 0};
        assert_int_equal(ss_seedindex_add(ix, d, &f), SS_OK);
        assert_int_equal(ss_seedindex_set_source(ix, d, d < 5 ? 0x5151 : 0x7272), SS_OK);
    }
    assert_int_equal(ss_seedindex_build(ix), SS_OK);
    assert_non_null(ss_seedindex_docs(ix, 0xF00D, &n));
    assert_int_equal(n, 6);
    ss_seedindex_free(ix);
    /* many sources (the source map grows): 90 outlets of one page each
     * print one text; none has it as furniture */
    ix = ss_seedindex_new(100);
    ss_seedindex_set_furniture(ix, 0.3, 3);
    for (uint32_t d = 0; d < 90; d++) {
        f.n = 0;
        v[f.n++] = (ss_fp){0xF00D, 0};
        assert_int_equal(ss_seedindex_add(ix, d, &f), SS_OK);
        assert_int_equal(ss_seedindex_set_source(ix, d, 1000 + d), SS_OK);
    }
    assert_int_equal(ss_seedindex_build(ix), SS_OK);
    assert_non_null(ss_seedindex_docs(ix, 0xF00D, &n));
    assert_int_equal(n, 90);
    ss_seedindex_free(ix);
}

static void seedindex_df_cap(void **state)
{
    (void)state;
    ss_seedindex *ix = ss_seedindex_new(3);
    assert_non_null(ix);
    ss_fp v[3];
    ss_fps f = {v, 0, 3};
    for (uint32_t d = 0; d < 5; d++) {
        f.n = 0;
        v[f.n++] = (ss_fp){0xAAAA, 0};                 /* in every document: over the cap */
        if (d == 1 || d == 3)
            v[f.n++] = (ss_fp){0xBBBB, 1};             /* in two */
        if (d == 2)
            v[f.n++] = (ss_fp){0xCCCC, 2};             /* in one */
        if (d == 4)
            v[f.n++] = (ss_fp){0xBBBB, 2};             /* a third, and twice in one document */
        if (d == 4)
            v[f.n++] = (ss_fp){0xBBBB, 0};
        assert_int_equal(ss_seedindex_add(ix, d, &f), SS_OK);
    }
    assert_int_equal(ss_seedindex_add(ix, 9, &f), SS_EINVAL); /* out of order */
    assert_int_equal(ss_seedindex_build(ix), SS_OK);
    assert_int_equal(ss_seedindex_add(ix, 5, &f), SS_EINVAL); /* after building */
    size_t n;
    assert_null(ss_seedindex_docs(ix, 0xAAAA, &n));
    assert_int_equal(n, 0);
    assert_null(ss_seedindex_docs(ix, 0xCCCC, &n));
    const uint32_t *docs = ss_seedindex_docs(ix, 0xBBBB, &n);
    assert_non_null(docs);
    assert_int_equal(n, 3);
    assert_int_equal(docs[0], 1);
    assert_int_equal(docs[1], 3);
    assert_int_equal(docs[2], 4);
    ss_seedindex_stats st = ss_seedindex_get_stats(ix);
    assert_int_equal(st.docs, 5);
    assert_int_equal(st.seeds, 1);
    assert_int_equal(st.over_cap, 1);
    assert_int_equal(st.postings, 3);
    ss_seedindex_free(ix);
    ss_seedindex_free(NULL);
}

/* ---- aligner and merging --------------------------------------------------- */

static void align_texts(const char *x, const char *y, ss_apassages *out, int merge)
{
    ss_aseq a, b;
    build(&a, x);
    build(&b, y);
    ss_aligner *al = ss_aligner_new(NULL, NULL);
    assert_non_null(al);
    assert_int_equal(ss_aligner_set_a(al, &a, NULL), SS_OK);
    ss_apassages_init(out);
    assert_int_equal(ss_aligner_pair(al, &b, out), SS_OK);
    if (merge) {
        ss_merge_opts o;
        ss_merge_opts_default(&o);
        ss_passages_merge(out, 0, &a, &b, &o);
    }
    ss_aligner_free(al);
    ss_aseq_release(&a);
    ss_aseq_release(&b);
}

static void edits_are_tolerated(void **state)
{
    (void)state;
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
    prose(&x, 1, 40);
    prose(&y, 2, 25);
    const char *orig = "The Chinese side agrees with the assessment on the nature of the riots, and "
                       "supports the alliance in helping the country fight violent forces and playing "
                       "a positive role in restoring stability there, Wang said.";
    const char *edit = "The Chinese side agrees with the assessment on the nature of the riots; and "
                       "it supports the alliance in helping the country fight violent forces and "
                       "playing a constructive role in restoring stability there, Wang was cited as "
                       "saying.";
    ss_buf_puts(&x, orig);
    ss_buf_puts(&x, " ");
    prose(&x, 3, 40);
    ss_buf_puts(&y, edit);
    ss_buf_puts(&y, " ");
    prose(&y, 4, 30);
    ss_apassages p;
    align_texts(x.data, y.data, &p, 1);
    assert_int_equal(p.n, 1);
    /* from the first word to the end, "Wang" included */
    const char *a0 = strstr(x.data, "The Chinese"), *b0 = strstr(y.data, "The Chinese");
    assert_int_equal(p.v[0].a_start, cp_of(x.data, a0));
    assert_int_equal(p.v[0].b_start, cp_of(y.data, b0));
    assert_true(p.v[0].a_end >= cp_of(x.data, strstr(x.data, "Wang said")) + 4);
    assert_true(p.v[0].b_end >= cp_of(y.data, strstr(y.data, "Wang was")) + 4);
    assert_true(p.v[0].a_end <= cp_of(x.data, a0) + strlen(orig));
    double id = ss_apassage_identity(&p.v[0]);
    assert_true(id > 0.8 && id < 1.0);
    ss_apassages_release(&p);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void unrelated_texts_share_nothing(void **state)
{
    (void)state;
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
    prose(&x, 11, 3000);
    prose(&y, 12, 3000);
    ss_apassages p;
    align_texts(x.data, y.data, &p, 1);
    assert_int_equal(p.n, 0);
    ss_apassages_release(&p);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void across_paragraphs_one_passage(void **state)
{
    (void)state;
    ss_buf para[3] = {SS_BUF_INIT, SS_BUF_INIT, SS_BUF_INIT};
    for (int i = 0; i < 3; i++)
        prose(&para[i], 50 + (uint32_t)i, 35);
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
    prose(&x, 60, 50);
    ss_buf_puts(&x, "\n\n");
    for (int i = 0; i < 3; i++) {
        ss_buf_append(&x, para[i].data, para[i].len);
        ss_buf_puts(&x, "\n\n");
    }
    prose(&x, 61, 50);
    /* B runs them together in one paragraph, after its own text */
    prose(&y, 62, 20);
    ss_buf_puts(&y, "\n");
    for (int i = 0; i < 3; i++)
        ss_buf_append(&y, para[i].data, para[i].len);
    ss_buf_puts(&y, "\n");
    prose(&y, 63, 20);
    ss_apassages p;
    align_texts(x.data, y.data, &p, 1);
    assert_int_equal(p.n, 1);
    assert_true(ss_apassage_identity(&p.v[0]) > 0.99);
    assert_int_equal(p.v[0].a_tok_end - p.v[0].a_tok, 105);
    ss_apassages_release(&p);
    for (int i = 0; i < 3; i++)
        ss_buf_release(&para[i]);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void two_reused_paragraphs_stay_two(void **state)
{
    (void)state;
    ss_buf p1 = SS_BUF_INIT, p2 = SS_BUF_INIT, x = SS_BUF_INIT, y = SS_BUF_INIT;
    prose(&p1, 70, 30);
    prose(&p2, 71, 30);
    /* each text has its own 45 words between the two reused paragraphs */
    ss_buf_append(&x, p1.data, p1.len);
    ss_buf_puts(&x, "\n");
    prose(&x, 72, 45);
    ss_buf_puts(&x, "\n");
    ss_buf_append(&x, p2.data, p2.len);
    ss_buf_append(&y, p1.data, p1.len);
    ss_buf_puts(&y, "\n");
    prose(&y, 73, 45);
    ss_buf_puts(&y, "\n");
    ss_buf_append(&y, p2.data, p2.len);
    ss_apassages p;
    align_texts(x.data, y.data, &p, 1);
    assert_int_equal(p.n, 2);
    assert_true(p.v[0].a_end < p.v[1].a_start);
    ss_apassages_release(&p);
    ss_buf_release(&p1);
    ss_buf_release(&p2);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void quote_rule(void **state)
{
    (void)state;
    const char *quote = "“We will rebuild every street of the old harbour district, and we will do it "
                        "together with the people who live there, whatever it costs,”";
    /* two independent reports: the same statement, their own prose */
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
    prose(&x, 80, 40);
    ss_buf_puts(&x, "\n");
    ss_buf_puts(&x, quote);
    ss_buf_puts(&x, " the mayor said.\n");
    prose(&x, 81, 40);
    prose(&y, 82, 30);
    ss_buf_puts(&y, "\nThe mayor told reporters: ");
    ss_buf_puts(&y, quote);
    ss_buf_puts(&y, " she added.\n");
    prose(&y, 83, 40);
    ss_apassages p;
    align_texts(x.data, y.data, &p, 0);
    assert_int_equal(p.n, 1); /* the aligner sees the shared quotation */
    assert_true(p.v[0].quoted > p.v[0].prose);
    ss_apassages_release(&p);
    align_texts(x.data, y.data, &p, 1);
    assert_int_equal(p.n, 0); /* and the rule drops it */
    ss_apassages_release(&p);
    /* the same quotation reused with the prose around it: reuse */
    const char *before = "The council met on the night of the storm and voted to spend the reserve fund "
                         "on pumps, sandbags and shelter beds for the families of the lower town. ";
    ss_buf_clear(&x);
    ss_buf_clear(&y);
    prose(&x, 84, 40);
    ss_buf_puts(&x, "\n");
    ss_buf_puts(&x, before);
    ss_buf_puts(&x, quote);
    ss_buf_puts(&x, " the mayor said.\n");
    prose(&x, 85, 40);
    prose(&y, 86, 30);
    ss_buf_puts(&y, "\n");
    ss_buf_puts(&y, before);
    ss_buf_puts(&y, quote);
    ss_buf_puts(&y, " the mayor said.\n");
    prose(&y, 87, 40);
    align_texts(x.data, y.data, &p, 1);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.v[0].a_start, cp_of(x.data, strstr(x.data, "The council")));
    assert_int_equal(p.v[0].a_end, cp_of(x.data, strstr(x.data, " the mayor said.\n")) + 16);
    ss_apassages_release(&p);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void repetitive_text_is_bounded(void **state)
{
    (void)state;
    /* one sentence 20000 times in both: every m-gram is over the occurrence
     * cap, so no run starts, and nothing grows with the square of the text */
    ss_buf x = SS_BUF_INIT;
    for (int i = 0; i < 20000; i++)
        ss_buf_puts(&x, "the cat sat on the mat. ");
    ss_apassages p;
    align_texts(x.data, x.data, &p, 1);
    assert_int_equal(p.n, 0);
    ss_apassages_release(&p);
    ss_buf_release(&x);
}

/* ---- sources --------------------------------------------------------------- */

static void source_rules(void **state)
{
    (void)state;
    ss_doc *wire = doc("wire", "Title\n\nCITY, March 4, 2025 (Agency) -- Text of the report.", NULL);
    ss_doc *undated = doc("copy", "Title\n\nText of the report, taken.", NULL);
    ss_doc *later = doc("later", "Text.", "2025-03-05");
    ss_doc *sameday = doc("sameday", "Text.", "2025-03-04T18:00:00Z");
    ss_doc *early = doc("early", "Text.", "2025-03-04T09:00:00Z");
    ss_when w[5];
    ss_doc *d[5] = {wire, undated, later, sameday, early};
    for (int i = 0; i < 5; i++)
        assert_int_equal(ss_when_of_doc(d[i], &w[i]), SS_OK);
    assert_int_equal(w[0].from, SS_WHEN_DATELINE);
    assert_true(w[0].day == ss_days_from_civil(2025, 3, 4));
    assert_int_equal(w[1].from, SS_WHEN_NONE);
    assert_int_equal(w[2].from, SS_WHEN_DAY);
    assert_int_equal(w[3].from, SS_WHEN_DATE);
    ss_source_by by;
    assert_int_equal(ss_source_pick(&w[0], &w[2], &by), 0); /* dateline day before date */
    assert_int_equal(by, SS_SOURCE_BY_DATE);
    assert_int_equal(ss_source_pick(&w[2], &w[0], &by), 1);
    assert_int_equal(ss_source_pick(&w[0], &w[1], &by), 0); /* only one is dated */
    assert_int_equal(by, SS_SOURCE_BY_ONLY_DATED);
    assert_int_equal(ss_source_pick(&w[1], &w[1], &by), -1); /* neither */
    assert_int_equal(by, SS_SOURCE_BY_NONE);
    assert_int_equal(ss_source_pick(&w[0], &w[3], &by), -1); /* same day, day precision */
    assert_int_equal(ss_source_pick(&w[3], &w[4], &by), 1);  /* two times: the earlier */
    assert_string_equal(ss_source_by_name(SS_SOURCE_BY_ONLY_DATED), "only_dated");
    assert_null(ss_source_by_name(SS_SOURCE_BY_NONE));
    for (int i = 0; i < 5; i++)
        ss_doc_free(d[i]);
}

/* ---- the engine ------------------------------------------------------------ */

static void identical_documents(void **state)
{
    (void)state;
    ss_buf x = SS_BUF_INIT;
    ss_buf_puts(&x, "A headline of the day\n\n");
    prose(&x, 90, 120);
    ss_buf_puts(&x, "End.");
    ss_doc *d[2] = {doc("one", x.data, NULL), doc("two", x.data, "2025-01-02")};
    ss_reuse *eng;
    ss_reuse_passages p;
    run_reuse(d, 2, 0, 0, &eng, &p);
    assert_int_equal(p.n, 1);
    uint32_t all = (uint32_t)ss_utf8_count(x.data, x.len);
    assert_int_equal(p.v[0].a_start, 0);
    assert_int_equal(p.v[0].a_end, all);
    assert_int_equal(p.v[0].b_start, 0);
    assert_int_equal(p.v[0].b_end, all);
    assert_true(p.v[0].identity == 1.0);
    assert_true(p.v[0].source == 1); /* the dated one */
    ss_reuse_summary s;
    assert_int_equal(ss_reuse_summarize(eng, p.v, p.n, &s), SS_OK);
    assert_true(s.a_coverage == 1.0 && s.b_coverage == 1.0);
    assert_int_equal(s.passages, 1);
    ss_reuse_passages_release(&p);
    ss_reuse_free(eng);
    ss_doc_free(d[0]);
    ss_doc_free(d[1]);
    ss_buf_release(&x);
}

static void a_document_repeating_itself(void **state)
{
    (void)state;
    ss_buf par = SS_BUF_INIT, x = SS_BUF_INIT, y = SS_BUF_INIT;
    prose(&par, 100, 40);
    prose(&x, 101, 30);
    ss_buf_puts(&x, "\n");
    ss_buf_append(&x, par.data, par.len);
    ss_buf_puts(&x, "\n");
    prose(&x, 102, 30);
    ss_buf_puts(&x, "\n");
    ss_buf_append(&x, par.data, par.len);
    ss_buf_puts(&x, "\n");
    prose(&x, 103, 30);
    prose(&y, 104, 60);
    ss_doc *d[2] = {doc("self", x.data, NULL), doc("other", y.data, NULL)};
    ss_reuse *eng;
    ss_reuse_passages p;
    run_reuse(d, 2, 0, 0, &eng, &p);
    assert_int_equal(p.n, 0); /* a document is never compared with itself */
    ss_reuse_passages_release(&p);
    ss_reuse_free(eng);
    ss_doc_free(d[1]);
    /* another document taking that paragraph once: one passage, with one
     * of the two copies */
    ss_buf_clear(&y);
    prose(&y, 105, 30);
    ss_buf_puts(&y, "\n");
    ss_buf_append(&y, par.data, par.len);
    d[1] = doc("other", y.data, NULL);
    run_reuse(d, 2, 0, 0, &eng, &p);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.v[0].a, 0);
    assert_int_equal(p.v[0].b, 1);
    assert_int_equal(p.v[0].b_start, cp_of(y.data, y.data + (y.len - par.len)));
    ss_reuse_passages_release(&p);
    ss_reuse_free(eng);
    ss_doc_free(d[0]);
    ss_doc_free(d[1]);
    ss_buf_release(&par);
    ss_buf_release(&x);
    ss_buf_release(&y);
}

static void hindi_and_chinese_offsets(void **state)
{
    (void)state;
    const char *hi = "नई दिल्ली में मंगलवार को भारी बारिश के बाद कई इलाकों में पानी भर गया और "
                     "नगर निगम ने राहत शिविरों में हज़ारों लोगों को पहुँचाया, अधिकारियों ने बताया कि "
                     "अगले दो दिनों तक स्कूल बंद रहेंगे।";
    const char *zh = "周二首都突降暴雨，多个街区被水淹没，市政部门将数千名居民转移到临时安置点。"
                     "官员表示，未来两天学校将继续停课，地铁部分线路暂停运营，救援人员正在排查危房。";
    const char *cases[2][3] = {
        {hi, "यह एक अलग लेख है जिसमें अपनी बातें हैं।\n", "\nऔर अंत में कुछ और शब्द।"},
        {zh, "这是另一篇完全不同的报道，讲述本地新闻。\n", "\n最后还有几句别的话。"}};
    for (int c = 0; c < 2; c++) {
        ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT;
        ss_buf_puts(&x, "Headline\n");
        ss_buf_puts(&x, cases[c][0]);
        ss_buf_puts(&x, "\nTail of the first.");
        ss_buf_puts(&y, cases[c][1]);
        ss_buf_puts(&y, "— ");
        ss_buf_puts(&y, cases[c][0]);
        ss_buf_puts(&y, cases[c][2]);
        ss_doc *d[2] = {doc("x", x.data, NULL), doc("y", y.data, NULL)};
        ss_reuse *eng;
        ss_reuse_passages p;
        run_reuse(d, 2, 40, 0, &eng, &p);
        assert_int_equal(p.n, 1);
        /* the spans are the reused text exactly, in code points */
        assert_span_is(x.data, p.v[0].a_start, p.v[0].a_end, cases[c][0]);
        assert_span_is(y.data, p.v[0].b_start, p.v[0].b_end, cases[c][0]);
        ss_reuse_passages_release(&p);
        ss_reuse_free(eng);
        ss_doc_free(d[0]);
        ss_doc_free(d[1]);
        ss_buf_release(&x);
        ss_buf_release(&y);
    }
}

static void boilerplate_over_the_cap(void **state)
{
    (void)state;
    ss_buf box = SS_BUF_INIT;
    prose(&box, 110, 40); /* a newsletter box every document carries */
    ss_doc *d[5];
    ss_buf t[5];
    for (int i = 0; i < 5; i++) {
        ss_buf_init(&t[i]);
        prose(&t[i], 120 + (uint32_t)i, 60);
        ss_buf_puts(&t[i], "\n");
        ss_buf_append(&t[i], box.data, box.len);
        char id[16];
        snprintf(id, sizeof id, "d%d", i);
        d[i] = doc(id, t[i].data, NULL);
    }
    ss_reuse *eng;
    ss_reuse_passages p;
    run_reuse(d, 5, 0, 4, &eng, &p); /* in 5 documents, over a cap of 4: no seed */
    assert_int_equal(p.n, 0);
    ss_seedindex_stats st = ss_reuse_index_stats(eng);
    assert_true(st.over_cap > 0);
    ss_reuse_passages_release(&p);
    ss_reuse_free(eng);
    run_reuse(d, 5, 0, 5, &eng, &p); /* within the cap: every pair shares it */
    assert_int_equal(p.n, 10);
    for (size_t i = 0; i < p.n; i++)
        assert_true(p.v[i].a < p.v[i].b);
    ss_reuse_passages_release(&p);
    ss_reuse_free(eng);
    for (int i = 0; i < 5; i++) {
        ss_doc_free(d[i]);
        ss_buf_release(&t[i]);
    }
    ss_buf_release(&box);
}

static void long_documents(void **state)
{
    (void)state;
    /* two 300,000-word texts sharing one 400-word passage */
    ss_buf x = SS_BUF_INIT, y = SS_BUF_INIT, par = SS_BUF_INIT;
    prose(&par, 130, 400);
    prose(&x, 131, 150000);
    ss_buf_puts(&x, "\n");
    size_t at = x.len;
    ss_buf_append(&x, par.data, par.len);
    ss_buf_puts(&x, "\n");
    prose(&x, 132, 150000);
    prose(&y, 133, 300000);
    ss_buf_puts(&y, "\n");
    ss_buf_append(&y, par.data, par.len);
    ss_doc *d[2] = {doc("x", x.data, NULL), doc("y", y.data, NULL)};
    ss_reuse *eng;
    ss_reuse_passages p;
    run_reuse(d, 2, 0, 0, &eng, &p);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.v[0].a_start, cp_of(x.data, x.data + at));
    assert_int_equal(p.v[0].b_end, ss_utf8_count(y.data, y.len) - 1); /* the final space is no token */
    ss_reuse_passages_release(&p);
    ss_reuse_free(eng);
    ss_doc_free(d[0]);
    ss_doc_free(d[1]);
    ss_buf_release(&x);
    ss_buf_release(&y);
    ss_buf_release(&par);
}

/* Options out of range are rejected with SS_EINVAL and a message naming
 * the option and its range, never clamped. */
static void bad_options_are_rejected(void **state)
{
    (void)state;
    ss_error err;
    ss_align_opts ao;
    ss_align_opts_default(&ao);
    ao.max_gap = 256;
    assert_null(ss_aligner_new(&ao, &err));
    assert_int_equal(err.code, SS_EINVAL);
    assert_non_null(strstr(err.msg, "max_gap must be from 0 to 255 (got 256)"));
    ss_align_opts_default(&ao);
    ao.run_ngram = 0;
    assert_null(ss_aligner_new(&ao, &err));
    assert_non_null(strstr(err.msg, "run_ngram must be at least 1"));
    ss_align_opts_default(&ao);
    ao.max_gap = 255; /* the top of the range is accepted */
    ss_aligner *al = ss_aligner_new(&ao, &err);
    assert_non_null(al);
    ss_aligner_free(al);

    ss_reuse_opts ro;
    ss_reuse_opts_default(&ro);
    ro.seed_ngram = 0;
    assert_null(ss_reuse_new(&ro, &err));
    assert_int_equal(err.code, SS_EINVAL);
    assert_non_null(strstr(err.msg, "seed_ngram must be at least 1"));
    ss_reuse_opts_default(&ro);
    ro.winnow = 0;
    assert_null(ss_reuse_new(&ro, &err));
    assert_non_null(strstr(err.msg, "winnow must be at least 1"));
    ss_reuse_opts_default(&ro);
    ro.max_df = 1;
    assert_null(ss_reuse_new(&ro, &err));
    assert_non_null(strstr(err.msg, "max_df must be at least 2 (got 1)"));
    ss_reuse_opts_default(&ro);
    ro.merge.min_identity = 1.5;
    assert_null(ss_reuse_new(&ro, &err));
    assert_non_null(strstr(err.msg, "min_identity must be from 0 to 1 (got 1.5)"));
    ss_reuse_opts_default(&ro);
    ro.align.max_gap = 1000; /* the aligner's options are checked up front */
    assert_null(ss_reuse_new(&ro, &err));
    assert_non_null(strstr(err.msg, "max_gap must be from 0 to 255 (got 1000)"));
    ss_reuse *r = ss_reuse_new(NULL, &err);
    assert_non_null(r);
    ss_reuse_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_options_are_rejected),
        cmocka_unit_test(sequence_flags),
        cmocka_unit_test(long_tokens_keep_offsets),
        cmocka_unit_test(fingerprints_guarantee),
        cmocka_unit_test(seedindex_df_cap),
        cmocka_unit_test(edits_are_tolerated),
        cmocka_unit_test(unrelated_texts_share_nothing),
        cmocka_unit_test(across_paragraphs_one_passage),
        cmocka_unit_test(two_reused_paragraphs_stay_two),
        cmocka_unit_test(quote_rule),
        cmocka_unit_test(repetitive_text_is_bounded),
        cmocka_unit_test(source_rules),
        cmocka_unit_test(identical_documents),
        cmocka_unit_test(a_document_repeating_itself),
        cmocka_unit_test(hindi_and_chinese_offsets),
        cmocka_unit_test(boilerplate_over_the_cap),
        cmocka_unit_test(seedindex_furniture_per_source),
        cmocka_unit_test(long_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
