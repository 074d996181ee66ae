/* align/reuse_part.h — one partition of a `reuse` run spread over
 * machines (the Dask job samestory.dask reuse; docs/DASK.md).
 *
 * `samestory reuse` holds every document and one seed index on one
 * machine (reuse.h).  Spread out, the work is cut where the index is:
 *
 *   scan    each partition of the input goes through a part as the CLI
 *           reads it (records parsed, HTML cleaned, documents without an
 *           article body left out unless keep_no_body); the part gives
 *           per record its id and whether it was kept, per kept document
 *           its source hash and fingerprints (ss_reuse_part_prints), and
 *           the prepared document as bytes (ss_reuse_part_doc_bytes).
 *   seeds   the caller groups fingerprints by hash across partitions and
 *           applies the index's rules (seedindex.h: document frequency 2
 *           to max_df, a source's furniture left out of the postings),
 *           and counts the seeds each document pair shares.
 *   align   a part made for the pairs of one partition takes the
 *           documents it needs as bytes (ss_reuse_part_add_bytes) and
 *           aligns each document with its candidates given the seeds its
 *           fingerprints hold (ss_reuse_part_pairs_json): the lines the
 *           CLI prints for those pairs, byte for byte.
 *
 * Document bytes: "SSR1", then little-endian: when.from (1 byte),
 * when.time (8), when.day (8), source hash (8), id length (4), text
 * length (4), then the id and the prepared text (UTF-8, no terminator).
 * They travel between machines of one run (same library build); a
 * damaged or truncated one is refused with SS_EPARSE.
 *
 * Records are numbered in the order added, from 0, over all of them
 * (kept or not); the numbers are the part's own.  Threads: a part is used
 * by one thread at a time.  Ownership: buffers passed in stay the
 * caller's; the part copies what it keeps.
 */
#ifndef SS_ALIGN_REUSE_PART_H
#define SS_ALIGN_REUSE_PART_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/error.h"
#include "samestory/samestory.h"

typedef struct ss_reuse_part ss_reuse_part;

/* o: the run's options (NULL: defaults; threads is ignored, a part runs
 * on the caller's thread).  NULL with err set on a bad option
 * (SS_EINVAL) or SS_ENOMEM. */
SS_API ss_reuse_part *ss_reuse_part_new(const ss_reuse_json_opts *o, ss_error *err);
SS_API void ss_reuse_part_free(ss_reuse_part *p);

/* The JSON Lines in buf[0..len), which start at byte `offset` of the file
 * `origin` (for messages).  Blank lines are skipped.  The first bad record
 * stops the call: err names origin and the line's byte offset; records
 * before it stay. */
SS_API int ss_reuse_part_add_jsonl(ss_reuse_part *p, const char *buf, size_t len, const char *origin,
                                   uint64_t offset, ss_error *err);
/* Every record of the files (any format input/reader.h reads), as the CLI
 * reads them.  The first bad record stops the call, err saying where. */
SS_API int ss_reuse_part_add_files(ss_reuse_part *p, const char *const *paths, size_t n,
                                   ss_error *err);
/* One prepared document from another part's ss_reuse_part_doc_bytes; it
 * is kept.  SS_OK, SS_EPARSE (damaged bytes), SS_ENOMEM. */
SS_API int ss_reuse_part_add_bytes(ss_reuse_part *p, const char *bytes, size_t len, ss_error *err);

/* Records added. */
SS_API size_t ss_reuse_part_count(const ss_reuse_part *p);
/* Per record i < count: kept[i] (1: aligned; 0: no article body),
 * source[i] (outlet hash, 0: none; 0 for records not kept); each id
 * followed by a NUL appended to ids.  Any may be NULL.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_reuse_part_docs(const ss_reuse_part *p, uint8_t *kept, uint64_t *source, ss_buf *ids);
/* The fingerprints of the kept records, each distinct hash of a record
 * once: how many, then doc[k] (record number) and hash[k]. */
SS_API size_t ss_reuse_part_nprints(ss_reuse_part *p);
SS_API void ss_reuse_part_prints(const ss_reuse_part *p, uint32_t *doc, uint64_t *hash);
/* The prepared record i (kept) as bytes, appended to out.  SS_OK,
 * SS_EINVAL (not kept, or out of range), SS_ENOMEM. */
SS_API int ss_reuse_part_doc_bytes(const ss_reuse_part *p, size_t i, ss_buf *out);

/* The lines `samestory reuse` prints for record a with each of
 * b[0..nb) (kept records, in that order: the CLI's is input order),
 * a's seeds being seeds[0..nseeds) (any order; repeats allowed), appended
 * to out.  SS_OK, SS_EINVAL (a record out of range or not kept), SS_ENOMEM;
 * err says which. */
SS_API int ss_reuse_part_pairs_json(ss_reuse_part *p, uint32_t a, const uint32_t *b, size_t nb,
                                    const uint64_t *seeds, size_t nseeds, ss_buf *out,
                                    ss_error *err);

#endif
