/* input/body.c — the records of one request body (see body.h).
 *
 * jansson parses a body that is one JSON value; each array element is
 * written back compactly (key order kept) so that the CLI's record parser
 * reads it as it reads a JSONL line.  A body that is not one value (two
 * objects on two lines, a line with a lone surrogate escape that jansson
 * refuses) is taken as JSON Lines, whose parser repairs what it can and
 * names what it cannot.
 */
#include "input/body.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/jsonl.h"

static int fail(ss_body_record *r, const char *msg)
{
    free(r->error);
    r->error = strdup(msg);
    return r->error ? SS_OK : SS_ENOMEM;
}

void ss_body_records_free(ss_body_record *r, size_t n)
{
    if (!r)
        return;
    for (size_t i = 0; i < n; i++) {
        free(r[i].json);
        free(r[i].error);
    }
    free(r);
}

/* One JSON value that is an object or an array: its records. */
static int split_value(json_t *v, size_t max_records, ss_body_record **out, size_t *n, ss_error *err)
{
    size_t k = json_is_array(v) ? json_array_size(v) : 1;
    if (k > max_records)
        return ss_error_set(err, SS_ETOOBIG, "%zu records in one request; at most %zu", k, max_records);
    ss_body_record *r = calloc(k ? k : 1, sizeof *r);
    if (!r)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t i = 0; i < k; i++) {
        json_t *el = json_is_array(v) ? json_array_get(v, i) : v;
        char msg[96];
        if (!json_is_object(el)) {
            snprintf(msg, sizeof msg, "record:%zu: not a JSON object", i + 1);
            if (fail(&r[i], msg)) {
                ss_body_records_free(r, k);
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            }
            continue;
        }
        r[i].json = json_dumps(el, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!r[i].json) {
            ss_body_records_free(r, k);
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        r[i].len = strlen(r[i].json);
    }
    *out = r;
    *n = k;
    return SS_OK;
}

int ss_body_is_markup(const char *body, size_t len)
{
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    return i < len && body[i] == '<';
}

int ss_body_split(const char *body, size_t len, size_t max_records, ss_body_record **out, size_t *n,
                  ss_error *err)
{
    *out = NULL;
    *n = 0;
    json_error_t je;
    json_t *v = len ? json_loadb(body, len, JSON_ALLOW_NUL, &je) : NULL;
    if (v && (json_is_object(v) || json_is_array(v))) {
        int rc = split_value(v, max_records, out, n, err);
        json_decref(v);
        return rc;
    }
    json_decref(v);
    /* a page sent as the body ("<!doctype html>..."): no line of it is a
       record; said once, with what to send instead */
    if (ss_body_is_markup(body, len))
        return ss_error_set(err, SS_EPARSE, "%s", SS_BODY_MARKUP);
    /* JSON Lines */
    ss_body_record *r = NULL;
    size_t k = 0, cap = 0;
    const char *p = body, *end = body + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *line = p;
        p = nl ? nl + 1 : end;
        if (ll && line[ll - 1] == '\r')
            ll--;
        if (ss_jsonl_blank(line, ll))
            continue;
        if (k == max_records) {
            ss_body_records_free(r, k);
            return ss_error_set(err, SS_ETOOBIG, "more than %zu records in one request", max_records);
        }
        if (k == cap) {
            size_t nc = cap ? cap * 2 : 16;
            ss_body_record *q = realloc(r, nc * sizeof *q);
            if (!q) {
                ss_body_records_free(r, k);
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            }
            r = q;
            cap = nc;
        }
        memset(&r[k], 0, sizeof r[k]);
        r[k].json = malloc(ll + 1);
        if (!r[k].json) {
            ss_body_records_free(r, k + 1);
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        memcpy(r[k].json, line, ll);
        r[k].json[ll] = '\0';
        r[k].len = ll;
        k++;
    }
    *out = r;
    *n = k;
    return SS_OK;
}
