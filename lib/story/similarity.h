/* story/similarity.h — how likely two articles report the same event.
 *
 * Each feature field is compared by cosine similarity of IDF-weighted
 * vectors (story/df.h supplies the IDFs).  The score combines the square
 * roots of the field cosines (square roots spread the small values where
 * most pairs of one story lie) linearly, and discounts pairs published far
 * apart in time.  The weights were fitted by least squares on the
 * SemEval-2022 Task 8 training pairs (5-fold cross-validated; see
 * docs/STORIES.md); the combination has six parameters, so it cannot learn
 * individual pairs.  Across languages, the pivot field (language-neutral
 * terms) stands in for the surface terms; between two texts of one
 * language it is not compared at all (its cosine is left 0).
 */
#ifndef SS_STORY_SIMILARITY_H
#define SS_STORY_SIMILARITY_H

#include "core/api.h"
#include "story/df.h"
#include "story/features.h"

typedef struct ss_sim {
    double f[SS_F_COUNT];   /* cosine per field, 0..1 */
    double gap_days;        /* time between the articles, -1 if unknown */
    double time_factor;     /* 1 for articles close in time, lower when far apart */
    int cross_lingual;      /* different, known languages */
    double story;           /* the combined score, 0..1 (1 = same event) */
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

#endif
