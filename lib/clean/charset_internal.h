/* clean/charset_internal.h — the character encoding of a web page, and its
 * bytes as UTF-8.
 *
 * Order of evidence, as browsers do it (WHATWG "encoding sniffing"): a
 * byte order mark; else a declaration in the first 4 KiB (<meta charset>,
 * <meta http-equiv="Content-Type" content="...; charset=X">, or an XML
 * declaration); else UTF-8 if the bytes are valid UTF-8, else
 * windows-1252.  Declarations are checked against the bytes, since wrong
 * ones are common: a page declared as a single-byte or legacy encoding
 * whose non-ASCII bytes all form valid UTF-8 sequences is UTF-8 (real
 * Latin-1 or CJK text almost never does: an accented letter followed by a
 * space or a letter is already invalid UTF-8); a page declared UTF-8 whose
 * non-ASCII bytes are mostly not UTF-8 is decoded as windows-1252.  Either case is reported in the warning.
 *
 * Decoding uses iconv; each byte sequence that is invalid in the encoding
 * becomes one U+FFFD.  Pages that look like binary data (many NUL and
 * control bytes) are not decoded at all.
 */
#ifndef SS_CLEAN_CHARSET_INTERNAL_H
#define SS_CLEAN_CHARSET_INTERNAL_H

#include <stddef.h>

#include "core/buf.h"

typedef struct ss_page_text {
    const char *data;     /* the page as UTF-8: the input itself or out->data */
    size_t len;
    char encoding[64];    /* the encoding decoded from ("UTF-8", "WINDOWS-1252"...) */
    size_t replaced;      /* invalid sequences replaced by U+FFFD */
    int binary;           /* 1: looks like binary data, not decoded (data = "", len = 0) */
    int confidence;       /* ICU's confidence (0-100) when the encoding is its guess
                             of undeclared bytes, else 0 (declared, or the default) */
} ss_page_text;

/* Decode page bytes p[0..n) to UTF-8.  out is scratch owned by the caller
 * (used unless the input is already valid UTF-8 without a BOM).  A note
 * on wrong or unknown declarations and binary data goes to warn (size
 * wcap, "" when none).  SS_OK or SS_ENOMEM. */
int ss_page_decode(const char *p, size_t n, ss_buf *out, ss_page_text *pt, char *warn,
                   size_t wcap);

/* The declared encoding in the first 4 KiB of p (meta charset, http-equiv,
 * XML declaration) copied to name (cap bytes); 1 if found, else 0. */
int ss_charset_declared(const char *p, size_t n, char *name, size_t cap);

#endif
