/* Unit tests: fingerprint — keymap, union-find, line counts, shingles,
 * MinHash sketches and bands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

/* splitmix64: test data that is random but the same on every run */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* ---- keymap ------------------------------------------------------------ */

static void keymap_values_in_order_across_growth(void **state)
{
    (void)state;
    ss_keymap *m = ss_keymap_new();
    assert_non_null(m);
    uint64_t s = 1;
    enum { N = 50000 };
    uint64_t *keys = malloc(N * sizeof *keys);
    for (uint32_t i = 0; i < N; i++) {
        keys[i] = rnd(&s);
        assert_int_equal(ss_keymap_add(m, keys[i], i), SS_OK);
    }
    /* one key with many values, added while the map grows */
    for (uint32_t i = 0; i < 100; i++)
        assert_int_equal(ss_keymap_add(m, keys[7], N + i), SS_OK);
    assert_int_equal(ss_keymap_size(m), N + 100);
    uint32_t v[128];
    for (uint32_t i = 0; i < N; i += 97) {
        if (i == 7)
            continue;
        assert_int_equal(ss_keymap_get(m, keys[i], v, 128), 1);
        assert_int_equal(v[0], i);
    }
    assert_int_equal(ss_keymap_get(m, keys[7], v, 128), 101);
    assert_int_equal(v[0], 7);
    for (uint32_t i = 0; i < 100; i++)
        assert_int_equal(v[1 + i], N + i); /* insertion order kept */
    assert_int_equal(ss_keymap_get(m, keys[7], v, 5), 101); /* count beyond cap */
    assert_int_equal(ss_keymap_get(m, 12345, v, 128), 0);
    assert_int_equal(ss_keymap_max_value(m), N + 99);
    free(keys);
    ss_keymap_free(m);
}

static void keymap_file_roundtrip_and_corruption(void **state)
{
    (void)state;
    ss_keymap *m = ss_keymap_new();
    for (uint32_t i = 0; i < 1000; i++)
        ss_keymap_add(m, (uint64_t)i * 0x9E3779B97F4A7C15ull, i);
    FILE *f = tmpfile();
    ss_error err;
    assert_int_equal(ss_keymap_write(m, f, &err), SS_OK);
    long size = ftell(f);
    rewind(f);
    ss_keymap *r = ss_keymap_read(f, (uint64_t)size - 1, &err); /* over the limit */
    assert_null(r);
    assert_int_equal(err.code, SS_EFORMAT);
    rewind(f);
    r = ss_keymap_read(f, (uint64_t)size, &err);
    assert_non_null(r);
    uint32_t v[4];
    for (uint32_t i = 0; i < 1000; i++) {
        assert_int_equal(ss_keymap_get(r, (uint64_t)i * 0x9E3779B97F4A7C15ull, v, 4), 1);
        assert_int_equal(v[0], i);
    }
    ss_keymap_free(r);
    /* a wrong count in a shard header is caught */
    rewind(f);
    unsigned char *buf = malloc((size_t)size);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    FILE *g = tmpfile();
    buf[4 + 4] ^= 0x01; /* shard 0: "used" */
    fwrite(buf, 1, (size_t)size, g);
    rewind(g);
    assert_null(ss_keymap_read(g, (uint64_t)size, &err));
    assert_int_equal(err.code, SS_EFORMAT);
    fclose(g);
    free(buf);
    fclose(f);
    ss_keymap_free(m);
}

/* ---- union-find ---------------------------------------------------------- */

static void unionfind_roots_are_smallest_members(void **state)
{
    (void)state;
    ss_uf u;
    ss_uf_init(&u);
    for (int i = 0; i < 10; i++)
        assert_int_equal(ss_uf_add(&u), SS_OK);
    ss_uf_union(&u, 9, 5);
    ss_uf_union(&u, 5, 7);
    ss_uf_union(&u, 2, 8);
    assert_int_equal(ss_uf_find(&u, 9), 5);
    assert_int_equal(ss_uf_find(&u, 7), 5);
    assert_int_equal(ss_uf_find(&u, 8), 2);
    assert_int_equal(ss_uf_union(&u, 7, 8), 2);
    for (int i = 0; i < 10; i++) {
        uint32_t r = ss_uf_find(&u, (uint32_t)i);
        int in = i == 2 || i == 5 || i == 7 || i == 8 || i == 9;
        assert_int_equal(r, in ? 2u : (uint32_t)i);
    }
    ss_uf_release(&u);
}

