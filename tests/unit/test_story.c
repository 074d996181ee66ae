/* Unit tests: story — names, numbers, features, document frequencies,
 * similarity, online grouping. */
#include <math.h>
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

static int setup(void **state)
{
    (void)state;
    sw = ss_stopwords_load(NULL);
    return sw ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ss_stopwords_free(sw);
    return 0;
}

/* The surface forms of the mentions found in text, joined by '|'. */
static void mentions_of(const char *text, const char *lang, char *out, size_t cap, ss_mentions *m)
{
    ss_tokens t;
    ss_tokens_init(&t);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NORM, &t), 0);
    assert_int_equal(ss_find_mentions(text, strlen(text), &t, lang, sw, m), 0);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < m->n; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%.*s", i ? "|" : "", (int)(m->v[i].end - m->v[i].start),
                              text + m->v[i].start);
    ss_tokens_release(&t);
}

/* Han text is tokenized as overlapping bigrams: the line scan must not
 * read the "gap" between overlapping tokens (it once read far past the
 * text).  The Latin names around it are still found. */
static void names_next_to_han_bigrams(void **state)
{
    (void)state;
    char got[512];
    ss_mentions m;
    ss_mentions_init(&m);
    /* on the heap, ending in Han with no newline after: an over-read shows */
    char *text = strdup("Officials in Port Amberley said the roads were closed.\n"
                        "Anna Berg \xe8\xaf\xb4\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82"
                        "\xe4\xb8\x8b\xe9\x9b\xa8\xe5\xbe\x88\xe5\xa4\xa7");
    assert_non_null(text);
    ss_tokens t;
    ss_tokens_init(&t);
    assert_int_equal(ss_tokenize(text, strlen(text), 0, SS_TOKENIZE_NORM, &t), 0);
    int overlap = 0;
    for (size_t k = 1; k < t.n; k++)
        overlap |= t.v[k].start < t.v[k - 1].end;
    assert_true(overlap); /* the case under test */
    ss_tokens_release(&t);
    mentions_of(text, "zh", got, sizeof got, &m);
    assert_non_null(strstr(got, "Anna Berg"));
    assert_non_null(strstr(got, "Port Amberley"));
    ss_mentions_release(&m);
    free(text);
}

static void names_in_running_text(void **state)
{
    (void)state;
    char got[512];
    ss_mentions m;
    ss_mentions_init(&m);
    mentions_of("The foreign minister Sergey Lavrov met officials of the Bank of Norland and the CSTO "
                "in Port Amberley on Monday. Lavrov said the talks went well.",
                "en", got, sizeof got, &m);
    /* weekdays are not names; "Lavrov" alone stands for the full name */
    assert_string_equal(got, "Sergey Lavrov|Bank of Norland|CSTO|Port Amberley|Lavrov");
    assert_int_equal(m.v[4].canon, 0);
    assert_true(m.v[2].acronym);
    /* "The" at the start is a function word, not a name; a capitalized word
       only at a sentence start is not taken without support elsewhere */
    mentions_of("Heavy rain fell. Rescuers from Halden arrived.", "en", got, sizeof got, &m);
    assert_string_equal(got, "Halden");
    mentions_of("Rescue teams reached Halden. Halden is on the river.", "en", got, sizeof got, &m);
    assert_string_equal(got, "Halden|Halden");
    ss_mentions_release(&m);
}

static void names_in_dense_sentences_and_possessives(void **state)
{
    (void)state;
    char got[512];
    ss_mentions m;
    ss_mentions_init(&m);
    /* a long sentence full of names is not a headline */
    mentions_of("BEIJING (Agency) -- Foreign Minister Wang Yi on Monday held a call with Russian "
                "Foreign Minister Sergei Lavrov.",
                "en", got, sizeof got, &m);
    assert_non_null(strstr(got, "Foreign Minister Wang Yi"));
    assert_non_null(strstr(got, "Russian Foreign Minister Sergei Lavrov"));
    assert_true(ss_name_key("putin's", 7) == ss_name_key("putin", 5));
    assert_true(ss_name_key("putin\xe2\x80\x99s", 9) == ss_name_key("putin", 5));
    ss_mentions_release(&m);
}

