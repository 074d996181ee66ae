/* fingerprint/deduper.h — deduplication of records, in one process or
 * spread over many.
 *
 * dedup.h is the index: documents are scanned, admitted, sketched and
 * linked by the caller, step by step.  This header is what drives it from
 * records (JSON objects with the fields of input/jsonl.h), the way
 * `samestory dedup` does, for callers that are not the CLI: the Python
 * binding (samestory.Deduper, samestory.dedup) and the Dask jobs
 * (samestory.dask).  Three parts:
 *
 * ss_dedup_prepare  one parsed document made ready for ss_dedup_admit:
 *                   cleaned (ss_clean_replace), checked for an article
 *                   body, scanned.  The CLI's workers call it too, so a
 *                   record is read the same way everywhere.
 *
 * ss_deduper        an index with its cleaner, fed whole batches of
 *                   records.  Each call of ss_deduper_add_json is cut into
 *                   batches by the CLI's rule (SS_DEDUP_BATCH_DOCS records
 *                   or SS_DEDUP_BATCH_BYTES bytes of records, whichever
 *                   comes first; a batch is admitted, then sketched, then
 *                   linked: the line counts a batch's sketches see include
 *                   the batch), so records fed in calls of that size give
 *                   the groups of `samestory dedup` on the same records.
 *                   A batch is taken whole or not at all: a bad record
 *                   (broken JSON, no id, an id held already, too large)
 *                   refuses the call with the record's number, and
 *                   nothing of it is added.
 *
 * ss_dedup_part     the per-partition pieces of a run spread over
 *                   processes (samestory.dask): documents of a slice of the
 *                   input are scanned; the caller gets for each its exact
 *                   key, date, size and the line hashes the line-frequency
 *                   table would count, finds across the corpus which lines
 *                   are common and from which batch on, and hands that
 *                   back to sketch the documents: band keys and sketches
 *                   that equal those `samestory dedup` files for the same
 *                   documents.  Candidate pairs, verification and groups
 *                   are then the caller's (a shuffle on band keys, see
 *                   python/samestory/dask.py).
 *
 * Threads: a ss_deduper or ss_dedup_part is used by one thread at a time;
 * distinct objects are independent.  Ownership: every object is freed by
 * its own _free (NULL is a no-op); buffers passed in are borrowed for the
 * call; ss_buf outputs are appended to and belong to the caller.
 */
#ifndef SS_FINGERPRINT_DEDUPER_H
#define SS_FINGERPRINT_DEDUPER_H

#include <stddef.h>
#include <stdint.h>

#include "clean/clean.h"
#include "core/api.h"
#include "core/buf.h"
#include "core/doc.h"
#include "core/error.h"
#include "fingerprint/dedup.h"

/* The CLI's batches: records are admitted, sketched and linked this many
 * at a time (or fewer, when their bytes reach SS_DEDUP_BATCH_BYTES). */
#define SS_DEDUP_BATCH_DOCS 1024
#define SS_DEDUP_BATCH_BYTES ((size_t)16 << 20)

/* A record's size as the batch rule counts it: the raw JSON line, or for
 * a whole file read by the reader its text and page bytes. */
SS_API size_t ss_dedup_doc_bytes(const ss_doc *d, size_t raw_len);

/* Clean d in place and scan it into it.  *no_body is set when d had text
 * but no article body (a failed scrape): such a document is admitted but
 * not sketched, unless keep_no_body.  SS_OK or an error with err set. */
SS_API int ss_dedup_prepare(const ss_dedup *dd, ss_cleaner *cleaner, ss_dedup_work *w,
                            ss_dedup_item *it, ss_doc *d, int keep_no_body, int *no_body,
                            ss_error *err);

/* ---- ss_deduper: an index fed with records ---- */

typedef struct ss_deduper ss_deduper;

/* o: options (NULL for the defaults); keep_no_body as `dedup
 * --keep-no-body`.  NULL with err set (SS_EINVAL naming the option,
 * SS_ENOMEM, SS_ENODATA when the cleaner's data is missing). */
SS_API ss_deduper *ss_deduper_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err);
SS_API void ss_deduper_free(ss_deduper *d);
/* The index inside (borrowed: for ss_dedup_count, _params, _stats). */
SS_API ss_dedup *ss_deduper_index(ss_deduper *d);

/* Load an index file written by `samestory dedup --index` or
 * ss_deduper_save into a deduper that holds no document yet (see
 * ss_dedup_load for the codes; SS_EINVAL when documents are held). */
