/* xling/translit.h — any script to plain Latin letters, and name keys.
 *
 * Names cross scripts by sound: ICU's "Any-Latin; Latin-ASCII" transform
 * turns "Лавров" into "Lavrov" and "लावरोव" into "lavarova"; the name key
 * of story/entity.h (accents stripped, a consonant skeleton keeping the
 * first letter) then makes both "lvrv".  A transliterator is not
 * thread-safe: keep one per thread.
 */
#ifndef SS_XLING_TRANSLIT_H
#define SS_XLING_TRANSLIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/error.h"
#include "text/segment.h"

typedef struct ss_translit ss_translit;

/* NULL with err set when out of memory.  ICU's transform is opened on the
 * first non-ASCII input (building it costs about 50 ms); when ICU cannot
 * open it, ss_translit_ascii gives SS_EINVAL for such input. */
SS_API ss_translit *ss_translit_new(ss_error *err);
SS_API void ss_translit_free(ss_translit *t);

/* Append the Latin-ASCII form of valid UTF-8 s[0..n) to out.  ASCII input is
 * copied as it is.  SS_OK, SS_ENOMEM, or SS_EINVAL when ICU fails. */
SS_API int ss_translit_ascii(ss_translit *t, const char *s, size_t n, ss_buf *out);

/* The spelling-tolerant name key of a word in any script (transliterated,
 * then ss_name_key). */
SS_API uint64_t ss_translit_name_key(ss_translit *t, const char *s, size_t n);

/* The words of valid UTF-8 s[0..n) written without spaces (Thai, Lao,
 * Khmer, Myanmar), by ICU's dictionary-based word break iterator: out
 * (emptied first) receives their byte spans in s (cp fields 0), letters
 * only (no spaces, digits or punctuation).  SS_OK, SS_ENOMEM, or
 * SS_EINVAL when ICU fails (out then empty). */
SS_API int ss_translit_words(ss_translit *t, const char *s, size_t n, ss_spans *out);

#endif
