/* output/json.h — a small streaming JSON writer into an ss_buf.
 *
 * The writer tracks nesting and commas; callers say what comes next:
 *
 *     ss_jw w; ss_jw_init(&w, &buf);
 *     ss_jw_obj(&w);
 *       ss_jw_key(&w, "id");  ss_jw_str(&w, doc->id);
 *       ss_jw_key(&w, "spans"); ss_jw_arr(&w); ss_jw_int(&w, 3); ss_jw_arr_end(&w);
 *     ss_jw_obj_end(&w);
 *
 * Strings should be valid UTF-8 (documents are repaired on input); they are
 * written as UTF-8 with only the escapes JSON requires, plus U+2028/U+2029;
 * ill-formed UTF-8 (a stray byte, an encoded surrogate) is written as
 * U+FFFD, one per byte, so the output is always valid JSON.
 * Out-of-memory is sticky: w.err becomes SS_ENOMEM and later calls do
 * nothing.  Depth is limited to 64.
 */
#ifndef SS_OUTPUT_JSON_H
#define SS_OUTPUT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"

typedef struct ss_jw {
    ss_buf *out;
    int depth;
    int err;              /* SS_OK or SS_ENOMEM */
    uint64_t has_items;   /* bit d: the container at depth d has an item already */
    int after_key;        /* a key was written; the value follows without a comma */
} ss_jw;

SS_API void ss_jw_init(ss_jw *w, ss_buf *out);
SS_API void ss_jw_obj(ss_jw *w);
SS_API void ss_jw_obj_end(ss_jw *w);
SS_API void ss_jw_arr(ss_jw *w);
SS_API void ss_jw_arr_end(ss_jw *w);
SS_API void ss_jw_key(ss_jw *w, const char *key);
SS_API void ss_jw_str(ss_jw *w, const char *s);              /* NULL writes null */
SS_API void ss_jw_strn(ss_jw *w, const char *s, size_t n);
SS_API void ss_jw_int(ss_jw *w, int64_t v);
SS_API void ss_jw_uint(ss_jw *w, uint64_t v);
/* A number with at most `decimals` digits after the point, trailing zeros
 * dropped; NaN and infinities are written as null. */
SS_API void ss_jw_double(ss_jw *w, double v, int decimals);
SS_API void ss_jw_bool(ss_jw *w, int v);
SS_API void ss_jw_null(ss_jw *w);
/* Inside an object: splice pre-encoded members ("k":v,"k2":v2), e.g. a
 * document's pass-through fields.  NULL or "" writes nothing. */
SS_API void ss_jw_members(ss_jw *w, const char *members);
/* Append s[0..n) as a JSON string literal to b (no writer state). */
SS_API int ss_json_escape(ss_buf *b, const char *s, size_t n);

#endif
