/* input/sniff.h — what a file holds, judged from its first bytes.
 *
 * A file whose name does not say what it is (no ending, an unknown one such
 * as data.csv, /dev/fd/63) is judged from its first bytes after
 * decompression (gzip and zstd are recognized by the stream itself):
 *
 *   magic bytes   PDF, PNG, JPEG, GIF, zip, bzip2, xz, 7z, ELF: binary,
 *                 not read (an error names the format)
 *   "WARC/1."     a web archive
 *   "{"           JSON Lines when the first line is one object "{...}"
 *                 (in doubt when the first line is longer than the bytes
 *                 looked at)
 *   "<"           HTML
 *   UTF-16        (a byte order mark, or every other byte NUL in ASCII
 *                 text) text or HTML by its first character
 *   control bytes over 5% of the bytes looked at: binary
 *   anything else plain text
 *
 * A leading UTF-8 byte order mark and white space are passed over.  The
 * verdict says why, for the message that tells the user what was assumed.
 * Pure functions, no allocation, thread-safe.
 */
#ifndef SS_INPUT_SNIFF_H
#define SS_INPUT_SNIFF_H

#include <stddef.h>

#include "core/api.h"

/* How many bytes the reader looks at: enough for a JSONL record's first
 * line in nearly every corpus, small against the stream's buffer. */
#define SS_SNIFF_BYTES ((size_t)64 * 1024)

typedef enum ss_sniff_kind {
    SS_SNIFF_TEXT = 0,
    SS_SNIFF_HTML,
    SS_SNIFF_JSONL,
    SS_SNIFF_WARC,
    SS_SNIFF_BINARY
} ss_sniff_kind;

typedef struct ss_sniff {
    ss_sniff_kind kind;
    int doubt;          /* 1: a guess the user should check */
    int magic;          /* 1: binary known by its magic bytes */
    char why[160];      /* e.g. "its first line is a JSON object", "xz-compressed data" */
} ss_sniff;

/* Judge p[0..n).  whole: 1 if p holds the entire content (the file ends
 * there), 0 if more follows. */
SS_API ss_sniff ss_sniff_content(const char *p, size_t n, int whole);

/* UTF-16 without a byte order mark, judged from p[0..n): 1 little-endian,
 * 2 big-endian, 0 not (see the rule above). */
SS_API int ss_sniff_utf16(const char *p, size_t n);

/* "text", "HTML", "JSON Lines", "WARC", "binary". */
SS_API const char *ss_sniff_name(ss_sniff_kind k);

#endif
