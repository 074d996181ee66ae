/* align/merge.h — from aligned pieces to reported passages.
 *
 * The aligner (align.h) may cut one reused stretch into pieces where the
 * copy was edited more heavily than its gap limit allows.  This stage
 *   1. merges pieces that follow each other in both texts (or overlap)
 *      when the text between them is an insertion or a short change: at
 *      most merge_gap tokens on the longer side and max_changed on the
 *      shorter, and the merged passage keeps min_identity.  So one reused
 *      paragraph, or several in a row with a paragraph inserted, is one
 *      passage, while two paragraphs reused with other text between them
 *      on both sides stay two; pieces contained in another are absorbed;
 *   2. drops what is not reuse:
 *      - passages shorter than min_chars code points (in the shorter of
 *        the two spans) or with identity below min_identity;
 *      - shared quotes: when more than max_quoted of a passage's equal
 *        tokens stand inside quotation marks (in either text), the
 *        passage is a statement both reports quote, not reuse, unless
 *        at least min_prose of its equal tokens stand outside quotation
 *        marks in both texts: shared surrounding prose, more than the
 *        attribution ("Wang told Lavrov", "the minister said on
 *        Tuesday") two independent reports of one statement share.  A
 *        quotation reused with the prose around it stays, as one
 *        passage.
 */
#ifndef SS_ALIGN_MERGE_H
#define SS_ALIGN_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "align/align.h"
#include "align/aseq.h"
#include "core/api.h"

typedef struct ss_merge_opts {
    uint32_t min_chars;     /* default 120 */
    double min_identity;    /* default 2/3 */
    uint32_t merge_gap;     /* default 64 tokens */
    uint32_t max_changed;   /* default 32 tokens */
    double max_quoted;      /* default 0.5 */
    uint32_t min_prose;     /* default 12 tokens */
} ss_merge_opts;

SS_API void ss_merge_opts_default(ss_merge_opts *o);

/* Merge and filter the passages p->v[from..p->n) of texts a and b in
 * place (they must be in order of their start in A, as the aligner gives
 * them).  Passages before `from` are not touched. */
SS_API void ss_passages_merge(ss_apassages *p, size_t from, const ss_aseq *a, const ss_aseq *b,
                              const ss_merge_opts *o);

/* The length in code points of the passage's shorter span. */
static inline uint32_t ss_apassage_chars(const ss_apassage *x)
{
    uint32_t la = x->a_end - x->a_start, lb = x->b_end - x->b_start;
    return la < lb ? la : lb;
}

#endif