static void names_in_title_case_lines(void **state)
{
    (void)state;
    char got[512];
    ss_mentions m;
    ss_mentions_init(&m);
    /* a title-case headline: only words capitalized in the body count */
    mentions_of("River Floods Port Amberley As Storm Hits\nThe river rose in Port Amberley overnight.",
                "en", got, sizeof got, &m);
    assert_string_equal(got, "Port Amberley|Port Amberley");
    ss_mentions_release(&m);
}

static void name_keys_tolerate_spelling(void **state)
{
    (void)state;
    assert_true(ss_name_key("sergey", 6) == ss_name_key("sergei", 6));
    assert_true(ss_name_key("tokayev", 7) == ss_name_key("tokaev", 6));
    assert_true(ss_name_key("lavrov", 6) == ss_name_key("lavarova", 8));
    assert_true(ss_name_key("sérgey", strlen("sérgey")) == ss_name_key("sergey", 6));
    assert_true(ss_name_key("lavrov", 6) != ss_name_key("putin", 5));
    assert_true(ss_name_key("wang", 4) != ss_name_key("yi", 2));
    assert_true(ss_name_key("yi", 2) != ss_name_key("ye", 2)); /* short words stay as written */
}

static void numbers(void **state)
{
    (void)state;
    char out[40];
    struct {
        const char *in, *lang, *want;
    } c[] = {{"2,500", "en", "2500"}, {"2.500", "de", "2500"}, {"2,5", "de", "2.5"},
             {"3.5", "en", "3.5"},    {"1,234.50", "en", "1234.5"}, {"1.234,50", "de", "1234.5"},
             {"007", "en", "7"},      {"4.25", "en", "4.25"},       {"4,25", "fr", "4.25"},
             {"10,000", "en", "10000"}, {"\xd9\xa3\xd9\xa0", "ar", "30"}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        size_t n = ss_number_canonical(c[i].in, strlen(c[i].in), c[i].lang, out);
        assert_true(n > 0);
        if (strcmp(out, c[i].want) != 0)
            fail_msg("%s (%s): got %s want %s", c[i].in, c[i].lang, out, c[i].want);
    }
    assert_int_equal(ss_number_canonical("12a", 3, "en", out), 0);
    /* the longest number taken fits out[40] with its decimal point; longer is no number */
    const char *longest = "1234567890123456789012345678901234567.8"; /* 38 digits */
    assert_int_equal(ss_number_canonical(longest, strlen(longest), "en", out), 39);
    assert_string_equal(out, longest);
    const char *longer = "12345678901234567890123456789012345678.9"; /* 39 digits */
    assert_int_equal(ss_number_canonical(longer, strlen(longer), "en", out), 0);
}

static ss_doc *mkdoc(const char *id, const char *lang, const char *title, const char *text,
                     const char *date)
{
    ss_doc *d = ss_doc_new();
    ss_doc_set_str(&d->id, id, (size_t)-1);
    if (title)
        ss_doc_set_str(&d->title, title, (size_t)-1);
    ss_doc_set_text(d, text, (size_t)-1);
    snprintf(d->lang, sizeof d->lang, "%s", lang);
    if (date)
        ss_doc_set_date(d, date);
    return d;
}

static void featurize(ss_featurizer *fz, ss_doc *d, ss_features *x)
{
    ss_features_init(x);
    assert_int_equal(ss_featurize(fz, d, x), 0);
    for (int f = 0; f < SS_F_COUNT; f++)
        for (uint32_t i = 1; i < x->f[f].n; i++)
            assert_true(x->f[f].k[i - 1] < x->f[f].k[i]); /* sorted, unique */
}

static const char *flood_a = "Floods hit Port Amberley as the River Tessel bursts its banks. "
                             "About 2,300 residents left their homes, Mayor Elena Varga said.";
static const char *flood_b = "The River Tessel flooded Port Amberley on Monday and 2,300 people "
                             "were evacuated, according to Mayor Elena Varga.";
static const char *rates = "The Bank of Norland raised its key interest rate to 4.25% on "
                           "Wednesday, Governor Ruth Okafor said.";

