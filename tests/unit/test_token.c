/* Unit tests: text/token and text/norm — words across scripts, offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "text/ascii.h"
#include "text/norm.h"
#include "text/script.h"
#include "text/token.h"
#include "text/utf8.h"

/* Tokenize text and compare the normalized forms with want (NULL-ended);
 * also check that every token's code point span maps to its byte span. */
static void expect_tokens(const char *text, unsigned opts, const char *const *want)
{
    ss_tokens t;
    ss_tokens_init(&t);
    size_t len = strlen(text);
    assert_int_equal(ss_tokenize(text, len, 0, opts | SS_TOKENIZE_NORM, &t), 0);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t k = 0; k < t.n && k < n; k++) {
        if (strcmp(ss_token_norm(&t, k), want[k]) != 0)
            fail_msg("token %zu: got '%s', want '%s'", k, ss_token_norm(&t, k), want[k]);
    }
    if (t.n != n) {
        for (size_t k = 0; k < t.n; k++)
            print_message("  got[%zu] = %s\n", k, ss_token_norm(&t, k));
        fail_msg("got %zu tokens, want %zu", t.n, n);
    }
    for (size_t k = 0; k < t.n; k++) {
        assert_int_equal(ss_utf8_byte_offset(text, len, t.v[k].cp_start), t.v[k].start);
        assert_int_equal(ss_utf8_byte_offset(text, len, t.v[k].cp_end), t.v[k].end);
    }
    ss_tokens_release(&t);
}

static void english(void **state)
{
    (void)state;
    const char *want[] = {"china's", "gdp", "grew", "3.5", "in", "2021", "the", "u.s",
                          "said", "well", "known", "g20", "1,000", "china's", NULL};
    expect_tokens("China\xe2\x80\x99s GDP grew 3.5% in 2021, the U.S. said \xe2\x80\x94 well-known: "
                  "G20, 1,000 China's.",
                  0, want);
}

static void hindi_marks_stay_in_words(void **state)
{
    (void)state;
    /* "नई दिल्ली में आज बारिश हुई।" — vowel signs and virama inside words */
    const char *want[] = {"\xe0\xa4\xa8\xe0\xa4\x88",
                          "\xe0\xa4\xa6\xe0\xa4\xbf\xe0\xa4\xb2\xe0\xa5\x8d\xe0\xa4\xb2\xe0\xa5\x80",
                          "\xe0\xa4\xae\xe0\xa5\x87\xe0\xa4\x82",
                          "\xe0\xa4\x86\xe0\xa4\x9c",
                          "\xe0\xa4\xac\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xb6",
                          "\xe0\xa4\xb9\xe0\xa5\x81\xe0\xa4\x88", NULL};
    expect_tokens("\xe0\xa4\xa8\xe0\xa4\x88 \xe0\xa4\xa6\xe0\xa4\xbf\xe0\xa4\xb2\xe0\xa5\x8d\xe0\xa4"
                  "\xb2\xe0\xa5\x80 \xe0\xa4\xae\xe0\xa5\x87\xe0\xa4\x82 \xe0\xa4\x86\xe0\xa4\x9c "
                  "\xe0\xa4\xac\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xb6 \xe0\xa4\xb9\xe0\xa5"
                  "\x81\xe0\xa4\x88\xe0\xa5\xa4",
                  0, want);
}

static void russian_case_folded(void **state)
{
    (void)state;
    /* "Министр провёл ПЕРЕГОВОРЫ в Москве." */
    const char *want[] = {"\xd0\xbc\xd0\xb8\xd0\xbd\xd0\xb8\xd1\x81\xd1\x82\xd1\x80",
                          "\xd0\xbf\xd1\x80\xd0\xbe\xd0\xb2\xd1\x91\xd0\xbb",
                          "\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb3\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x80\xd1\x8b",
                          "\xd0\xb2",
                          "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5", NULL};
    expect_tokens("\xd0\x9c\xd0\xb8\xd0\xbd\xd0\xb8\xd1\x81\xd1\x82\xd1\x80 \xd0\xbf\xd1\x80\xd0\xbe"
                  "\xd0\xb2\xd1\x91\xd0\xbb \xd0\x9f\xd0\x95\xd0\xa0\xd0\x95\xd0\x93\xd0\x9e\xd0\x92"
                  "\xd0\x9e\xd0\xa0\xd0\xab \xd0\xb2 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb5.",
                  0, want);
}

