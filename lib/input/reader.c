/* input/reader.c — path walking, format dispatch, duplicate ids.
 *
 * Pending inputs are a stack of paths, each with the length of the folder
 * prefix its id is taken relative to (folders expand in place, sorted, so
 * the walk is depth-first in name order); folders walked are remembered by
 * device and inode, so link loops end.  At most one stream is open, and
 * each file is opened once: its kind is settled from its first bytes
 * (judge, through ss_stream_peek) on the same stream that then reads it,
 * so pipes work.  After a damaged gzip member or WARC record the stream
 * stays open when it can go on (ss_stream_done), and reading resumes
 * after the damage.  Document ids are remembered as 64-bit hashes in an
 * open-addressing set, each with where it was first seen (the file's
 * number among the origins and the line), so a duplicate names the first.
 */
#include "input/reader.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/buf.h"
#include "core/time.h"
#include "clean/charset_internal.h"
#include "input/decode.h"
#include "input/jsonl.h"
#include "input/sniff.h"
#include "input/stream.h"
#include "input/warc.h"
#include "text/utf8.h"

typedef enum { K_UNKNOWN, K_TEXT, K_HTML, K_JSONL, K_WARC } kind;

/* No folder root: a path given by the caller, whose id is its base name. */
#define TOP_LEVEL ((size_t)-1)

/* A pending path.  root is the length of the prefix "folder/" of the folder
 * the caller named, so that path + root is the path relative to it (the id
 * of a file found in a folder), or TOP_LEVEL. */
typedef struct pending {
    char *path;
    size_t root;
} pending;

/* A folder already walked, by device and inode: a folder reached again
 * (through a symbolic link, or named twice) is not walked again, so link
 * loops end and no file is read twice. */
typedef struct dir_key {
    dev_t dev;
    ino_t ino;
} dir_key;

/* An id's hash and where it was first seen: origin number << WHERE_LINE_BITS
 * | line (0 for a whole file); WHERE_UNKNOWN past the limits. */
typedef struct id_slot {
    uint64_t h;
    uint64_t where;
} id_slot;
#define WHERE_LINE_BITS 40
#define WHERE_UNKNOWN UINT64_MAX

struct ss_reader {
    ss_reader_opts opts;
    pending *stack;        /* pending paths, last = next */
    size_t nstack, capstack;
    dir_key *dirs;         /* folders walked so far */
    size_t ndirs, capdirs;
    ss_stream *cur;        /* open file: JSONL or WARC, or not yet judged */
    kind cur_kind;
    int cur_judged;        /* 1 once judge() has settled cur_kind */
    uint64_t cur_lines;    /* records (non-blank lines) read from cur */
    char *cur_path;
    size_t cur_root;       /* root of cur_path (see pending) */
    ss_warc_record warc;   /* the WARC record being read */
    ss_buf raw;            /* raw bytes of the last record */
    id_slot *ids;          /* hash set of ids (h 0 = empty slot) */
    size_t ids_cap, ids_n;
    char **origins;        /* files documents came from, in order (id_slot.where) */
    size_t norigins, caporigins;
    ss_reader_stats st;
};

static int push_path(ss_reader *r, const char *p, size_t root)
{
    if (r->nstack == r->capstack) {
        size_t cap = r->capstack ? r->capstack * 2 : 16;
        pending *s = realloc(r->stack, cap * sizeof *s);
        if (!s)
            return SS_ENOMEM;
        r->stack = s;
        r->capstack = cap;
    }
    char *c = strdup(p);
    if (!c)
        return SS_ENOMEM;
    r->stack[r->nstack].path = c;
    r->stack[r->nstack].root = root;
    r->nstack++;
    return SS_OK;
}

ss_reader *ss_reader_new(const char *const *paths, size_t n, const ss_reader_opts *opts,
                         ss_error *err)
{
    ss_reader *r = calloc(1, sizeof *r);
    if (!r)
        goto oom;
    if (opts)
        r->opts = *opts;
    if (!r->opts.max_doc_bytes)
        r->opts.max_doc_bytes = SS_DEFAULT_MAX_DOC_BYTES;
    for (size_t i = n; i-- > 0;)
        if (push_path(r, paths[i], TOP_LEVEL))
            goto oom;
    return r;
oom:
    ss_reader_free(r);
    ss_error_set(err, SS_ENOMEM, "reader: out of memory");
    return NULL;
}

