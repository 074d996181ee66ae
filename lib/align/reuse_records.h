/* align/reuse_records.h — `samestory reuse` over records: documents in,
 * the passages' JSON out.
 *
 * reuse.h is the engine: documents are added, the seed index built, each
 * document's passages found.  This is what the CLI does around it, as
 * library calls, so that the CLI and the Python binding
 * (samestory.reuse) read records and print passages the same way:
 *
 * ss_reuse_add_records  one batch of parsed documents: HTML pages cleaned
 *                       into their article text, documents without an
 *                       article body left out (unless keep_no_body), the
 *                       rest added to the engine.
 * ss_reuse_passage_json / ss_reuse_summary_json / ss_reuse_lines_json
 *                       the JSON objects `reuse` prints for a passage, or
 *                       for a document pair (--summary), and the lines of
 *                       one document's passages.
 * ss_reuse_json         the whole run over records held in memory (an
 *                       object, an array, or JSON Lines: input/body.h):
 *                       the lines `samestory reuse` prints for the same
 *                       records in a JSONL file.
 *
 * Threads: ss_reuse_add_records uses the pool for cleaning; the JSON
 * writers are pure.  Ownership: documents and buffers passed in stay the
 * caller's; *cleaner is made on first need and freed by the caller
 * (ss_cleaner_free).
 */
#ifndef SS_ALIGN_REUSE_RECORDS_H
#define SS_ALIGN_REUSE_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "align/reuse.h"
#include "clean/clean.h"
#include "core/api.h"
#include "core/buf.h"
#include "core/doc.h"
#include "core/error.h"
#include "core/pool.h"
#include "samestory/samestory.h"

/* Clean and judge docs[0..n) (in place, in parallel on pool), then add
 * those kept to r.  *no_body (may be NULL) is increased by the documents
 * left out for having no article body; kept[i] (kept may be NULL) says
 * whether docs[i] was added.  SS_OK, or an error with err naming the
 * document. */
SS_API int ss_reuse_add_records(ss_reuse *r, ss_pool *pool, ss_cleaner **cleaner, ss_doc **docs,
                                size_t n, int keep_no_body, uint64_t *no_body, uint8_t *kept,
                                ss_error *err);

/* The JSON object of one passage (no newline), appended to out.  SS_OK or
 * SS_ENOMEM. */
SS_API int ss_reuse_passage_json(const ss_reuse *r, const ss_reuse_passage *p, ss_buf *out);
/* The JSON object of the pair of v[0..n) (the passages of one pair).
 * SS_OK or SS_ENOMEM. */
SS_API int ss_reuse_summary_json(const ss_reuse *r, const ss_reuse_passage *v, size_t n, ss_buf *out);

/* The lines `samestory reuse` prints for v[0..n), the passages of one
 * document with the later ones (by b): one per passage, or with summary
 * one per pair; each ends with a newline.  SS_OK or SS_ENOMEM. */
SS_API int ss_reuse_lines_json(const ss_reuse *r, const ss_reuse_passage *v, size_t n, int summary,
                               ss_buf *out);

/* The options of `samestory reuse` a caller over records sets (the rest
 * stay at reuse.h's defaults). */
/* ss_reuse_json_opts is the public header's: min_chars (--min-chars, at
 * least 1), max_df (--max-df, at least 2), furniture_share and
 * min_identity (0 to 1), keep_no_body, summary, threads (0: one per core),
 * translated (also the passages across languages, align/xreuse.h, after
 * the copies; needs the stopword lists and the lexicon of the data
 * folder, loaded for the call). */

SS_API void ss_reuse_json_opts_default(ss_reuse_json_opts *o);
/* The engine's options for o: SS_OK, or SS_EINVAL naming the option out of
 * range. */
int ss_reuse_opts_from_json(const ss_reuse_json_opts *o, ss_reuse_opts *ro, ss_error *err);

/* `samestory reuse` over the records of body[0..len): one line per passage
 * (or per pair with o->summary), appended to out.  o NULL: the defaults.
 * SS_EINVAL for an option out of range (named).  A record that does not
 * parse stops the run with SS_EPARSE/SS_EMISSING/SS_EDUPID, err naming
 * it ("record 3: ..."), and nothing is written. */
SS_API int ss_reuse_json(const char *body, size_t len, const ss_reuse_json_opts *o, ss_buf *out,
                         ss_error *err);

#endif
