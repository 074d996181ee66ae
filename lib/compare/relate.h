/* compare/relate.h — what kind of link ties two articles of a story.
 *
 *   duplicate    the same text give or take light edits: word 5-shingle
 *                Jaccard of 0.8 or more (the near-duplicate threshold of
 *                `samestory dedup`);
 *   reuse        one took passages from the other: reused passages
 *                (align/reuse.h) cover at least a fifth of either text; the
 *                earlier article is the source;
 *   translation  the same article in two languages (set by the caller from
 *                the cross-language stage);
 *   same-event   anything else that the story grouping linked.
 */
#ifndef SS_COMPARE_RELATE_H
#define SS_COMPARE_RELATE_H

#include <stddef.h>
#include <stdint.h>

#include "align/reuse.h"
#include "compare/compare.h"
#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"
#include "text/token.h"
#include "xling/align.h"
#include "xling/pivot.h"

typedef enum ss_relation {
    SS_REL_SAME_EVENT = 0,
    SS_REL_DUPLICATE,
    SS_REL_REUSE,
    SS_REL_TRANSLATION
} ss_relation;

#define SS_DUPLICATE_JACCARD 0.8
#define SS_REUSE_COVERAGE 0.2

/* "same-event", "duplicate", "reuse", "translation". */
SS_API const char *ss_relation_name(ss_relation r);

/* Word 5-shingle Jaccard of two analyzed articles (their body tokens). */
SS_API double ss_analysis_jaccard(const ss_analysis *a, const ss_analysis *b);

/* The reused passages among a story's articles (docs in story order; the
 * passages' a and b are indexes into docs).  SS_OK or an error (err set). */
SS_API int ss_story_reuse(ss_doc *const *docs, size_t n, ss_reuse_passages *out, ss_error *err);

/* The relation of articles i and j of a story from their analyses and the
 * story's passages; *source receives the earlier article (i or j) for
 * reuse (the passages' source) and for a duplicate (the earlier of two
 * dated copies), else UINT32_MAX. */
SS_API ss_relation ss_pair_relation(const ss_analysis *const *x, const ss_reuse_passages *p,
                                    uint32_t i, uint32_t j, uint32_t *source);

/* The relation of two documents from their texts alone, where no story has
 * been analyzed (`samestory pairs`): SS_REL_DUPLICATE (5-shingle Jaccard of
 * the bodies; *source: 0 for a, 1 for b when one is dated earlier, else
 * -1), SS_REL_REUSE (*source: 0 for a, 1 for b when one is the earlier,
 * else -1) or SS_REL_SAME_EVENT when neither holds (whether the
 * two report one event is the caller's call).  Both documents should be in
 * one language; across languages see xling/link.h ss_xlink_pair.  scratch:
 * the calling thread's tokens.  SS_OK, or an error with err set. */
SS_API int ss_docs_relation(ss_doc *a, ss_doc *b, ss_tokens *scratch, ss_relation *out, int *source,
                            ss_error *err);

/* Articles i and j of a story (analyses x; two languages) checked as a
 * translation pair by their sentence alignment (xling/align.h, the check
 * of `samestory translations`).  *coverage (may be NULL) receives the
 * alignment coverage; *is_translation says whether it passes
 * SS_XLINK_THRESHOLD, and then the well-matched sentence pairs are
 * appended to *links (as sentence indexes of x[i]->sent and x[j]->sent;
 * *links grows with realloc, *n and *cap kept).  pv and al belong to the
 * calling thread.  SS_OK, or SS_ENOMEM with err (may be NULL) naming the
 * two articles. */
SS_API int ss_translation_links(ss_pivoter *pv, ss_xaligner *al, const ss_analysis *const *x,
                                uint32_t i, uint32_t j, double *coverage, int *is_translation,
                                ss_sentence_link **links, size_t *n, size_t *cap, ss_error *err);

#endif