static void arabic_with_harakat(void **state)
{
    (void)state;
    /* "كَتَبَ الوزير ٣ رسائل" : the vowel marks stay in the word; Arabic-Indic digit is a number */
    const char *text = "\xd9\x83\xd9\x8e\xd8\xaa\xd9\x8e\xd8\xa8\xd9\x8e \xd8\xa7\xd9\x84\xd9\x88"
                       "\xd8\xb2\xd9\x8a\xd8\xb1 \xd9\xa3 \xd8\xb1\xd8\xb3\xd8\xa7\xd8\xa6\xd9\x84";
    ss_tokens t;
    ss_tokens_init(&t);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NORM, &t), 0);
    assert_int_equal(t.n, 4);
    assert_int_equal(t.v[0].cp_end - t.v[0].cp_start, 6); /* 3 letters + 3 marks */
    assert_int_equal(t.v[0].kind, SS_TOK_WORD);
    assert_int_equal(t.v[0].script, SS_SCRIPT_ARABIC);
    assert_int_equal(t.v[2].kind, SS_TOK_NUM);
    ss_tokens_release(&t);
}

static void chinese_bigrams(void **state)
{
    (void)state;
    /* "中国外交部长" -> 中国 国外 外交 交部 部长 */
    const char *text = "\xe4\xb8\xad\xe5\x9b\xbd\xe5\xa4\x96\xe4\xba\xa4\xe9\x83\xa8\xe9\x95\xbf";
    ss_tokens t;
    ss_tokens_init(&t);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NORM, &t), 0);
    assert_int_equal(t.n, 5);
    for (size_t k = 0; k < t.n; k++) {
        assert_int_equal(t.v[k].kind, SS_TOK_CJK);
        assert_int_equal(t.v[k].cp_start, k);
        assert_int_equal(t.v[k].cp_end, k + 2);
    }
    assert_string_equal(ss_token_norm(&t, 0), "\xe4\xb8\xad\xe5\x9b\xbd");
    ss_tokens_release(&t);
}

static void mixed_scripts_and_base(void **state)
{
    (void)state;
    /* "Wang Yi (王毅) said" with a code point base of 100 */
    const char *text = "Wang Yi (\xe7\x8e\x8b\xe6\xaf\x85) said";
    ss_tokens t;
    ss_tokens_init(&t);
    assert_int_equal(ss_tokenize(text, strlen(text), 100, SS_TOKENIZE_HASH, &t), 0);
    assert_int_equal(t.n, 4);
    assert_int_equal(t.v[2].kind, SS_TOK_CJK);
    assert_int_equal(t.v[2].cp_start, 109);
    assert_int_equal(t.v[2].cp_end, 111);
    assert_int_equal(t.v[3].cp_start, 113);
    assert_true(t.v[0].flags & SS_TF_UPPER);
    assert_false(t.v[3].flags & SS_TF_UPPER);
    assert_true(t.v[0].hash != 0);
    assert_true(t.v[0].hash != t.v[1].hash);
    ss_tokens_release(&t);
}

static void single_cjk_char_is_unigram(void **state)
{
    (void)state;
    const char *text = "in \xe4\xb8\xad 2022"; /* in 中 2022 */
    ss_tokens t;
    ss_tokens_init(&t);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NORM, &t), 0);
    assert_int_equal(t.n, 3);
    assert_int_equal(t.v[1].cp_end - t.v[1].cp_start, 1);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NO_CJK, &t), 0);
    assert_int_equal(t.n, 2);
    ss_tokens_release(&t);
}

static void allcaps_flag(void **state)
{
    (void)state;
    ss_tokens t;
    ss_tokens_init(&t);
    const char *text = "NATO and UN said Xi";
    assert_int_equal(ss_tokenize(text, strlen(text), 0, 0, &t), 0);
    assert_int_equal(t.n, 5);
    assert_true(t.v[0].flags & SS_TF_ALLUPPER);
    assert_false(t.v[1].flags & SS_TF_ALLUPPER);
    assert_true(t.v[2].flags & SS_TF_ALLUPPER);
    assert_false(t.v[4].flags & SS_TF_ALLUPPER);
    assert_true(t.v[4].flags & SS_TF_UPPER);
    ss_tokens_release(&t);
}

