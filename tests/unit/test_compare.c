/* Unit tests: compare — quotations, numbers, story comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samestory.h"

static ss_stopwords *sw;
static ss_quoter *qt;

static int setup(void **state)
{
    (void)state;
    sw = ss_stopwords_load(NULL);
    qt = ss_quoter_new(NULL);
    return sw && qt ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ss_stopwords_free(sw);
    ss_quoter_free(qt);
    return 0;
}

static ss_doc *mkdoc(const char *id, const char *text)
{
    ss_doc *d = ss_doc_new();
    ss_doc_set_str(&d->id, id, (size_t)-1);
    ss_doc_set_text(d, text, (size_t)-1);
    strcpy(d->lang, "en");
    return d;
}

/* "speaker: quote" lines for the quotations of text. */
static void quotes_of(const char *text, char *out, size_t cap)
{
    ss_tokens t;
    ss_tokens_init(&t);
    ss_mentions m;
    ss_mentions_init(&m);
    ss_quotes q;
    ss_quotes_init(&q);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NORM, &t), 0);
    assert_int_equal(ss_find_mentions(text, strlen(text), &t, "en", sw, &m), 0);
    assert_int_equal(ss_find_quotes(qt, text, strlen(text), &t, &m, "en", &q), 0);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < q.n; i++) {
        const ss_quote *x = &q.v[i];
        const char *sp = x->speaker >= 0 ? text + m.v[x->speaker].start : "?";
        int spn = x->speaker >= 0 ? (int)(m.v[x->speaker].end - m.v[x->speaker].start) : 1;
        n += (size_t)snprintf(out + n, cap - n, "%.*s: %.*s\n", spn, sp, (int)(x->end - x->start),
                              text + x->start);
        /* the code point span matches the byte span */
        assert_int_equal(ss_utf8_byte_offset(text, strlen(text), x->cp_start), x->start);
    }
    ss_quotes_release(&q);
    ss_mentions_release(&m);
    ss_tokens_release(&t);
}

static void quotations_and_speakers(void **state)
{
    (void)state;
    char got[2048];
    /* after the quote; before it; a pronoun; a continuation; "according to" */
    quotes_of("Mayor Elena Varga spoke in the city hall. \xe2\x80\x9cWe have never seen the river rise "
              "this fast,\xe2\x80\x9d Varga said. \xe2\x80\x9cOur priority is every family.\xe2\x80\x9d\n"
              "The hydrologist Tomas Brandt said: \"The ground was already saturated in February.\"\n"
              "Later Brandt met the press. \"The water will fall from Wednesday on,\" he said.\n"
              "According to Ruth Okafor, \"prices are still far too high for comfort.\"",
              got, sizeof got);
    assert_string_equal(got, "Mayor Elena Varga: We have never seen the river rise this fast,\n"
                             "Mayor Elena Varga: Our priority is every family.\n"
                             "Tomas Brandt: The ground was already saturated in February.\n"
                             "Tomas Brandt: The water will fall from Wednesday on,\n"
                             "Ruth Okafor: prices are still far too high for comfort.\n");
}

static void scare_quotes_and_apostrophes(void **state)
{
    (void)state;
    char got[1024];
    /* a two-word scare quote is not a quotation; an apostrophe opens nothing */
    quotes_of("The ministry called it a \xe2\x80\x9cvivid illustration\xe2\x80\x9d of ties. China\xe2\x80\x99s "
              "minister Wang Yi met Lavrov\xe2\x80\x99s deputy.",
              got, sizeof got);
    assert_string_equal(got, "");
    /* guillemets and unmatched marks */
    quotes_of("Le maire a dit : \xc2\xab Nous allons reconstruire la ville rue par rue \xc2\xbb. "
              "A stray \" mark with no end",
              got, sizeof got);
    assert_non_null(strstr(got, "Nous allons reconstruire la ville rue par rue"));
    assert_null(strstr(got, "stray"));
}

