/* input/jsonl_fast.c — the common JSONL record through yajl's event parser.
 *
 * The callbacks fill a document while yajl streams over the line; any event
 * the fast path does not handle (a known field of the wrong type or seen
 * twice, an unknown field when extras are wanted, deep nesting, a top level
 * that is not an object) cancels the parse, and so does any yajl error:
 * ss_jsonl_parse then decides, so both paths agree on every record.  The
 * checks after the parse mirror jsonl.c's (empty id, neither title nor
 * text); a record failing them also goes to ss_jsonl_parse for its message.
 */
#include "input/jsonl_fast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "input/jsonl.h"
#include "lang/langid.h"
#include "text/utf8.h"

enum { F_ID, F_TEXT, F_HTML, F_TITLE, F_URL, F_SOURCE, F_AUTHOR, F_LANG, F_DATE, F_COUNT, F_OTHER };

static const char *const field_names[F_COUNT] = {"id",     "text",   "html", "title", "url",
                                                 "source", "author", "lang", "date"};

#define MAX_DEPTH 64

typedef struct {
    ss_doc *d;
    unsigned flags;
    int depth;
    int field;            /* field of the value that comes next at depth 1 */
    unsigned seen;        /* bit per known field */
    int has_text, has_html, oom;
    yajl_handle h;
    size_t end;           /* bytes up to the record's closing brace */
} scan;

static int field_of(const unsigned char *k, size_t n)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strlen(field_names[i]) == n && memcmp(field_names[i], k, n) == 0)
            return i;
    return F_OTHER;
}

/* A scalar or container value other than a string starts at depth 1: only
 * null for known fields other than id, anything for other fields. */
static int top_value(scan *s, int is_null)
{
    if (s->depth != 1)
        return 1;
    if (s->field == F_OTHER)
        return 1;
    return is_null && s->field != F_ID;
}

static int on_null(void *ctx) { return top_value(ctx, 1); }
static int on_bool(void *ctx, int v)
{
    (void)v;
    return top_value(ctx, 0);
}
static int on_double(void *ctx, double v)
{
    (void)v;
    return top_value(ctx, 0);
}

static int on_integer(void *ctx, long long v)
{
    scan *s = ctx;
    if (s->depth != 1 || s->field != F_ID)
        return top_value(s, 0);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    if (ss_doc_set_str(&s->d->id, tmp, (size_t)-1)) {
        s->oom = 1;
        return 0;
    }
    return 1;
}

static int on_string(void *ctx, const unsigned char *v, size_t n)
{
    scan *s = ctx;
    if (s->depth != 1 || s->field == F_OTHER)
        return 1;
    ss_doc *d = s->d;
    const char *p = (const char *)v;
    int rc = SS_OK;
    switch (s->field) {
    case F_ID: rc = ss_doc_set_str(&d->id, p, n); break;
    case F_TITLE: rc = ss_doc_set_str(&d->title, p, n); break;
    case F_URL: rc = ss_doc_set_str(&d->url, p, n); break;
    case F_SOURCE: rc = ss_doc_set_str(&d->source, p, n); break;
    case F_AUTHOR: rc = ss_doc_set_str(&d->author, p, n); break;
    case F_DATE: rc = ss_doc_set_str(&d->date, p, n); break;
    case F_TEXT:
        rc = ss_doc_set_str(&d->text, p, n);
        d->text_len = n;
        s->has_text = 1;
        break;
    case F_HTML:
        rc = ss_doc_set_str(&d->html, p, n);
        d->html_len = n;
        s->has_html = 1;
        break;
    case F_LANG: {
        char tag[64];
        if (n >= sizeof tag)
            return 0; /* let jsonl.c decide what a long tag means */
        memcpy(tag, p, n);
        tag[n] = '\0';
        ss_lang_normalize_tag(tag, d->lang);
        d->lang_given = d->lang[0] != '\0';
        if (!d->lang_given && tag[0])
            ss_doc_note_unread_lang(d, tag);
        break;
    }
    default: break;
    }
    if (rc) {
        s->oom = 1;
        return 0;
    }
    return 1;
}

static int on_start(void *ctx)
{
    scan *s = ctx;
    if (s->depth == 0 && s->seen == 0 && s->field == -1) {
        s->depth = 1; /* the record itself */
        s->field = F_OTHER;
        return 1;
    }
    if (s->depth == 0)
        return 0; /* a second top-level value, or the top level is an array */
    if (s->depth == 1 && s->field != F_OTHER)
        return 0; /* a known field holding an object or array */
    if (++s->depth > MAX_DEPTH)
        return 0;
    return 1;
}

