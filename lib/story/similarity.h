/* story/similarity.h — how likely two articles report the same event.
 *
 * Each feature field is compared by cosine similarity of IDF-weighted
 * vectors (story/df.h supplies the IDFs).  The score combines the square
 * roots of the field cosines and a few more pair features (ss_sim.x) by
 * the learned model of story/model.h (a logistic function of a weighted
 * sum, fitted by tools/train_story_model.py on public labelled pairs and
 * loaded from a data file), and discounts pairs published far apart in
 * time.  Without a model file the hand-set combination of the features
 * stands in (documented in docs/STORIES.md).  Across languages, the pivot field (language-neutral
 * terms) stands in for the surface terms; between two texts of one
 * language it is not compared at all (its cosine is left 0).
 */
#ifndef SS_STORY_SIMILARITY_H
#define SS_STORY_SIMILARITY_H

#include "core/api.h"
#include "story/df.h"
#include "story/features.h"

/* The pair features the score is made of (ss_sim.x), named as in the
 * model file (story/model.h) and in `samestory pairs --features`:
 *   terms, lead    square roots of the cosines of those fields (across
 *                  languages the pivot's when that is higher);
 *   names          square root of the name cosine;  numbers  the number cosine;
 *   title          square root of the title cosine;
 *   title_lead     square root of the higher cosine of one's title with the
 *                  other's lead (a headline against the other's first lines);
 *   pivot          square root of the pivot cosine (0 within one language);
 *   cross          1 for two languages, else 0;
 *   headline       1 when either article is only a headline;
 *   log_words      ln(1 + the shorter article's words) / 7 (cosines of short
 *                  texts are noisier; 7 ~ ln 1100 keeps it near 0..1). */
enum {
    SS_SF_TERMS = 0, SS_SF_LEAD, SS_SF_NAMES, SS_SF_NUMBERS, SS_SF_TITLE, SS_SF_TITLE_LEAD,
    SS_SF_PIVOT, SS_SF_CROSS, SS_SF_HEADLINE, SS_SF_LOG_WORDS, SS_SF_COUNT
};
SS_API extern const char *const ss_sim_feature_names[SS_SF_COUNT];

typedef struct ss_sim {
    double f[SS_F_COUNT];   /* cosine per field, 0..1 */
    double x[SS_SF_COUNT];  /* the pair features (above) */
    double gap_days;        /* time between the articles, -1 if unknown */
    double time_factor;     /* 1 for articles close in time, lower when far apart */
    int cross_lingual;      /* different, known languages */
    double story;           /* the combined score, 0..1 (1 = same event) */
    double p_same;          /* probability that the two report one story (the
                               model's; without a model, the score itself) */
} ss_sim;

/* IDF-weighted cosine of one field. */
SS_API double ss_fvec_cosine(const ss_df *df, int field, const ss_fvec *a, const ss_fvec *b);

/* Compare two articles (raw or weighted features alike). */
SS_API void ss_similarity(const ss_df *df, const ss_features *a, const ss_features *b, ss_sim *out);

/* Multiply every weight of x by its IDF now and record the field norms, so
 * that x compares without the table (ss_similarity_weighted).  Comparing
 * many times against fixed frequencies (a batch), or keeping a story
 * profile as a sum of weighted members, costs no lookups this way. */
SS_API void ss_features_apply_idf(const ss_df *df, ss_features *x);
/* Recompute the field norms of weighted features (after changing weights). */
SS_API void ss_features_renorm(ss_features *x);
/* Compare two weighted articles (or profiles). */
SS_API void ss_similarity_weighted(const ss_features *a, const ss_features *b, ss_sim *out);
/* ss_similarity_weighted's p_same alone, computing only the cosines the
 * model (or the fallback) weighs: the grouping's many comparisons of an
 * article with story profiles need nothing else.  Equal to
 * ss_similarity_weighted(a, b, &s), s.p_same, to the last bit. */
SS_API double ss_similarity_p_same(const ss_features *a, const ss_features *b);

#endif
