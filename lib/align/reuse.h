/* align/reuse.h — passages reused between the documents of a corpus.
 *
 * The engine holds every document as a token sequence (aseq.h, 12 bytes
 * a token) with its date evidence (source.h), and an index of rare word
 * n-grams (seedindex.h).  For each document a, the documents b after it
 * that share at least min_shared seed fingerprints are its candidates;
 * each candidate pair is aligned (align.h), its pieces merged and
 * filtered (merge.h), and each passage gets the pair's earlier document
 * as its source.  Pairs that share no rare n-gram are never compared, so
 * the work grows with the number of related pairs, not with the square of
 * the corpus; a document is never compared with itself.
 *
 * Defaults, and how they were chosen:
 *   seed_ngram 5, winnow 4: word 5-grams are long enough that two
 *     unrelated texts rarely share one (passim and most PAN aligners use
 *     4-5); winnowing over 4 n-grams keeps 40% of them and still
 *     guarantees a common seed in every shared run of 8 or more words.
 *   max_df 100: an n-gram in more than 100 documents is boilerplate or a
 *     set phrase, not evidence of copying (passim's default limit on the
 *     series an n-gram may occur in is 100 too).
 *     A story reprinted by more than 100 outlets is then no longer linked
 *     through its n-grams: raise --max-df for such corpora.
 *   furniture_share 0.3, furniture_min_docs 3: text a site repeats on
 *     its pages (a rubric line, "Agrandir le texte", a cookie survey) is
 *     that site's furniture when it is in 3 or more and 30% or more of the
 *     site's documents, whatever the site's size (max_df never fires for
 *     an outlet under 100 pages); the thresholds are those the cleaner
 *     uses for recurring lines (clean/corpus_internal.h).  A document's
 *     source is its "source" field, else its URL's host; documents with
 *     neither are not judged this way.  Only that source's documents lose
 *     the seed: other outlets that reprint the text still share it.
 *   min_shared 2: a pair is aligned when it shares two seeds; any shared
 *     run of 12 or more words gives two.
 *   min_chars 120 (merge.h): about two lines of news text, shorter than
 *     any paragraph worth calling reused and longer than a shared title
 *     or set phrase.
 *   min_identity 2/3 (merge.h): copies keep most words; reports of one
 *     event written independently share names and set phrases at about
 *     half (docs/REUSE.md).
 * The anchors of a document (align.h) are its fingerprints that are
 * seeds.
 *
 * Use: ss_reuse_new; ss_reuse_add_docs (any number of times); ss_reuse_build
 * once; then ss_reuse_find for each document, from any number of threads,
 * each with its own ss_reuse_worker.
 */
#ifndef SS_ALIGN_REUSE_H
#define SS_ALIGN_REUSE_H

#include <stddef.h>
#include <stdint.h>

#include "align/align.h"
#include "align/merge.h"
#include "align/seedindex.h"
#include "align/source.h"
#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"
#include "core/pool.h"

typedef struct ss_reuse_opts {
    unsigned seed_ngram;     /* words in a seed n-gram (default 5) */
    unsigned winnow;         /* winnowing window in n-grams (default 4) */
    uint32_t max_df;         /* document-frequency cap of a seed (default 100) */
    double furniture_share;  /* a seed in this share of one source's documents
                                (and at least furniture_min_docs of them) is that
                                source's furniture (default 0.3; 0 = off) */
    uint32_t furniture_min_docs; /* default 3 */
    unsigned min_shared;     /* seeds a pair must share to be aligned (default 2) */
    ss_align_opts align;     /* align.h; anchor_ngram is set to seed_ngram */
    ss_merge_opts merge;     /* merge.h: min_chars, min_identity, ... */
} ss_reuse_opts;

SS_API void ss_reuse_opts_default(ss_reuse_opts *o);

/* One reused passage between documents a < b (numbers in the order added). */
typedef struct ss_reuse_passage {
    uint32_t a, b;
    uint32_t a_start, a_end;   /* code point span in a's text, half-open */
    uint32_t b_start, b_end;   /* code point span in b's text */
    uint32_t chars;            /* code points of the shorter span */
    double identity;           /* equal aligned tokens / aligned tokens */
    int64_t source;            /* a or b: the earlier document; -1 unknown */
    uint8_t source_by;         /* ss_source_by */
    uint8_t translated;        /* 1: the two spans are in different languages, one
                                  the other's translation (align/xreuse.h); identity
                                  is then the share of words matched through the
                                  dictionaries and names */
} ss_reuse_passage;

typedef struct ss_reuse_passages {
    ss_reuse_passage *v;
    size_t n, cap;
} ss_reuse_passages;

SS_API void ss_reuse_passages_init(ss_reuse_passages *p);
SS_API void ss_reuse_passages_release(ss_reuse_passages *p);
/* Append a copy of *x.  SS_OK or SS_ENOMEM. */
SS_API int ss_reuse_passages_push(ss_reuse_passages *p, const ss_reuse_passage *x);

typedef struct ss_reuse ss_reuse;