/* ---- line counts --------------------------------------------------------- */

static void linefreq_counts_documents_and_prunes_rare_lines(void **state)
{
    (void)state;
    ss_linefreq *t = ss_linefreq_new(1000);
    uint64_t doc[3] = {11, 22, 11}; /* 11 twice in one document counts once */
    for (int d = 0; d < 5; d++) {
        uint64_t copy[3];
        memcpy(copy, doc, sizeof copy);
        assert_int_equal(ss_linefreq_add_doc(t, copy, 3), SS_OK);
    }
    assert_int_equal(ss_linefreq_count(t, 11), 5);
    assert_int_equal(ss_linefreq_count(t, 22), 5);
    assert_int_equal(ss_linefreq_count(t, 33), 0);
    /* many lines seen once: the table stays bounded and keeps the frequent ones */
    uint64_t s = 5;
    for (int i = 0; i < 20000; i++) {
        uint64_t h = rnd(&s);
        ss_linefreq_add_doc(t, &h, 1);
    }
    assert_true(ss_linefreq_size(t) <= 1000);
    assert_int_equal(ss_linefreq_count(t, 11), 5);
    /* write and read back */
    FILE *f = tmpfile();
    ss_error err;
    assert_int_equal(ss_linefreq_write(t, f, &err), SS_OK);
    rewind(f);
    ss_linefreq *r = ss_linefreq_read(f, 1000, 1 << 20, &err);
    assert_non_null(r);
    assert_int_equal(ss_linefreq_count(r, 22), 5);
    assert_int_equal(ss_linefreq_size(r), ss_linefreq_size(t));
    ss_linefreq_free(r);
    fclose(f);
    ss_linefreq_free(t);
}

/* ---- shingles -------------------------------------------------------------- */

static ss_doc *text_doc(const char *id, const char *text)
{
    ss_doc *d = ss_doc_new();
    ss_doc_set_str(&d->id, id, (size_t)-1);
    ss_doc_set_text(d, text, strlen(text));
    d->format = SS_FORMAT_JSONL;
    return d;
}

static void exact_key_ignores_case_spacing_and_punctuation(void **state)
{
    (void)state;
    ss_tokens tok;
    ss_tokens_init(&tok);
    ss_fp_text a, b, c, e;
    ss_fp_text_init(&a);
    ss_fp_text_init(&b);
    ss_fp_text_init(&c);
    ss_fp_text_init(&e);
    ss_doc *da = text_doc("a", "The River Tessel, it rose -- fast.\nSecond line here.");
    ss_doc *db = text_doc("b", "the  river TESSEL it rose fast\n\n  second line   here");
    ss_doc *dc = text_doc("c", "The River Tessel rose fast. Second line here.");
    ss_doc *de = text_doc("e", " -- !! ");
    assert_int_equal(ss_fp_text_scan(&a, da, &tok), SS_OK);
    assert_int_equal(ss_fp_text_scan(&b, db, &tok), SS_OK);
    assert_int_equal(ss_fp_text_scan(&c, dc, &tok), SS_OK);
    assert_int_equal(ss_fp_text_scan(&e, de, &tok), SS_OK);
    assert_true(a.exact != 0);
    assert_true(a.exact == b.exact);
    assert_true(a.exact != c.exact); /* a word less */
    assert_true(e.exact == 0 && e.nwords == 0);
    assert_int_equal(a.nlines, 2);
    assert_int_equal(b.nlines, 2); /* the blank line holds no word */
    assert_int_equal(a.lines[0].end - a.lines[0].start, 6);
    assert_true(a.lines[1].hash == b.lines[1].hash);
    ss_doc_free(da);
    ss_doc_free(db);
    ss_doc_free(dc);
    ss_doc_free(de);
    ss_fp_text_release(&a);
    ss_fp_text_release(&b);
    ss_fp_text_release(&c);
    ss_fp_text_release(&e);
    ss_tokens_release(&tok);
}

