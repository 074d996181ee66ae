/* Unit tests: text/stem and text/stopwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <dirent.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/datadir.h"
#include "text/norm.h"
#include "text/stem.h"
#include "text/stopwords.h"

#include <xxhash.h>

static void stems(void **state)
{
    (void)state;
    ss_stemmer *en = ss_stemmer_new("en");
    assert_non_null(en);
    size_t n;
    const char *s = ss_stem(en, "evacuated", 9, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(s, "evacu", 5);
    /* inflections conflate */
    char a[32], b[32];
    s = ss_stem(en, "ministers", 9, &n);
    memcpy(a, s, n);
    a[n] = 0;
    s = ss_stem(en, "minister", 8, &n);
    memcpy(b, s, n);
    b[n] = 0;
    assert_string_equal(a, b);
    s = ss_stem(en, "evacuation", 10, &n);
    assert_int_equal(n, 5);
    ss_stemmer *de = ss_stemmer_new("de");
    s = ss_stem(de, "häuser", strlen("häuser"), &n);
    assert_memory_equal(s, "haus", 4);
    assert_int_equal(n, 4);
    assert_null(ss_stemmer_new("zh"));
    assert_false(ss_stem_available("xx"));
    assert_true(ss_stem_available("hi"));
    ss_stemmer_free(en);
    ss_stemmer_free(de);
    ss_stemmer_free(NULL);
    /* a set: one stemmer per language, made once; none for unknown codes */
    ss_stemmers *set = ss_stemmers_new();
    assert_non_null(set);
    ss_stemmer *d1 = ss_stemmers_get(set, "de");
    assert_non_null(d1);
    assert_ptr_equal(ss_stemmers_get(set, "de"), d1);
    s = ss_stem(d1, "häuser", strlen("häuser"), &n);
    assert_memory_equal(s, "haus", 4);
    assert_null(ss_stemmers_get(set, "zh"));
    assert_null(ss_stemmers_get(set, ""));
    assert_null(ss_stemmers_get(set, "a-code-far-too-long"));
    ss_stemmers_free(set);
    ss_stemmers_free(NULL);
}

static void stopwords(void **state)
{
    (void)state;
    ss_error err;
    ss_stopwords *sw = ss_stopwords_load(&err);
    assert_non_null(sw);
    assert_true(ss_stopword(sw, "en", "the", 3));
    assert_true(ss_stopword(sw, "en", "don't", 5));
    assert_false(ss_stopword(sw, "en", "flood", 5));
    assert_false(ss_stopword(sw, "de", "the", 3));
    assert_true(ss_stopword(sw, "de", "und", 3));
    assert_true(ss_stopword(sw, "hi", "\xe0\xa4\x94\xe0\xa4\xb0", 6)); /* और */
    assert_true(ss_stopword_any(sw, "und", 3));
    assert_false(ss_stopword_any(sw, "kazakhstan", 10));
    assert_true(ss_stopwords_has(sw, "ru"));
    assert_false(ss_stopwords_has(sw, "zz"));
    assert_false(ss_stopword(sw, NULL, "the", 3));
    ss_stopwords_free(sw);
}

/* Every listed word, normalized, with its list's language: what the
 * tests below check the lookups against. */
#define MAX_LISTED 8192
typedef struct {
    char lang[16];
    char word[64];
    int sparse; /* its list's first line is "#! sparse" (stopwords.h) */
} listed_word;

static size_t read_lists(listed_word *out, char langs[][16], size_t *nlangs)
{
    ss_error err;
    char dir[1024];
    assert_int_equal(ss_data_path("stopwords", dir, sizeof dir, &err), 0);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    ss_buf norm = SS_BUF_INIT, tmp = SS_BUF_INIT;
    size_t k = 0;
    *nlangs = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        assert_true(*nlangs < 64);
        snprintf(langs[*nlangs], 16, "%.*s", (int)(n - 4), e->d_name);
        char path[1300], line[256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        int first = 1, sparse = 0;
        while (fgets(line, sizeof line, f)) {
            size_t l = strcspn(line, "\r\n");
            if (first)
                sparse = strncmp(line, "#! sparse", 9) == 0;
            first = 0;
            if (l == 0 || line[0] == '#')
                continue;
            ss_buf_clear(&norm);
            assert_int_equal(ss_normalize(line, l, SS_NORM_DEFAULT, &norm, &tmp), 0);
            if (!norm.len)
                continue;
            assert_true(k < MAX_LISTED && norm.len < sizeof out[k].word);
            snprintf(out[k].lang, sizeof out[k].lang, "%s", langs[*nlangs]);
            snprintf(out[k].word, sizeof out[k].word, "%.*s", (int)norm.len, norm.data);
            out[k].sparse = sparse;
            k++;
        }
        fclose(f);
        (*nlangs)++;
    }
    closedir(d);
    ss_buf_release(&norm);
    ss_buf_release(&tmp);
    return k;
}

/* Every word of every list is found, by its language and by "any": the
 * shape filter in front of the table (stopwords.c) must turn no listed
 * word away; and words of listed shapes that are not listed stay out.  A
 * sparse list's words are its language's only, not "any" language's
 * (unless a dense list has them too), and its language is not dense. */
