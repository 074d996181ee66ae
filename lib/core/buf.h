/* core/buf.h — a growable byte buffer, always NUL-terminated.
 *
 * Invariants: data is NULL and len == cap == 0 for a fresh buffer; once
 * anything is appended, data[len] == '\0' and len < cap.  Appending may
 * move data, so pointers into it are valid until the next append.  The
 * buffer owns data; ss_buf_release frees it, ss_buf_detach hands it over.
 * Bytes may include NULs (binary safe); len is the truth.
 */
#ifndef SS_CORE_BUF_H
#define SS_CORE_BUF_H

#include <stddef.h>

#include "core/api.h"
#include "samestory/samestory.h"

/* ss_buf (data, len, cap) is the public header's. */

#define SS_BUF_INIT {NULL, 0, 0}

SS_API void ss_buf_init(ss_buf *b);
SS_API void ss_buf_release(ss_buf *b);
/* free(), for callers of the shared library whose allocator may differ. */
SS_API void ss_free(void *p);
/* Make room for `extra` more bytes (plus the NUL). SS_OK or SS_ENOMEM. */
SS_API int ss_buf_reserve(ss_buf *b, size_t extra);
SS_API int ss_buf_append(ss_buf *b, const void *p, size_t n);
SS_API int ss_buf_puts(ss_buf *b, const char *s);
SS_API int ss_buf_putc(ss_buf *b, int c);
SS_API int ss_buf_printf(ss_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Take the bytes (NUL-terminated, never NULL on success) and reset b. */
SS_API char *ss_buf_detach(ss_buf *b);

static inline void ss_buf_clear(ss_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

#endif
