/* input/jsonl.c — JSON record to ss_doc, with jansson as the parser. */
#include "input/jsonl.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
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
    if (!id || json_is_null(id))
        FAIL(SS_EMISSING, "record has no \"id\"");
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
        if (!json_is_string(v))
            FAIL(SS_EMISSING, "\"%s\" must be a string (id %s)", strs[i].key, d->id);
        if (take_string(v, strs[i].field, NULL, &d->n_repaired))
            FAIL(SS_ENOMEM, "out of memory");
    }
    json_t *lang = json_object_get(o, "lang");
    if (lang && !json_is_null(lang)) {
        if (!json_is_string(lang))
            FAIL(SS_EMISSING, "\"lang\" must be a string (id %s)", d->id);
        ss_lang_normalize_tag(json_string_value(lang), d->lang);
        d->lang_given = d->lang[0] != '\0';
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
    int has_title = d->title && d->title[0];
    int nonempty_text = has_text && d->text_len > 0;
    if (!has_title && !nonempty_text && !(has_html && d->html_len > 0))
        FAIL(SS_EMISSING, "record %s has neither title nor text", d->id);
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

/* Parse a line into a JSON value, repairing invalid UTF-8 first. */
static json_t *load_line(const char *line, size_t len, const char *origin, uint64_t lineno,
                         uint32_t *repaired, int *rc, ss_error *err)
{
    ss_buf fixed = SS_BUF_INIT;
    if (ss_utf8_valid_prefix(line, len) != len) {
        ss_utf8_report rep;
        if (ss_utf8_repair(line, len, &fixed, &rep)) {
            *rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            return NULL;
        }
        *repaired = (uint32_t)(rep.invalid + rep.nuls);
        line = fixed.data;
        len = fixed.len;
    }
    json_error_t je;
    json_t *o = json_loadb(line, len, JSON_ALLOW_NUL, &je);
    ss_buf_release(&fixed);
    if (!o) {
        *rc = ss_error_set_at(err, SS_EPARSE, lineno, SS_NO_OFFSET,
                              "%s:%llu: invalid JSON at column %d: %s", origin,
                              (unsigned long long)lineno, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        *rc = ss_error_set_at(err, SS_EPARSE, lineno, SS_NO_OFFSET,
                              "%s:%llu: the line is JSON but not an object", origin,
                              (unsigned long long)lineno);
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
