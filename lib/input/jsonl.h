/* input/jsonl.h — one JSON Lines record to a document.
 *
 * A record is a JSON object with "id" (string or integer) and "text" or
 * "html" (strings); optional "title", "url", "source", "author", "lang",
 * "date" (ISO 8601).  A record with a title and an empty or missing text is
 * valid (headline-only feeds); one with neither title nor text nor html is
 * not.  Every other field is kept, in order, in doc->extra and printed back
 * with the record's results.  Invalid UTF-8, NUL bytes (raw, or \u0000
 * escapes) and lone surrogate escapes (\ud800 without its other half) are
 * replaced by U+FFFD and counted, never rejected.  A byte order mark at the
 * start of a line is skipped.  Parse errors show control and invisible
 * characters as \uXXXX.
 *
 * The functions here are thread-safe: records of one file may be parsed by
 * several threads.
 */
#ifndef SS_INPUT_JSONL_H
#define SS_INPUT_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"

/* Parse line[0..len) (no newline).  origin/lineno name the place for
 * messages and go into the document.  SS_OK and *out (caller frees with
 * ss_doc_free), or SS_EPARSE / SS_EMISSING / SS_ENOMEM with err set to
 * "origin:lineno: reason". */
SS_API int ss_jsonl_parse(const char *line, size_t len, const char *origin, uint64_t lineno,
                          ss_doc **out, ss_error *err);

/* Parse a pair record {"id": pair_id, "a": doc, "b": doc} where each doc is
 * an object as above (as `samestory pairs` reads).  *id is malloc'd. */
SS_API int ss_jsonl_parse_pair(const char *line, size_t len, const char *origin,
                               uint64_t lineno, char **id, ss_doc **a, ss_doc **b,
                               ss_error *err);

/* 1 if line[0..len) is only white space (such lines are skipped). */
SS_API int ss_jsonl_blank(const char *line, size_t len);

#endif
