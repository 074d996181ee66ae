/* align/xreuse.h — passages one article took from another in another
 * language: a wire paragraph translated into a local report.
 *
 * reuse.h finds copied passages by their equal words; a translation
 * shares almost none, so here the words meet through the pivot
 * (xling/pivot.h: a word of another language stands for the English stems
 * of its dictionary translations; names and numbers meet as they are or
 * transliterated).  Three steps:
 *
 *   candidates  the translation linker's index (xling/link.h) gives each
 *               document its best partners in every other language by the
 *               cosine of their weighted pivot vectors; nothing else is
 *               compared, so the work grows with the documents, not with
 *               their pairs;
 *   alignment   each candidate pair's sentences are aligned for a part
 *               translated (ss_xalign_partial: a monotone path of 1-1,
 *               1-2, 2-1, 1-0 and 0-1 groups where a sentence without
 *               counterpart is cheaper than a pair of unrelated ones);
 *   passages    a passage is a run of at least XREUSE_MIN_GROUPS groups
 *               that pair sentences of both sides, each with an anchor
 *               share (similarity) of at least XREUSE_GROUP_SIM and
 *               lengths that agree (|delta| at most SS_XALIGN_MAX_DELTA),
 *               with at most one sentence a side between two of them that
 *               is not such (a sentence the local report adds, one
 *               rewritten); the run's words must be anchored at
 *               XREUSE_MIN_IDENTITY or more (XREUSE_LONG_IDENTITY for a
 *               run of XREUSE_LONG_GROUPS groups or more) and under
 *               XREUSE_COPY_IDENTITY (all anchored is the same text under
 *               two language labels: a copy, which reuse.h reports), and
 *               its longer side must span min_chars code points (a
 *               Chinese span is about a third of its English one).
 *
 * A passage says "translated" (ss_reuse_passage.translated = 1); its
 * identity is the share of the run's words that are anchors; its source
 * is the earlier document as for copies (align/source.h).  The spans are
 * code points of each document's text as reuse.h holds it (cleaned HTML,
 * a .txt file whole), so a translated passage reads like a copied one.
 *
 * A document's language is its given one, else the one found
 * (lang/langid.h) when its words tell it (see told() in xreuse.c): 25
 * words or more, and XREUSE_MIN_FUNCTION_SHARE of them function words of
 * a language that has a list, XREUSE_MIN_KNOWN_SHARE of its content words
 * in the dictionary of a Latin-script language without one; other scripts
 * tell their languages by themselves.  A document whose language is not
 * told takes no part.  On 30,000 Reuters stories, all English, tables of
 * figures read as German, French or Danish (with full confidence) gave
 * 7,223 passages "across languages" between English texts; 1 was left
 * (two central banks' exchange-rate notes), and none is since copied
 * sentence groups count for no run.  Measured on the SemEval articles
 * of ten languages: prose in a language with a list has 0.2 to 0.5 of its
 * words function words (Arabic and Russian, whose lists are short, 0.07
 * and 0.14 at the 5th percentile), the misread tables 0 to 0.08; content
 * words a dictionary knows: 0.37 and more of Turkish, 0.67 of Polish,
 * 0.22 and less of the tables read as Danish.
 *
 * A passage also needs the two sides to write under XREUSE_MAX_LITERAL of
 * their words the same (of the side with more distinct words): a
 * translation shares names and cognates (0 to 0.36 on the bench), one
 * text read as two languages most of its words.  A sentence group that
 * writes that much the same is copied text (an English quotation kept in
 * a French report, which reuse.h reports) and no part of a run.
 *
 * Why these values (bench/xreuse.py; docs/REUSE.md, "Across
 * languages"): a translated sentence pair has a fifth to two thirds of
 * its items anchored (the dictionaries miss many inflected forms and
 * compounds; Chinese and Japanese fewer still), a run of them 0.3 to 0.7;
 * two reports of one event in two languages share names, numbers and a
 * few topic words in some sentences but seldom in two consecutive ones,
 * and a single sentence pair is chance; two sentence pairs anchored under
 * 0.4 were, when read, as often two articles on one subject as a
 * translation.  The values and the aligner's partial mode were set by
 * hand while reading the WMT14 and WMT22 blocks and the SemEval passages
 * of the bench: its figures are in-sample (a second draw of documents
 * is given as a check).
 *
 * Limits: a translated paragraph is found where the band reaches (at
 * least 48 sentences either side of the diagonal: anywhere in articles of
 * up to about that length); a language without a dictionary into English
 * (Ukrainian, Korean) meets on names and numbers only, and few of its
 * passages are found (bench: recall 0.24-0.36 for Ukrainian); furniture
 * judged per source is not applied across languages; the text of a
 * document beyond SS_DOC_WORK_MAX bytes is not read.
 *
 * Use: ss_xreuse_new; ss_xreuse_add_docs with the documents given to the
 * reuse engine, in its order; ss_xreuse_find once.  Threads: the pool's
 * (it must have as many threads as `workers`).  Ownership: stopwords and
 * lexicon are borrowed and must outlive the object; documents stay the
 * caller's (their lang is set when it was not given).
 */
#ifndef SS_ALIGN_XREUSE_H
#define SS_ALIGN_XREUSE_H

#include <stddef.h>
#include <stdint.h>

#include "align/reuse.h"
#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"
#include "core/pool.h"
#include "text/stopwords.h"
#include "xling/lexicon.h"

#define XREUSE_GROUP_SIM 0.25
#define XREUSE_MIN_GROUPS 2
#define XREUSE_MIN_IDENTITY 0.4
#define XREUSE_LONG_GROUPS 3
#define XREUSE_LONG_IDENTITY 0.3
#define XREUSE_COPY_IDENTITY 0.95
#define XREUSE_MAX_LITERAL 0.5
#define XREUSE_MIN_FUNCTION_SHARE 0.05
#define XREUSE_MIN_KNOWN_SHARE 0.25
#define XREUSE_MIN_TOLD_WORDS 25


typedef struct ss_xreuse ss_xreuse;

/* workers: the threads of the pool that will be passed in.  lx may be
 * NULL (names and numbers only); sw may not.  NULL with err set. */
SS_API ss_xreuse *ss_xreuse_new(int workers, const ss_stopwords *sw, const ss_lexicon *lx, ss_error *err);
SS_API void ss_xreuse_free(ss_xreuse *x);

/* Add the documents of docs[0..n) the reuse engine kept (kept[i] set, as
 * ss_reuse_add_records reports; kept NULL: all of them): in order, they
 * are its documents first, first + 1, ... (first: ss_reuse_count before
 * that batch was added; it must pass every number added before).  Each
 * document's language is found (unless given), and its pivot vectors and
 * sentences made, on pool's threads.  SS_OK or an error with err naming
 * the document. */
SS_API int ss_xreuse_add_docs(ss_xreuse *x, ss_pool *pool, ss_doc *const *docs, size_t n,
                              const uint8_t *kept, uint32_t first, ss_error *err);

/* The translated passages between the documents added, appended to out by
 * a, then b, then a_start (a < b, in the reuse engine's numbers); r is
 * that engine (for the documents' dates).  min_chars: shortest passage,
 * in code points of its longer side (chars still reports the shorter).  Once only.  SS_OK, SS_ENOMEM, SS_EINVAL (called
 * again). */
SS_API int ss_xreuse_find(ss_xreuse *x, ss_pool *pool, const ss_reuse *r, uint32_t min_chars,
                          ss_reuse_passages *out, ss_error *err);

#endif