static void features_and_similarity(void **state)
{
    (void)state;
    ss_featurizer *fz = ss_featurizer_new(sw, NULL);
    ss_doc *a = mkdoc("a", "en", NULL, flood_a, NULL), *b = mkdoc("b", "en", NULL, flood_b, NULL),
           *c = mkdoc("c", "en", NULL, rates, NULL);
    ss_features fa, fb, fc;
    featurize(fz, a, &fa);
    featurize(fz, b, &fb);
    featurize(fz, c, &fc);
    assert_true(fa.f[SS_F_TERMS].n > 5);
    assert_true(fa.f[SS_F_ENTS].n >= 5);   /* port amberley river tessel elena varga */
    assert_int_equal(fa.f[SS_F_NUMS].n, 1); /* 2,300 */
    ss_df *df = ss_df_new();
    ss_df_add(df, &fa);
    ss_df_add(df, &fb);
    ss_df_add(df, &fc);
    assert_int_equal(ss_df_docs(df), 3);
    ss_sim ab, ac, aa;
    ss_similarity(df, &fa, &fb, &ab);
    ss_similarity(df, &fa, &fc, &ac);
    ss_similarity(df, &fa, &fa, &aa);
    ss_story_opts so;
    ss_story_opts_default(&so);            /* the model's threshold (a probability) */
    assert_true(aa.story > 0.9);
    assert_true(aa.p_same > 0.9);
    assert_true(aa.story >= ab.story);
    assert_true(ab.p_same > so.threshold);  /* the same event */
    assert_true(ac.p_same < so.threshold);  /* another event: below the default threshold */
    assert_true(ab.story - ac.story > 0.4);
    assert_true(ab.f[SS_F_NUMS] > 0.99);    /* 2,300 both */
    assert_true(ab.story > ac.story);
    assert_false(ab.cross_lingual);
    assert_true(ab.gap_days < 0);
    /* the grouping's p_same alone equals the full comparison's, bit for bit */
    {
        ss_features wa, wb, wc;
        ss_features_init(&wa);
        ss_features_init(&wb);
        ss_features_init(&wc);
        assert_int_equal(ss_features_copy(&wa, &fa), SS_OK);
        assert_int_equal(ss_features_copy(&wb, &fb), SS_OK);
        assert_int_equal(ss_features_copy(&wc, &fc), SS_OK);
        ss_features_apply_idf(df, &wa);
        ss_features_apply_idf(df, &wb);
        ss_features_apply_idf(df, &wc);
        const ss_features *v[3] = {&wa, &wb, &wc};
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                ss_sim full;
                ss_similarity_weighted(v[i], v[j], &full);
                double p = ss_similarity_p_same(v[i], v[j]);
                assert_memory_equal(&p, &full.p_same, sizeof p);
            }
        ss_features_release(&wa);
        ss_features_release(&wb);
        ss_features_release(&wc);
    }
    /* a short field against a long one (searched, not walked): the cosine
     * is the plain sum over shared keys, in either order */
    {
        static uint64_t lk[200], sk[5] = {3, 41, 42, 199 * 3, 1000};
        static float lw[200], shw[5] = {1, 2, 3, 4, 5};
        for (int i = 0; i < 200; i++) {
            lk[i] = (uint64_t)i * 3;
            lw[i] = 1.0f + (float)(i % 7);
        }
        ss_features x, y;
        ss_features_init(&x);
        ss_features_init(&y);
        x.f[SS_F_TERMS] = (ss_fvec){lk, lw, 200, 200};
        y.f[SS_F_TERMS] = (ss_fvec){sk, shw, 5, 5};
        x.weighted = y.weighted = 1;
        double nx = 0, ny = 0, dot = (double)lw[1] * shw[0] + (double)lw[14] * shw[2] + (double)lw[199] * shw[3];
        for (int i = 0; i < 200; i++)
            nx += (double)lw[i] * lw[i];
        for (int i = 0; i < 5; i++)
            ny += (double)shw[i] * shw[i];
        x.norm[SS_F_TERMS] = (float)sqrt(nx);
        y.norm[SS_F_TERMS] = (float)sqrt(ny);
        /* the cosine, discounted for the shorter vector's 5 keys
           (SHORT_TEXT_KEYS 10 in similarity.c) */
        double want = dot / ((double)x.norm[SS_F_TERMS] * y.norm[SS_F_TERMS]) * 5.0 / 15.0;
        ss_sim xy, yx;
        ss_similarity_weighted(&x, &y, &xy);
        ss_similarity_weighted(&y, &x, &yx);
        assert_true(fabs(xy.f[SS_F_TERMS] - want) < 1e-12);
        assert_true(fabs(yx.f[SS_F_TERMS] - want) < 1e-12);
        assert_true(want > 0.01);
    }
    /* the prior keeps shared words informative in a two-document input */
    ss_df *small = ss_df_new();
    ss_df_add(small, &fa);
    ss_df_add(small, &fb);
    assert_true(ss_df_idf(small, SS_F_TERMS, fa.f[SS_F_TERMS].k[0]) > 2.0);
    ss_df_remove(small, &fb);
    assert_int_equal(ss_df_docs(small), 1);
    /* time: far apart counts less */
    fb.time = 0;
    fa.time = 30 * 86400;
    ss_sim far;
    ss_similarity(df, &fa, &fb, &far);
    assert_true(far.gap_days > 29.9 && far.gap_days < 30.1);
    assert_true(far.story < ab.story);
    ss_features_release(&fa);
    ss_features_release(&fb);
    ss_features_release(&fc);
    ss_df_free(df);
    ss_df_free(small);
    ss_doc_free(a);
    ss_doc_free(b);
    ss_doc_free(c);
    ss_featurizer_free(fz);
}

