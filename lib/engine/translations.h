/* engine/translations.h — `samestory translations` over documents: an
 * article and its translation in another language.
 *
 * xling/link.h is the linker: pivot vectors and alignable texts in, links
 * out.  The translator is what surrounds it: each document is prepared
 * (cleaned, its language found: engine.h's preparer) and turned into
 * pivot vectors on any thread; documents are then taken in input order,
 * exact copies of a text (same text, same language) are held apart and
 * given their first copy's links afterwards, one to one in input order;
 * the links are printed best first as `translations` prints them.  The
 * CLI and the Python binding (samestory.translations) both go through it.
 *
 * Threads: ss_translator_work may run on `workers` threads at once, each
 * with its own worker number, on distinct slots; ss_translator_emit and
 * the rest on one thread.  Ownership: stopwords and lexicon are borrowed
 * (they must outlive the translator); documents stay the caller's.
 */
#ifndef SS_ENGINE_TRANSLATIONS_H
#define SS_ENGINE_TRANSLATIONS_H

#include <stddef.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/doc.h"
#include "core/error.h"
#include "core/pool.h"
#include "engine/context.h"
#include "text/stopwords.h"
#include "xling/lexicon.h"

typedef struct ss_translator ss_translator;

/* workers: threads that call ss_translator_work; slots: documents in
 * flight between work and emit.  sw, lx may be NULL (no function words;
 * no dictionary: names and numbers only).  NULL with err set. */
SS_API ss_translator *ss_translator_new(int workers, size_t slots, const ss_stopwords *sw,
                                        const ss_lexicon *lx, ss_error *err);
SS_API void ss_translator_free(ss_translator *t);

/* Prepare d (in place) and keep its vectors in slot.  SS_OK or an error
 * with err naming d. */
SS_API int ss_translator_work(ss_translator *t, int worker, ss_doc *d, size_t slot, ss_error *err);
/* Take the document worked into slot, in input order.  *linked (may be
 * NULL) is 0 when d is an exact copy of a document taken before (it is
 * given that one's links).  SS_OK or SS_ENOMEM. */
SS_API int ss_translator_emit(ss_translator *t, const ss_doc *d, size_t slot, int *linked,
                              ss_error *err);

/* Link the documents taken (alignments on pool's threads; pool may be
 * NULL) and append the links to out, one JSON line each, best first:
 * {"a", "b", "lang_a", "lang_b", "score", "cosine", "evidence"}.  SS_OK
 * or SS_ENOMEM. */
SS_API int ss_translator_links_json(ss_translator *t, ss_pool *pool, double threshold, ss_buf *out,
                                    ss_error *err);

/* The whole run over the records of body[0..len) (an object, an array, or
 * JSON Lines: input/body.h): the lines `samestory translations` prints
 * for the same records in a JSONL file.  threshold in [0, 1] (0.45 is the
 * CLI's default); no_dict as --no-dictionary; threads 0: one per core.
 * The stopwords and dictionaries are ctx's (engine/context.h), or loaded
 * from the data folder for this call when ctx is NULL.  A bad record
 * stops the run before anything is linked, err naming it. */
SS_API int ss_translations_json(const ss_context *ctx, const char *body, size_t len, double threshold,
                                int no_dict, int threads, ss_buf *out, ss_error *err);

#endif
