/* Unit tests: text/stem and text/stopwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/stem.h"
#include "text/stopwords.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems),
        cmocka_unit_test(stopwords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