static void comparison(void **state)
{
    (void)state;
    const char *wire = "Floods in Port Amberley\n"
                       "The River Tessel burst its banks in Port Amberley on Monday, forcing about 2,300 "
                       "residents from their homes.\n"
                       "Water reached the first floors of houses in the Dockside district.\n"
                       "Rail services to Halden were suspended after water covered the tracks.\n"
                       "\"We have never seen the Tessel rise this fast,\" Mayor Elena Varga said.\n";
    const char *copy = "Port Amberley under water\n"
                       "The River Tessel burst its banks in Port Amberley on Monday, forcing about 2,300 "
                       "residents from their homes.\n"
                       "Water reached the first floors of houses in the Dockside district.\n"
                       "Rail services to Halden were suspended after water covered the tracks.\n"
                       "\"We have never seen the Tessel rise this fast,\" Mayor Elena Varga said.\n";
    /* an independent report: two statements in common with the wire (so
       their facts are compared, see RELATED_SENTENCES), its own figure */
    const char *other = "Tessel flood: the cost\n"
                        "More than 2,500 residents were moved out of the Dockside district.\n"
                        "Water reached the first floors of houses in the Dockside district.\n"
                        "Rail services to Halden were suspended after water covered the tracks.\n"
                        "Shopkeepers on Harbour Street lost stock worth thousands of euros.\n"
                        "\"We will rebuild Dockside, street by street,\" Mayor Jelena Varga said.\n";
    ss_doc *d[3] = {mkdoc("wire", wire), mkdoc("copy", copy), mkdoc("other", other)};
    ss_reader_opts ro = {0};
    (void)ro;
    ss_analyzer *an = ss_analyzer_new(sw, qt, NULL);
    ss_analysis x[3];
    const ss_analysis *xp[3];
    for (int i = 0; i < 3; i++) {
        /* a .txt-like document: the first line is the title */
        d[i]->body_start = (size_t)(strchr(d[i]->text, '\n') - d[i]->text) + 1;
        ss_analysis_init(&x[i]);
        assert_int_equal(ss_analyze_doc(an, d[i], &x[i]), 0);
        xp[i] = &x[i];
    }
    assert_int_equal(x[0].sent.n, 4); /* the title line is not a sentence */
    ss_comparison c;
    ss_comparison_init(&c);
    assert_int_equal(ss_compare_story(xp, 3, NULL, &c), 0);
    /* wire and copy are one source */
    assert_int_equal(c.nsources, 2);
    assert_int_equal(c.source_of[1], 0);
    assert_int_equal(c.source_of[2], 2);
    /* both sources say that water reached the first floors */
    int found = 0;
    for (size_t i = 0; i < c.nagree; i++) {
        const ss_piece *p = &c.agree[i].rep;
        if (strstr(d[p->doc]->text + p->start, "Water reached") == d[p->doc]->text + p->start) {
            found = 1;
            assert_int_equal(c.agree[i].ndocs, 3);
        }
    }
    assert_true(found);
    /* the other source adds the shopkeepers */
    found = 0;
    for (size_t i = 0; i < c.nunique; i++)
        for (size_t j = 0; j < c.unique[i].n; j++) {
            const ss_piece *p = &c.unique[i].pieces[j];
            found |= c.unique[i].doc == 2 && strncmp(d[2]->text + p->start, "Shopkeepers", 11) == 0;
        }
    assert_true(found);
    /* 2,300 against 2,500 residents */
    assert_int_equal(c.nconflicts, 1);
    assert_int_equal(c.conflicts[0].what, SS_CONFLICT_NUMBER);
    assert_string_equal(c.conflicts[0].about, "residents");
    assert_int_equal(c.conflicts[0].nvalues, 2);
    assert_string_equal(c.conflicts[0].values[0].value, "2300");
    assert_int_equal(c.conflicts[0].values[0].s.ndocs, 2);
    assert_string_equal(c.conflicts[0].values[1].value, "2500");
    /* quotations: the mayor's, in two articles; Jelena Varga's in one */
    assert_int_equal(c.nquotes, 2);
    assert_int_equal(c.quotes[0].s.ndocs, 2);
    assert_string_equal(c.quotes[0].speaker, "Mayor Elena Varga");
    assert_string_equal(c.quotes[1].speaker, "Mayor Jelena Varga");
    /* Elena / Jelena Varga: one name, two spellings */
    assert_int_equal(c.nvariants, 1);
    assert_int_equal(c.variants[0].nforms, 2);
    assert_string_equal(c.variants[0].name, "Elena Varga");
    /* sentence groups line the copies up */
    assert_int_equal(c.nsentences[0], 4);
    assert_true(c.group[0][0] != SS_NO_GROUP && c.group[0][0] == c.group[1][0]);
    assert_true(c.group[2][1] == c.group[0][1]);
    assert_true(c.group[2][2] == c.group[0][2]); /* the trains */
    assert_true(c.group[2][3] == SS_NO_GROUP); /* the shopkeepers: only there */
    ss_comparison_release(&c);
    for (int i = 0; i < 3; i++) {
        ss_analysis_release(&x[i]);
        ss_doc_free(d[i]);
    }
    ss_analyzer_free(an);
}

/* A translation shares no words with its original: only the sentence
 * links make its sentences support the original's, its quotation the
 * same quotation and the two one source.  Links out of range are ignored. */
