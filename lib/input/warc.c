/* input/warc.c — WARC record reader (see warc.h).
 *
 * Header lines are read with the stream's line reader (a header line longer
 * than 64 KiB is malformed); the payload with read_exact; the two line
 * breaks after it are checked, so a wrong Content-Length shows up as a
 * malformed record at the next one, with its offset.
 */
#include "input/warc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_HEADER_LINE (64u * 1024u)
/* The largest Content-Length believed: 4 EiB, far over any archive; a
 * larger one (20 digits) is damage, not a size to wait for. */
#define MAX_CONTENT_LENGTH ((unsigned long long)1 << 62)

void ss_warc_record_init(ss_warc_record *r) { memset(r, 0, sizeof *r); }

void ss_warc_record_release(ss_warc_record *r)
{
    free(r->target_uri);
    free(r->date);
    free(r->record_id);
    ss_buf_release(&r->payload);
    memset(r, 0, sizeof *r);
}

static void reset(ss_warc_record *r)
{
    free(r->target_uri);
    free(r->date);
    free(r->record_id);
    r->target_uri = r->date = r->record_id = NULL;
    r->type[0] = r->content_type[0] = '\0';
    r->length = 0;
    ss_buf_clear(&r->payload);
}

static void trim(const char **v, size_t *n)
{
    while (*n && isspace((unsigned char)**v)) {
        (*v)++;
        (*n)--;
    }
    while (*n && isspace((unsigned char)(*v)[*n - 1]))
        (*n)--;
}

static int copy_field(char **dst, const char *v, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return SS_ENOMEM;
    memcpy(p, v, n);
    p[n] = '\0';
    free(*dst);
    *dst = p;
    return SS_OK;
}

static void copy_fixed(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static int warc_next(ss_stream *s, const char *path, size_t max, ss_warc_record *r,
                     ss_error *err)
{
    reset(r);
    const char *line;
    size_t len;
    int rc;
    /* skip blank lines between records */
    for (;;) {
        rc = ss_stream_getline(s, &line, &len, err);
        if (rc == SS_ETOOBIG && r->resync)
            continue;
        if (rc <= 0)
            return rc == SS_ETOOBIG ? ss_error_set(err, SS_EFORMAT, "%s: byte %llu: not a WARC record "
                                                   "(a line of more than %u bytes)", path,
                                                   (unsigned long long)ss_stream_line_offset(s),
                                                   MAX_HEADER_LINE)
                                    : rc;
        if (len && line[len - 1] == '\r')
            len--;
        if (r->resync && !(len >= 7 && memcmp(line, "WARC/1.", 7) == 0))
            continue; /* inside a damaged record: look for the next one */
        if (len)
            break;
    }
    r->resync = 0;
    r->offset = ss_stream_line_offset(s);
    if (len < 6 || memcmp(line, "WARC/", 5) != 0)
        return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                               "%s: byte %llu: not a WARC record (expected a \"WARC/1.x\" line)",
                               path, (unsigned long long)r->offset);
    int have_length = 0;
    for (;;) {
        rc = ss_stream_getline(s, &line, &len, err);
        if (rc == 0)
            return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                                   "%s: byte %llu: truncated WARC record (headers end early)", path,
                                   (unsigned long long)r->offset);
        if (rc < 0)
            return rc == SS_ETOOBIG ? SS_EFORMAT : rc;
        if (len > MAX_HEADER_LINE)
            return ss_error_set_at(err, SS_EFORMAT, 0, ss_stream_line_offset(s),
                                   "%s: byte %llu: WARC header line longer than %u bytes", path,
                                   (unsigned long long)ss_stream_line_offset(s), MAX_HEADER_LINE);
        if (len && line[len - 1] == '\r')
            len--;
        if (len == 0)
            break;
        const char *colon = memchr(line, ':', len);
        if (!colon)
            return ss_error_set_at(err, SS_EFORMAT, 0, ss_stream_line_offset(s),
                                   "%s: byte %llu: malformed WARC header line", path,
                                   (unsigned long long)ss_stream_line_offset(s));
        size_t kn = (size_t)(colon - line);
        const char *v = colon + 1;
        size_t vn = len - kn - 1;
        trim(&v, &vn);
        int e = SS_OK;
        if (kn == 9 && strncasecmp(line, "WARC-Type", kn) == 0)
            copy_fixed(r->type, sizeof r->type, v, vn);
        else if (kn == 15 && strncasecmp(line, "WARC-Target-URI", kn) == 0)
            e = copy_field(&r->target_uri, v, vn);
        else if (kn == 9 && strncasecmp(line, "WARC-Date", kn) == 0)
            e = copy_field(&r->date, v, vn);
        else if (kn == 14 && strncasecmp(line, "WARC-Record-ID", kn) == 0) {
            if (vn >= 2 && v[0] == '<' && v[vn - 1] == '>') {
                v++;
                vn -= 2;
            }
            e = copy_field(&r->record_id, v, vn);
        } else if (kn == 12 && strncasecmp(line, "Content-Type", kn) == 0)
            copy_fixed(r->content_type, sizeof r->content_type, v, vn);
        else if (kn == 14 && strncasecmp(line, "Content-Length", kn) == 0) {
            char num[32];
            copy_fixed(num, sizeof num, v, vn);
            char *end;
            errno = 0;
            unsigned long long x = strtoull(num, &end, 10);
            if (!vn || *end || num[0] == '-' || !isdigit((unsigned char)num[0]))
                return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                                       "%s: byte %llu: bad Content-Length \"%s\"", path,
                                       (unsigned long long)r->offset, num);
            if (errno == ERANGE || x > MAX_CONTENT_LENGTH)
                return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                                       "%s: byte %llu: Content-Length \"%s\" overflows (over "
                                       "2^62 bytes): a damaged header",
                                       path, (unsigned long long)r->offset, num);
            r->length = x;
            have_length = 1;
        }
        if (e)
            return ss_error_set(err, SS_ENOMEM, "%s: out of memory", path);
    }
    if (!have_length)
        return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                               "%s: byte %llu: WARC record without Content-Length", path,
                               (unsigned long long)r->offset);
    int toobig = r->length > max;
    uint64_t payload_at = ss_stream_tell(s);
    rc = ss_stream_read_exact(s, toobig ? NULL : &r->payload, (size_t)r->length, err);
    if (rc == SS_EFORMAT && !ss_stream_done(s))
        return rc; /* a damaged gzip member inside the record: the stream said where */
    if (rc == SS_EFORMAT && ss_stream_rewind(s, payload_at) == SS_OK)
        /* a length past the end of a plain file: the records it swallowed
           are read again as lines, from the next "WARC/1." on */
        return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                               "%s: byte %llu: truncated WARC record (%llu bytes announced, the file ends "
                               "first): reading goes on at the next record after its headers",
                               path, (unsigned long long)r->offset, (unsigned long long)r->length);
    if (rc == SS_EFORMAT)
        return ss_error_set_at(err, SS_EFORMAT, 0, r->offset,
                               "%s: byte %llu: truncated WARC record (%llu bytes announced)", path,
                               (unsigned long long)r->offset, (unsigned long long)r->length);
    if (rc)
        return rc;
    if (toobig)
        return ss_error_set_at(err, SS_ETOOBIG, 0, r->offset,
                               "%s: byte %llu: WARC record of %llu bytes, over the limit of %zu "
                               "(--max-doc-bytes); skipped",
                               path, (unsigned long long)r->offset,
                               (unsigned long long)r->length, max);
    return 1;
}

