/* fingerprint/dedup.h — exact and near-duplicate groups over a corpus.
 *
 * Documents go in one by one, in input order; at the end each document
 * belongs to a group whose representative is the earliest member by date
 * (members with a known date before those without), else the first seen.
 *
 * Exact duplicates — equal word sequences after normalization (see
 * shingle.h) — are grouped through a table of exact keys, without MinHash.
 * Near duplicates are pairs whose estimated Jaccard similarity of word
 * n-gram shingles is at least the cutoff: the candidates come from LSH band
 * buckets over a MinHash band sketch, and each candidate is verified with
 * the similarity sketch before its group joins (minhash.h).  Groups are the
 * connected components of the verified pairs (union-find), so they do not
 * depend on the input order, with one bound: a bucket keeps at most
 * SS_DEDUP_BUCKET_CAP documents, and a document arriving at a full bucket
 * is compared with those but not filed; only buckets of more than that
 * many near-identical documents are affected.
 *
 * The cutoff sits below the threshold: pairs of similarity `threshold` must
 * be found, pairs of `threshold - 0.1` must not be grouped, and the
 * estimate has a standard error of 0.01 to 0.02, so pairs are grouped from
 * threshold - 0.05 (threshold / 2 for thresholds under 0.1).  Bands and
 * rows are chosen for recall at the cutoff (ss_minhash_choose_bands).
 *
 * Steps per document (so that the costly ones run in parallel):
 *   ss_dedup_scan    words, lines, exact key          any thread
 *   ss_dedup_admit   number, exact group, line counts one thread, input order
 *   ss_dedup_sketch  shingles, sketches, band keys    any thread, while no
 *                                                     admit or link runs
 *   ss_dedup_link    LSH buckets, verify, join        one thread, input order
 * A document's admit comes before its sketch, its sketch before its link.
 * Documents may be admitted in batches: every document of a batch
 * admitted, then all sketched, then all linked; admitting the next batch
 * may overlap linking this one.  Results are the same for any number of
 * threads.  With ss_dedup_finish the groups are final and the result
 * functions may be called.
 *
 * The index (ss_dedup_save / ss_dedup_load) holds everything: documents,
 * ids, dates, groups, sketches, buckets and line counts, so that a later
 * run groups its documents with all those seen before.  See dedup_store.c
 * for the format; saving is crash-safe (a new file is written, synced and
 * renamed over the old one).
 */
#ifndef SS_FINGERPRINT_DEDUP_H
#define SS_FINGERPRINT_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"
#include "samestory/samestory.h"

#define SS_DEDUP_BUCKET_CAP 64
#define SS_DEDUP_NONE UINT32_MAX

/* ss_dedup_opts (threshold, default 0.8; ngram, default 5; hashes,
 * default 1024; common_docs, default 16: 0 = no line is common) and
 * ss_dedup_params (what they amount to: threshold, cutoff, ngram, hashes,
 * bands, rows, common_docs) are the public header's. */

typedef struct ss_dedup_stats {
    uint64_t docs;          /* documents, index included */
    uint64_t new_docs;      /* documents of this run */
    uint64_t empty;         /* documents without a word (each its own group) */
    uint64_t exact_copies;  /* documents equal to an earlier one */
    uint64_t candidates;    /* candidate pairs verified */
    uint64_t near_pairs;    /* verified pairs that joined two groups */
    /* after ss_dedup_finish, over groups holding a document of this run: */
    uint64_t exact_groups;  /* groups of two or more, all members equal */
    uint64_t near_groups;   /* groups of two or more joined by near pairs */
    uint64_t removed;       /* documents of this run that are not representatives */
    uint64_t removed_exact; /* of those, exact copies of their representative (the
                               rest are near duplicates of it) */
} ss_dedup_stats;

typedef struct ss_dedup ss_dedup;
typedef struct ss_dedup_work ss_dedup_work;
typedef struct ss_dedup_item ss_dedup_item;

SS_API void ss_dedup_opts_default(ss_dedup_opts *o);
/* A new, empty deduplicator.  NULL with err set: SS_EINVAL for options out
 * of range (the message names the option), SS_ENOMEM. */