static void linked_translation(void **state)
{
    (void)state;
    const char *en = "Floods\n"
                     "More than 2,500 residents were moved out of the Dockside district.\n"
                     "Water reached the first floors of houses in the Dockside district.\n"
                     "\"We will rebuild Dockside, street by street,\" Mayor Jelena Varga said.\n";
    const char *de = "Hochwasser\n"
                     "Mehr als 2.500 Menschen mussten das Viertel Dockside verlassen.\n"
                     "Das Wasser stand bis in die ersten Stockwerke der H\xc3\xa4user.\n"
                     "\"Wir werden Dockside wieder aufbauen\", sagte B\xc3\xbcrgermeisterin Jelena Varga.\n";
    ss_doc *d[2] = {mkdoc("en", en), mkdoc("de", de)};
    strcpy(d[1]->lang, "de");
    ss_analyzer *an = ss_analyzer_new(sw, qt, NULL);
    ss_analysis x[2];
    const ss_analysis *xp[2];
    for (int i = 0; i < 2; i++) {
        d[i]->body_start = (size_t)(strchr(d[i]->text, '\n') - d[i]->text) + 1;
        ss_analysis_init(&x[i]);
        assert_int_equal(ss_analyze_doc(an, d[i], &x[i]), 0);
        xp[i] = &x[i];
    }
    assert_int_equal(x[0].sent.n, 3);
    assert_int_equal(x[1].sent.n, 3);
    ss_comparison c;
    ss_comparison_init(&c);
    assert_int_equal(ss_compare_story(xp, 2, NULL, &c), 0);
    assert_int_equal(c.nsources, 2); /* by words alone: two sources */
    const ss_sentence_link links[] = {{0, 0, 1, 0}, {0, 1, 1, 1}, {0, 2, 1, 2}, {0, 9, 1, 0}, {5, 0, 1, 0}};
    assert_int_equal(ss_compare_story_linked(xp, 2, NULL, links, 5, &c), 0);
    assert_int_equal(c.nsources, 1);
    assert_int_equal(c.source_of[1], 0);
    for (uint32_t s = 0; s < 3; s++)
        assert_true(c.group[0][s] != SS_NO_GROUP && c.group[0][s] == c.group[1][s]);
    assert_int_equal(c.nquotes, 1);
    assert_int_equal(c.quotes[0].s.ndocs, 2);
    ss_comparison_release(&c);
    for (int i = 0; i < 2; i++) {
        ss_analysis_release(&x[i]);
        ss_doc_free(d[i]);
    }
    ss_analyzer_free(an);
}

/* Counts read from a text: what a model's code is, and the rounding each
 * value's writing shows. */
static void number_facts(void **state)
{
    (void)state;
    ss_analyzer *an = ss_analyzer_new(sw, qt, NULL);
    ss_doc *d = mkdoc("n", "Numbers\n\nThe airline ordered six MD-11 jets and 12 fighters, each an F-16. "
                           "It paid $12.3 million for 2,300 seats and 60 engines.");
    ss_analysis x;
    ss_analysis_init(&x);
    assert_int_equal(ss_analyze_doc(an, d, &x), 0);
    char got[256] = "";
    size_t n = 0;
    for (size_t i = 0; i < x.nnum; i++)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s/%g ", x.num[i].value, x.num[i].step);
    /* "11" of MD-11 and "16" of F-16 are names, not counts */
    assert_string_equal(got, "6/1 12/1 12300000/100000 2300/100 60/1 ");
    ss_analysis_release(&x);
    ss_doc_free(d);
    ss_analyzer_free(an);
}

static void one_article_and_empty(void **state)
{
    (void)state;
    ss_analyzer *an = ss_analyzer_new(sw, qt, NULL);
    ss_doc *d = mkdoc("one", "");
    ss_analysis x;
    ss_analysis_init(&x);
    assert_int_equal(ss_analyze_doc(an, d, &x), 0);
    const ss_analysis *xp = &x;
    ss_comparison c;
    ss_comparison_init(&c);
    assert_int_equal(ss_compare_story(&xp, 1, NULL, &c), 0);
    assert_int_equal(c.nagree, 0);
    assert_int_equal(c.nconflicts, 0);
    assert_int_equal(c.nsources, 1);
    assert_int_equal(ss_compare_story(&xp, 0, NULL, &c), 0);
    ss_comparison_release(&c);
    ss_analysis_release(&x);
    ss_doc_free(d);
    ss_analyzer_free(an);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quotations_and_speakers),
        cmocka_unit_test(scare_quotes_and_apostrophes),
        cmocka_unit_test(comparison),
        cmocka_unit_test(linked_translation),
        cmocka_unit_test(number_facts),
        cmocka_unit_test(one_article_and_empty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