static void title_is_its_own_part(void **state)
{
    (void)state;
    ss_tokens tok;
    ss_tokens_init(&tok);
    ss_fp_text t;
    ss_fp_text_init(&t);
    /* a text file: the first non-empty line is the title */
    ss_doc *d = text_doc("t.txt", "\nFlood hits town\n\none two three four five six\n");
    d->format = SS_FORMAT_TEXT;
    d->body_start = 17;
    assert_int_equal(ss_fp_text_scan(&t, d, &tok), SS_OK);
    assert_int_equal(t.ntitle, 3);
    assert_int_equal(t.nwords, 9);
    uint64_t *sh = NULL;
    size_t cap = 0, n = 0;
    /* title: 3 words < 5 gives one shingle; body: 6 words give 2 */
    assert_int_equal(ss_fp_shingles(&t, 5, NULL, 0, &sh, &cap, &n, NULL), SS_OK);
    assert_int_equal(n, 3);
    /* a JSONL record: the title field */
    ss_doc *j = text_doc("j", "one two three four five six");
    ss_doc_set_str(&j->title, "Flood hits town", (size_t)-1);
    ss_fp_text u;
    ss_fp_text_init(&u);
    assert_int_equal(ss_fp_text_scan(&u, j, &tok), SS_OK);
    assert_int_equal(u.ntitle, 3);
    assert_true(u.exact == t.exact); /* the same words in the same order */
    uint64_t *sh2 = NULL;
    size_t cap2 = 0, n2 = 0;
    assert_int_equal(ss_fp_shingles(&u, 5, NULL, 0, &sh2, &cap2, &n2, NULL), SS_OK);
    assert_int_equal(n2, 3);
    assert_memory_equal(sh, sh2, 3 * sizeof *sh);
    /* order matters within a shingle */
    ss_doc *k = text_doc("k", "two one three four five six");
    assert_int_equal(ss_fp_text_scan(&u, k, &tok), SS_OK);
    assert_int_equal(ss_fp_shingles(&u, 5, NULL, 0, &sh2, &cap2, &n2, NULL), SS_OK);
    assert_int_equal(n2, 2);
    assert_true(sh2[0] != sh[1] && sh2[1] != sh[2] && sh2[0] != sh[2] && sh2[1] != sh[1]);
    /* a word in front: the windows that follow are the same shingles */
    ss_doc *z = text_doc("z", "zero one two three four five six");
    assert_int_equal(ss_fp_text_scan(&u, z, &tok), SS_OK);
    assert_int_equal(ss_fp_shingles(&u, 5, NULL, 0, &sh2, &cap2, &n2, NULL), SS_OK);
    assert_int_equal(n2, 3);
    assert_true(sh2[0] != sh[1] && sh2[1] == sh[1] && sh2[2] == sh[2]);
    ss_doc_free(z);
    free(sh);
    free(sh2);
    ss_doc_free(d);
    ss_doc_free(j);
    ss_doc_free(k);
    ss_fp_text_release(&t);
    ss_fp_text_release(&u);
    ss_tokens_release(&tok);
}

