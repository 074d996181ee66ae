/* input/jsonl.c — JSON record to ss_doc, with jansson as the parser. */
#include "input/jsonl.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"
#include "lang/langid.h"
#include "text/utf8.h"

int ss_jsonl_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return 0;
    return 1;
}

/* Copy a JSON string into *field, repairing NULs and bad UTF-8. */
static int take_string(json_t *v, char **field, size_t *lenp, uint32_t *repaired)
{
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (ss_utf8_valid_prefix(s, n) == n) {
        if (ss_doc_set_str(field, s, n))
            return SS_ENOMEM;
    } else {
        ss_buf b = SS_BUF_INIT;
        ss_utf8_report rep;
        if (ss_utf8_repair(s, n, &b, &rep)) {
            ss_buf_release(&b);
            return SS_ENOMEM;
        }
        *repaired += (uint32_t)(rep.invalid + rep.nuls);
        n = b.len;
        free(*field);
        *field = ss_buf_detach(&b);
        if (!*field)
            return SS_ENOMEM;
    }
    if (lenp)
        *lenp = n;
    return SS_OK;
}

static const char *const known[] = {"id", "text", "html", "title", "url", "source",
                                     "author", "lang", "date", NULL};

static int is_known(const char *k)
{
    for (int i = 0; known[i]; i++)
        if (strcmp(k, known[i]) == 0)
            return 1;
    return 0;
}

/* A number given as "date" is a Unix time from 1971 to 2200: 0 and
 * negative values stand for a missing date in many exports, and a later
 * one is a value in another unit. */
#define SS_UNIX_DATE_MIN 31536000.0
#define SS_UNIX_DATE_MAX 7258118400.0

#define FAIL(code, ...) \
    do { \
        rc = code; \
        char m_[512]; \
        snprintf(m_, sizeof m_, __VA_ARGS__); \
        ss_error_set_at(err, rc, lineno, SS_NO_OFFSET, "%s:%llu: %s", origin, \
                        (unsigned long long)lineno, m_); \
        goto fail; \
    } while (0)

