/* input/decode.h — HTTP content codings: gzip, deflate, br.
 *
 * A web archive keeps an HTTP response as it came over the wire; a server
 * that compressed the page says so in "Content-Encoding".  These functions
 * undo that coding so the page can be read.  gzip and deflate come from
 * zlib ("deflate" is meant as zlib-wrapped, but some servers send raw
 * deflate: both are taken); br from libbrotlidec.  Output is capped, so a
 * small compression bomb cannot take memory past the document limit.
 * Thread-safe; no state.
 */
#ifndef SS_INPUT_DECODE_H
#define SS_INPUT_DECODE_H

#include <stddef.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/error.h"

typedef enum ss_coding {
    SS_CODING_IDENTITY = 0,  /* none, "identity", or empty */
    SS_CODING_GZIP,          /* "gzip", "x-gzip" */
    SS_CODING_DEFLATE,       /* "deflate" */
    SS_CODING_BR,            /* "br" */
    SS_CODING_UNKNOWN        /* anything else ("compress", "zstd", several codings) */
} ss_coding;

/* The coding a Content-Encoding value names (case and spaces ignored). */
SS_API ss_coding ss_coding_of(const char *value);

/* Decode p[0..n) coded as c, appending to out.  SS_OK; SS_ETOOBIG when the
 * result would pass max bytes; SS_EFORMAT when the data is damaged (err
 * says how); SS_ENOMEM.  err's message does not name a file: the caller
 * adds the place. */
SS_API int ss_decode_content(ss_coding c, const char *p, size_t n, size_t max, ss_buf *out,
                             ss_error *err);

#endif
