/* align/align.h — local alignment of two token sequences into passages.
 *
 * Given texts A and B (aseq.h), the aligner finds the stretches of B that
 * repeat stretches of A, tolerating small edits: changed or inserted
 * words ("Wang said" -> "Wang was cited as saying"), changed punctuation
 * and line breaks (not tokens at all), changed case and typography
 * (tokens are normalized).  In four steps:
 *
 *   1. runs: maximal stretches of equal tokens, found from word m-grams
 *      common to both texts (an m-gram found more than max_occ times in A
 *      starts no run, so repetitive text stays linear);
 *   2. chains: runs in the same order in both texts with gaps of at most
 *      max_gap tokens on each side are chained by dynamic programming
 *      (score: tokens matched minus a quarter of the gap tokens); chains
 *      are taken best first, each run in one chain at most;
 *   3. extension: each chain end grows outwards through small edits by an
 *      x-drop alignment of the next max_gap tokens (match +1, change or
 *      insertion -1), so an edited first or last sentence still counts;
 *   4. scoring: the tokens inside each gap are aligned exactly (longest
 *      common subsequence) to count the equal tokens of the passage.
 *
 * A chain becomes a passage only if one of its runs is anchored: it holds
 * an n-gram that is a seed (seedindex.h: rare in the corpus).  Boilerplate
 * can lie inside a passage but cannot start one.
 *
 * Thread rules: an ss_aligner is per-thread scratch; use one per thread.
 */
#ifndef SS_ALIGN_ALIGN_H
#define SS_ALIGN_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "align/aseq.h"
#include "core/api.h"
#include "core/error.h"

typedef struct ss_align_opts {
    unsigned run_ngram;    /* m: tokens in a common m-gram that starts a run (default 3) */
    unsigned max_occ;      /* an m-gram more often than this in A starts no run (default 8) */
    unsigned max_gap;      /* tokens between chained runs, on either side (default 32) */
    unsigned anchor_ngram; /* n of the seed n-grams that anchor a chain (default 5) */
} ss_align_opts;

/* One aligned passage: token ranges and code point spans in A and B. */
typedef struct ss_apassage {
    uint32_t a_tok, a_tok_end;   /* token range in A, half-open */
    uint32_t b_tok, b_tok_end;   /* token range in B */
    uint32_t a_start, a_end;     /* code point span in A's text */
    uint32_t b_start, b_end;     /* code point span in B's text */
    uint32_t matched;            /* aligned token pairs that are equal */
    uint32_t columns;            /* aligned columns: equal + changed + inserted tokens */
    uint32_t quoted;             /* tokens of runs inside quotation marks in A or B */
    uint32_t prose;              /* tokens of runs outside quotation marks in both */
    uint32_t runs;               /* runs the passage was built from */
} ss_apassage;

typedef struct ss_apassages {
    ss_apassage *v;
    size_t n, cap;
} ss_apassages;

SS_API void ss_apassages_init(ss_apassages *p);
SS_API void ss_apassages_release(ss_apassages *p);
SS_API int ss_apassages_push(ss_apassages *p, const ss_apassage *x);

/* identity = matched / columns (0 for an empty passage). */
static inline double ss_apassage_identity(const ss_apassage *p)
{
    return p->columns ? (double)p->matched / (double)p->columns : 0.0;
}

/* Set the code point spans of p from its token ranges: from the start of
 * its first token to the end of its last, taking in the punctuation that
 * touches them when both texts have the same (an opening quote, a final
 * full stop). */
SS_API void ss_apassage_set_spans(ss_apassage *p, const ss_aseq *a, const ss_aseq *b);

/* Fill opts with the defaults above. */
SS_API void ss_align_opts_default(ss_align_opts *o);

/* SS_OK, or SS_EINVAL naming the first option out of its range (see
 * ss_aligner_new). */
SS_API int ss_align_opts_check(const ss_align_opts *o, ss_error *err);

typedef struct ss_aligner ss_aligner;

/* opts NULL: defaults.  NULL with err (may be NULL) set: SS_EINVAL when an
 * option is out of its range (run_ngram, max_occ and anchor_ngram at least
 * 1, max_gap at most SS_ALIGN_MAX_GAP; the message names the option), or
 * SS_ENOMEM. */
#define SS_ALIGN_MAX_GAP 255 /* the gap DP table is (max_gap + 1)^2 cells, per aligner */
SS_API ss_aligner *ss_aligner_new(const ss_align_opts *opts, ss_error *err);
SS_API void ss_aligner_free(ss_aligner *al);

/* Prepare text A (indexed for the pairs that follow).  anchors, when not
 * NULL, has one bit per token of A (bit i of byte i / 8): set when the
 * anchor n-gram starting at token i is a seed; NULL anchors every run of
 * at least anchor_ngram tokens.  a and anchors must stay valid and
 * unchanged while pairs with A are aligned.  SS_OK or SS_ENOMEM. */
SS_API int ss_aligner_set_a(ss_aligner *al, const ss_aseq *a, const uint8_t *anchors);

/* Align B against the prepared A; append the passages to out (in order of
 * their start in A).  SS_OK or SS_ENOMEM. */
SS_API int ss_aligner_pair(ss_aligner *al, const ss_aseq *b, ss_apassages *out);

#endif
