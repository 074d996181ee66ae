/* xling/link.h — which articles are translations of each other.
 *
 * Two stages.  Candidates: given the pivot vectors (xling/pivot.h) of a
 * corpus, the linker weighs every pivot term by its rarity in the corpus
 * (idf = ln(1 + N / df)), gathers candidates through an inverted index
 * over each document's rarest terms (never all pairs) and ranks the
 * candidates in other languages by the cosine of their weighted pivot
 * vectors; each document's SS_XLINK_CANDIDATES best in each other
 * language go on.  Verification:
 * each candidate pair's sentences are aligned (xling/align.h) and the pair
 * scores the alignment's coverage, the share of each side's words that lie
 * in well-matched sentence groups (the lower side counts).  Cosines alone
 * cannot tell a translation from an independent report of the same event
 * (they share names, numbers and topic words); the coverage can, since
 * only a translation has a counterpart for nearly every sentence.
 *
 * Matching is one-to-one per language pair: best score first, a document
 * takes at most one partner in each other language, and only at or above
 * the threshold.  Then two documents still without a partner in each
 * other's language are linked through a third when both are linked to it
 * directly and their own score reaches SS_XLINK_VIA_SCALE of the
 * threshold: the versions of one original in two languages far apart
 * (Chinese and Spanish) meet through separate dictionaries and score
 * lower with each other than with the original, yet each aligns to it.
 *
 * When both languages have a dictionary all words count (evidence
 * "dictionary+names+numbers"); otherwise only names and numbers can meet,
 * so the alignment counts only those ("names+numbers"), and such pairs
 * need SS_XLINK_NAMES_SCALE of the threshold.
 */
#ifndef SS_XLING_LINK_H
#define SS_XLING_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "xling/pivot.h"

#include "core/pool.h"
#include "xling/align.h"

#define SS_XLINK_THRESHOLD 0.45
#define SS_XLINK_NAMES_SCALE 0.8
#define SS_XLINK_CANDIDATES 3
#define SS_XLINK_MIN_COSINE 0.02
#define SS_XLINK_VIA_SCALE 0.2
/* Two codes of one language (Croatian and Serbian, Danish and Bokmal,
 * Czech and Slovak) share their words as written, so two different
 * reports of one topic align well: on NTREX-128's Danish-Bokmal and
 * Croatian-Serbian (Cyrillic) versions, each document with no partner
 * present scored up to 0.55 and 0.59 with its best match, while the
 * translations scored 0.74 and 0.82 at the least.  1.5 (0.675 at the
 * default threshold) lies between; measured then on Czech-Slovak,
 * Croatian-Bosnian and Croatian-Serbian (Latin) (docs/TRANSLATIONS.md). */
#define SS_XLINK_KIN_SCALE 1.5
#define SS_XLINK_DIRECT UINT32_MAX

typedef struct ss_xlink {
    uint32_t a, b;      /* document indexes (order of adding), a < b */
    float score;        /* alignment coverage */
    float cosine;       /* of the pivot vectors */
    uint8_t dictionary; /* 1: dictionary words counted too */
    uint32_t via;       /* the document both are linked to directly when
                           linked through it; SS_XLINK_DIRECT otherwise */
} ss_xlink;

typedef struct ss_xlinker ss_xlinker;

SS_API ss_xlinker *ss_xlinker_new(void);
SS_API void ss_xlinker_free(ss_xlinker *x);

/* Add a document: its pivot vectors and its text ready to align (title
 * and body; see ss_xtext_add).  The linker takes both over (p and t are
 * left empty).  Its index is the number of documents added before.  SS_OK,
 * SS_ENOMEM, or SS_EINVAL after ss_xlinker_candidates or ss_xlinker_run
 * (the index is built once) or past 2^31 - 1 documents. */
SS_API int ss_xlinker_add(ss_xlinker *x, ss_pivot *p, ss_xtext *t);

/* Find, verify and match; alignments run on pool's threads (pool may be
 * NULL: this thread).  *out (caller frees) receives the links, best first;
 * *n their count.  SS_OK or SS_ENOMEM. */
SS_API int ss_xlinker_run(ss_xlinker *x, ss_pool *pool, double threshold, ss_xlink **out, size_t *n);

/* The candidate pairs alone, unverified (score 0, cosine set), by a then
 * b: what ss_xlinker_run verifies.  For callers that judge the pairs
 * their own way (align/xreuse.h: translated passages).  Add every
 * document first: the index is built on the first call of this or
 * ss_xlinker_run, once.  *out: caller frees.  SS_OK or SS_ENOMEM. */
SS_API int ss_xlinker_candidates(ss_xlinker *x, ss_xlink **out, size_t *n);

/* Document doc's text ready to align (indexed: ss_xtext_index), or NULL
 * for a number not added.  The linker keeps it. */
SS_API const ss_xtext *ss_xlinker_text(const ss_xlinker *x, uint32_t doc);

/* The cosine of documents a and b (after ss_xlinker_run), and whether
 * dictionary terms counted.  For diagnostics and tests. */
SS_API double ss_xlinker_cosine(const ss_xlinker *x, uint32_t a, uint32_t b, int *dictionary);

/* The verified score of documents a and b (alignment coverage) into
 * *score, computed now.  SS_OK; SS_EINVAL before ss_xlinker_run or for a
 * document number not added; SS_ENOMEM.  err may be NULL. */
SS_API int ss_xlinker_verify(ss_xlinker *x, uint32_t a, uint32_t b, double *score, ss_error *err);

/* One given pair checked the way the linker verifies its candidates: the
 * alignment coverage of documents a and b (0 to 1) into *score;
 * *dictionary is set when both languages map into English.  pv and al
 * belong to the calling thread.  Used where the pair is already known (a
 * story's articles, `pairs`) and no corpus-wide linking runs.  SS_OK, or
 * SS_ENOMEM with err (may be NULL) naming the two documents. */
SS_API int ss_xlink_pair(ss_pivoter *pv, ss_xaligner *al, const ss_doc *a, const ss_doc *b,
                         double *score, int *dictionary, ss_error *err);

/* 1 when a pair of documents in languages lang_a and lang_b (either may
 * be NULL: unknown) with this score is a translation at this threshold:
 * pairs matched without a dictionary need SS_XLINK_NAMES_SCALE of it,
 * pairs of two codes of one language (xling/lexicon.h ss_lexicon_kin:
 * Croatian and Serbian, Danish and Norwegian) SS_XLINK_KIN_SCALE of it,
 * at most halfway from it to 1 (0.675 at 0.45, 0.9 at 0.8). */
SS_API int ss_xlink_accepts(double score, int dictionary, const char *lang_a, const char *lang_b,
                            double threshold);

#endif