static void headline_only_and_first_line_title(void **state)
{
    (void)state;
    ss_featurizer *fz = ss_featurizer_new(sw, NULL);
    ss_doc *h = mkdoc("h", "en", "Norland central bank lifts rate to 4.25%", "", NULL);
    ss_features x;
    featurize(fz, h, &x);
    assert_true(x.headline_only);
    assert_true(x.f[SS_F_TITLE].n > 0);
    assert_int_equal(x.f[SS_F_TERMS].n, x.f[SS_F_TITLE].n);
    ss_features_release(&x);
    ss_doc *t = mkdoc("t", "en", NULL, "Storm closes schools\nAll schools in the valley shut on Monday.", NULL);
    featurize(fz, t, &x);
    assert_false(x.headline_only);
    assert_true(x.f[SS_F_TITLE].n >= 3); /* storm close school */
    ss_features_release(&x);
    ss_doc_free(h);
    ss_doc_free(t);
    ss_featurizer_free(fz);
}

typedef struct {
    uint32_t story_of[64];
    int closed;
    size_t sizes[64];
} collect;

static int on_story(void *arg, const ss_story *s)
{
    collect *c = arg;
    for (size_t i = 0; i < s->n; i++)
        c->story_of[s->members[i].item] = s->id;
    c->sizes[c->closed++] = s->n;
    return 0;
}

static void grouping(void **state)
{
    (void)state;
    ss_featurizer *fz = ss_featurizer_new(sw, NULL);
    const char *texts[] = {flood_a, rates, flood_b,
                           "Governor Ruth Okafor of the Bank of Norland lifted the key rate to 4.25% "
                           "to fight inflation.",
                           "Harbor City FC beat Lakeside United 3-1 in the league on Sunday."};
    const char *dates[] = {"2025-03-04T08:00Z", "2025-03-05T09:00Z", "2025-03-04T12:00Z",
                           "2025-03-05T10:00Z", "2025-03-20T10:00Z"};
    ss_df *df = ss_df_new();
    ss_storyer *st = ss_storyer_new(NULL, df, NULL);
    collect c;
    memset(&c, 0, sizeof c);
    ss_features x[5];
    uint32_t sid[5];
    for (int i = 0; i < 5; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%d", i);
        ss_doc *d = mkdoc(id, "en", NULL, texts[i], dates[i]);
        featurize(fz, d, &x[i]);
        assert_int_equal(ss_storyer_add(st, (uint32_t)i, &x[i], &sid[i], on_story, &c), 0);
        ss_doc_free(d);
    }
    /* the last article, 15 days later, closed the two earlier stories */
    assert_int_equal(c.closed, 2);
    size_t open_articles;
    assert_int_equal(ss_storyer_open(st, &open_articles), 1);
    assert_int_equal(open_articles, 1);
    assert_int_equal(ss_storyer_finish(st, on_story, &c), 0);
    assert_int_equal(c.closed, 3);
    assert_int_equal(c.story_of[0], c.story_of[2]);
    assert_int_equal(c.story_of[1], c.story_of[3]);
    assert_true(c.story_of[0] != c.story_of[1]);
    assert_true(c.story_of[4] != c.story_of[0] && c.story_of[4] != c.story_of[1]);
    assert_int_equal(c.sizes[0] + c.sizes[1] + c.sizes[2], 5);
    for (int i = 0; i < 5; i++)
        ss_features_release(&x[i]);
    ss_storyer_free(st);
    ss_df_free(df);
    ss_featurizer_free(fz);
}

