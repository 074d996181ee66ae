/* input/warc.h — web archive (WARC 1.0/1.1) records.
 *
 * A WARC file is a sequence of records: a version line ("WARC/1.0"),
 * header lines up to an empty line, Content-Length bytes of payload, then
 * two line breaks.  A .warc.gz file compresses each record as its own gzip
 * member; the stream reads through them.  For news, the records that
 * matter are "response" records holding an HTTP response (status line,
 * headers, then the page) and "resource" records holding the page itself.
 */
#ifndef SS_INPUT_WARC_H
#define SS_INPUT_WARC_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/error.h"
#include "input/stream.h"

typedef struct ss_warc_record {
    char type[32];          /* WARC-Type: response, resource, request, warcinfo, ... */
    char *target_uri;       /* WARC-Target-URI, or NULL */
    char *date;             /* WARC-Date, or NULL */
    char *record_id;        /* WARC-Record-ID without its angle brackets, or NULL */
    char content_type[128]; /* Content-Type of the record */
    uint64_t length;        /* Content-Length */
    uint64_t offset;        /* byte offset of the record's version line in the stream */
    ss_buf payload;         /* the block (empty when it was skipped as too large) */
    int resync;             /* set after a malformed record: the next call first skips
                               to the next "WARC/1.x" line */
} ss_warc_record;

SS_API void ss_warc_record_init(ss_warc_record *r);
SS_API void ss_warc_record_release(ss_warc_record *r);

/* Read the next record from s.  Returns 1 and fills r; 0 at the end of the
 * stream; SS_ETOOBIG when its payload is over max bytes (skipped: the next
 * call goes on with the next record); SS_EFORMAT for a malformed or
 * truncated record, or a damaged gzip member (the next call, while
 * ss_stream_done(s) is 0, passes over lines up to the next "WARC/1.x" line
 * and goes on from there: one bad record does not lose the ones after it);
 * other negative statuses from the stream.  err names the byte offset.  A
 * Content-Length over 2^62 is reported as an overflow. */
SS_API int ss_warc_next(ss_stream *s, const char *path, size_t max, ss_warc_record *r,
                        ss_error *err);

/* The HTTP response inside a "response" payload: its status code, the
 * Content-Type header (copied into content_type, "" if none) and where the
 * body starts.  SS_OK, or SS_EPARSE when the payload is not an HTTP
 * response. */
SS_API int ss_warc_http(const char *p, size_t n, int *status, char content_type[128],
                        size_t *body);

/* The value of HTTP header `name` (case ignored) in the response headers
 * p[0..body): 1 and the trimmed value in out (cut to cap - 1 bytes), or 0
 * when the header is absent. */
SS_API int ss_warc_http_header(const char *p, size_t body, const char *name, char *out,
                               size_t cap);

#endif
