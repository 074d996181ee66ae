/* input/reader.c — path walking, format dispatch, duplicate ids.
 *
 * Pending inputs are a stack of paths (folders expand in place, sorted, so
 * the walk is depth-first in name order).  At most one stream is open.
 * Document ids are remembered as 64-bit hashes in an open-addressing set.
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
#include "input/jsonl.h"
#include "input/stream.h"
#include "input/warc.h"
#include "text/utf8.h"

typedef enum { K_UNKNOWN, K_TEXT, K_HTML, K_JSONL, K_WARC } kind;

struct ss_reader {
    ss_reader_opts opts;
    char **stack;          /* pending paths, last = next */
    size_t nstack, capstack;
    ss_stream *cur;        /* open JSONL or WARC stream */
    kind cur_kind;
    char *cur_path;
    ss_warc_record warc;   /* the WARC record being read */
    ss_buf raw;            /* raw bytes of the last record */
    uint64_t *ids;         /* hash set of ids (0 = empty slot) */
    size_t ids_cap, ids_n;
    ss_reader_stats st;
};

static int push_path(ss_reader *r, const char *p)
{
    if (r->nstack == r->capstack) {
        size_t cap = r->capstack ? r->capstack * 2 : 16;
        char **s = realloc(r->stack, cap * sizeof *s);
        if (!s)
            return SS_ENOMEM;
        r->stack = s;
        r->capstack = cap;
    }
    char *c = strdup(p);
    if (!c)
        return SS_ENOMEM;
    r->stack[r->nstack++] = c;
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
        if (push_path(r, paths[i]))
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
        free(r->stack[i]);
    free(r->stack);
    ss_stream_close(r->cur);
    free(r->cur_path);
    ss_warc_record_release(&r->warc);
    ss_buf_release(&r->raw);
    free(r->ids);
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

/* Replace a folder on the stack by its entries (sorted, first on top). */
static int expand_dir(ss_reader *r, const char *dir, ss_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ss_error_set(err, SS_EIO, "%s: cannot open folder: %s", dir, strerror(errno));
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
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = SS_ENOMEM;
            break;
        }
        snprintf(names[n], len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    if (rc == SS_OK) {
        qsort(names, n, sizeof *names, cmp_str);
        for (size_t i = n; i-- > 0 && rc == SS_OK;) {
            struct stat st;
            if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && kind_of(names[i]) == K_UNKNOWN) {
                warn(r, "%s: skipped: not a .txt, .html, .jsonl or .warc file", names[i]);
                continue;
            }
            rc = push_path(r, names[i]);
        }
    }
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

/* Strip a compression suffix from an id: "a.txt.gz" -> "a.txt". */
static int id_from_path(ss_doc *d, const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    if (ends_with(b, n, ".gz"))
        n -= 3;
    else if (ends_with(b, n, ".zst"))
        n -= 4;
    else if (ends_with(b, n, ".zstd"))
        n -= 5;
    return ss_doc_set_str(&d->id, b, n);
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

static int read_whole(ss_reader *r, const char *path, kind k, ss_doc **out, ss_error *err)
{
    ss_buf_clear(&r->raw);
    ss_stream *s = ss_stream_open(path, 0, err);
    if (!s)
        return err ? err->code : SS_EIO;
    r->st.files++;
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
        return rc;
    if (k == K_UNKNOWN) {
        size_t i = 0;
        if (r->raw.len >= 3 && memcmp(r->raw.data, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        while (i < r->raw.len && (is_space(r->raw.data[i]) || r->raw.data[i] == '\n'))
            i++;
        char c = i < r->raw.len ? r->raw.data[i] : 0;
        k = c == '<' ? K_HTML : K_TEXT;
    }
    ss_doc *d = ss_doc_new();
    if (!d || id_from_path(d, path) || ss_doc_set_str(&d->origin, path, (size_t)-1))
        goto oom;
    if (k == K_HTML) {
        d->format = SS_FORMAT_HTML;
        if (ss_doc_set_str(&d->html, r->raw.data ? r->raw.data : "", r->raw.len))
            goto oom;
        d->html_len = r->raw.len;
    } else {
        d->format = SS_FORMAT_TEXT;
        ss_buf text = SS_BUF_INIT;
        ss_utf8_report rep;
        if (ss_utf8_repair(r->raw.data ? r->raw.data : "", r->raw.len, &text, &rep)) {
            ss_buf_release(&text);
            goto oom;
        }
        d->n_repaired = (uint32_t)(rep.invalid + rep.nuls);
        if (d->n_repaired)
            warn(r, "%s: byte %zu: %zu invalid UTF-8 sequence(s) and %zu NUL byte(s) replaced by U+FFFD",
                 path, rep.first_offset, rep.invalid, rep.nuls);
        d->text_len = text.len;
        d->text = ss_buf_detach(&text);
        if (!d->text || text_title(d))
            goto oom;
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
    char ctype[128];
    if (strcmp(w->type, "response") == 0) {
        int status;
        if (strncasecmp(w->content_type, "application/http", 16) != 0 ||
            ss_warc_http(p, n, &status, ctype, &body) != SS_OK || status < 200 || status > 299)
            return 0;
    } else if (strcmp(w->type, "resource") == 0) {
        snprintf(ctype, sizeof ctype, "%s", w->content_type);
    } else {
        return 0;
    }
    if (!strstr(ctype, "html") && !(ctype[0] == '\0' && n > body && p[body] == '<'))
        return 0;
    ss_doc *d = ss_doc_new();
    if (!d)
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", r->cur_path);
    char idbuf[64];
    const char *id = w->record_id;
    if (!id || !id[0]) {
        snprintf(idbuf, sizeof idbuf, "warc@%llu", (unsigned long long)w->offset);
        id = idbuf;
    }
    int rc = ss_doc_set_str(&d->id, id, (size_t)-1) || ss_doc_set_str(&d->origin, r->cur_path, (size_t)-1) ||
             ss_doc_set_str(&d->html, p + body, n - body) ||
             (w->target_uri && ss_doc_set_str(&d->url, w->target_uri, (size_t)-1));
    if (rc) {
        ss_doc_free(d);
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", r->cur_path);
    }
    d->html_len = n - body;
    d->format = SS_FORMAT_HTML;
    int64_t t;
    if (w->date && ss_time_parse(w->date, strlen(w->date), &t) == SS_OK)
        d->captured = t;
    *out = d;
    return 1;
}

/* 1 if the id was new (and is now remembered), 0 if seen before. */
static int remember_id(ss_reader *r, const char *id)
{
    uint64_t h = XXH3_64bits(id, strlen(id));
    if (h == 0)
        h = 1;
    if ((r->ids_n + 1) * 4 > r->ids_cap * 3) {
        size_t cap = r->ids_cap ? r->ids_cap * 2 : 1024;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v)
            return 1; /* cannot grow: stop checking rather than fail */
        for (size_t i = 0; i < r->ids_cap; i++) {
            if (!r->ids[i])
                continue;
            size_t j = (size_t)(r->ids[i] & (cap - 1));
            while (v[j])
                j = (j + 1) & (cap - 1);
            v[j] = r->ids[i];
        }
        free(r->ids);
        r->ids = v;
        r->ids_cap = cap;
    }
    size_t j = (size_t)(h & (r->ids_cap - 1));
    while (r->ids[j]) {
        if (r->ids[j] == h)
            return 0;
        j = (j + 1) & (r->ids_cap - 1);
    }
    r->ids[j] = h;
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

/* The next record: a JSONL line (rec->line, also kept in r->raw) or a whole
 * file read into a document (rec->doc).  Bad records count in st.bad. */
static int next_record(ss_reader *r, ss_raw_record *rec, ss_error *err)
{
    memset(rec, 0, sizeof *rec);
    for (;;) {
        if (r->cur && r->cur_kind == K_WARC) {
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
            if (rc == SS_ETOOBIG) {
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
                return 1;
            }
            if (rc == SS_ETOOBIG) {
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
        if (r->nstack == 0)
            return 0;
        char *path = r->stack[--r->nstack];
        int rc = SS_OK;
        struct stat st;
        if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
            rc = ss_error_set(err, SS_EIO, "%s: cannot read: %s", path, strerror(errno));
        } else if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode)) {
            rc = expand_dir(r, path, err);
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
        kind k = strcmp(path, "-") == 0 ? K_JSONL : kind_of(path);
        if (k == K_JSONL || k == K_WARC) {
            r->cur = ss_stream_open(path, r->opts.max_doc_bytes, err);
            free(r->cur_path);
            r->cur_path = path;
            if (!r->cur) {
                ss_buf_clear(&r->raw);
                r->st.bad++;
                return err ? err->code : SS_EIO;
            }
            r->cur_kind = k;
            r->st.files++;
            continue;
        }
        ss_doc *d = NULL;
        rc = read_whole(r, path, k, &d, err);
        free(path);
        if (rc < 0) {
            r->st.bad++;
            return rc;
        }
        rec->doc = d;
        rec->origin = d->origin;
        return 1;
    }
}

static void warn_repaired_line(ss_reader *r, const ss_doc *d)
{
    if (d->line && d->n_repaired)
        warn(r, "%s:%llu: %u invalid UTF-8 sequence(s) or NUL byte(s) replaced by U+FFFD",
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
    if (!r->opts.allow_duplicate_ids && !remember_id(r, d->id)) {
        r->st.bad++;
        if (d->line)
            return ss_error_set_at(err, SS_EDUPID, d->line, SS_NO_OFFSET,
                                   "%s:%llu: duplicate id \"%s\" (seen before in this input)",
                                   d->origin, (unsigned long long)d->line, d->id);
        return ss_error_set(err, SS_EDUPID, "%s: duplicate id \"%s\" (seen before in this input)",
                            d->origin, d->id);
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