static void short_and_common_lines_are_left_out(void **state)
{
    (void)state;
    ss_tokens tok;
    ss_tokens_init(&tok);
    ss_fp_text t;
    ss_fp_text_init(&t);
    const char *text = "Menu\nShare this\n"
                       "one two three four five six seven eight nine ten eleven twelve\n"
                       "Subscribe to our newsletter for daily news now\n"
                       "a b c d e f g h i j k l m n o p\n";
    ss_doc *d = text_doc("d", text);
    assert_int_equal(ss_fp_text_scan(&t, d, &tok), SS_OK);
    assert_int_equal(t.nlines, 5);
    uint64_t *sh = NULL;
    size_t cap = 0, n = 0;
    ss_fp_shingle_info info;
    /* short lines (3 words of 39) go; 12 + 8 + 16 words remain: 36 - 4 */
    assert_int_equal(ss_fp_shingles(&t, 5, NULL, 0, &sh, &cap, &n, &info), SS_OK);
    assert_int_equal(info.short_words, 3);
    assert_int_equal(info.common_words, 0);
    assert_int_equal(n, 32);
    /* the newsletter line occurs in 20 documents: it goes too */
    ss_linefreq *lf = ss_linefreq_new(0);
    for (int i = 0; i < 20; i++) {
        uint64_t h = t.lines[3].hash;
        ss_linefreq_add_doc(lf, &h, 1);
    }
    assert_int_equal(ss_fp_shingles(&t, 5, lf, 16, &sh, &cap, &n, &info), SS_OK);
    assert_int_equal(info.common_words, 8);
    assert_int_equal(n, 24);
    /* below the document count it stays */
    assert_int_equal(ss_fp_shingles(&t, 5, lf, 21, &sh, &cap, &n, &info), SS_OK);
    assert_int_equal(n, 32);
    /* when common lines are most of the document, they stay (syndicated copies) */
    for (int i = 0; i < 20; i++) {
        uint64_t h[2] = {t.lines[2].hash, t.lines[4].hash};
        ss_linefreq_add_doc(lf, h, 2);
    }
    assert_int_equal(ss_fp_shingles(&t, 5, lf, 16, &sh, &cap, &n, &info), SS_OK);
    assert_int_equal(info.common_words, 0);
    assert_int_equal(n, 32);
    /* a long line is a paragraph, never chrome, however often it recurs */
    ss_buf longdoc = SS_BUF_INIT;
    for (int i = 0; i < 70; i++)
        ss_buf_printf(&longdoc, "p%d ", i);
    ss_buf_puts(&longdoc, "\none two three four five six seven eight nine ten\n"
                          "ten nine eight seven six five four three two one zero\n"
                          "alpha beta gamma delta epsilon zeta eta theta iota kappa\n"
                          "lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega\n"
                          "red orange yellow green blue indigo violet black white grey brown\n"
                          "north south east west up down left right in out over under\n"
                          "spring summer autumn winter january february march april may june\n");
    ss_doc *ld = text_doc("long", longdoc.data);
    assert_int_equal(ss_fp_text_scan(&t, ld, &tok), SS_OK);
    assert_int_equal(t.lines[0].end - t.lines[0].start, 70);
    assert_int_equal(ss_fp_countable_lines(&t, 5, &sh, &cap), 7); /* the 70-word line is not counted */
    for (int i = 0; i < 20; i++) {
        uint64_t h = t.lines[0].hash;
        ss_linefreq_add_doc(lf, &h, 1);
    }
    assert_int_equal(ss_fp_shingles(&t, 5, lf, 16, &sh, &cap, &n, &info), SS_OK);
    assert_int_equal(info.common_words, 0);
    ss_doc_free(ld);
    ss_buf_release(&longdoc);
    /* a document of short lines only keeps them (lists, verse) */
    ss_doc *v = text_doc("v", "roses are red\nviolets are blue\nsugar is sweet\n");
    assert_int_equal(ss_fp_text_scan(&t, v, &tok), SS_OK);
    assert_int_equal(ss_fp_shingles(&t, 5, NULL, 0, &sh, &cap, &n, &info), SS_OK);
    assert_int_equal(info.short_words, 0);
    assert_int_equal(n, 5); /* 9 words, 5 windows across the lines */
    free(sh);
    ss_linefreq_free(lf);
    ss_doc_free(d);
    ss_doc_free(v);
    ss_fp_text_release(&t);
    ss_tokens_release(&tok);
}

/* ---- MinHash --------------------------------------------------------------- */

/* Two sets of n elements each with Jaccard similarity close to j. */
static void make_pair(uint64_t *seed, size_t n, double j, uint64_t *a, uint64_t *b, double *truej)
{
    size_t c = (size_t)llround(2.0 * (double)n * j / (1.0 + j));
    for (size_t i = 0; i < n; i++)
        a[i] = rnd(seed);
    for (size_t i = 0; i < n; i++)
        b[i] = i < c ? a[i] : rnd(seed);
    *truej = (double)c / (double)(2 * n - c);
}