SS_API ss_dedup *ss_dedup_new(const ss_dedup_opts *o, ss_error *err);
SS_API void ss_dedup_free(ss_dedup *dd);
SS_API ss_dedup_params ss_dedup_get_params(const ss_dedup *dd);

/* Scratch space for one thread. */
SS_API ss_dedup_work *ss_dedup_work_new(void);
SS_API void ss_dedup_work_free(ss_dedup_work *w);

/* A document in flight between the steps; reusable for the next one. */
SS_API ss_dedup_item *ss_dedup_item_new(void);
SS_API void ss_dedup_item_free(ss_dedup_item *it);
/* The number the document got in ss_dedup_admit. */
SS_API uint32_t ss_dedup_item_doc(const ss_dedup_item *it);

SS_API int ss_dedup_scan(const ss_dedup *dd, ss_dedup_work *w, ss_dedup_item *it,
                         const ss_doc *d, ss_error *err);
/* id is copied; time is the document's date (SS_TIME_NONE if unknown). */
SS_API int ss_dedup_admit(ss_dedup *dd, ss_dedup_item *it, const char *id, int64_t time,
                          ss_error *err);
SS_API int ss_dedup_sketch(const ss_dedup *dd, ss_dedup_work *w, ss_dedup_item *it,
                           ss_error *err);
SS_API int ss_dedup_link(ss_dedup *dd, ss_dedup_item *it, ss_error *err);

/* 1 if the scanned document has the text (exact key) of document doc:
 * how a record re-sent under an id the index holds is told from one
 * whose text changed. */
SS_API int ss_dedup_item_same_text(const ss_dedup *dd, const ss_dedup_item *it, uint32_t doc);

/* Decide representatives.  SS_OK or SS_ENOMEM.  More documents may be
 * added afterwards (then call it again). */
SS_API int ss_dedup_finish(ss_dedup *dd);

/* Documents held: numbers [0, count); those below first_new came from the index. */
SS_API uint32_t ss_dedup_count(const ss_dedup *dd);
SS_API uint32_t ss_dedup_first_new(const ss_dedup *dd);
SS_API const char *ss_dedup_id(const ss_dedup *dd, uint32_t doc);
/* The representative of doc's group (after ss_dedup_finish). */
SS_API uint32_t ss_dedup_group(const ss_dedup *dd, uint32_t doc);
/* Estimated similarity of doc to its representative (1 for itself and exact copies). */
SS_API double ss_dedup_similarity(const ss_dedup *dd, uint32_t doc);
/* Estimated similarity of two documents (1 for exact copies, 0 when one has no word). */
SS_API double ss_dedup_pair_similarity(const ss_dedup *dd, uint32_t a, uint32_t b);
SS_API ss_dedup_stats ss_dedup_get_stats(const ss_dedup *dd);
/* Bytes of memory held for the documents (sketches, buckets, ids, tables). */
SS_API size_t ss_dedup_memory(const ss_dedup *dd);

/* Load an index into a deduplicator that holds no document yet.  The file
 * must have been written with the same threshold, ngram, hashes and
 * common_docs.  SS_OK; SS_ENOTFOUND when the file does not exist (dd
 * unchanged); SS_EFORMAT for a file that is not an index (a folder, a
 * FIFO, another file), of another format version, corrupt or truncated
 * (the header's own checksum is checked before any of its values is
 * believed or quoted), or made with other options (the message says
 * which, and dd is unchanged); SS_EIO; SS_ENOMEM.  Two processes updating
 * one index should hold ss_filelock_acquire(path) from load to save. */
SS_API int ss_dedup_load(ss_dedup *dd, const char *path, ss_error *err);
/* Write everything to path, atomically, through core/outfile.h: a
 * temporary made with O_EXCL in the same folder is written, synced and
 * renamed over path (keeping its mode; a link to an index replaces the
 * file it points to).  On failure path is untouched.  SS_OK, SS_EIO,
 * SS_EINVAL (path is a folder, device or FIFO), SS_ENOMEM. */
SS_API int ss_dedup_save(const ss_dedup *dd, const char *path, ss_error *err);

#endif