void ss_reader_free(ss_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nstack; i++)
        free(r->stack[i].path);
    free(r->stack);
    free(r->dirs);
    ss_stream_close(r->cur);
    free(r->cur_path);
    ss_warc_record_release(&r->warc);
    ss_buf_release(&r->raw);
    free(r->ids);
    for (size_t i = 0; i < r->norigins; i++)
        free(r->origins[i]);
    free(r->origins);
    free(r);
}

static void warn(ss_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(ss_reader *r, const char *fmt, ...)
{
    if (!r->opts.warn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->opts.warn(r->opts.warn_ctx, msg);
}

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && strncasecmp(s + n - m, suf, m) == 0;
}

static kind kind_of(const char *path)
{
    size_t n = strlen(path);
    if (ends_with(path, n, ".gz"))
        n -= 3;
    else if (ends_with(path, n, ".zst"))
        n -= 4;
    else if (ends_with(path, n, ".zstd"))
        n -= 5;
    if (ends_with(path, n, ".jsonl") || ends_with(path, n, ".ndjson") ||
        ends_with(path, n, ".json"))
        return K_JSONL;
    if (ends_with(path, n, ".warc"))
        return K_WARC;
    if (ends_with(path, n, ".txt") || ends_with(path, n, ".text"))
        return K_TEXT;
    if (ends_with(path, n, ".html") || ends_with(path, n, ".htm") ||
        ends_with(path, n, ".xhtml") || ends_with(path, n, ".shtml"))
        return K_HTML;
    return K_UNKNOWN;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *file_kind_name(mode_t m)
{
    if (S_ISFIFO(m))
        return "a named pipe (FIFO)";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    return "not a regular file";
}

/* 1 if the folder (dev, ino) was walked before; else remember it and 0.
 * <0 when out of memory. */
static int seen_dir(ss_reader *r, const struct stat *st)
{
    for (size_t i = 0; i < r->ndirs; i++)
        if (r->dirs[i].dev == st->st_dev && r->dirs[i].ino == st->st_ino)
            return 1;
    if (r->ndirs == r->capdirs) {
        size_t cap = r->capdirs ? r->capdirs * 2 : 16;
        dir_key *v = realloc(r->dirs, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        r->dirs = v;
        r->capdirs = cap;
    }
    r->dirs[r->ndirs].dev = st->st_dev;
    r->dirs[r->ndirs].ino = st->st_ino;
    r->ndirs++;
    return 0;
}

/* A Markdown file: notes about the data kept in its folder, skipped
 * without a warning when a folder is walked. */
static int is_notes(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcasecmp(name + n - 3, ".md") == 0;
}

/* Replace a folder on the stack by its entries (sorted, first on top).
 * root: the folder's own root (TOP_LEVEL when the caller named it).
 * Entries that are neither folders nor regular files (named pipes,
 * sockets, devices, also behind a link) are skipped with a warning: opening
 * a pipe would wait for a writer forever.  So are files of other types,
 * but Markdown notes (is_notes). */
static int expand_dir(ss_reader *r, const char *dir, size_t root, ss_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ss_error_set(err, SS_EIO, "%s: cannot open folder: %s", dir, strerror(errno));
    size_t dlen = strlen(dir);
    int slash = dlen > 0 && dir[dlen - 1] == '/';
    size_t child_root = root != TOP_LEVEL ? root : dlen + (slash ? 0 : 1);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = SS_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = SS_ENOMEM;
                break;
            }
            names = nn;
        }
        size_t len = dlen + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = SS_ENOMEM;
            break;
        }
        snprintf(names[n], len, "%s%s%s", dir, slash ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    size_t pushed = 0;
    if (rc == SS_OK) {
        if (n)
            qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = n; i-- > 0 && rc == SS_OK;) {
            struct stat st;
            if (stat(names[i], &st) == 0) {
                if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
                    warn(r, "%s: skipped: %s", names[i], file_kind_name(st.st_mode));
                    continue;
                }
                if (S_ISREG(st.st_mode) && kind_of(names[i]) == K_UNKNOWN) {
                    if (is_notes(names[i]))
                        continue; /* a README.md beside the data: no warning */
                    warn(r, "%s: skipped: not a .txt, .html, .jsonl or .warc file", names[i]);
                    continue;
                }
            }
            rc = push_path(r, names[i], child_root);
            pushed++;
        }
    }
    /* a folder named as an input that holds nothing to read says so, as
       an empty standard input does */
    if (rc == SS_OK && !pushed && root == TOP_LEVEL)
        warn(r, "%s: no .txt, .html, .jsonl or .warc files in this folder", dir);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc)
        return ss_error_set(err, rc, "%s: out of memory", dir);
    return SS_OK;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The id of a whole file: its path relative to the folder named by the
 * caller (so crawl/a/index.html and crawl/b/index.html differ), or its base
 * name when the caller named the file; a compression suffix is stripped:
 * "a.txt.gz" -> "a.txt".  A name that is not UTF-8 (a Latin-1 file name)
 * gets U+FFFD for its bad bytes, as text does: an id is printed in JSON
 * and CSV and given back to --article and --remove as printed. */
