/* input/jsonl_fast.h — JSON Lines records parsed fast, same result as jsonl.h.
 *
 * ss_jsonl_parse (jansson) parses about 50 MB/s on one core, too slow to
 * keep up with the stages after it on large corpora.  ss_jsonl_parse_fast
 * gives the same document for the common record with a streaming parser
 * (yajl, over 1 GB/s), and hands everything else to ss_jsonl_parse, so
 * errors, messages, repairs and odd records come out exactly as there:
 *
 *   fast path   the line is valid UTF-8 and holds no \u escape, no \v or \f
 *               byte; it is one
 *               JSON object whose known fields ("id" string or integer;
 *               "text", "html", "title", "url", "source", "author", "lang",
 *               "date" strings or null) each appear once; it nests at most
 *               64 deep; and it holds no other field, or the caller passed
 *               SS_JSONL_NO_EXTRA; and ss_jsonl_parse would accept it
 *   otherwise   the result of ss_jsonl_parse
 *
 * With SS_JSONL_NO_EXTRA the pass-through fields are not kept (doc->extra
 * stays NULL) on either path: for callers that never print them.
 * Thread-safe, like jsonl.h.
 */
#ifndef SS_INPUT_JSONL_FAST_H
#define SS_INPUT_JSONL_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"

enum {
    SS_JSONL_NO_EXTRA = 1u << 0   /* do not keep the record's other fields in doc->extra */
};

/* Parse line[0..len) (no newline) like ss_jsonl_parse; flags: SS_JSONL_*. */
SS_API int ss_jsonl_parse_fast(const char *line, size_t len, const char *origin,
                               uint64_t lineno, unsigned flags, ss_doc **out, ss_error *err);

#endif