SS_API int ss_deduper_load(ss_deduper *d, const char *path, ss_error *err);
/* Save everything (crash-safe, as ss_dedup_save). */
SS_API int ss_deduper_save(ss_deduper *d, const char *path, ss_error *err);

/* Add the records of body[0..len) (an object, an array of objects, or
 * JSON Lines: input/body.h), in order, in the CLI's batches.  *added gets
 * the number added.  On a bad record nothing of the call is added and err
 * says which record ("record 3: ..."): SS_EPARSE, SS_EMISSING, SS_EDUPID,
 * SS_ETOOBIG (over max_doc bytes; 0 = no limit); SS_ENOMEM. */
SS_API int ss_deduper_add_json(ss_deduper *d, const char *body, size_t len, size_t max_doc,
                               size_t *added, ss_error *err);

/* The groups of documents [from, to) (clamped to those held), as
 * `samestory dedup` prints them: one line per document,
 * {"id", "group", "similarity"}, appended to out.  Decides the groups
 * first (ss_dedup_finish).  SS_OK or SS_ENOMEM. */
SS_API int ss_deduper_results_json(ss_deduper *d, uint32_t from, uint32_t to, ss_buf *out,
                                   ss_error *err);

/* The documents held that are exact or near duplicates of one record
 * (which is not added): a JSON array of {"id", "similarity"}, most similar
 * first, appended to out.  Near duplicates are found as when adding (LSH
 * buckets, verified at the cutoff); every exact copy of a match is listed
 * too.  Errors as for ss_deduper_add_json. */
SS_API int ss_deduper_query_json(ss_deduper *d, const char *record, size_t len, ss_buf *out,
                                 ss_error *err);

/* ---- ss_dedup_part: one partition of a distributed run ---- */

typedef struct ss_dedup_part ss_dedup_part;

/* Document flags of ss_dedup_part_docs: SS_DEDUP_PART_NO_BODY (text
 * without an article body: never sketched), from the public header. */

SS_API ss_dedup_part *ss_dedup_part_new(const ss_dedup_opts *o, int keep_no_body, ss_error *err);
SS_API void ss_dedup_part_free(ss_dedup_part *p);
SS_API ss_dedup_params ss_dedup_part_params(const ss_dedup_part *p);

/* The JSON Lines in buf[0..len), which start at byte `offset` of the file
 * `origin` (for messages).  Blank lines are skipped.  The first bad record
 * stops the call: err names origin and the line's byte offset; the
 * documents before it stay. */
SS_API int ss_dedup_part_add_jsonl(ss_dedup_part *p, const char *buf, size_t len,
                                   const char *origin, uint64_t offset, ss_error *err);
/* Every document of the files (any format input/reader.h reads: WARC,
 * HTML, text, JSONL), as the CLI reads them.  The first bad record stops
 * the call, err saying where. */
SS_API int ss_dedup_part_add_files(ss_dedup_part *p, const char *const *paths, size_t n,
                                   ss_error *err);

SS_API size_t ss_dedup_part_count(const ss_dedup_part *p);
/* Per document i < count: date (SS_TIME_NONE if unknown), exact key (0:
 * no word), flags (SS_DEDUP_PART_*), size (ss_dedup_doc_bytes); the ids,
 * each followed by a NUL, appended to ids.  Any array may be NULL. */
SS_API int ss_dedup_part_docs(const ss_dedup_part *p, int64_t *time, uint64_t *exact,
                              uint8_t *flags, uint64_t *size, ss_buf *ids);
/* The countable lines (shingle.h) of all documents: how many, and then
 * doc[k], hash[k] for each (a document's lines each once). */
SS_API size_t ss_dedup_part_nlines(const ss_dedup_part *p);
SS_API void ss_dedup_part_lines(const ss_dedup_part *p, uint32_t *doc, uint64_t *hash);

/* Sketch the documents with want[i] != 0, each as the CLI would in batch
 * batch[i]: a line is common for it when it is listed in
 * common_hash[0..ncommon) with common_from[k] <= batch[i] (the batch in
 * which the line's count reached common_docs).  Document i's sketch goes
 * to sketches + i * ss_minhash_sketch_bytes(hashes), its band keys to
 * bands + i * bands, and has[i] = 1 when it has any shingle (0: not
 * sketched; rows of documents not wanted are left as they are).  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_dedup_part_sketch(ss_dedup_part *p, const uint8_t *want, const uint32_t *batch,
                                const uint64_t *common_hash, const uint32_t *common_from,
                                size_t ncommon, uint8_t *sketches, uint64_t *bands, uint8_t *has,
                                ss_error *err);

#endif