static void every_listed_word_is_found(void **state)
{
    (void)state;
    ss_error err;
    ss_stopwords *sw = ss_stopwords_load(&err);
    assert_non_null(sw);
    static listed_word words[MAX_LISTED];
    static char langs[64][16];
    size_t nlangs, nwords = read_lists(words, langs, &nlangs);
    size_t sparse = 0;
    for (size_t i = 0; i < nwords; i++) {
        const char *w = words[i].word;
        int in_dense = 0;
        for (size_t j = 0; j < nwords && !in_dense; j++)
            in_dense = !words[j].sparse && strcmp(words[j].word, w) == 0;
        if (ss_stopword_any(sw, w, strlen(w)) != in_dense || !ss_stopword(sw, words[i].lang, w, strlen(w)))
            fail_msg("%s: \"%s\" not found, or found as any language's", words[i].lang, w);
        if (ss_stopwords_dense(sw, words[i].lang) == words[i].sparse || !ss_stopwords_has(sw, words[i].lang))
            fail_msg("%s: dense %d, sparse %d", words[i].lang, ss_stopwords_dense(sw, words[i].lang),
                     words[i].sparse);
        sparse += words[i].sparse;
    }
    assert_true(nwords > 500);
    assert_true(sparse > 100); /* Korean, Hebrew, Bengali, Tamil */
    assert_false(ss_stopwords_dense(sw, "zz"));
    /* same shapes as "the" and "und" (length, first and last byte) */
    assert_false(ss_stopword_any(sw, "tie", 3));
    assert_false(ss_stopword_any(sw, "ufd", 3));
    ss_stopwords_free(sw);
}

/* One language's list, through the keyed table alone (the hashed lookup
 * language identification uses), none of the packed short words of
 * ss_stopword and ss_stopword_any. */
static int listed_in(const ss_stopwords *sw, const char *lang, const char *w, size_t n)
{
    return ss_stopword_hashed(sw, ss_stopword_salt(lang), XXH3_64bits(w, n));
}

/* Any language's list, asked one language at a time. */
static int listed_somewhere(const ss_stopwords *sw, char langs[][16], size_t nlangs, const char *w,
                            size_t n)
{
    for (size_t i = 0; i < nlangs; i++)
        if (listed_in(sw, langs[i], w, n))
            return 1;
    return 0;
}

/* The short ASCII words answered from their packed table (stopwords.c)
 * answer as the keyed table does: every listed word in capitals and in
 * lower case, and every word one edit from a listed one (a letter changed,
 * added, dropped, an apostrophe or a NUL put in). */
static void short_words_answer_as_the_lists(void **state)
{
    (void)state;
    ss_error err;
    ss_stopwords *sw = ss_stopwords_load(&err);
    assert_non_null(sw);
    static listed_word listed[MAX_LISTED];
    static char langs[64][16];
    size_t nlangs, nwords = read_lists(listed, langs, &nlangs);
    assert_true(nlangs >= 8);
    size_t ascii_short = 0, edits = 0, listed_edits = 0;
    for (size_t i = 0; i < nwords; i++) {
        const char *w = listed[i].word;
        size_t n = strlen(w);
        int ascii = 1;
        for (size_t k = 0; k < n; k++)
            ascii &= (unsigned char)w[k] < 0x80;
        if (!ascii)
            continue;
        ascii_short += n <= 7;
        char up[sizeof listed[0].word];
        for (size_t k = 0; k < n; k++)
            up[k] = (char)(w[k] >= 'a' && w[k] <= 'z' ? w[k] - 32 : w[k]);
        if (!ss_stopword_any_ascii(sw, up, n) || !ss_stopword_any_ascii(sw, w, n) ||
            !ss_stopword_any(sw, w, n))
            fail_msg("\"%s\" not found as ASCII", w);
        static const char put[] = {'e', 'z', 's', '\'', '\0', 'a'};
        for (size_t at = 0; at <= n && n + 1 < sizeof up; at++) {
            for (size_t p = 0; p < sizeof put; p++) {
                char v[sizeof listed[0].word + 1];
                size_t m;
                /* changed at `at` (when inside), inserted at `at`, dropped at `at` */
                for (int kind = 0; kind < 3; kind++) {
                    if (kind != 1 && at == n)
                        continue;
                    if (kind == 2 && p > 0)
                        continue;
                    memcpy(v, w, n);
                    m = n;
                    if (kind == 0) {
                        v[at] = put[p];
                    } else if (kind == 1) {
                        memmove(v + at + 1, v + at, n - at);
                        v[at] = put[p];
                        m = n + 1;
                    } else {
                        memmove(v + at, v + at + 1, n - at - 1);
                        m = n - 1;
                    }
                    if (m == 0)
                        continue;
                    int want = listed_somewhere(sw, langs, nlangs, v, m);
                    char vu[sizeof v]; /* in capitals: the ASCII lookup lower-cases */
                    for (size_t q = 0; q < m; q++)
                        vu[q] = (char)(v[q] >= 'a' && v[q] <= 'z' ? v[q] - 32 : v[q]);
                    if (ss_stopword_any(sw, v, m) != want || ss_stopword_any_ascii(sw, v, m) != want ||
                        ss_stopword_any_ascii(sw, vu, m) != want)
                        fail_msg("\"%.*s\" (from \"%s\"): any %d, lists %d", (int)m, v, w,
                                 ss_stopword_any(sw, v, m), want);
                    for (size_t l = 0; l < nlangs; l++)
                        if (ss_stopword(sw, langs[l], v, m) != listed_in(sw, langs[l], v, m))
                            fail_msg("\"%.*s\" (from \"%s\") in %s: %d, keyed %d", (int)m, v, w,
                                     langs[l], ss_stopword(sw, langs[l], v, m),
                                     listed_in(sw, langs[l], v, m));
                    edits++;
                    listed_edits += want;
                }
            }
        }
    }
    assert_true(ascii_short > 300);
    assert_true(edits > 10000);
    assert_true(listed_edits > 100); /* some edits land on other listed words */
    ss_stopwords_free(sw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems),
        cmocka_unit_test(stopwords),
        cmocka_unit_test(every_listed_word_is_found),
        cmocka_unit_test(short_words_answer_as_the_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
