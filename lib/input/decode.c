/* input/decode.c — HTTP content codings (see decode.h).
 *
 * Each coding is decoded in one pass into a growing buffer, in chunks of
 * CHUNK bytes, checking the cap before each chunk is kept.
 */
#include "input/decode.h"

#include <brotli/decode.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define CHUNK (64u * 1024u)

ss_coding ss_coding_of(const char *v)
{
    if (!v)
        return SS_CODING_IDENTITY;
    while (isspace((unsigned char)*v))
        v++;
    size_t n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (n == 0 || (n == 8 && strncasecmp(v, "identity", 8) == 0))
        return SS_CODING_IDENTITY;
    if ((n == 4 && strncasecmp(v, "gzip", 4) == 0) || (n == 6 && strncasecmp(v, "x-gzip", 6) == 0))
        return SS_CODING_GZIP;
    if (n == 7 && strncasecmp(v, "deflate", 7) == 0)
        return SS_CODING_DEFLATE;
    if (n == 2 && strncasecmp(v, "br", 2) == 0)
        return SS_CODING_BR;
    return SS_CODING_UNKNOWN;
}

/* zlib: windowBits selects the wrapper (16+15 gzip, 15 zlib, -15 raw). */
static int inflate_all(int window_bits, const char *p, size_t n, size_t max, ss_buf *out,
                       ss_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, window_bits) != Z_OK)
        return ss_error_set(err, SS_ENOMEM, "cannot start the zlib decoder");
    size_t start = out->len;
    unsigned char chunk[CHUNK];
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    int rc = SS_OK;
    for (;;) {
        z.next_out = chunk;
        z.avail_out = CHUNK;
        int zr = inflate(&z, Z_NO_FLUSH);
        size_t got = CHUNK - z.avail_out;
        if (got) {
            if (out->len - start + got > max) {
                rc = ss_error_set(err, SS_ETOOBIG, "decoded content over the limit of %zu bytes",
                                  max);
                break;
            }
            if (ss_buf_append(out, (const char *)chunk, got)) {
                rc = ss_error_set(err, SS_ENOMEM, "out of memory");
                break;
            }
        }
        if (zr == Z_STREAM_END)
            break;
        if (zr == Z_BUF_ERROR && z.avail_in == 0) {
            rc = ss_error_set(err, SS_EFORMAT, "compressed content ends early (after %zu bytes "
                              "decoded)", out->len - start);
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            rc = ss_error_set(err, SS_EFORMAT, "damaged compressed content at byte %lu: %s",
                              (unsigned long)z.total_in, z.msg ? z.msg : "inflate failed");
            break;
        }
    }
    inflateEnd(&z);
    return rc;
}

static int brotli_all(const char *p, size_t n, size_t max, ss_buf *out, ss_error *err)
{
    BrotliDecoderState *b = BrotliDecoderCreateInstance(NULL, NULL, NULL);
    if (!b)
        return ss_error_set(err, SS_ENOMEM, "cannot start the brotli decoder");
    size_t start = out->len;
    const uint8_t *next_in = (const uint8_t *)p;
    size_t avail_in = n;
    uint8_t chunk[CHUNK];
    int rc = SS_OK;
    for (;;) {
        uint8_t *next_out = chunk;
        size_t avail_out = CHUNK;
        BrotliDecoderResult r =
            BrotliDecoderDecompressStream(b, &avail_in, &next_in, &avail_out, &next_out, NULL);
        size_t got = CHUNK - avail_out;
        if (got) {
            if (out->len - start + got > max) {
                rc = ss_error_set(err, SS_ETOOBIG, "decoded content over the limit of %zu bytes",
                                  max);
                break;
            }
            if (ss_buf_append(out, (const char *)chunk, got)) {
                rc = ss_error_set(err, SS_ENOMEM, "out of memory");
                break;
            }
        }
        if (r == BROTLI_DECODER_RESULT_SUCCESS)
            break;
        if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
            rc = ss_error_set(err, SS_EFORMAT, "brotli content ends early (after %zu bytes "
                              "decoded)", out->len - start);
            break;
        }
        if (r == BROTLI_DECODER_RESULT_ERROR) {
            rc = ss_error_set(err, SS_EFORMAT, "damaged brotli content at byte %zu: %s",
                              n - avail_in,
                              BrotliDecoderErrorString(BrotliDecoderGetErrorCode(b)));
            break;
        }
    }
    BrotliDecoderDestroyInstance(b);
    return rc;
}

int ss_decode_content(ss_coding c, const char *p, size_t n, size_t max, ss_buf *out,
                      ss_error *err)
{
    switch (c) {
    case SS_CODING_IDENTITY:
        if (n > max)
            return ss_error_set(err, SS_ETOOBIG, "content over the limit of %zu bytes", max);
        return ss_buf_append(out, p, n) ? ss_error_set(err, SS_ENOMEM, "out of memory") : SS_OK;
    case SS_CODING_GZIP:
        return inflate_all(16 + 15, p, n, max, out, err);
    case SS_CODING_DEFLATE: {
        /* zlib-wrapped as the standard says, or raw as some servers send */
        size_t len = out->len;
        int rc = inflate_all(15, p, n, max, out, err);
        if (rc == SS_EFORMAT) {
            out->len = len;
            if (out->data)
                out->data[len] = '\0';
            rc = inflate_all(-15, p, n, max, out, err);
        }
        return rc;
    }
    case SS_CODING_BR:
        return brotli_all(p, n, max, out, err);
    default:
        return ss_error_set(err, SS_EFORMAT, "unsupported content coding");
    }
}
