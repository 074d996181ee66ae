/* text/utf8.h — UTF-8 validation, repair, decoding and offset counting.
 *
 * Repair policy (the same as Python's and the WHATWG decoder's): each
 * maximal ill-formed subpart becomes one U+FFFD, and so does each NUL byte
 * (NUL is never meaningful in article text, and replacing it keeps code
 * point offsets equal to a reader that kept it).  Everything after the
 * input reader works on valid UTF-8 only.
 */
#ifndef SS_TEXT_UTF8_H
#define SS_TEXT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"

#define SS_REPLACEMENT_CHAR 0xFFFDu

typedef struct ss_utf8_report {
    size_t invalid;       /* ill-formed subparts replaced */
    size_t nuls;          /* NUL bytes replaced */
    size_t first_offset;  /* byte offset of the first replacement in the input, or SIZE_MAX */
} ss_utf8_report;

/* Length of the longest valid, NUL-free prefix of s[0..n); n if all is valid. */
SS_API size_t ss_utf8_valid_prefix(const char *s, size_t n);

/* Append s[0..n) to out with the repairs above.  rep (optional) counts them.
 * SS_OK or SS_ENOMEM. */
SS_API int ss_utf8_repair(const char *s, size_t n, ss_buf *out, ss_utf8_report *rep);

/* Encode cp as UTF-8 into out; returns the byte count (1-4). */
SS_API size_t ss_utf8_encode(uint32_t cp, char out[4]);

/* Number of code points in valid UTF-8 s[0..n). */
SS_API size_t ss_utf8_count(const char *s, size_t n);

/* Byte offset of code point index cp in valid UTF-8 s[0..n) (n if past the end). */
SS_API size_t ss_utf8_byte_offset(const char *s, size_t n, size_t cp);

/* Decode the code point at s[*i] of valid UTF-8 and advance *i.  Bytes
 * that do not start a valid sequence decode as U+FFFD and advance by one. */
static inline uint32_t ss_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = *i;
    unsigned c = u[k];
    if (c < 0x80) {
        *i = k + 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF && k + 1 < n) {
        *i = k + 2;
        return ((c & 0x1Fu) << 6) | (u[k + 1] & 0x3Fu);
    }
    if (c >= 0xE0 && c <= 0xEF && k + 2 < n) {
        *i = k + 3;
        return ((c & 0x0Fu) << 12) | ((u[k + 1] & 0x3Fu) << 6) | (u[k + 2] & 0x3Fu);
    }
    if (c >= 0xF0 && c <= 0xF4 && k + 3 < n) {
        *i = k + 4;
        return ((c & 0x07u) << 18) | ((u[k + 1] & 0x3Fu) << 12) | ((u[k + 2] & 0x3Fu) << 6) |
               (u[k + 3] & 0x3Fu);
    }
    *i = k + 1;
    return SS_REPLACEMENT_CHAR;
}

/* Decode the code point that ends just before s[*i] and move *i back to its start. */
static inline uint32_t ss_utf8_prev(const char *s, size_t *i)
{
    size_t k = *i;
    if (k == 0)
        return 0;
    size_t start = k - 1;
    while (start > 0 && k - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
        start--;
    size_t j = start;
    uint32_t cp = ss_utf8_next(s, k, &j);
    if (j != k) { /* not a whole sequence: step back one byte */
        *i = k - 1;
        return SS_REPLACEMENT_CHAR;
    }
    *i = start;
    return cp;
}

#endif
