/* text/norm.c — NFKC + case folding through utf8proc (see norm.h).
 *
 * utf8proc decomposes into a UTF-32 scratch array, normalizes in place and
 * re-encodes to UTF-8 in the same array (UTF-8 never needs more bytes than
 * the UTF-32 array holds), from where the result is appended to out.
 */
#include "text/norm.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "core/error.h"

static int all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

int ss_normalize(const char *s, size_t n, unsigned flags, ss_buf *out, ss_buf *scratch)
{
    if (all_ascii(s, n)) {
        if (ss_buf_reserve(out, n))
            return SS_ENOMEM;
        char *d = out->data + out->len;
        if (flags & SS_NORM_CASEFOLD) {
            for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                d[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
        } else {
            memcpy(d, s, n);
        }
        out->len += n;
        out->data[out->len] = '\0';
        return SS_OK;
    }
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE;
    if (flags & SS_NORM_CASEFOLD)
        opt |= UTF8PROC_CASEFOLD;
    if (flags & SS_NORM_COMPAT)
        opt |= UTF8PROC_COMPAT;
    if (flags & SS_NORM_LUMP)
        opt |= UTF8PROC_LUMP;
    if (flags & SS_NORM_STRIP_MARKS)
        opt |= UTF8PROC_STRIPMARK;
    for (;;) {
        utf8proc_ssize_t cap = (utf8proc_ssize_t)(scratch->cap / sizeof(utf8proc_int32_t));
        utf8proc_ssize_t got = utf8proc_decompose_custom((const utf8proc_uint8_t *)s,
                                                         (utf8proc_ssize_t)n,
                                                         (utf8proc_int32_t *)(void *)scratch->data,
                                                         cap, opt, NULL, NULL);
        if (got < 0)
            return SS_EINVAL; /* cannot happen on valid UTF-8 */
        if (got >= cap || !scratch->data) { /* reencode writes a NUL after the bytes */
            scratch->len = 0;
            if (ss_buf_reserve(scratch, ((size_t)got + 1) * sizeof(utf8proc_int32_t)))
                return SS_ENOMEM;
            continue;
        }
        utf8proc_int32_t *cps = (utf8proc_int32_t *)(void *)scratch->data;
        /* reencode normalizes (compose, case fold...) and then encodes in place */
        utf8proc_ssize_t bytes = utf8proc_reencode(cps, got, opt);
        if (bytes < 0)
            return SS_EINVAL;
        return ss_buf_append(out, cps, (size_t)bytes);
    }
}
