/* clean/record.h — one record cleaned as `samestory clean` prints it.
 *
 * The cleaner (clean.h) extracts a document's title, text, date, author
 * and URL; this adds what a record of `samestory clean` holds besides:
 * the language (detected unless the record gave one), where the title came
 * from, whether an article body was found, how much was removed, the
 * kept-boilerplate blocks, and the cleaner's warning.  The CLI and the
 * Python binding both clean through it, so their records are the same.
 *
 * Threads: an ss_record_cleaner is used by one thread at a time; several
 * may share one ss_cleaner (the CLI gives each worker its own record
 * cleaner over the corpus-learned cleaner).
 */
#ifndef SS_CLEAN_RECORD_H
#define SS_CLEAN_RECORD_H

#include <stddef.h>

#include "clean/clean.h"
#include "core/api.h"
#include "core/buf.h"
#include "core/doc.h"
#include "core/error.h"

typedef struct ss_record_cleaner ss_record_cleaner;

/* shared: a cleaner to use (borrowed; it must outlive this one), or NULL
 * for a fresh one of its own.  keep_boilerplate: keep the whole text and
 * list its blocks (as `clean --keep-boilerplate`).  NULL with err set when
 * memory is short or the language models cannot be loaded. */
SS_API ss_record_cleaner *ss_record_cleaner_new(ss_cleaner *shared, int keep_boilerplate, ss_error *err);
/* NULL is a no-op. */
SS_API void ss_record_cleaner_free(ss_record_cleaner *rc);

/* Clean d in place (text, title, date, author, url, lang) and put the
 * members `clean` adds (title_source, body, removed, blocks, warning) in
 * front of its pass-through fields.  *warning (may be NULL) gets the
 * cleaner's note about d, "" when none, valid until the next call.
 * SS_OK, or an error with err set. */
SS_API int ss_record_clean(ss_record_cleaner *rc, ss_doc *d, const char **warning, ss_error *err);

/* The JSON object `samestory clean` prints for a document cleaned by
 * ss_record_clean (no newline), appended to out.  SS_OK or SS_ENOMEM. */
SS_API int ss_record_clean_json(const ss_doc *d, ss_buf *out);

/* One JSON record (input/jsonl.h) in, its cleaned JSON object out
 * (appended to out).  SS_OK, or the record's parse error, or an error of
 * the cleaner; err says which. */
SS_API int ss_record_clean_text(ss_record_cleaner *rc, const char *json, size_t len, ss_buf *out,
                                ss_error *err);

/* Every document of the files (any format input/reader.h reads), cleaned,
 * one JSON line each appended to out, in input order (as `samestory clean
 * --no-learn`).  The first bad record stops: its error, err saying where;
 * the lines before it stay in out. */
SS_API int ss_record_clean_files(ss_record_cleaner *rc, const char *const *paths, size_t n, ss_buf *out,
                                 ss_error *err);

#endif