/* Build a document from a JSON object. */
static int doc_from_object(json_t *o, const char *origin, uint64_t lineno, ss_doc **out,
                           ss_error *err)
{
    int rc = SS_OK;
    ss_doc *d = ss_doc_new();
    if (!d)
        FAIL(SS_ENOMEM, "out of memory");
    json_t *id = json_object_get(o, "id");
    if (!id || json_is_null(id)) {
        /* {"articles": [{...}, ...]}: records wrapped in an object */
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v) {
            if (json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0)))
                FAIL(SS_EMISSING,
                     "record has no \"id\"; its \"%.60s\" holds an array of objects: give the records "
                     "themselves, one per line (`jq -c '.%.60s[]' FILE`), or as a JSON array",
                     key, key);
        }
        FAIL(SS_EMISSING, "record has no \"id\"");
    }
    if (json_is_string(id)) {
        if (take_string(id, &d->id, NULL, &d->n_repaired))
            FAIL(SS_ENOMEM, "out of memory");
        if (!d->id[0])
            FAIL(SS_EMISSING, "record has an empty \"id\"");
    } else if (json_is_integer(id)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        if (ss_doc_set_str(&d->id, tmp, (size_t)-1))
            FAIL(SS_ENOMEM, "out of memory");
    } else {
        FAIL(SS_EMISSING, "\"id\" must be a string or an integer");
    }
    struct {
        const char *key;
        char **field;
    } strs[] = {{"title", &d->title},   {"url", &d->url},       {"source", &d->source},
                {"author", &d->author}, {"date", &d->date},     {NULL, NULL}};
    for (int i = 0; strs[i].key; i++) {
        json_t *v = json_object_get(o, strs[i].key);
        if (!v || json_is_null(v))
            continue;
        if (strs[i].field == &d->date && json_is_number(v)) {
            /* a Unix time, in seconds, or in milliseconds as JavaScript
               writes it (from 1e11: no seconds count of this era) */
            double t = json_number_value(v);
            if (fabs(t) >= 1e11)
                t /= 1000.0;
            char iso[32];
            if (t >= SS_UNIX_DATE_MIN && t < SS_UNIX_DATE_MAX)
                ss_time_format_iso((int64_t)floor(t), iso);
            else /* 0, -5, year 5138: a missing value's stand-in, not a date;
                    kept as given and told (date_unread) */
                snprintf(iso, sizeof iso, "%.17g", json_number_value(v));
            if (ss_doc_set_str(&d->date, iso, (size_t)-1))
                FAIL(SS_ENOMEM, "out of memory");
            continue;
        }
        if (!json_is_string(v))
            FAIL(SS_EMISSING, "\"%s\" must be a string%s (id %s)", strs[i].key,
                 strs[i].field == &d->date ? " or a Unix time" : "", d->id);
        if (take_string(v, strs[i].field, NULL, &d->n_repaired))
            FAIL(SS_ENOMEM, "out of memory");
    }
    json_t *lang = json_object_get(o, "lang");
    if (lang && !json_is_null(lang)) {
        if (!json_is_string(lang))
            FAIL(SS_EMISSING, "\"lang\" must be a string (id %s)", d->id);
        ss_lang_normalize_tag(json_string_value(lang), d->lang);
        d->lang_given = d->lang[0] != '\0';
        if (!d->lang_given && json_string_value(lang)[0])
            ss_doc_note_unread_lang(d, json_string_value(lang));
    }
    json_t *text = json_object_get(o, "text");
    json_t *html = json_object_get(o, "html");
    if (text && !json_is_null(text) && !json_is_string(text))
        FAIL(SS_EMISSING, "\"text\" must be a string (id %s)", d->id);
    if (html && !json_is_null(html) && !json_is_string(html))
        FAIL(SS_EMISSING, "\"html\" must be a string (id %s)", d->id);
    int has_text = text && json_is_string(text);
    int has_html = html && json_is_string(html);
    if (has_html) {
        if (take_string(html, &d->html, &d->html_len, &d->n_repaired))
            FAIL(SS_ENOMEM, "out of memory");
    }
    if (has_text) {
        if (take_string(text, &d->text, &d->text_len, &d->n_repaired))
            FAIL(SS_ENOMEM, "out of memory");
        d->format = SS_FORMAT_JSONL;
    } else if (has_html) {
        d->format = SS_FORMAT_HTML;
    } else {
        if (ss_doc_set_text(d, "", 0))
            FAIL(SS_ENOMEM, "out of memory");
        d->format = SS_FORMAT_JSONL;
    }
    /* white space alone is no title or text ("   \n\n  ") */
    int has_title = d->title && !ss_jsonl_blank(d->title, strlen(d->title));
    int nonempty_text = has_text && !ss_jsonl_blank(d->text, d->text_len);
    if (!has_title && !nonempty_text && !(has_html && !ss_jsonl_blank(d->html, d->html_len))) {
        /* name what the record holds instead: {"id", "body"} is a record
           whose producer called the text something else */
        char other[200];
        size_t used = 0, shown = 0;
        other[0] = '\0';
        const char *key;
        json_t *val;
        json_object_foreach(o, key, val) {
            if (is_known(key) || !json_is_string(val) || shown == 4)
                continue;
            int w = snprintf(other + used, sizeof other - used, "%s\"%.40s\"", shown ? ", " : "", key);
            if (w < 0 || (size_t)w >= sizeof other - used)
                break;
            used += (size_t)w;
            shown++;
        }
        if (shown)
            FAIL(SS_EMISSING,
                 "record %s has neither title nor text (the text goes in \"text\", or \"html\" "
                 "for a page; the record's other text fields: %s)",
                 d->id, other);
        FAIL(SS_EMISSING, "record %s has neither title nor text", d->id);
    }
    if (d->date) {
        char *given = d->date;
        d->date = NULL;
        int drc = ss_doc_set_date(d, given);
        free(given);
        if (drc == SS_ENOMEM)
            FAIL(SS_ENOMEM, "out of memory");
        /* an unparsable date is kept as given with time unknown */
    }
    /* pass the other fields through, in order */
    json_t *extra = json_object();
    if (!extra)
        FAIL(SS_ENOMEM, "out of memory");
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) {
        if (!is_known(k))
            json_object_set(extra, k, v);
    }
    if (json_object_size(extra) > 0) {
        char *s = json_dumps(extra, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!s) {
            json_decref(extra);
            FAIL(SS_ENOMEM, "out of memory");
        }
        size_t n = strlen(s);
        /* strip the braces: "{...}" -> "..." */
        memmove(s, s + 1, n - 2);
        s[n - 2] = '\0';
        d->extra = s;
    }
    json_decref(extra);
    if (ss_doc_set_str(&d->origin, origin, (size_t)-1))
        FAIL(SS_ENOMEM, "out of memory");
    d->line = lineno;
    *out = d;
    return SS_OK;
