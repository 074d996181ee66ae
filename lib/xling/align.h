/* xling/align.h — sentence alignment of an article and its translation.
 *
 * Each text is cut into sentences (text/segment.h) and each content word,
 * name and number into an item: the set of its pivot keys (xling/pivot.h;
 * a word of another language has the English stems of its translations).
 * An item of one side is an anchor when one of its keys occurs in the
 * sentences it is aligned with on the other side, so sentence similarity
 * is the share of items on both sides that are anchors.
 *
 * The alignment is a monotone path through the two sentence lists (dynamic
 * programming in the manner of Gale and Church) made of groups 1-1, 1-0,
 * 0-1, 2-1 and 1-2, minimizing for each group
 *     length cost (how far the lengths in code points stray from the
 *                  pair's overall ratio, Gale-Church's normal model)
 *   + the group's prior cost (-ln P: 1-1 common, 2-1 rarer, 1-0 rare)
 *   + ANCHOR_WEIGHT * (1 - similarity).
 * The search keeps to a band around the diagonal, so long articles cost
 * time in proportion to their length, not its square.
 *
 * ss_xalign_coverage summarizes an alignment for translation detection:
 * the share of each side's items lying in groups of at least
 * SS_XALIGN_GOOD similarity, the lower of the two.  A translation scores
 * high (nearly every sentence has its counterpart); two reports of one
 * event in two languages score low even when they share their names and
 * numbers.
 */
#ifndef SS_XLING_ALIGN_H
#define SS_XLING_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "xling/pivot.h"

#define SS_XALIGN_GOOD 0.2
#define SS_XALIGN_MAX_DELTA 2.5

/* item flags */
enum {
    SS_XI_ANY = 1,    /* every item */
    SS_XI_NAME = 2,   /* a name or a number: an anchor without a dictionary */
    SS_XI_SOUND = 4   /* an English word's sound key (meets loanwords of uncased scripts) */
};

typedef struct ss_xsent {
    uint32_t start, end;         /* byte span in its text */
    uint32_t cp_start, cp_end;   /* code point span */
    uint32_t item0, nitems;      /* its items: items [item0, item0 + nitems) */
} ss_xsent;

/* A text ready to align. */
typedef struct ss_xtext {
    ss_xsent *sent;
    uint32_t nsent, sentcap;
    uint32_t *ikey;              /* item i's keys: key[ikey[i] .. ikey[i + 1]) */
    uint8_t *iflag;              /* item i's SS_XI_* flags */
    uint32_t nitems, itemcap, flagcap;
    uint32_t *key;               /* 32-bit pivot keys */
    uint32_t nkeys, keycap;
    uint32_t chars;              /* code points in sentences */
    uint32_t content, uncased;   /* content words, and those in uncased scripts */
    struct ss_xks *ks;           /* (key, sentence) pairs sorted, with their items'
                                    flags; NULL until ss_xtext_index */
    uint32_t nks;
} ss_xtext;

/* One key in one sentence, and the SS_XI_* flags of the items holding it. */
typedef struct ss_xks {
    uint32_t key, sent;
    uint8_t flags;
} ss_xks;

SS_API void ss_xtext_init(ss_xtext *t);
SS_API void ss_xtext_release(ss_xtext *t);

/* Sentences and items of text[0..len) in language lang, appended to out
 * (so a title and a body can make one text; cp_base is added to the code
 * point offsets, byte_base to the byte offsets).  SS_OK or SS_ENOMEM. */
SS_API int ss_xtext_add(ss_pivoter *pv, const char *text, size_t len, const char *lang,
                        uint32_t byte_base, uint32_t cp_base, ss_xtext *out);

/* Sort t's keys by key and sentence once (ks), for a text aligned with
 * many others: each alignment then reads them in order instead of sorting
 * them again.  Call after the last ss_xtext_add; SS_OK or SS_ENOMEM. */
SS_API int ss_xtext_index(ss_xtext *t);

/* A document's title (unless its text opens with it) and its text, in the
 * document's language, appended to out.  SS_OK or SS_ENOMEM. */
SS_API int ss_xtext_doc(ss_pivoter *pv, const ss_doc *d, ss_xtext *out);

/* One aligned group: sentences [a0, a1) of A with [b0, b1) of B (one side
 * may be empty). */
typedef struct ss_xgroup {
    uint32_t a0, a1, b0, b1;
    float sim;                   /* share of the group's items that are anchors */
    float delta;                 /* how far its lengths stray from the pair's ratio, in
                                    standard deviations of Gale-Church's model */
    uint32_t anchors;            /* items of either side that are anchors */
} ss_xgroup;

typedef struct ss_xgroups {
    ss_xgroup *v;
    size_t n, cap;
} ss_xgroups;

SS_API void ss_xgroups_init(ss_xgroups *g);
SS_API void ss_xgroups_release(ss_xgroups *g);

typedef struct ss_xaligner ss_xaligner;

/* An aligner keeps its scratch space between calls: one per thread. */
SS_API ss_xaligner *ss_xaligner_new(void);
SS_API void ss_xaligner_free(ss_xaligner *al);

/* Which items count when aligning a with b: all of them when both
 * languages map into English (dictionary set), else names and numbers
 * only, with the sound keys of English words when one text is in an
 * uncased script.  Returns an SS_XI_* mask. */
SS_API unsigned ss_xalign_mask(const ss_xtext *a, const ss_xtext *b, int dictionary);

/* Align a with b counting the items whose flags meet mask; replaces out's
 * content with the groups in order.  SS_OK or SS_ENOMEM. */
SS_API int ss_xalign(ss_xaligner *al, const ss_xtext *a, const ss_xtext *b, unsigned mask,
                     ss_xgroups *out);

/* The same for texts of which only a part may be translated (a wire
 * paragraph inside a local report): a sentence without counterpart costs
 * less than a pair of unrelated sentences, lengths are compared sentence
 * by sentence without an overall ratio, and the band is wider (at least
 * 48 sentences each side).  Used by align/xreuse.h.  SS_OK or SS_ENOMEM. */
SS_API int ss_xalign_partial(ss_xaligner *al, const ss_xtext *a, const ss_xtext *b, unsigned mask,
                             ss_xgroups *out);

/* How much of each text the alignment covers: the share of a's counted
 * items lying in groups of similarity at least SS_XALIGN_GOOD whose lengths
 * agree (|delta| at most SS_XALIGN_MAX_DELTA), out of all its counted items
 * plus six (so that a few matched sentences of a very short text count for
 * less), the same for b; the smaller of the two is returned (0 when a side
 * has no counted items).  A translation covers both sides; a report that shares some
 * names and sentences with another does not.  Call right after ss_xalign
 * with the same texts. */
SS_API double ss_xalign_coverage(const ss_xaligner *al, const ss_xtext *a, const ss_xtext *b,
                                 const ss_xgroups *g);

#endif