int ss_warc_next(ss_stream *s, const char *path, size_t max, ss_warc_record *r, ss_error *err)
{
    int rc = warc_next(s, path, max, r, err);
    if (rc < 0 && rc != SS_ETOOBIG && rc != SS_ENOMEM)
        r->resync = 1;
    /* the offsets of a record are of the decompressed data; a compressed
       file's own offsets (a damaged gzip member) the stream names itself */
    if (rc < 0 && rc != SS_ENOMEM && err && ss_stream_compression(s) != SS_COMP_NONE &&
        strstr(err->msg, ": byte ") && !strstr(err->msg, "compressed")) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, " (the offset is in the decompressed data)");
    }
    return rc;
}

int ss_warc_http(const char *p, size_t n, int *status, char content_type[128], size_t *body)
{
    content_type[0] = '\0';
    if (n < 12 || memcmp(p, "HTTP/", 5) != 0)
        return SS_EPARSE;
    const char *sp = memchr(p, ' ', n);
    if (!sp || (size_t)(sp - p) + 4 > n)
        return SS_EPARSE;
    *status = 0;
    for (int i = 1; i <= 3; i++) {
        if (!isdigit((unsigned char)sp[i]))
            return SS_EPARSE;
        *status = *status * 10 + (sp[i] - '0');
    }
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl)
            return SS_EPARSE;
        size_t e = (size_t)(nl - p), le = e;
        if (le > i && p[le - 1] == '\r')
            le--;
        if (le == i) { /* the blank line: the body follows */
            *body = e + 1;
            return SS_OK;
        }
        if (le - i > 13 && strncasecmp(p + i, "content-type:", 13) == 0) {
            const char *v = p + i + 13;
            size_t vn = le - i - 13;
            trim(&v, &vn);
            copy_fixed(content_type, 128, v, vn);
        }
        i = e + 1;
    }
    return SS_EPARSE;
}

int ss_warc_http_header(const char *p, size_t body, const char *name, char *out, size_t cap)
{
    size_t nn = strlen(name), i = 0;
    out[0] = '\0';
    /* skip the status line */
    const char *nl = memchr(p, '\n', body);
    if (!nl)
        return 0;
    i = (size_t)(nl - p) + 1;
    while (i < body) {
        nl = memchr(p + i, '\n', body - i);
        size_t e = nl ? (size_t)(nl - p) : body, le = e;
        if (le > i && p[le - 1] == '\r')
            le--;
        if (le - i > nn && p[i + nn] == ':' && strncasecmp(p + i, name, nn) == 0) {
            const char *v = p + i + nn + 1;
            size_t vn = le - i - nn - 1;
            trim(&v, &vn);
            copy_fixed(out, cap, v, vn);
            return 1;
        }
        i = e + 1;
    }
    return 0;
}
