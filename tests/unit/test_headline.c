/* Unit tests: story/headline — which titles are headlines, and which
 * member's title names a story.  The titles are written for these tests
 * in the shapes scraped pages give (datelines, sections, site names). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"
#include "text/crumbs.h"
#include "text/utf8.h"

static void datelines_are_not_headlines(void **state)
{
    (void)state;
    const char *dates[] = {"Updated: November 11, 2011 20: 09 IST", "Jan 05, 2011",
                           "Publié le 4 mars 2025 à 18h09", "Last updated on Tuesday 4 March 2025",
                           "Actualizado: 12/05/2025 10:30 CET", "Aggiornato alle ore 9:15 del 3 aprile",
                           "Stand: 04.03.2025, 18:09 Uhr", "2025-03-04T18:09:00Z"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
        if (ss_headline_quality(dates[i], NULL, NULL) != 0.0)
            fail_msg("a dateline judged a headline: %s", dates[i]);
    /* a date inside a real headline does not make it a dateline */
    assert_true(ss_headline_quality("March 4: crane collapses at Velmora harbour", NULL, NULL) >= 0.99);
}

static void sections_sites_and_furniture(void **state)
{
    (void)state;
    assert_true(ss_headline_quality("THE WHITE HOUSE", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("WORLD NEWS", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("Home > World > Europe", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("Accueil | International | Europe", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("Home | News | Sport | Weather", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("News \xc2\xb7 Politics \xc2\xb7 Local Elections", NULL, NULL) == 0.0);
    /* one separator, or one inside a name, is a headline's */
    assert_true(ss_is_crumbs("Home | News | Sport", 19));
    assert_false(ss_is_crumbs("Markets | Stocks fall as oil climbs", 35));
    assert_false(ss_is_crumbs("AC/DC and S/P ratings / bonds", 29));
    assert_false(ss_is_crumbs("Talks stall | Unions walk out | Ministers say the offer was final and fair", 74));
    /* a page title: headline, section, site */
    assert_false(ss_is_crumbs("Russia strikes Kyiv | World | The Guardian", 42));
    assert_true(ss_is_crumbs("Home > World > Middle East > Gaza Ceasefire Talks", 49));
    assert_true(ss_headline_quality("Please enable JavaScript to view this page", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("Velmora Post", "Velmora Post", NULL) == 0.0);
    assert_true(ss_headline_quality("Le Tambour", NULL, "https://www.letambour.fr/monde/x.html") == 0.0);
    assert_true(ss_headline_quality("https://example.org/a", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality("", NULL, NULL) == 0.0);
    assert_true(ss_headline_quality(NULL, NULL, NULL) == 0.0);
    /* short titles are weak, long ones paragraphs; a site name suffix is fine */
    assert_true(ss_headline_quality("Politics", NULL, NULL) < 0.5);
    assert_true(ss_headline_quality("Crane falls, two hurt | Velmora Post", "Velmora Post", NULL) >= 0.99);
    char para[400];
    memset(para, 0, sizeof para);
    for (int i = 0; i < 30; i++)
        strcat(para, "words and ");
    assert_true(ss_headline_quality(para, NULL, NULL) < 0.5);
    /* all capitals with many words is a shouted headline, not a section */
    assert_true(ss_headline_quality("CRANE COLLAPSES AT VELMORA HARBOUR, TWO HURT", NULL, NULL) >= 0.99);
    /* other scripts have no capitals to judge by */
    assert_true(ss_headline_quality("Кран рухнул в порту Вельмора, двое раненых", NULL, NULL) >= 0.99);
}

static ss_doc *mkdoc(const char *id, const char *lang, const char *title, const char *source)
{
    ss_doc *d = ss_doc_new();
    ss_doc_set_str(&d->id, id, (size_t)-1);
    if (title)
        ss_doc_set_str(&d->title, title, (size_t)-1);
    if (source)
        ss_doc_set_str(&d->source, source, (size_t)-1);
    ss_doc_set_text(d, "Text.", (size_t)-1);
    snprintf(d->lang, sizeof d->lang, "%s", lang);
    return d;
}

/* Without frequencies: quality, then the common language, then input order. */
static void story_headline_by_quality_and_language(void **state)
{
    (void)state;
    ss_doc *v[5] = {mkdoc("a", "en", "Updated: March 4, 2025 18:09 GMT", NULL),
                    mkdoc("b", "fr", "Une grue s'effondre dans le port de Velmora", NULL),
                    mkdoc("c", "en", "THE HARBOUR GAZETTE", NULL),
                    mkdoc("d", "en", "Crane collapses at Velmora harbour, two hurt", NULL),
                    mkdoc("e", "en", NULL, NULL)};
    const ss_doc *d[5] = {v[0], v[1], v[2], v[3], v[4]};
    assert_int_equal(ss_story_headline(d, NULL, 5, NULL), 3);   /* English headline */
    assert_int_equal(ss_story_headline(d, NULL, 3, NULL), 1);   /* only the French one is a headline */
    assert_int_equal(ss_story_headline(d, NULL, 1, NULL), 0);   /* a dateline beats nothing */
    assert_int_equal(ss_story_headline(d + 4, NULL, 1, NULL), 1); /* no title at all: n */
    for (int i = 0; i < 5; i++)
        ss_doc_free(v[i]);
}

/* With features: the member most central to the story wins among
 * headlines of one class and language. */
static void story_headline_is_central(void **state)
{
    (void)state;
    ss_stopwords *sw = ss_stopwords_load(NULL);
    assert_non_null(sw);
    ss_featurizer *fz = ss_featurizer_new(sw, NULL);
    assert_non_null(fz);
    const char *title[3] = {"Tram drivers in Korvin stop work over pay",
                            "Crane collapses at Velmora harbour, two dock workers hurt",
                            "Velmora harbour crane falls and the north quay closes"};
    const char *text[3] = {"Tram drivers in Korvin stopped work for a day over pay.",
                           "A container crane collapsed at Velmora harbour on Tuesday; two dock "
                           "workers were hurt, port director Ilse Marek said.",
                           "The crane collapsed at Velmora harbour on Tuesday and the north quay "
                           "closed; port director Ilse Marek said two dock workers were hurt."};
    ss_doc *v[3];
    ss_features f[3];
    const ss_features *fp[3];
    ss_df *df = ss_df_new();
    for (int i = 0; i < 3; i++) {
        v[i] = mkdoc(i ? "crane" : "tram", "en", title[i], NULL);
        ss_doc_set_text(v[i], text[i], (size_t)-1);
        ss_features_init(&f[i]);
        assert_int_equal(ss_featurize(fz, v[i], &f[i]), 0);
        ss_df_add(df, &f[i]);
        fp[i] = &f[i];
    }
    /* a story of three where one member is off the subject: not its title */
    const ss_doc *d[3] = {v[0], v[1], v[2]};
    size_t rep = ss_story_headline(d, fp, 3, df);
    assert_true(rep == 1 || rep == 2);
    for (int i = 0; i < 3; i++) {
        ss_features_release(&f[i]);
        ss_doc_free(v[i]);
    }
    ss_df_free(df);
    ss_featurizer_free(fz);
    ss_stopwords_free(sw);
}

/* The crumbs test as it was before its byte prefilter (crumbs.c): every
 * code point decoded and classed.  The oracle of the test below. */
static int crumb_cp(uint32_t c)
{
    return c == '|' || c == '>' || c == '/' || c == 0xBB || c == 0x203A || c == 0xB7 || c == 0x2022 ||
           c == 0x2192;
}

static int crumbs_by_full_scan(const char *s, size_t n)
{
    size_t words = 0, crumbs = 0, seg = 0, longest = 0;
    int in_word = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t c = ss_utf8_next(s, n, &i);
        int word = c < 0x80 ? ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
                            : !(c >= 0xA0 && c <= 0xBF) && c != 0xD7 && c != 0xF7 &&
                                  !(c >= 0x2000 && c <= 0x206F) && !(c >= 0x3000 && c <= 0x303F) &&
                                  c != 0xFEFF && !crumb_cp(c);
        if (word) {
            words += !in_word;
            seg += !in_word;
            in_word = 1;
            continue;
        }
        in_word = 0;
        if (crumb_cp(c) && at > 0 && s[at - 1] == ' ' && i < n && s[i] == ' ') {
            crumbs++;
            longest = seg > longest ? seg : longest;
            seg = 0;
        }
    }
    longest = seg > longest ? seg : longest;
    if (crumbs < 2 || words == 0)
        return 0;
    return longest <= SS_CRUMB_ITEM_WORDS ||
           (crumbs + 1 >= SS_CRUMB_MANY && words <= SS_CRUMB_SEGMENT_WORDS * (crumbs + 1));
}

/* The prefilter never changes an answer: 200,000 lines pieced together from
 * words, separators of every kind, spaces, and broken UTF-8 that the
 * lenient decoder reads as a separator (0xC2 then ';' is U+00BB; overlong
 * three- and four-byte forms of '|'). */
static void crumbs_prefilter_keeps_every_answer(void **state)
{
    (void)state;
    static const char *pieces[] = {"Home", "News", "Local News", " ", " ", " ", "|", ">", "/", "\xc2\xbb",
                                   "\xc2\xb7", "\xe2\x80\xba", "\xe2\x80\xa2", "\xe2\x86\x92", "\xc2",
                                   "\xe2\x80", ";", "7", "\xd0\x9c\xd0\xb8\xd1\x80", "a b c d", "\xf0\x9f",
                                   "\xc2\x3b", "\xe2\x86\x12", " | ", " > ", " \xc2\xbb ", " \xc2\x3b ", " / ",
                                   /* overlong forms the lenient decoder reads as separators */
                                   " \xe0\x81\xbc ", " \xf0@A| ", "\xe0\x82", "\xf0\x80"};
    size_t np = sizeof pieces / sizeof *pieces;
    uint64_t r = 0x2545F4914F6CDD1Dull;
    size_t yes = 0;
    char line[256];
    for (int t = 0; t < 200000; t++) {
        size_t n = 0;
        int k = 1 + (int)(t % 24);
        for (int j = 0; j < k; j++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            const char *p = pieces[r % np];
            size_t l = strlen(p);
            if (n + l >= sizeof line)
                break;
            memcpy(line + n, p, l);
            n += l;
        }
        int want = crumbs_by_full_scan(line, n);
        if (ss_is_crumbs(line, n) != want)
            fail_msg("line %d: \"%.*s\" crumbs %d, full scan %d", t, (int)n, line, !want, want);
        yes += (size_t)want;
    }
    assert_true(yes > 1000); /* both answers are exercised */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(datelines_are_not_headlines),
        cmocka_unit_test(sections_sites_and_furniture),
        cmocka_unit_test(crumbs_prefilter_keeps_every_answer),
        cmocka_unit_test(story_headline_by_quality_and_language),
        cmocka_unit_test(story_headline_is_central),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