static void sketch_estimates_jaccard(void **state)
{
    (void)state;
    ss_minhash_params p = {1024, 13, 4};
    assert_true(ss_minhash_params_valid(&p));
    ss_minhash_work w;
    ss_minhash_work_init(&w);
    uint8_t sa[1024 / 4], sb[1024 / 4];
    uint64_t ka[16], kb[16];
    uint64_t seed = 42;
    enum { MAXN = 2000 };
    uint64_t *a = malloc(MAXN * sizeof *a), *b = malloc(MAXN * sizeof *b);
    const size_t sizes[] = {30, 200, 2000};
    const double js[] = {0.0, 0.5, 0.8, 0.95};
    for (size_t si = 0; si < 3; si++) {
        for (size_t ji = 0; ji < 4; ji++) {
            double sum = 0, sum2 = 0;
            const int trials = 40;
            for (int t = 0; t < trials; t++) {
                double tj;
                make_pair(&seed, sizes[si], js[ji], a, b, &tj);
                assert_int_equal(ss_minhash_sketch(&p, a, sizes[si], &w, sa, ka), SS_OK);
                assert_int_equal(ss_minhash_sketch(&p, b, sizes[si], &w, sb, kb), SS_OK);
                double e = ss_minhash_similarity(sa, sb, p.hashes) - tj;
                sum += e;
                sum2 += e * e;
            }
            double bias = sum / trials, rmse = sqrt(sum2 / trials);
            if (fabs(bias) > 0.02 || rmse > 0.04)
                fail_msg("n=%zu j=%.2f: bias %.3f rmse %.3f", sizes[si], js[ji], bias, rmse);
        }
    }
    /* equal sets: similarity 1 and the same band keys; a set and itself
     * with duplicates and in another order too */
    for (size_t i = 0; i < 50; i++)
        b[49 - i] = a[i];
    b[50] = a[3];
    ss_minhash_sketch(&p, a, 50, &w, sa, ka);
    ss_minhash_sketch(&p, b, 51, &w, sb, kb);
    assert_true(ss_minhash_similarity(sa, sb, p.hashes) == 1.0);
    assert_memory_equal(ka, kb, 13 * sizeof *ka);
    /* empty set */
    ss_minhash_sketch(&p, a, 0, &w, sb, kb);
    assert_true(ss_minhash_similarity(sa, sb, p.hashes) == 0.0);
    free(a);
    free(b);
    ss_minhash_work_release(&w);
}

static void bands_catch_pairs_at_the_cutoff(void **state)
{
    (void)state;
    uint32_t bands, rows;
    ss_minhash_choose_bands(0.75, &bands, &rows);
    assert_int_equal(bands, 13);
    assert_int_equal(rows, 4);
    for (double c = 0.3; c < 0.99; c += 0.05) {
        ss_minhash_choose_bands(c, &bands, &rows);
        assert_true(bands >= 1 && bands <= SS_MINHASH_MAX_BANDS);
        assert_true(ss_minhash_band_chance(c, bands, rows) >= 0.99);
        /* one more row would need more bands than allowed */
        if (rows < SS_MINHASH_MAX_ROWS)
            assert_true(ss_minhash_band_chance(c, SS_MINHASH_MAX_BANDS, rows + 1) < 0.99);
    }
    /* measured: pairs at the cutoff share a band as often as the formula says */
    ss_minhash_params p = {256, 13, 4};
    ss_minhash_work w;
    ss_minhash_work_init(&w);
    uint64_t seed = 7, a[300], b[300], ka[16], kb[16];
    uint8_t sa[128], sb[128];
    int hits = 0, trials = 400;
    for (int t = 0; t < trials; t++) {
        double tj;
        make_pair(&seed, 300, 0.75, a, b, &tj);
        ss_minhash_sketch(&p, a, 300, &w, sa, ka);
        ss_minhash_sketch(&p, b, 300, &w, sb, kb);
        int hit = 0;
        for (int k = 0; k < 13; k++)
            hit |= ka[k] == kb[k];
        hits += hit;
    }
    assert_true(hits >= trials * 97 / 100);
    /* unrelated sets almost never do */
    hits = 0;
    for (int t = 0; t < trials; t++) {
        double tj;
        make_pair(&seed, 300, 0.1, a, b, &tj);
        ss_minhash_sketch(&p, a, 300, &w, sa, ka);
        ss_minhash_sketch(&p, b, 300, &w, sb, kb);
        int hit = 0;
        for (int k = 0; k < 13; k++)
            hit |= ka[k] == kb[k];
        hits += hit;
    }
    assert_true(hits <= trials / 50);
    ss_minhash_work_release(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keymap_values_in_order_across_growth),
        cmocka_unit_test(keymap_file_roundtrip_and_corruption),
        cmocka_unit_test(unionfind_roots_are_smallest_members),
        cmocka_unit_test(linefreq_counts_documents_and_prunes_rare_lines),
        cmocka_unit_test(exact_key_ignores_case_spacing_and_punctuation),
        cmocka_unit_test(title_is_its_own_part),
        cmocka_unit_test(short_and_common_lines_are_left_out),
        cmocka_unit_test(sketch_estimates_jaccard),
        cmocka_unit_test(bands_catch_pairs_at_the_cutoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