fail:
    ss_doc_free(d);
    return rc;
}

/* A UTF-8 byte order mark: skipped at the start of a line (the first line
 * of a file saved by many editors, or of a file concatenated to others). */
#define BOM "\xEF\xBB\xBF"
#define BOM_LEN 3

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The code unit of a "\uXXXX" escape at p[0..6), or -1. */
static long u_escape(const char *p, const char *end)
{
    if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
        return -1;
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hexval(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Rewrite each lone surrogate escape (a "\uD800".."\uDBFF" not followed by
 * a "\uDC00".."\uDFFF", or such a low half alone) as "\uFFFD", which has
 * the same length, so columns in messages stay right.  JSON allows these
 * escapes but they name no character, and jansson rejects the record; they
 * are repaired like invalid UTF-8.  Returns how many were rewritten; *fixed
 * holds the copy when that is not 0. */
static int repair_surrogates(const char *line, size_t len, ss_buf *fixed, size_t *count)
{
    const char *p = line, *end = line + len;
    *count = 0;
    while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        long v = u_escape(p, end);
        if (v < 0xD800 || v > 0xDFFF) {
            p += 2; /* any other escape, an escaped backslash too */
            if (p >= end)
                break;
            continue;
        }
        long lo = v <= 0xDBFF ? u_escape(p + 6, end) : -1;
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            p += 12; /* a well-formed pair */
            continue;
        }
        if (*count == 0) {
            ss_buf_clear(fixed);
            if (ss_buf_append(fixed, line, len))
                return SS_ENOMEM;
        }
        memcpy(fixed->data + (p - line), "\\uFFFD", 6);
        (*count)++;
        p += 6;
    }
    return SS_OK;
}

/* Copy s into out[0..cap) with control and invisible characters (C0, DEL, C1,
 * zero-width and direction marks, the byte order mark) shown as \uXXXX, so
 * that a message never carries them raw; other bytes are copied. */