static void many_identical_articles_make_one_story(void **state)
{
    (void)state;
    ss_featurizer *fz = ss_featurizer_new(sw, NULL);
    ss_df *df = ss_df_new();
    ss_storyer *st = ss_storyer_new(NULL, df, NULL);
    ss_doc *d = mkdoc("x", "en", "Floods in Port Amberley", flood_a, "2025-03-04");
    ss_features x;
    featurize(fz, d, &x);
    for (uint32_t i = 0; i < 2000; i++) {
        uint32_t sid;
        assert_int_equal(ss_storyer_add(st, i, &x, &sid, NULL, NULL), 0);
        assert_int_equal(sid, 0);
    }
    size_t arts;
    assert_int_equal(ss_storyer_open(st, &arts), 1);
    assert_int_equal(arts, 2000);
    assert_non_null(ss_storyer_member_features(st, 0, 1999));
    ss_features_release(&x);
    ss_doc_free(d);
    ss_storyer_free(st);
    ss_df_free(df);
    ss_featurizer_free(fz);
}

/* A long stream of events, each with names of its own: the index of the
 * profiles follows the open stories (a window of three days, 40 events a
 * day) instead of keeping every key any story held. */
static void the_index_follows_the_open_stories(void **state)
{
    (void)state;
    ss_featurizer *fz = ss_featurizer_new(sw, NULL);
    ss_df *df = ss_df_new();
    ss_storyer *st = ss_storyer_new(NULL, df, NULL);
    assert_non_null(st);
    size_t most = 0;
    for (uint32_t i = 0; i < 24000; i++) {
        uint32_t e = i / 2;
        char text[512], title[128], date[32];
        snprintf(title, sizeof title, "Quorvel%u council backs Dremmick%u plan", e, e);
        snprintf(text, sizeof text,
                 "Councillors in Quorvel%u backed the Dremmick%u plan on Tuesday. Mayor Halvard%u "
                 "called it a turning point for Quorvel%u and its %u residents.",
                 e, e, e, e, 1000 + e);
        snprintf(date, sizeof date, "2025-%02u-%02uT%02u:00Z", 1 + e / 40 / 28 % 12, 1 + e / 40 % 28,
                 e % 40 / 2);
        ss_doc *d = mkdoc("x", "en", title, text, date);
        ss_features x;
        featurize(fz, d, &x);
        assert_int_equal(ss_df_add(df, &x), SS_OK);
        uint32_t sid;
        assert_int_equal(ss_storyer_add(st, i, &x, &sid, NULL, NULL), 0);
        ss_features_release(&x);
        ss_doc_free(d);
        size_t k = ss_storyer_index_keys(st);
        most = k > most ? k : most;
    }
    size_t arts, open = ss_storyer_open(st, &arts);
    print_message("open stories %zu, index keys %zu (most %zu)\n", open, ss_storyer_index_keys(st), most);
    assert_true(open < 400);
    /* 12,000 events with keys of their own: 108,027 keys were ever held
       (the index without its sweep); swept when past 65,536 */
    assert_true(most < 80000);
    ss_storyer_free(st);
    ss_df_free(df);
    ss_featurizer_free(fz);
}

/* Options out of range: SS_EINVAL naming the option and its range. */
/* cluster.h, "Merging": a report that arrived first and stood alone joins
 * the story of a later article that reaches both it and another story;
 * the storyer says which story went into which; with merging off the two
 * stay apart. */
