/* compare/compare.h — how the reports of one story relate: what most
 * sources agree on, what each adds, where they conflict, who is quoted.
 *
 * Two steps.  ss_analyze_doc reads one article (thread-safe with one
 * ss_analyzer per thread): its sentences with their features, names,
 * quotations and numbers with what they count.  ss_compare_story then
 * compares the analyses of a story's articles (given in date order):
 *
 *  - sentences of different articles are matched by IDF-weighted cosine of
 *    their content words, names and numbers (>= 0.5), found through an
 *    inverted index, and grouped transitively;
 *  - sources: articles that match each other on 80% of their sentences are
 *    copies of one source (a reprint is not a second witness);
 *  - agree: sentence groups that at least half of the sources (and two or
 *    more) support, with every article that does;
 *  - unique: per source (its first article), sentences no other source has;
 *  - quotes: quotations grouped across articles by their words, with the
 *    speaker's fullest name;
 *  - conflicts: numbers that count the same thing (the same word follows
 *    them: "2,300 residents" / "2,500 residents", of comparable size) with
 *    different values in different sources; and dates: a date written in
 *    the body ("on Monday", "December 10", "4 March") is resolved against
 *    the article's own date or dateline, else the story's earliest, and two
 *    dates of different sources that share two or more content words (not
 *    names) within six words of them ("held a phone call on ...") but differ are
 *    a conflict;
 *  - variants: one name spelled differently ("Sergey"/"Sergei Lavrov",
 *    "Elena"/"Jelena Varga"): reported as variants, not as conflicts.
 *
 * Everything the result holds lives in its arena; texts are given as spans
 * of the articles' raw text.
 */
#ifndef SS_COMPARE_COMPARE_H
#define SS_COMPARE_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "compare/quotes.h"
#include "core/api.h"
#include "core/arena.h"
#include "core/doc.h"
#include "core/error.h"
#include "output/json.h"
#include "story/df.h"
#include "story/entity.h"
#include "story/features.h"
#include "text/datefind.h"
#include "text/segment.h"
#include "text/stopwords.h"
#include "text/token.h"

/* A piece of one article's text. */
typedef struct ss_piece {
    uint32_t doc;                /* index of the article in the story */
    uint32_t start, end;         /* byte span in its raw text */
    uint32_t cp_start, cp_end;   /* code point span */
} ss_piece;

/* ---- one article ---------------------------------------------------------------- */

/* What befell people counted (ss_number_fact.role). */
enum {
    SS_ROLE_NONE = 0,
    SS_ROLE_DEAD,
    SS_ROLE_HURT,
    SS_ROLE_MISSING,
    SS_ROLE_RESCUED,
    SS_ROLE_ARRESTED,
    SS_ROLE_EVACUATED
};

typedef struct ss_number_fact {
    char value[40];              /* canonical number, scale applied ("2500", "4.6",
                                    "2440000" for "2.44 million") */
    double num;                  /* the same as a number */
    double step;                 /* the rounding its writing shows: 0.1 for "4.6", 100
                                    for "2,300", 100000 for "12.3 mln"; two values no
                                    further apart than half the coarser step agree */
    uint64_t unit;               /* what it counts: the word after it (and after a
                                    scale word), or a class for money ("$", "dlrs",
                                    "euros") and percentages ("%", "pct") */
    uint32_t sentence;           /* sentence index */
    uint32_t start, end;         /* byte span of the number and its unit word */
    uint32_t about;              /* byte span of the unit word as written: */
    uint32_t about_end;          /*   [about, about_end), empty for a sign */
    const char *cls;             /* money or percentage: "$", "€", "%", ... (static);
                                    NULL for other units */
    uint64_t ctx[16];            /* content words near it in its sentence (term keys),
                                    names, numbers and its own words aside */
    uint8_t nctx;
    uint8_t period;              /* a span of time ("four months") or a time of day
                                    ("1330 GMT"): never compared */
    uint8_t paired;              /* one of two numbers of one statement: a range's ends
                                    ("10 to 15"), a change ("to 12 from 10"), a
                                    comparison ("1.86 vs 1.85"), or another number
                                    of the same unit in its sentence ("Texas 57 pct,
                                    Ohio 55 pct"): not a single fact of its own */
    uint8_t role;                /* what befell those counted, when a word near it says
                                    (killed, injured, missing, rescued, arrested,
                                    evacuated: SS_ROLE_*), 0 when none or several;
                                    "5 people killed" and "8 people injured" are two
                                    quantities */
    uint16_t when;               /* month * 32 + day of the first such date in its
                                    sentence, 0 if none: a value as of another day
                                    is another quantity */
} ss_number_fact;

typedef struct ss_date_fact {
    uint32_t mention;            /* index in ss_analysis.dates */
    uint32_t sentence;           /* sentence index */
    uint64_t ctx[24];            /* content words of its sentence (term keys), names aside */
    uint8_t nctx;
} ss_date_fact;