static int id_from_path(ss_doc *d, const char *path, size_t root)
{
    const char *b = root != TOP_LEVEL && root < strlen(path) ? path + root : base_name(path);
    size_t n = strlen(b);
    if (ends_with(b, n, ".gz"))
        n -= 3;
    else if (ends_with(b, n, ".zst"))
        n -= 4;
    else if (ends_with(b, n, ".zstd"))
        n -= 5;
    if (ss_utf8_valid_prefix(b, n) == n)
        return ss_doc_set_str(&d->id, b, n);
    ss_buf fixed = SS_BUF_INIT;
    int rc = ss_utf8_repair(b, n, &fixed, NULL);
    if (rc == SS_OK)
        rc = ss_doc_set_str(&d->id, fixed.data, fixed.len);
    ss_buf_release(&fixed);
    return rc;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* First non-empty line of a text as the title candidate. */
static int text_title(ss_doc *d)
{
    const char *t = d->text;
    size_t n = d->text_len, a = 0;
    while (a < n) {
        const char *nl = memchr(t + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - t) : n;
        size_t s = a, e = b;
        if (e - s >= 3 && memcmp(t + s, "\xEF\xBB\xBF", 3) == 0)
            s += 3;
        while (s < e && is_space(t[s]))
            s++;
        while (e > s && is_space(t[e - 1]))
            e--;
        if (e > s) {
            d->body_start = nl ? b + 1 : n;
            return ss_doc_set_str(&d->title, t + s, e - s);
        }
        a = b + 1;
    }
    return SS_OK;
}

/* A file read whole is one document: a damaged part loses all of it, which
 * the stream's message ("everything before was read") does not say. */
static int whole_lost(ss_error *err, int rc)
{
    size_t n = strlen(err->msg);
    snprintf(err->msg + n, sizeof err->msg - n, "; the file is one document: not used");
    return rc;
}

/* Read the rest of stream s (path) as one document of kind k (text or
 * HTML), and close s. */
static int read_whole(ss_reader *r, ss_stream *s, const char *path, size_t root, kind k,
                      ss_doc **out, ss_error *err)
{
    ss_buf_clear(&r->raw);
    int rc = ss_stream_read_all(s, &r->raw, r->opts.max_doc_bytes, err);
    r->st.bytes += ss_stream_bytes(s);
    ss_stream_close(s);
    if (rc == SS_ETOOBIG) {
        ss_buf_clear(&r->raw);
        return ss_error_set(err, SS_ETOOBIG,
                            "%s: document larger than the limit of %zu bytes (--max-doc-bytes)",
                            path, r->opts.max_doc_bytes);
    }
    if (rc)
        return rc == SS_ENOMEM ? rc : whole_lost(err, rc);
    ss_doc *d = ss_doc_new();
    if (!d || id_from_path(d, path, root) || ss_doc_set_str(&d->origin, path, (size_t)-1))
        goto oom;
    if (k == K_HTML) {
        d->format = SS_FORMAT_HTML;
        /* the page's bytes are handed over, not copied */
        d->html_len = r->raw.len;
        if (!(d->html = ss_buf_detach(&r->raw)))
            goto oom;
    } else {
        d->format = SS_FORMAT_TEXT;
        ss_buf text = SS_BUF_INIT;
        ss_utf8_report rep;
        const char *raw = r->raw.data ? r->raw.data : "";
        size_t rawlen = r->raw.len;
        ss_buf decoded = SS_BUF_INIT;
        size_t decoded_bad = 0; /* bytes the decoder replaced */
        if (ss_utf8_valid_prefix(raw, rawlen) != rawlen || ss_sniff_utf16(raw, rawlen)) {
            /* not UTF-8: the bytes decide the encoding, as for a page with
             * no declaration (UTF-16, windows-1251, Shift_JIS...) */
            ss_page_text pt;
            char note[256];
            if (ss_page_decode(raw, rawlen, &decoded, &pt, note, sizeof note)) {
                ss_buf_release(&decoded);
                goto oom;
            }
            /* windows-1252 is the fallback when the detector is unsure:
             * text that is not UTF-8 and not clearly another encoding
             * keeps the UTF-8 repair (each bad byte one U+FFFD, reported
             * below); windows-1252 that the detector is sure of (its
             * DETECT_LATIN_CONFIDENCE, 60%) is decoded, as for a page */
            int latin = strcasecmp(pt.encoding, "WINDOWS-1252") == 0;
            if (!pt.binary && strcasecmp(pt.encoding, "UTF-8") != 0 && (!latin || pt.confidence > 0)) {
                if (note[0])
                    warn(r, "%s: %s", path, note);
                else if (latin)
                    warn(r, "%s: not UTF-8; the bytes look like WINDOWS-1252 (confidence %d%%): decoded as such",
                         path, pt.confidence);
                raw = pt.data;
                rawlen = pt.len;
                decoded_bad = pt.replaced;
                if (decoded_bad)
                    warn(r, "%s: %zu byte(s) that are no %s text (NUL, unmapped) replaced by U+FFFD", path,
                         decoded_bad, pt.encoding);
            }
        }
        /* a UTF-8 byte order mark says how the file is written and is no
           part of its text (nor of its title) */
        size_t skipped = 0;
        if (rawlen >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
            raw += 3;
            rawlen -= 3;
            skipped = 3;
        }
        int urc = ss_utf8_repair(raw, rawlen, &text, &rep);
        ss_buf_release(&decoded);
        if (urc) {
            ss_buf_release(&text);
            goto oom;
        }
        d->n_repaired = (uint32_t)(rep.invalid + rep.nuls + decoded_bad);
        if (rep.invalid + rep.nuls)
            warn(r, "%s: byte %zu: %zu invalid UTF-8 sequence(s) and %zu NUL byte(s) replaced by U+FFFD",
                 path, rep.first_offset + skipped, rep.invalid, rep.nuls);
        d->text_len = text.len;
        d->text = ss_buf_detach(&text);
        if (!d->text || text_title(d))
            goto oom;
        if (!d->title || !d->title[0]) {
            /* an empty file (or blank lines only) holds no record, as an
               empty JSONL file holds none: a scrape that failed leaves
               such files among the good ones, and stopping the run at
               the first (as a bad record does) lost all after it */
            ss_doc_free(d);
            warn(r, "%s: no text in it (an empty file, or blank lines only): skipped", path);
            return 0;
        }
    }
    *out = d;
    return 1;
oom:
    ss_doc_free(d);
    return ss_error_set(err, SS_ENOMEM, "%s: out of memory", path);
}

/* An HTML page from a WARC record: 1 and *out, 0 if the record holds no
 * page (other record types, other media, HTTP errors), <0 on error. */
static int warc_page(ss_reader *r, ss_doc **out, ss_error *err)
{
    const ss_warc_record *w = &r->warc;
    const char *p = w->payload.data ? w->payload.data : "";
    size_t n = w->payload.len, body = 0;
    char ctype[128], cenc[64] = "";
    if (strcmp(w->type, "response") == 0) {
        int status;
        if (strncasecmp(w->content_type, "application/http", 16) != 0 ||
            ss_warc_http(p, n, &status, ctype, &body) != SS_OK || status < 200 || status > 299)
            return 0;
        ss_warc_http_header(p, body, "content-encoding", cenc, sizeof cenc);
    } else if (strcmp(w->type, "resource") == 0) {
        snprintf(ctype, sizeof ctype, "%s", w->content_type);
    } else {
        return 0;
    }
    if (ctype[0] && !strstr(ctype, "html"))
        return 0;
    /* a page the server compressed (Content-Encoding) is decoded first */
    const char *page = p + body;
    size_t plen = n - body;
    ss_coding coding = ss_coding_of(cenc);
    ss_buf dec = SS_BUF_INIT;
    if (coding != SS_CODING_IDENTITY) {
        ss_error derr;
        ss_error_clear(&derr);
        int rc = coding == SS_CODING_UNKNOWN
                     ? ss_error_set(&derr, SS_EFORMAT, "unsupported Content-Encoding \"%s\"", cenc)
                     : ss_decode_content(coding, page, plen, r->opts.max_doc_bytes, &dec, &derr);
        if (rc) {
            ss_buf_release(&dec);
            return ss_error_set_at(err, rc, 0, w->offset,
                                   "%s: byte %llu: WARC record %s (Content-Encoding %s): %s",
                                   r->cur_path, (unsigned long long)w->offset,
                                   w->record_id ? w->record_id : "", cenc, derr.msg);
        }
        page = dec.data ? dec.data : "";
        plen = dec.len;
    }
    if (!ctype[0] && !(plen > 0 && page[0] == '<')) {
        ss_buf_release(&dec);
        return 0;
    }
    ss_doc *d = ss_doc_new();
    if (!d) {
        ss_buf_release(&dec);
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", r->cur_path);
    }
    char idbuf[64];
    const char *id = w->record_id;
    if (!id || !id[0]) {
        snprintf(idbuf, sizeof idbuf, "warc@%llu", (unsigned long long)w->offset);
        id = idbuf;
    }
    int rc = ss_doc_set_str(&d->id, id, (size_t)-1) || ss_doc_set_str(&d->origin, r->cur_path, (size_t)-1) ||
             ss_doc_set_str(&d->html, page, plen) ||
             (w->target_uri && ss_doc_set_str(&d->url, w->target_uri, (size_t)-1));
    ss_buf_release(&dec);
    if (rc) {
        ss_doc_free(d);
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", r->cur_path);
    }
    d->html_len = plen;
    d->format = SS_FORMAT_HTML;
    int64_t t;
    if (w->date && ss_time_parse(w->date, strlen(w->date), &t) == SS_OK)
        d->captured = t;
    *out = d;
    return 1;
}

/* 1 if the id was new (and is now remembered), 0 if seen before. */
/* Where d is seen: its origin's number (the last origin again, or a new
 * one) and line; WHERE_UNKNOWN when that cannot be kept. */
static uint64_t where_of(ss_reader *r, const ss_doc *d)
{
    if (!d->origin || d->line >= ((uint64_t)1 << WHERE_LINE_BITS))
        return WHERE_UNKNOWN;
    if (!r->norigins || strcmp(r->origins[r->norigins - 1], d->origin) != 0) {
        if (r->norigins >= ((size_t)1 << (64 - WHERE_LINE_BITS)) - 1)
            return WHERE_UNKNOWN;
        if (r->norigins == r->caporigins) {
            size_t cap = r->caporigins ? r->caporigins * 2 : 16;
            char **v = realloc(r->origins, cap * sizeof *v);
            if (!v)
                return WHERE_UNKNOWN;
            r->origins = v;
            r->caporigins = cap;
        }
        if (!(r->origins[r->norigins] = strdup(d->origin)))
            return WHERE_UNKNOWN;
        r->norigins++;
    }
    return ((uint64_t)(r->norigins - 1) << WHERE_LINE_BITS) | d->line;
}

/* 1 when d's id is new (remembered now), 0 when seen before (*first: where). */
static int remember_id(ss_reader *r, const ss_doc *d, uint64_t *first)
{
    uint64_t h = XXH3_64bits(d->id, strlen(d->id));
    if (h == 0)
        h = 1;
    if ((r->ids_n + 1) * 4 > r->ids_cap * 3) {
        size_t cap = r->ids_cap ? r->ids_cap * 2 : 1024;
        id_slot *v = calloc(cap, sizeof *v);
        if (!v)
            return 1; /* cannot grow: stop checking rather than fail */
        for (size_t i = 0; i < r->ids_cap; i++) {
            if (!r->ids[i].h)
                continue;
            size_t j = (size_t)(r->ids[i].h & (cap - 1));
            while (v[j].h)
                j = (j + 1) & (cap - 1);
            v[j] = r->ids[i];
        }
        free(r->ids);
        r->ids = v;
        r->ids_cap = cap;
    }
    size_t j = (size_t)(h & (r->ids_cap - 1));
    while (r->ids[j].h) {
        if (r->ids[j].h == h) {
            *first = r->ids[j].where;
            return 0;
        }
        j = (j + 1) & (r->ids_cap - 1);
    }
    r->ids[j].h = h;
    r->ids[j].where = where_of(r, d);
    r->ids_n++;
    return 1;
}

static int deliver(ss_reader *r, ss_doc *d, ss_doc **out, ss_error *err)
{
    int rc = ss_reader_accept(r, d, err);
    if (rc) {
        ss_doc_free(d);
        return rc;
    }
    *out = d;
    return 1;
}

static const char *compression_note(ss_compression c)
{
    return c == SS_COMP_GZIP ? ", gzip-compressed" : c == SS_COMP_ZSTD ? ", zstd-compressed" : "";
}

/* Look at the first bytes of a file and settle its kind *k: the content
 * decides for a name with no known ending (with a warning saying what was
 * assumed and why), binary content known by its magic bytes is refused
 * whatever the name, and a web archive is read as one whatever its name.
 * SS_OK, or an error for the file (bad record): *refused set when the file
 * is not to be read, else the stream failed (and may go on, see
 * ss_stream_done). */
static int judge(ss_reader *r, ss_stream *s, const char *path, kind *k, int *refused,
                 ss_error *err)
{
    *refused = 0;
    const char *p;
    size_t n;
    int rc = ss_stream_peek(s, SS_SNIFF_BYTES, &p, &n, err);
    if (rc)
        return rc;
    int whole = n < SS_SNIFF_BYTES && !ss_stream_pending(s); /* not a file cut by damage */
    if (n > SS_SNIFF_BYTES)
        n = SS_SNIFF_BYTES;
    ss_sniff v = ss_sniff_content(p, n, whole);
    const char *comp = compression_note(ss_stream_compression(s));
    if (v.kind == SS_SNIFF_BINARY && (v.magic || *k == K_UNKNOWN)) {
        *refused = 1;
        return ss_error_set(err, SS_EFORMAT, "%s: not read: it holds %s%s", path, v.why, comp);
    }
    static const kind of_sniff[] = {K_TEXT, K_HTML, K_JSONL, K_WARC, K_TEXT};
    if (*k == K_UNKNOWN) {
        *k = of_sniff[v.kind];
        warn(r, "%s: no .txt, .html, .jsonl or .warc ending: read as %s%s, as %s%s", path,
             ss_sniff_name(v.kind), comp, v.why,
             v.doubt ? " (a guess: name the file by its format if that is wrong)" : "");
    } else if (v.kind == SS_SNIFF_WARC && *k != K_WARC) {
        *k = K_WARC;
        warn(r, "%s: read as WARC, as %s, although its name says otherwise", path, v.why);
    } else if (v.kind == SS_SNIFF_JSONL && !v.doubt && *k == K_TEXT) {
        warn(r, "%s: read as one text as its name says, but %s (name it .jsonl if it is "
                "JSON Lines)", path, v.why);
    }
    return SS_OK;
}

/* The next record: a JSONL line (rec->line, also kept in r->raw) or a whole
 * file read into a document (rec->doc).  Bad records count in st.bad. */
static int next_record(ss_reader *r, ss_raw_record *rec, ss_error *err)
{
    memset(rec, 0, sizeof *rec);
    for (;;) {
        if (r->cur && r->cur_judged && r->cur_kind == K_WARC) {
            int rc = ss_warc_next(r->cur, r->cur_path, r->opts.max_doc_bytes, &r->warc, err);
            if (rc == 1) {
                ss_doc *d = NULL;
                rc = warc_page(r, &d, err);
                if (rc == 0)
                    continue;
                if (rc < 0) {
                    r->st.bad++;
                    return rc;
                }
                ss_buf_clear(&r->raw);
                rec->doc = d;
                rec->origin = d->origin;
                return 1;
            }
            if (rc == SS_ETOOBIG || (rc < 0 && rc != SS_ENOMEM && !ss_stream_done(r->cur))) {
                /* a record skipped, or a damaged one passed over: the
                 * archive goes on at the next record */
                ss_buf_clear(&r->raw);
                r->st.bad++;
                return rc;
            }
            r->st.bytes += ss_stream_bytes(r->cur);
            ss_stream_close(r->cur);
            r->cur = NULL;
            if (rc < 0) {
                ss_buf_clear(&r->raw);
                r->st.bad++;
                return rc;
            }
            continue;
        }
        if (r->cur && !r->cur_judged) {
            /* a file just opened: settle its kind from its first bytes */
            int refused;
            int rc = judge(r, r->cur, r->cur_path, &r->cur_kind, &refused, err);
            if (rc) {
                /* records (JSONL, WARC) go on after a damaged part; a file
                 * read whole is lost with it (read again, its rest would
                 * make a second, empty or cut, document) */
                int whole = r->cur_kind != K_JSONL && r->cur_kind != K_WARC;
                if (refused || whole || ss_stream_done(r->cur)) {
                    r->st.bytes += ss_stream_bytes(r->cur);
                    ss_stream_close(r->cur);
                    r->cur = NULL;
                }
                if (whole && !refused && rc != SS_ENOMEM)
                    whole_lost(err, rc);
                ss_buf_clear(&r->raw);
                r->st.bad++;
                return rc;
            }
            r->cur_judged = 1;
            if (r->cur_kind == K_JSONL || r->cur_kind == K_WARC)
                continue;
            if (r->cur_kind == K_HTML && r->opts.skip_pages) {
                r->st.bytes += ss_stream_bytes(r->cur);
                ss_stream_close(r->cur);
                r->cur = NULL;
                continue;
            }
            ss_stream *s = r->cur;
            r->cur = NULL;
            ss_doc *d = NULL;
            rc = read_whole(r, s, r->cur_path, r->cur_root, r->cur_kind, &d, err);
            if (rc < 0) {
                r->st.bad++;
                return rc;
            }
            if (!d) /* no text in it: warned */
                continue;
            rec->doc = d;
            rec->origin = d->origin;
            return 1;
        }
        if (r->cur) {
            const char *line;
            size_t len;
            int rc = ss_stream_skip_blank_lines(r->cur, err);
            if (rc == SS_OK)
                rc = ss_stream_getline(r->cur, &line, &len, err);
            if (rc == 1) {
                if (ss_jsonl_blank(line, len))
                    continue;
                ss_buf_clear(&r->raw);
                if (ss_buf_append(&r->raw, line, len))
                    return ss_error_set(err, SS_ENOMEM, "out of memory");
                rec->line = r->raw.data;
                rec->len = len;
                rec->origin = r->cur_path;
                rec->lineno = ss_stream_lineno(r->cur);
                r->cur_lines++;
                return 1;
            }
            if (rc == SS_ETOOBIG || (rc < 0 && rc != SS_ENOMEM && !ss_stream_done(r->cur))) {
                /* an over-long line, or a damaged gzip member passed over
                   (a record all the same: the file is not empty) */
                r->cur_lines++;
                ss_buf_clear(&r->raw);
                r->st.bad++;
                return rc;
            }
            r->st.bytes += ss_stream_bytes(r->cur);
            ss_stream_close(r->cur);
            r->cur = NULL;
            if (rc < 0) {
                ss_buf_clear(&r->raw);
                r->st.bad++;
                return rc;
            }
            if (!r->cur_lines)
                warn(r, "%s: no records in it (an empty file, or blank lines only)",
                     strcmp(r->cur_path, "-") == 0 ? "standard input" : r->cur_path);
            continue;
        }
        if (r->nstack == 0)
            return 0;
        pending top = r->stack[--r->nstack];
        char *path = top.path;
        int rc = SS_OK;
        struct stat st;
        if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
            rc = ss_error_set(err, SS_EIO, "%s: cannot read: %s", path, strerror(errno));
        } else if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode)) {
            int seen = seen_dir(r, &st);
            if (seen == 1)
                warn(r, "%s: skipped: this folder was read already (a link loop, or named twice)",
                     path);
            rc = seen < 0   ? ss_error_set(err, SS_ENOMEM, "%s: out of memory", path)
                 : seen == 0 ? expand_dir(r, path, top.root, err)
                             : SS_OK;
            free(path);
            if (rc) {
                r->st.bad++;
                return rc;
            }
            continue;
        }
        if (rc) {
            free(path);
            ss_buf_clear(&r->raw);
            r->st.bad++;
            return rc;
        }
        int is_stdin = strcmp(path, "-") == 0;
        if (r->opts.skip_pages && !is_stdin && kind_of(path) == K_HTML) {
            free(path);
            continue;
        }
        ss_stream *s = ss_stream_open(path, r->opts.max_doc_bytes, err);
        if (!s) {
            free(path);
            ss_buf_clear(&r->raw);
            r->st.bad++;
            return err ? err->code : SS_EIO;
        }
        r->st.files++;
        r->cur = s;
        free(r->cur_path);
        r->cur_path = path;
        r->cur_root = top.root;
        r->cur_kind = is_stdin ? K_JSONL : kind_of(path);
        r->cur_judged = is_stdin;
        r->cur_lines = 0;
    }
}

