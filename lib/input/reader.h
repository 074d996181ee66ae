/* input/reader.h — documents from files, folders and standard input.
 *
 * Inputs are paths: a file is read by its name's ending (after an optional
 * .gz or .zst): .txt/.text (one document; id = the file's base name; the
 * first non-empty line is the title candidate), .html/.htm/.xhtml (one
 * page; id = base name; the cleaner extracts its text), .jsonl/.ndjson/.json
 * (one record per line, see jsonl.h), .warc (web archives: each HTML page of
 * a successful "response" or "resource" record is a document whose id is
 * its WARC-Record-ID and url its WARC-Target-URI; its capture time stands
 * for the date unless the page gives one; other records are passed over).
 * A folder is walked recursively in name order, hidden entries skipped;
 * files with other endings, named pipes, sockets and devices inside it are
 * skipped with a warning; a folder reached again (by device and inode: a
 * link loop, a folder named twice) is skipped with a warning.  The id of a
 * whole file found in a folder is its path relative to the folder named
 * (crawl/a/index.html -> "a/index.html"), of a file named directly its base
 * name.  Every file's first 64 KiB are sniffed (sniff.h; with skip_pages,
 * a file named as a page is passed over unread): binary content
 * known by its magic bytes is a bad record, a web archive is read as WARC
 * whatever its name, and a file with no known ending is read as what its
 * content looks like, with a warning saying so.  Each file is opened and
 * read once, so pipes (/dev/stdin, <(...)) work.  "-" is JSONL on standard
 * input (gzip or zstd recognized by magic bytes).
 *
 * Errors are per record: ss_reader_next returns a negative status for a bad
 * record (broken JSON line, missing id, duplicate id, over-size document,
 * unreadable or truncated file...) with err naming file, line or byte
 * offset, and the next call carries on after it.  ss_reader_raw gives the
 * raw bytes of that record so a caller can keep them (--rejects).
 * Memory does not grow with the corpus, except for 8 bytes per document to
 * recognize duplicate ids.
 */
#ifndef SS_INPUT_READER_H
#define SS_INPUT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/doc.h"
#include "core/error.h"

#define SS_DEFAULT_MAX_DOC_BYTES ((size_t)64 << 20)

typedef void (*ss_warn_fn)(void *ctx, const char *message);

typedef struct ss_reader_opts {
    size_t max_doc_bytes;   /* cap on one document (file, or JSONL line); 0 = default 64 MiB */
    int allow_duplicate_ids;/* 1: do not check ids for duplicates */
    ss_warn_fn warn;        /* called for warnings (repaired UTF-8, skipped files), may be NULL */
    void *warn_ctx;
    int skip_pages;         /* 1: pass over HTML files unread (named .html, .htm, .xhtml,
                               .shtml, also compressed), and close a file of no known
                               ending whose first bytes make it a page (a .txt holding
                               markup is still read as text): for a pass that wants
                               text only, such as learning a corpus's furniture
                               (ss_cleaner_observe); ids of pages passed over are not
                               checked against later ones */
} ss_reader_opts;

typedef struct ss_reader_stats {
    uint64_t files;         /* files opened */
    uint64_t docs;          /* documents returned */
    uint64_t bad;           /* bad records reported */
    uint64_t repaired;      /* documents with replaced bytes */
    uint64_t bytes;         /* uncompressed input bytes read */
} ss_reader_stats;

typedef struct ss_reader ss_reader;

/* A reader over paths[0..n) (copied).  opts may be NULL.  NULL with err set
 * when out of memory; missing files are reported by ss_reader_next. */
SS_API ss_reader *ss_reader_new(const char *const *paths, size_t n, const ss_reader_opts *opts,
                                ss_error *err);
SS_API void ss_reader_free(ss_reader *r);

/* The next document: 1 and *out (caller frees), 0 at the end, or a negative
 * status for a bad record (err says where and why; call again to go on). */
SS_API int ss_reader_next(ss_reader *r, ss_doc **out, ss_error *err);

/* ---- raw records: parse JSONL lines in worker threads ------------------
 *
 * ss_reader_next parses each JSONL line on the calling thread.  A caller
 * that wants to parse lines in parallel (ss_jsonl_parse is thread-safe)
 * reads raw records instead, parses them where it likes, and then hands
 * every document back in input order to ss_reader_accept, which does what
 * ss_reader_next does after parsing: the duplicate-id check, the warning
 * for repaired UTF-8 and the counts.  A line the caller could not parse is
 * counted with ss_reader_count_bad.  Errors of the stream itself (unreadable
 * file, over-long line, truncated compressed data) are returned by
 * ss_reader_next_raw exactly as by ss_reader_next. */
typedef struct ss_raw_record {
    const char *line;     /* a JSONL line without its newline (valid until the next
                             call, the same bytes as ss_reader_raw), or NULL */
    size_t len;
    const char *origin;   /* file name ("-" for standard input), valid until the next call */
    uint64_t lineno;      /* 1-based line of a JSONL record, 0 for a whole file */
    ss_doc *doc;          /* a whole file (.txt, .html) already read: the caller owns
                             it; NULL for a JSONL line */
} ss_raw_record;

/* The next raw record: 1 and *rec, 0 at the end, or a negative status for
 * a bad record (err says where; call again to go on).  Blank lines are
 * skipped.  The ids of raw records are not checked: call ss_reader_accept. */
SS_API int ss_reader_next_raw(ss_reader *r, ss_raw_record *rec, ss_error *err);
/* Admit a document parsed from a raw record (or rec->doc), in input order:
 * SS_OK, or SS_EDUPID with err naming the place (the record is bad; the
 * caller still owns d and frees it). */
SS_API int ss_reader_accept(ss_reader *r, const ss_doc *d, ss_error *err);
/* Count a raw record the caller found bad (a line that did not parse). */
SS_API void ss_reader_count_bad(ss_reader *r);

/* Raw bytes of the record last returned or rejected (a JSONL line, or a
 * whole file; empty when the file could not be read).  Valid until the
 * next call. */
SS_API const char *ss_reader_raw(const ss_reader *r, size_t *len);

SS_API ss_reader_stats ss_reader_get_stats(const ss_reader *r);

#endif
