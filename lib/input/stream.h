/* input/stream.h — bytes and lines from a file, standard input, gzip or zstd.
 *
 * Compression is recognized by its magic bytes, not the file name, so a
 * gzip stream piped to "-" works too.  Concatenated gzip members and zstd
 * frames are read as one stream.  A stream that ends inside a compressed
 * member (truncated download) or holds corrupt data gives SS_EFORMAT with
 * the compressed byte offset; every line read before that was whole and
 * stays valid.
 *
 * In a regular file each gzip member is checked (deflate data, CRC-32 and
 * length) before any of its bytes are handed out, since inflate finds most
 * damage only at the member's end, after decoding garbage: a member of up
 * to 512 KiB of output is held back until inflate has checked its CRC (one
 * decompression); a larger one is checked by a pass of its own first, then
 * decompressed again (the pass found 38% of `clean`'s time on gzipped
 * pages in zlib when every member had it).  A damaged
 * member gives SS_EFORMAT naming its compressed byte range and where the
 * damage showed; no byte of it is used, and the stream goes on with the
 * next gzip member that checks out (ss_stream_done stays 0).  A pipe
 * cannot be read twice: there each member's output is held back until its
 * CRC is checked, up to the 512 KiB buffer; a larger member goes out as it
 * is decoded, and damage found at its end says that lines already read
 * from it may be damaged.  After damage on a pipe the stream ends.
 *
 * A gzip member whose compressed bytes are at hand (what the input buffer
 * holds, or the rest of a regular file of up to 2 MiB) is decoded and
 * checked in one call of libdeflate instead (its output up to 16 MiB held
 * while it is read); inflate takes over for anything else (and for a
 * member with a header CRC, which libdeflate does not check), so damage is
 * found and reported as above.
 *
 * Memory is bounded by the longest line (or whole-file read) allowed: a
 * line longer than max_line is skipped up to its newline without being
 * kept, and reported as SS_ETOOBIG.
 */
#ifndef SS_INPUT_STREAM_H
#define SS_INPUT_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/buf.h"
#include "core/error.h"

typedef struct ss_stream ss_stream;

typedef enum ss_compression { SS_COMP_NONE = 0, SS_COMP_GZIP, SS_COMP_ZSTD } ss_compression;

/* Open path ("-" for standard input).  NULL with err set (SS_EIO) on failure. */
SS_API ss_stream *ss_stream_open(const char *path, size_t max_line, ss_error *err);
/* Close and free.  NULL is a no-op.  Standard input is not closed. */
SS_API void ss_stream_close(ss_stream *s);

/* The next line, without its "\n" (a "\r" before it is kept: it is text).
 * Returns 1 and sets *line and *len (valid until the next call), 0 at the end,
 * or a negative status with err set: SS_ETOOBIG for an over-long line (the
 * stream continues after it), SS_EIO or SS_EFORMAT (the stream is done). */
SS_API int ss_stream_getline(ss_stream *s, const char **line, size_t *len, ss_error *err);

/* Pass over whole lines holding nothing but spaces, tabs and CRs (they
 * count in the line numbers), without handing each out: a file of a
 * billion empty lines is skipped at the speed of decompression, not at
 * one getline call per line.  Stops before the first line that holds
 * anything else (or before a last line of whitespace without a newline,
 * which getline then returns).  SS_OK, or SS_EIO / SS_EFORMAT as getline
 * (the stream is then done). */
SS_API int ss_stream_skip_blank_lines(ss_stream *s, ss_error *err);

/* Read everything that is left into out (appending).  SS_OK; SS_ETOOBIG if
 * more than max bytes would be read (out holds the first max); SS_EIO or
 * SS_EFORMAT on failure. */
SS_API int ss_stream_read_all(ss_stream *s, ss_buf *out, size_t max, ss_error *err);

/* Read exactly n more bytes, appending them to out (or dropping them when
 * out is NULL: skipping).  SS_OK; SS_EFORMAT if the stream ends first (the
 * bytes read so far are in out); SS_EIO, SS_ENOMEM.  Line numbers do not
 * advance. */
SS_API int ss_stream_read_exact(ss_stream *s, ss_buf *out, size_t n, ss_error *err);

/* Look at the next bytes without taking them: *p and *n (valid until the
 * next call) hold at least want bytes (at most 256 KiB) unless the stream
 * ends first or an error comes after fewer: then SS_OK with the bytes
 * before the error, which the next read past them returns (a truncated
 * file, a damaged gzip member; ss_stream_pending says one waits).  With no
 * byte before it, the error itself: SS_EIO / SS_EFORMAT as fill would
 * report them.  Works on pipes: nothing is read twice. */
SS_API int ss_stream_peek(ss_stream *s, size_t want, const char **p, size_t *n, ss_error *err);

/* 1 when an error met by ss_stream_peek waits behind the bytes it showed:
 * they are not all the stream holds. */
SS_API int ss_stream_pending(const ss_stream *s);

/* 1 once the stream has ended or failed for good and every byte decoded
 * has been handed out; 0 while more may come
 * (also after SS_EFORMAT for a damaged gzip member that was passed over). */
SS_API int ss_stream_done(const ss_stream *s);

/* Uncompressed bytes handed out so far (the offset of what comes next). */
SS_API uint64_t ss_stream_tell(const ss_stream *s);
/* Read again from offset `to` (at most ss_stream_tell) of an uncompressed
 * regular file: a WARC record whose length ran past the end is read again
 * as lines, for the records inside it.  Line numbers count on from where
 * they were.  SS_OK; SS_EINVAL for a pipe or a compressed stream (no way
 * back), SS_EIO when the seek fails. */
SS_API int ss_stream_rewind(ss_stream *s, uint64_t to);

/* 1-based number of the last line returned by getline. */
SS_API uint64_t ss_stream_lineno(const ss_stream *s);
/* Uncompressed byte offset where the last line returned begins. */
SS_API uint64_t ss_stream_line_offset(const ss_stream *s);
/* The compression recognized (valid after the first read). */
SS_API ss_compression ss_stream_compression(const ss_stream *s);
/* Total uncompressed bytes delivered so far. */
SS_API uint64_t ss_stream_bytes(const ss_stream *s);

#endif