static void warn_repaired_line(ss_reader *r, const ss_doc *d)
{
    if (d->line && d->n_repaired)
        warn(r, "%s:%llu: %u invalid UTF-8 sequence(s), NUL byte(s) or lone surrogate escape(s) replaced by U+FFFD",
             d->origin, (unsigned long long)d->line, d->n_repaired);
}

int ss_reader_next(ss_reader *r, ss_doc **out, ss_error *err)
{
    *out = NULL;
    ss_raw_record rec;
    int rc = next_record(r, &rec, err);
    if (rc <= 0)
        return rc;
    ss_doc *d = rec.doc;
    if (!d) {
        rc = ss_jsonl_parse(rec.line, rec.len, rec.origin, rec.lineno, &d, err);
        if (rc) {
            r->st.bad++;
            return rc;
        }
    }
    return deliver(r, d, out, err);
}

int ss_reader_next_raw(ss_reader *r, ss_raw_record *rec, ss_error *err)
{
    return next_record(r, rec, err);
}

int ss_reader_accept(ss_reader *r, const ss_doc *d, ss_error *err)
{
    warn_repaired_line(r, d);
    uint64_t first = WHERE_UNKNOWN;
    if (!r->opts.allow_duplicate_ids && !remember_id(r, d, &first)) {
        r->st.bad++;
        /* where the first was: "first at a.jsonl:3", "first in day1/a.txt" */
        char at[320] = "seen before in this input";
        size_t o = (size_t)(first >> WHERE_LINE_BITS);
        uint64_t line = first & (((uint64_t)1 << WHERE_LINE_BITS) - 1);
        if (first != WHERE_UNKNOWN && o < r->norigins) {
            if (line)
                snprintf(at, sizeof at, "first at %.240s:%llu", r->origins[o], (unsigned long long)line);
            else
                snprintf(at, sizeof at, "first in %.240s", r->origins[o]);
        }
        /* two files of one name in two folders named apart: their ids are
           their paths below those folders */
        const char *hint = !d->line && !line && first != WHERE_UNKNOWN && o < r->norigins &&
                                   strcmp(r->origins[o], d->origin) != 0
                               ? "; a file's id is its path below the folder named: name a folder above "
                                 "both to keep both"
                               : "";
        if (d->line)
            return ss_error_set_at(err, SS_EDUPID, d->line, SS_NO_OFFSET, "%s:%llu: duplicate id \"%s\" (%s)",
                                   d->origin, (unsigned long long)d->line, d->id, at);
        return ss_error_set(err, SS_EDUPID, "%s: duplicate id \"%s\" (%s)%s", d->origin, d->id, at, hint);
    }
    if (d->n_repaired)
        r->st.repaired++;
    r->st.docs++;
    return SS_OK;
}

void ss_reader_count_bad(ss_reader *r) { r->st.bad++; }

const char *ss_reader_raw(const ss_reader *r, size_t *len)
{
    *len = r->raw.len;
    return r->raw.data ? r->raw.data : "";
}

ss_reader_stats ss_reader_get_stats(const ss_reader *r)
{
    ss_reader_stats s = r->st;
    if (r->cur)
        s.bytes += ss_stream_bytes(r->cur);
    return s;
}
