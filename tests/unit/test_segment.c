/* Unit tests: text/segment — paragraphs, sentences, wrapped text, offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/segment.h"
#include "text/utf8.h"

static void expect_spans(const char *text, const ss_spans *s, const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t k = 0; k < s->n; k++)
        print_message("  span[%zu] = '%.*s'\n", k, (int)(s->v[k].end - s->v[k].start),
                      text + s->v[k].start);
    assert_int_equal(s->n, n);
    size_t len = strlen(text);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(s->v[k].end - s->v[k].start, strlen(want[k]));
        assert_memory_equal(text + s->v[k].start, want[k], strlen(want[k]));
        assert_int_equal(ss_utf8_byte_offset(text, len, s->v[k].cp_start), s->v[k].start);
        assert_int_equal(ss_utf8_byte_offset(text, len, s->v[k].cp_end), s->v[k].end);
    }
}

static void paragraphs_one_per_line(void **state)
{
    (void)state;
    const char *text = "Headline here\n\n  First paragraph.  \nSecond one.\r\n\n\nThird.";
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_paragraphs(text, strlen(text), &s), 0);
    const char *want[] = {"Headline here", "First paragraph.", "Second one.", "Third.", NULL};
    expect_spans(text, &s, want);
    assert_false(ss_text_is_wrapped(text, strlen(text)));
    ss_spans_release(&s);
}

static void paragraphs_wrapped(void **state)
{
    (void)state;
    const char *text = "It was a long day in the city and the\n"
                       "people were tired of waiting for the\n"
                       "train that never came.\n"
                       "\n"
                       "The next morning brought rain and\n"
                       "everyone stayed at home.";
    assert_true(ss_text_is_wrapped(text, strlen(text)));
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_paragraphs(text, strlen(text), &s), 0);
    assert_int_equal(s.n, 2);
    ss_split_sentences(text, strlen(text), &s);
    assert_int_equal(s.n, 2); /* line breaks inside a paragraph do not end sentences */
    ss_spans_release(&s);
}

static void sentences_english(void **state)
{
    (void)state;
    const char *text = "Mr. Wang met Dr. Lee in the U.S. on Jan. 5. They talked \xe2\x80\x9c"
                       "frankly.\xe2\x80\x9d Then J. Smith left! Was it 3.5 hours? yes it was.";
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_sentences(text, strlen(text), &s), 0);
    const char *want[] = {"Mr. Wang met Dr. Lee in the U.S. on Jan. 5.",
                          "They talked \xe2\x80\x9c" "frankly.\xe2\x80\x9d",
                          "Then J. Smith left!",
                          "Was it 3.5 hours? yes it was.", NULL};
    expect_spans(text, &s, want);
    ss_spans_release(&s);
}

/* "a.m." and "p.m." keep their full stop before a word that says when
 * ("6 a.m. Monday", "8 p.m. EST"), and end a sentence before any other
 * capitalised word ("6:40 a.m. Rescue boats") or an opening quotation
 * mark; other
 * abbreviations keep it there too ("Dr. \"Doc\" Lee"). */
static void sentences_clock_abbreviations(void **state)
{
    (void)state;
    const char *text = "The blast came at 6 a.m. Monday, the sheriff said. It happened shortly after 6 a.m. "
                       "\"We had no warning,\" a resident said. Then Dr. \"Doc\" Lee spoke. The ferry hit the "
                       "freighter at 6:40 a.m. Rescue boats took the injured ashore. Polls close at 8 p.m. EST "
                       "in most states.";
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_sentences(text, strlen(text), &s), 0);
    const char *want[] = {"The blast came at 6 a.m. Monday, the sheriff said.",
                          "It happened shortly after 6 a.m.",
                          "\"We had no warning,\" a resident said.",
                          "Then Dr. \"Doc\" Lee spoke.",
                          "The ferry hit the freighter at 6:40 a.m.",
                          "Rescue boats took the injured ashore.",
                          "Polls close at 8 p.m. EST in most states.", NULL};
    expect_spans(text, &s, want);
    ss_spans_release(&s);
}

/* A day number before a month name keeps its full stop ("am 4. März");
 * before another capital word, or after a longer number, it may end a
 * sentence. */
static void sentences_german_dates(void **state)
{
    (void)state;
    const char *text = "Der Fluss stieg am 4. M\xc3\xa4rz 2025 um zwei Meter. Am 12. Oktober "
                       "sank er wieder. Es waren 4. Das war genug. Im Jahr 2024. Mai kam.";
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_sentences(text, strlen(text), &s), 0);
    const char *want[] = {"Der Fluss stieg am 4. M\xc3\xa4rz 2025 um zwei Meter.",
                          "Am 12. Oktober sank er wieder.", "Es waren 4.", "Das war genug.",
                          "Im Jahr 2024.", "Mai kam.", NULL};
    expect_spans(text, &s, want);
    ss_spans_release(&s);
}

static void sentences_hindi_and_chinese(void **state)
{
    (void)state;
    /* "यह पहला है। यह दूसरा है।" and "今天下雨。明天晴天！" */
    const char *hi = "\xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\xaa\xe0\xa4\xb9\xe0\xa4\xb2\xe0\xa4\xbe "
                     "\xe0\xa4\xb9\xe0\xa5\x88\xe0\xa5\xa4 \xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\xa6"
                     "\xe0\xa5\x82\xe0\xa4\xb8\xe0\xa4\xb0\xe0\xa4\xbe \xe0\xa4\xb9\xe0\xa5\x88\xe0"
                     "\xa5\xa4";
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_sentences(hi, strlen(hi), &s), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.v[1].cp_start, s.v[0].cp_end + 1);
    const char *zh = "\xe4\xbb\x8a\xe5\xa4\xa9\xe4\xb8\x8b\xe9\x9b\xa8\xe3\x80\x82\xe6\x98\x8e\xe5"
                     "\xa4\xa9\xe6\x99\xb4\xe5\xa4\xa9\xef\xbc\x81";
    assert_int_equal(ss_split_sentences(zh, strlen(zh), &s), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.v[0].cp_start, 0);
    assert_int_equal(s.v[0].cp_end, 5);
    assert_int_equal(s.v[1].cp_start, 5);
    assert_int_equal(s.v[1].cp_end, 10);
    ss_spans_release(&s);
}

static void empty_and_blank(void **state)
{
    (void)state;
    ss_spans s;
    ss_spans_init(&s);
    assert_int_equal(ss_split_sentences("", 0, &s), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(ss_split_sentences(" \n\t\n ", 5, &s), 0);
    assert_int_equal(s.n, 0);
    ss_spans_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paragraphs_one_per_line),
        cmocka_unit_test(paragraphs_wrapped),
        cmocka_unit_test(sentences_english),
        cmocka_unit_test(sentences_clock_abbreviations),
        cmocka_unit_test(sentences_hindi_and_chinese),
        cmocka_unit_test(sentences_german_dates),
        cmocka_unit_test(empty_and_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