static void normalize_forms(void **state)
{
    (void)state;
    ss_buf out = SS_BUF_INIT, scratch = SS_BUF_INIT;
    /* full-width letters and the "fi" ligature fold to ASCII under NFKC */
    const char *s = "\xef\xbc\xa1\xef\xbc\xa2 \xef\xac\x81le STRASSE Stra\xc3\x9f" "e";
    assert_int_equal(ss_normalize(s, strlen(s), SS_NORM_DEFAULT, &out, &scratch), 0);
    assert_string_equal(out.data, "ab file strasse strasse");
    ss_buf_clear(&out);
    /* decomposed e + combining acute composes; strip marks removes it */
    const char *e = "Se\xcc\x81rgey";
    assert_int_equal(ss_normalize(e, strlen(e), SS_NORM_DEFAULT, &out, &scratch), 0);
    assert_string_equal(out.data, "s\xc3\xa9rgey");
    ss_buf_clear(&out);
    assert_int_equal(ss_normalize(e, strlen(e), SS_NORM_DEFAULT | SS_NORM_STRIP_MARKS, &out, &scratch), 0);
    assert_string_equal(out.data, "sergey");
    ss_buf_clear(&out);
    /* typographic apostrophe lumps to ASCII; soft hyphen is ignored */
    const char *a = "China\xe2\x80\x99s co\xc2\xadop";
    assert_int_equal(ss_normalize(a, strlen(a), SS_NORM_DEFAULT, &out, &scratch), 0);
    assert_string_equal(out.data, "china's coop");
    ss_buf_release(&out);
    ss_buf_release(&scratch);
}

/* ss_ascii_run (eight bytes at a time) answers as the byte table does, at
 * every start and length of texts mixing letters, digits, punctuation,
 * spaces, NULs and bytes above 0x7F, including the bytes next to each
 * class's ends ('@', '[', '`', '{', '/', ':'). */
static void ascii_run_matches_the_table(void **state)
{
    (void)state;
    static const char pool[] = "aAzZmM09 5.,'-@[`{/:\t\n\0\x7f\x80\xc3\xa9\xe2\xff";
    char text[96];
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int round = 0; round < 4000; round++) {
        /* runs of letters of random lengths, cut by one other byte */
        for (size_t i = 0; i < sizeof text; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            int other = (x >> 8) % (round % 7 + 2) == 0;
            text[i] = other ? pool[(x >> 20) % (sizeof pool - 1)] : pool[(x >> 20) % 8];
        }
        for (size_t from = 0; from < sizeof text; from += 1 + round % 3) {
            for (size_t n = 0; from + n <= sizeof text; n += 1 + (n > 20) * 7) {
                unsigned cls = 0, want_cls = 0;
                uint32_t dg = 0, up = 0, want_dg = 0, want_up = 0;
                size_t len = ss_ascii_run(text + from, n, &cls, &dg, &up), want = 0;
                while (want < n && ss_ascii_alnum[(unsigned char)text[from + want]]) {
                    unsigned c = ss_ascii_alnum[(unsigned char)text[from + want]];
                    want_cls |= c;
                    want_dg += c == SS_ASCII_DIGIT;
                    want_up += c == SS_ASCII_UPPER;
                    want++;
                }
                assert_int_equal(len, want);
                assert_int_equal(cls, want_cls);
                assert_int_equal(dg, want_dg);
                assert_int_equal(up, want_up);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english),
        cmocka_unit_test(ascii_run_matches_the_table),
        cmocka_unit_test(hindi_marks_stay_in_words),
        cmocka_unit_test(russian_case_folded),
        cmocka_unit_test(arabic_with_harakat),
        cmocka_unit_test(chinese_bigrams),
        cmocka_unit_test(mixed_scripts_and_base),
        cmocka_unit_test(single_cjk_char_is_unigram),
        cmocka_unit_test(allcaps_flag),
        cmocka_unit_test(normalize_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