typedef struct ss_analysis {
    const ss_doc *doc;
    ss_tokens tok;
    ss_mentions men;
    ss_spans sent;               /* sentences (title line excluded) */
    ss_features *sf;             /* features per sentence */
    size_t nsf;
    ss_quotes quotes;
    ss_number_fact *num;
    size_t nnum, capnum;
    ss_date_mentions dates;      /* every date written (text/datefind.h), unresolved */
    int64_t ref_day;             /* the article's own day: its date, else its dateline's;
                                    SS_DAY_NONE if neither */
    ss_date_fact *df;            /* dates in the body that say when something happened */
    size_t ndf;
    uint64_t core[24];           /* who and what it is about: name word keys
                                    (ss_token_name_key) of the first three body
                                    sentences, sorted */
    uint8_t ncore;
    uint64_t *names;             /* every name word key of the body, sorted, distinct */
    size_t nnames;
} ss_analysis;

typedef struct ss_analyzer ss_analyzer;

/* Stopwords and reporting verbs are shared (not owned); one analyzer per
 * thread. */
SS_API ss_analyzer *ss_analyzer_new(const ss_stopwords *sw, const ss_quoter *qt, ss_error *err);
SS_API void ss_analyzer_free(ss_analyzer *a);

SS_API void ss_analysis_init(ss_analysis *x);
SS_API void ss_analysis_release(ss_analysis *x);
/* Analyze d (its text, from body_start; lang known).  d must outlive x.
 * SS_OK or SS_ENOMEM. */
SS_API int ss_analyze_doc(ss_analyzer *a, const ss_doc *d, ss_analysis *x);

/* ---- one story ------------------------------------------------------------------ */

typedef struct ss_support {
    ss_piece rep;                /* a representative piece (from the earliest article) */
    uint32_t *docs;              /* the articles that have it, increasing */
    size_t ndocs;
} ss_support;

typedef struct ss_unique {
    uint32_t doc;                /* the source's first article */
    ss_piece *pieces;
    size_t n;
} ss_unique;

typedef struct ss_cmp_quote {
    const char *speaker;         /* fullest name found, or NULL when unknown */
    ss_support s;
} ss_cmp_quote;

#define SS_NO_GROUP UINT32_MAX

typedef enum { SS_CONFLICT_DATE = 0, SS_CONFLICT_NUMBER, SS_CONFLICT_NAME } ss_conflict_kind;

typedef struct ss_conflict_value {
    const char *value;           /* "2500", "2022-01-10" */
    ss_support s;                /* where: rep is the sentence stating it */
} ss_conflict_value;

typedef struct ss_conflict {
    ss_conflict_kind what;
    const char *about;           /* what it counts or dates ("residents", "call"), may be NULL */
    ss_conflict_value *values;
    size_t nvalues;
} ss_conflict;

typedef struct ss_variant {
    const char *name;            /* the most common spelling */
    const char **forms;          /* every spelling */
    uint32_t **docs;             /* per form: articles using it */
    size_t *ndocs;
    size_t nforms;
} ss_variant;

typedef struct ss_comparison {
    ss_arena arena;
    size_t ndocs, nsources;
    uint32_t *source_of;         /* per article: index of its source (first article) */
    ss_piece **sentences;        /* per article: its sentences */
    uint32_t **group;            /* per article, per sentence: its group (sentences of
                                    other articles saying the same share it), or
                                    SS_NO_GROUP when nothing matches it */
    size_t *nsentences;
    ss_support *agree;
    size_t nagree;
    ss_unique *unique;
    size_t nunique;
    ss_cmp_quote *quotes;
    size_t nquotes;
    ss_conflict *conflicts;
    size_t nconflicts;
    ss_variant *variants;
    size_t nvariants;
    uint8_t sampled;             /* a fact stage read only part of a big story's
                                    facts (compare.c: QUOTE_BUDGET and others) */
} ss_comparison;

SS_API void ss_comparison_init(ss_comparison *c);
SS_API void ss_comparison_release(ss_comparison *c);

/* Compare the analyses of a story's articles (x[0..n), in date order) with
 * document frequencies df (may be NULL: every word weighs the same).
 * Replaces c's content.  SS_OK or SS_ENOMEM. */
SS_API int ss_compare_story(const ss_analysis *const *x, size_t n, const ss_df *df,
                            ss_comparison *c);

/* Two sentences known to say the same thing, found by other means than
 * their words: sentence sa of article a (an index in x[a]->sent) and sb of
 * article b; for a translation, its sentence alignment (xling/align.h). */
typedef struct ss_sentence_link {
    uint32_t a, sa, b, sb;
} ss_sentence_link;

/* ss_compare_story, with sentence links added to the sentences matched by
 * their words: a translated sentence supports what its original says, and
 * a translation that matches its original on most sentences is a copy of
 * its source, not a second witness.  Links out of range are ignored. */
SS_API int ss_compare_story_linked(const ss_analysis *const *x, size_t n, const ss_df *df,
                                   const ss_sentence_link *links, size_t nlinks, ss_comparison *c);

/* Write the comparison as members of the JSON object w is in: "sources",
 * "agree": [{"text", "ids"}], "unique": {id: [text]}, "quotes": [{"speaker",
 * "quote", "ids"}], "conflicts": [{"what", "about"?, "values": [{"value",
 * "ids", "text"}]}], "variants": [{"name", "forms": [{"value", "ids"}]}].
 * docs[i] is the article analyzed as x[i]. */
SS_API void ss_comparison_write(ss_jw *w, const ss_comparison *c, const ss_doc *const *docs);

#endif