static void append_visible(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && o + 8 < cap;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = 0;
        size_t n = 1;
        if (c < 0x80) {
            cp = c;
        } else if ((c & 0xE0) == 0xC0 && s[i + 1]) {
            cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F);
            n = 2;
        } else if ((c & 0xF0) == 0xE0 && s[i + 1] && s[i + 2]) {
            cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)((unsigned char)s[i + 1] & 0x3F) << 6) |
                 ((unsigned char)s[i + 2] & 0x3F);
            n = 3;
        } else {
            cp = 0x20; /* a byte that starts nothing we check: copy it */
        }
        int hide = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
                   (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
                   (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
        if (hide) {
            o += (size_t)snprintf(out + o, cap - o, "\\u%04X", (unsigned)cp);
        } else {
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
}

/* Parse a line into a JSON value, repairing invalid UTF-8 and lone
 * surrogate escapes first and skipping a leading byte order mark. */
static json_t *load_line(const char *line, size_t len, const char *origin, uint64_t lineno,
                         uint32_t *repaired, int *rc, ss_error *err)
{
    ss_buf fixed = SS_BUF_INIT, fixed2 = SS_BUF_INIT;
    if (len >= BOM_LEN && memcmp(line, BOM, BOM_LEN) == 0) {
        line += BOM_LEN;
        len -= BOM_LEN;
    }
    if (ss_utf8_valid_prefix(line, len) != len) {
        ss_utf8_report rep;
        if (ss_utf8_repair(line, len, &fixed, &rep)) {
            ss_buf_release(&fixed);
            *rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            return NULL;
        }
        *repaired = (uint32_t)(rep.invalid + rep.nuls);
        line = fixed.data;
        len = fixed.len;
    }
    size_t lone = 0;
    if (memchr(line, '\\', len)) {
        if (repair_surrogates(line, len, &fixed2, &lone)) {
            ss_buf_release(&fixed);
            ss_buf_release(&fixed2);
            *rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            return NULL;
        }
        if (lone) {
            *repaired += (uint32_t)lone;
            line = fixed2.data;
            len = fixed2.len;
        }
    }
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    /* a line that ends opening an array or object: a JSON document written
       over many lines, not JSON Lines (judged before line, which may be
       one of the buffers, is released) */
    int opener = 0;
    if (!o) {
        size_t b = len;
        while (b > 0 && (line[b - 1] == ' ' || line[b - 1] == '\t' || line[b - 1] == '\r'))
            b--;
        opener = b > 0 && (line[b - 1] == '[' || line[b - 1] == '{') ? line[b - 1] : 0;
    }
    ss_buf_release(&fixed);
    ss_buf_release(&fixed2);
    if (!o) {
        char why[sizeof je.text * 2];
        append_visible(why, sizeof why, je.text);
        *rc = ss_error_set_at(err, SS_EPARSE, lineno, SS_NO_OFFSET,
                              "%s:%llu: invalid JSON at column %d: %s%s", origin,
                              (unsigned long long)lineno, je.column, why,
                              opener == '[' ? " (records are read one JSON object per line, JSON "
                                              "Lines; a JSON document over many lines is not: "
                                              "`jq -c '.[]' FILE` turns an array of objects into "
                                              "JSON Lines)"
                              : opener == '{' ? " (records are read one JSON object per line, JSON "
                                                "Lines; an object written over many lines is not: "
                                                "`jq -c . FILE` writes each object of the file on "
                                                "one line)"
                                              : "");
        return NULL;
    }
    if (!json_is_object(o)) {
        int array = json_is_array(o);
        /* a string says what it is (a binding answers a record it could
           not write as JSON with a string saying why) */
        char said[400];
        said[0] = '\0';
        if (json_is_string(o))
            append_visible(said, sizeof said, json_string_value(o));
        const char *kind = array ? "an array" : json_is_string(o) ? "a string" : json_is_number(o) ? "a number"
                                                                                                : "a literal";
        json_decref(o);
        *rc = ss_error_set_at(err, SS_EPARSE, lineno, SS_NO_OFFSET,
                              "%s:%llu: the line is JSON but not an object: %s%s%s%s", origin,
                              (unsigned long long)lineno, kind,
                              array ? " (records are read one JSON object per line, "
                                      "JSON Lines; `jq -c '.[]' FILE` turns an array of "
                                      "objects into JSON Lines)"
                                    : "",
                              said[0] ? ": " : "", said);
        return NULL;
    }
    return o;
}

int ss_jsonl_parse(const char *line, size_t len, const char *origin, uint64_t lineno,
                   ss_doc **out, ss_error *err)
{
    uint32_t repaired = 0;
    int rc = SS_OK;
    json_t *o = load_line(line, len, origin, lineno, &repaired, &rc, err);
    if (!o)
        return rc;
    rc = doc_from_object(o, origin, lineno, out, err);
    json_decref(o);
    if (rc == SS_OK)
        (*out)->n_repaired += repaired;
    return rc;
}

int ss_jsonl_parse_pair(const char *line, size_t len, const char *origin, uint64_t lineno,
                        char **id, ss_doc **a, ss_doc **b, ss_error *err)
{
    uint32_t repaired = 0;
    int rc = SS_OK;
    *id = NULL;
    *a = *b = NULL;
    json_t *o = load_line(line, len, origin, lineno, &repaired, &rc, err);
    if (!o)
        return rc;
    json_t *pid = json_object_get(o, "id");
    json_t *ja = json_object_get(o, "a"), *jb = json_object_get(o, "b");
    if (!pid || !(json_is_string(pid) || json_is_integer(pid))) {
        rc = ss_error_set_at(err, SS_EMISSING, lineno, SS_NO_OFFSET,
                             "%s:%llu: pair record has no string or integer \"id\"", origin,
                             (unsigned long long)lineno);
    } else if (!json_is_object(ja) || !json_is_object(jb)) {
        rc = ss_error_set_at(err, SS_EMISSING, lineno, SS_NO_OFFSET,
                             "%s:%llu: pair record needs objects \"a\" and \"b\"", origin,
                             (unsigned long long)lineno);
    } else {
        char tmp[32];
        const char *s = tmp;
        if (json_is_string(pid))
            s = json_string_value(pid);
        else
            snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(pid));
        *id = strdup(s);
        if (!*id)
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        if (rc == SS_OK)
            rc = doc_from_object(ja, origin, lineno, a, err);
        if (rc == SS_OK)
            rc = doc_from_object(jb, origin, lineno, b, err);
    }
    json_decref(o);
    if (rc != SS_OK) {
        free(*id);
        ss_doc_free(*a);
        ss_doc_free(*b);
        *id = NULL;
        *a = *b = NULL;
    }
    return rc;
}
