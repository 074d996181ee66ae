/* fingerprint/linefreq.h — in how many documents each line occurs.
 *
 * Page chrome in scraped text ("Share this article", a copyright footer, a
 * newsletter box) recurs line for line across the documents of a corpus,
 * while the lines of an article occur in its copies only.  This table
 * counts, for each line (by the hash of its normalized words), the
 * documents it occurred in, so that near-duplicate detection can leave out
 * lines that many documents share: they are no evidence that two documents
 * are copies of each other.
 *
 * Memory is bounded: once the table holds max_entries lines it forgets the
 * rarest ones (those seen in fewest documents; the lines that matter here
 * recur, and keep their counts).  A count is therefore a lower bound once
 * the table has pruned.  Not thread-safe for adding; counting lookups may
 * run in parallel when nobody adds.
 */
#ifndef SS_FINGERPRINT_LINEFREQ_H
#define SS_FINGERPRINT_LINEFREQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/api.h"
#include "core/error.h"

typedef struct ss_linefreq ss_linefreq;

/* A table holding at most max_entries lines (0: 2^21).  NULL when out of memory. */
SS_API ss_linefreq *ss_linefreq_new(size_t max_entries);
SS_API void ss_linefreq_free(ss_linefreq *t);

/* Count one document's lines: hashes[0..n) (each line once however often
 * it occurs in the document; the array is sorted in place).  SS_OK or
 * SS_ENOMEM (counts may then be partial). */
SS_API int ss_linefreq_add_doc(ss_linefreq *t, uint64_t *hashes, size_t n);

/* Set a line's count (for a table made from counts taken elsewhere: the
 * per-partition sketches of a distributed run, deduper.h).  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_linefreq_set(ss_linefreq *t, uint64_t hash, uint32_t count);

/* Documents the line occurred in (0 if never seen or forgotten). */
SS_API uint32_t ss_linefreq_count(const ss_linefreq *t, uint64_t hash);

/* Lines held now. */
SS_API size_t ss_linefreq_size(const ss_linefreq *t);

/* Write to f / read back (same format version), reading at most `limit`
 * bytes.  Read: NULL with err set (SS_EFORMAT, SS_EIO, SS_ENOMEM) on
 * failure. */
SS_API int ss_linefreq_write(const ss_linefreq *t, FILE *f, ss_error *err);
SS_API ss_linefreq *ss_linefreq_read(FILE *f, size_t max_entries, uint64_t limit,
                                     ss_error *err);

#endif