/* opts NULL: defaults.  NULL with err (may be NULL) set: SS_EINVAL when an
 * option is out of its range (seed_ngram, winnow, min_shared at least 1;
 * max_df at least 2; merge.min_identity and merge.max_quoted from 0 to 1;
 * the aligner's, see ss_aligner_new), the message naming it; or
 * SS_ENOMEM. */
SS_API ss_reuse *ss_reuse_new(const ss_reuse_opts *opts, ss_error *err);
SS_API void ss_reuse_free(ss_reuse *r);

/* Add documents (their text: clean HTML first, see clean.h) in this
 * order; they are numbered from ss_reuse_count() on.  The documents are
 * not kept (their id is copied).  pool (may be NULL) tokenizes in
 * parallel.  SS_OK, SS_ENOMEM, SS_ETOOBIG (a text of 2 GiB or more, err
 * names the document) or SS_EINVAL after ss_reuse_build. */
SS_API int ss_reuse_add_docs(ss_reuse *r, ss_pool *pool, ss_doc *const *docs, size_t n,
                             ss_error *err);

/* Build the seed index.  SS_OK or SS_ENOMEM. */
SS_API int ss_reuse_build(ss_reuse *r, ss_error *err);

SS_API size_t ss_reuse_count(const ss_reuse *r);
SS_API const char *ss_reuse_id(const ss_reuse *r, uint32_t doc);
/* Code points in the document's text. */
SS_API uint32_t ss_reuse_doc_chars(const ss_reuse *r, uint32_t doc);
/* Tokens held for the document. */
SS_API size_t ss_reuse_doc_tokens(const ss_reuse *r, uint32_t doc);

/* Per-thread scratch for finding and aligning; it may be made before all
 * documents are added (it grows to the documents held when used). */
typedef struct ss_reuse_worker ss_reuse_worker;

SS_API ss_reuse_worker *ss_reuse_worker_new(const ss_reuse *r);
SS_API void ss_reuse_worker_free(ss_reuse_worker *w);

/* Append to out the passages between document a and every later document,
 * by b, then by start in a.  After ss_reuse_build only.  SS_OK, SS_ENOMEM,
 * SS_EINVAL (a out of range, or not built). */
SS_API int ss_reuse_find(ss_reuse_worker *w, uint32_t a, ss_reuse_passages *out);

/* ---- one machine's share of a run spread over several (reuse_part.h) ----
 * The seed index can be built elsewhere: documents are added as prepared
 * text, their fingerprints read out, and pairs aligned with the seeds the
 * caller found.  ss_reuse_align on the same documents and seeds gives
 * exactly what ss_reuse_find gives for those pairs. */

/* Add one document from its prepared text (already cleaned) with its date
 * evidence and source hash (ss_reuse_doc_when, ss_reuse_doc_source of
 * the document where it was first added).  Errors as ss_reuse_add_docs. */
SS_API int ss_reuse_add_text(ss_reuse *r, const char *id, const char *text, size_t len,
                             const ss_when *when, uint64_t source, ss_error *err);
SS_API ss_when ss_reuse_doc_when(const ss_reuse *r, uint32_t doc);
/* The document's outlet ("source" field, else its URL's host) as the
 * index hashes it for furniture; 0: neither. */
SS_API uint64_t ss_reuse_doc_source(const ss_reuse *r, uint32_t doc);
/* The document's fingerprints, as the seed index takes them (a hash may
 * repeat), into out (reset first).  SS_OK, SS_ENOMEM, SS_EINVAL. */
SS_API int ss_reuse_doc_fingerprints(const ss_reuse *r, uint32_t doc, ss_fps *out);
/* Append to out the passages between a and each of b[0..nb) (in that
 * order; none equal to a), a's anchors being its fingerprints whose hash
 * is in seeds[0..nseeds) (ascending, distinct): the n-grams the whole
 * corpus's index keeps as seeds.  Needs no build.  SS_OK, SS_ENOMEM,
 * SS_EINVAL (a document out of range, b equal to a, seeds not
 * ascending). */
SS_API int ss_reuse_align(ss_reuse_worker *w, uint32_t a, const uint32_t *b, size_t nb,
                          const uint64_t *seeds, size_t nseeds, ss_reuse_passages *out);

/* One document pair in a few numbers, from the passages v[0..n) of that
 * pair.  SS_OK or SS_ENOMEM. */
typedef struct ss_reuse_summary {
    uint32_t a, b;
    double a_coverage, b_coverage;  /* share of each text inside a passage */
    uint32_t passages;
    uint32_t chars;                 /* code points of the passages (shorter spans) */
    int64_t source;                 /* as in the passages */
    uint8_t source_by;
} ss_reuse_summary;

SS_API int ss_reuse_summarize(const ss_reuse *r, const ss_reuse_passage *v, size_t n,
                              ss_reuse_summary *out);

/* Index statistics (after ss_reuse_build). */
SS_API ss_seedindex_stats ss_reuse_index_stats(const ss_reuse *r);

#endif