static void a_story_of_one_is_merged_by_a_bridging_article(void **state)
{
    (void)state;
    const char *a = "The River Tessel flooded Port Amberley. Water reached the first floors of "
                    "houses in Dockside, where emergency crews used boats to reach trapped families.";
    const char *b = "Mayor Elena Varga said 2,300 residents were evacuated. Schools will stay closed "
                    "until Thursday and two shelters opened in the Northgate sports centre.";
    char both[512];
    snprintf(both, sizeof both, "%s %s", a, b);
    const char *texts[] = {a, b, both};
    for (int merge = 0; merge < 2; merge++) {
        ss_featurizer *fz = ss_featurizer_new(sw, NULL);
        ss_df *df = ss_df_new();
        ss_story_opts o;
        ss_story_opts_default(&o);
        o.merge = merge;
        ss_storyer *st = ss_storyer_new(&o, df, NULL);
        assert_non_null(st);
        uint32_t sid[3];
        for (int i = 0; i < 3; i++) {
            ss_doc *d = mkdoc("x", "en", NULL, texts[i], "2025-03-04T08:00Z");
            ss_features x;
            featurize(fz, d, &x);
            assert_int_equal(ss_storyer_add(st, (uint32_t)i, &x, &sid[i], NULL, NULL), 0);
            ss_features_release(&x);
            ss_doc_free(d);
        }
        /* the first two are apart; the third joins one of them */
        assert_true(sid[0] != sid[1]);
        assert_true(sid[2] == sid[0] || sid[2] == sid[1]);
        const ss_story_merge *mv;
        size_t nm;
        ss_storyer_take_merged(st, &mv, &nm);
        size_t arts;
        size_t open = ss_storyer_open(st, &arts);
        assert_int_equal(arts, 3);
        if (merge) {
            assert_int_equal(nm, 1);
            assert_int_equal(mv[0].into, sid[2]);
            assert_int_equal(mv[0].from, sid[2] == sid[0] ? sid[1] : sid[0]);
            assert_int_equal(open, 1);
            ss_story view;
            assert_int_equal(ss_storyer_peek(st, sid[2], &view), SS_OK);
            assert_int_equal(view.n, 3);
            /* the merged article links to the one that bridged them */
            assert_int_equal(view.members[2].link, 2);
            assert_int_equal(ss_storyer_peek(st, mv[0].from, &view), SS_EINVAL);
            ss_storyer_take_merged(st, &mv, &nm);
            assert_int_equal(nm, 0); /* taken once */
        } else {
            assert_int_equal(nm, 0);
            assert_int_equal(open, 2);
        }
        ss_storyer_free(st);
        ss_df_free(df);
        ss_featurizer_free(fz);
    }
}

static void bad_options_are_rejected(void **state)
{
    (void)state;
    ss_df *df = ss_df_new();
    ss_error err;
    ss_story_opts o;
    ss_story_opts_default(&o);
    o.threshold = 1.2;
    assert_null(ss_storyer_new(&o, df, &err));
    assert_int_equal(err.code, SS_EINVAL);
    assert_non_null(strstr(err.msg, "threshold must be from 0 to 1 (got 1.2)"));
    ss_story_opts_default(&o);
    o.headline_threshold = -0.1;
    assert_null(ss_storyer_new(&o, df, &err));
    assert_non_null(strstr(err.msg, "headline_threshold must be from 0 to 1"));
    ss_story_opts_default(&o);
    o.window_days = 1e9;
    assert_null(ss_storyer_new(&o, df, &err));
    assert_non_null(strstr(err.msg, "window_days must be from 0 to 36500"));
    ss_story_opts_default(&o);
    o.max_candidates = 0; /* was silently made 24 */
    assert_null(ss_storyer_new(&o, df, &err));
    assert_non_null(strstr(err.msg, "max_candidates must be at least 1"));
    ss_story_opts_default(&o);
    o.profile_keys = 0;
    assert_null(ss_storyer_new(&o, df, &err));
    assert_non_null(strstr(err.msg, "profile_keys must be at least 1"));
    assert_null(ss_storyer_new(NULL, NULL, &err));
    assert_int_equal(err.code, SS_EINVAL);
    ss_storyer *st = ss_storyer_new(NULL, df, &err);
    assert_non_null(st);
    ss_storyer_free(st);
    ss_df_free(df);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_options_are_rejected),
        cmocka_unit_test(names_in_running_text),
        cmocka_unit_test(names_next_to_han_bigrams),
        cmocka_unit_test(names_in_title_case_lines),
        cmocka_unit_test(names_in_dense_sentences_and_possessives),
        cmocka_unit_test(name_keys_tolerate_spelling),
        cmocka_unit_test(numbers),
        cmocka_unit_test(features_and_similarity),
        cmocka_unit_test(headline_only_and_first_line_title),
        cmocka_unit_test(grouping),
        cmocka_unit_test(many_identical_articles_make_one_story),
        cmocka_unit_test(the_index_follows_the_open_stories),
        cmocka_unit_test(a_story_of_one_is_merged_by_a_bridging_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
