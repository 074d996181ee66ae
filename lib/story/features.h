/* story/features.h — what a document is about, as sparse weighted vectors.
 *
 * Fields (each its own key space):
 *   TERMS  content words of title and body: normalized, function words
 *          dropped, stemmed where Snowball has the language (else cut to
 *          their first five letters), title words counted twice;
 *   ENTS   name words of the names found by story/entity.h, keyed for
 *          spelling tolerance (all words of "Sergey Lavrov"; "Lavrov" alone
 *          counts for the full name);
 *   NUMS   numbers, normalized by the language's decimal convention
 *          ("2.500" in German = "2,500" in English = 2500);
 *   TITLE  content words of the title alone (for a record without a title:
 *          its first line, when that line is short enough to be one);
 *   LEAD   content words of the first 60 words (title and the start of the
 *          body: news puts the event first);
 *   PIVOT  language-neutral terms (English stems through bilingual
 *          dictionaries, transliterated names, numbers): left empty here
 *          and filled by xling/pivot.h (ss_pivot_features), which sits
 *          above this module (xling uses story features, never the other
 *          way round).
 * Weights are 1 + ln(count); inverse document frequencies are applied at
 * comparison time (story/df.h), so vectors stay valid while a corpus grows.
 *
 * An ss_featurizer keeps per-language stemmers and scratch space: it is
 * not thread-safe, keep one per thread.  Stopword lists are shared.
 */
#ifndef SS_STORY_FEATURES_H
#define SS_STORY_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"
#include "story/entity.h"
#include "text/stopwords.h"
#include "text/token.h"

enum { SS_F_TERMS = 0, SS_F_ENTS, SS_F_NUMS, SS_F_TITLE, SS_F_LEAD, SS_F_PIVOT, SS_F_COUNT };

typedef struct ss_fvec {
    uint64_t *k;       /* keys, strictly increasing */
    float *w;          /* weights */
    uint32_t n, cap;
} ss_fvec;

typedef struct ss_features {
    ss_fvec f[SS_F_COUNT];
    float norm[SS_F_COUNT]; /* Euclidean norm of each field, once weighted */
    uint8_t weighted;       /* 1 after ss_features_apply_idf: weights include IDF */
    int64_t time;      /* the document's time, or SS_TIME_NONE */
    char lang[16];     /* as in ss_doc */
    uint32_t words;    /* word tokens in title and text */
    uint8_t headline_only; /* no body text, only a title */
} ss_features;

SS_API void ss_features_init(ss_features *x);
SS_API void ss_features_release(ss_features *x);
/* Deep copy (dst is reset first).  SS_OK or SS_ENOMEM. */
SS_API int ss_features_copy(ss_features *dst, const ss_features *src);

SS_API void ss_fvec_init(ss_fvec *v);
SS_API void ss_fvec_release(ss_fvec *v);
/* Weighted sum: acc += scale * v (both sorted); SS_OK or SS_ENOMEM. */
SS_API int ss_fvec_add(ss_fvec *acc, const ss_fvec *v, float scale);

typedef struct ss_featurizer ss_featurizer;

/* sw may be NULL (no function words dropped). */
SS_API ss_featurizer *ss_featurizer_new(const ss_stopwords *sw, ss_error *err);

SS_API void ss_featurizer_free(ss_featurizer *fz);

/* Fill out from d's title and text (the language must be known already:
 * d->lang).  SS_OK or SS_ENOMEM. */
SS_API int ss_featurize(ss_featurizer *fz, const ss_doc *d, ss_features *out);

/* Features of a piece of a document: tokens [t0, t1) of tok (made with
 * SS_TOKENIZE_NORM) and the names among men (may be NULL) that lie inside
 * it.  Only TERMS, ENTS and NUMS are filled (a sentence, a paragraph).
 * SS_OK or SS_ENOMEM. */
SS_API int ss_featurize_tokens(ss_featurizer *fz, const ss_tokens *tok, size_t t0, size_t t1,
                               const ss_mentions *men, const char *lang, ss_features *out);

/* Key of token k as a content word (its stem, as in the TERMS field), or 0
 * for a function word, a one-letter word or a number. */
SS_API uint64_t ss_featurizer_term_key(ss_featurizer *fz, const ss_tokens *tok, size_t k,
                                       const char *lang);

/* Parse a number token (digits of any script with , . separators) under
 * the decimal convention of lang into a canonical string ("2500", "3.5");
 * returns its length, 0 if it is not a number.  out holds 40 bytes. */
SS_API size_t ss_number_canonical(const char *tok, size_t len, const char *lang, char out[40]);

#endif