static int on_start_array(void *ctx)
{
    scan *s = ctx;
    if (s->depth == 0)
        return 0;
    return on_start(ctx);
}

static int on_end(void *ctx)
{
    scan *s = ctx;
    if (--s->depth == 0)
        s->end = yajl_get_bytes_consumed(s->h);
    return 1;
}

static int on_key(void *ctx, const unsigned char *k, size_t n)
{
    scan *s = ctx;
    if (s->depth != 1)
        return 1;
    int f = field_of(k, n);
    if (f == F_OTHER) {
        s->field = F_OTHER;
        return (s->flags & SS_JSONL_NO_EXTRA) != 0;
    }
    if (s->seen & (1u << f))
        return 0; /* a repeated field: jansson keeps the last; let it */
    s->seen |= 1u << f;
    s->field = f;
    return 1;
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, on_integer, on_double, NULL, on_string,
    on_start, on_key, on_end, on_start_array, on_end};

static int has_u_escape(const char *line, size_t len)
{
    const char *p = line, *end = line + len;
    while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        if (p + 1 < end && p[1] == 'u')
            return 1;
        p += 2; /* skip the escaped character (an escaped backslash too) */
        if (p >= end)
            break;
    }
    return 0;
}

/* 1 and *out when the fast path produced the document, 0 to fall back. */
static int try_fast(const char *line, size_t len, const char *origin, uint64_t lineno,
                    unsigned flags, ss_doc **out)
{
    /* yajl also takes \v and \f for white space, JSON (and jansson) do not */
    if (ss_utf8_valid_prefix(line, len) != len || has_u_escape(line, len) ||
        memchr(line, '\v', len) || memchr(line, '\f', len))
        return 0;
    scan s;
    memset(&s, 0, sizeof s);
    s.flags = flags;
    s.field = -1;
    s.d = ss_doc_new();
    if (!s.d)
        return 0;
    int ok = 0;
    yajl_handle h = yajl_alloc(&callbacks, NULL, &s);
    s.h = h;
    if (h) {
        yajl_config(h, yajl_dont_validate_strings, 1); /* checked above */
        ok = yajl_parse(h, (const unsigned char *)line, len) == yajl_status_ok &&
             yajl_complete_parse(h) == yajl_status_ok;
        yajl_free(h);
    }
    /* yajl lets an unfinished token after the record pass: only white space may follow */
    for (size_t i = s.end; ok && i < len; i++)
        ok = line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n';
    ss_doc *d = s.d;
    /* the record-level rules of jsonl.c; a record failing one goes there */
    ok = ok && !s.oom && s.depth == 0 && s.field != -1 && d->id && d->id[0];
    if (ok && !s.has_text) {
        if (s.has_html)
            d->format = SS_FORMAT_HTML;
        else
            ok = ss_doc_set_text(d, "", 0) == SS_OK;
    }
    if (ok && s.has_text)
        d->format = SS_FORMAT_JSONL;
    if (ok && !s.has_text && !s.has_html)
        d->format = SS_FORMAT_JSONL;
    int has_title = d->title && !ss_jsonl_blank(d->title, strlen(d->title));
    ok = ok && (has_title || (s.has_text && !ss_jsonl_blank(d->text, d->text_len)) ||
                (s.has_html && !ss_jsonl_blank(d->html, d->html_len)));
    if (ok && d->date) {
        char *given = d->date;
        d->date = NULL;
        ok = ss_doc_set_date(d, given) != SS_ENOMEM;
        free(given);
    }
    if (ok)
        ok = ss_doc_set_str(&d->origin, origin, (size_t)-1) == SS_OK;
    if (!ok) {
        ss_doc_free(d);
        return 0;
    }
    d->line = lineno;
    *out = d;
    return 1;
}

int ss_jsonl_parse_fast(const char *line, size_t len, const char *origin, uint64_t lineno,
                        unsigned flags, ss_doc **out, ss_error *err)
{
    *out = NULL;
    if (try_fast(line, len, origin, lineno, flags, out))
        return SS_OK;
    int rc = ss_jsonl_parse(line, len, origin, lineno, out, err);
    if (rc == SS_OK && (flags & SS_JSONL_NO_EXTRA)) {
        free((*out)->extra);
        (*out)->extra = NULL;
    }
    return rc;
}
