/* text/norm.h — Unicode normalization of words and short strings.
 *
 * The default form is NFKC with case folding, default-ignorable code points
 * (soft hyphen, zero-width joiners, ...) removed and typographic punctuation
 * lumped to ASCII (’ -> ', “ -> ", – -> -), so "China’s" and "CHINA'S"
 * compare equal.  SS_NORM_STRIP_MARKS also removes diacritics ("Sérgey" ->
 * "sergey") for spelling-tolerant keys.  Backed by utf8proc; pure ASCII
 * input takes a fast path with the same result.
 */
#ifndef SS_TEXT_NORM_H
#define SS_TEXT_NORM_H

#include <stddef.h>

#include "core/api.h"
#include "core/buf.h"

enum {
    SS_NORM_CASEFOLD = 1u << 0,    /* full Unicode case folding */
    SS_NORM_COMPAT = 1u << 1,      /* compatibility decomposition (NFKC instead of NFC) */
    SS_NORM_LUMP = 1u << 2,        /* typographic punctuation and spaces to ASCII */
    SS_NORM_STRIP_MARKS = 1u << 3, /* remove combining marks (accents) */
    SS_NORM_DEFAULT = SS_NORM_CASEFOLD | SS_NORM_COMPAT | SS_NORM_LUMP
};

/* Append the normalized form of valid UTF-8 s[0..n) to out.  scratch is a
 * caller-owned buffer reused between calls (no allocation once it is large
 * enough).  SS_OK or SS_ENOMEM. */
SS_API int ss_normalize(const char *s, size_t n, unsigned flags, ss_buf *out, ss_buf *scratch);

#endif
