/* clean/record.c — one record cleaned as `samestory clean` prints it (see
 * record.h).  Moved here from the CLI so that every face prints the same
 * record. */
#include "clean/record.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "input/jsonl.h"
#include "input/reader.h"
#include "lang/langid.h"
#include "output/json.h"

/* Text shorter than this (bytes) says too little about its language: the
 * title is used instead (as the CLI always did). */
#define LANGID_MIN_TEXT 40

struct ss_record_cleaner {
    ss_cleaner *cleaner;
    ss_cleaner *own;        /* the cleaner when it is this one's own */
    ss_langid *langid;
    ss_clean_result res;
    int keep;
};

ss_record_cleaner *ss_record_cleaner_new(ss_cleaner *shared, int keep_boilerplate, ss_error *err)
{
    ss_record_cleaner *rc = calloc(1, sizeof *rc);
    if (!rc) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    ss_clean_result_init(&rc->res);
    rc->keep = keep_boilerplate;
    rc->cleaner = shared;
    if (!shared && !(rc->cleaner = rc->own = ss_cleaner_new(NULL, err))) {
        ss_record_cleaner_free(rc);
        return NULL;
    }
    if (!(rc->langid = ss_langid_new(err))) {
        ss_record_cleaner_free(rc);
        return NULL;
    }
    return rc;
}

void ss_record_cleaner_free(ss_record_cleaner *rc)
{
    if (!rc)
        return;
    ss_clean_result_release(&rc->res);
    ss_langid_free(rc->langid);
    ss_cleaner_free(rc->own);
    free(rc);
}

static const char *kind_name(int k)
{
    static const char *const names[] = {"body", "title", "chrome", "caption", "related"};
    return k >= 0 && k < 5 ? names[k] : "body";
}

static int oom(ss_error *err)
{
    return ss_error_set(err, SS_ENOMEM, "out of memory");
}

/* The members clean writes (below); an input field of one of these names
 * is left out of the pass-through fields, or the record would hold the
 * key twice, and most JSON readers keep the last, the input's. */
static const char *const own_members[] = {"title_source", "body", "removed", "blocks", "warning"};

static int drop_own_members(ss_doc *d, ss_error *err)
{
    if (!d->extra)
        return SS_OK;
    int any = 0;
    char quoted[32];
    for (size_t i = 0; i < sizeof own_members / sizeof *own_members && !any; i++) {
        snprintf(quoted, sizeof quoted, "\"%s\"", own_members[i]);
        any = strstr(d->extra, quoted) != NULL;
    }
    if (!any)
        return SS_OK;
    size_t n = strlen(d->extra);
    char *text = malloc(n + 3);
    if (!text)
        return oom(err);
    text[0] = '{';
    memcpy(text + 1, d->extra, n);
    text[n + 1] = '}';
    text[n + 2] = '\0';
    json_t *o = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    free(text);
    if (!json_is_object(o)) {
        /* the reader wrote these members: they are one object's */
        json_decref(o);
        return SS_OK;
    }
    for (size_t i = 0; i < sizeof own_members / sizeof *own_members; i++)
        json_object_del(o, own_members[i]);
    char *s = json_object_size(o) ? json_dumps(o, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    int empty = json_object_size(o) == 0;
    json_decref(o);
    if (!s && !empty)
        return oom(err);
    free(d->extra);
    d->extra = NULL;
    if (s) {
        size_t m = strlen(s);
        memmove(s, s + 1, m - 2);
        s[m - 2] = '\0';
        d->extra = s;
    }
    return SS_OK;
}

int ss_record_clean(ss_record_cleaner *rc, ss_doc *d, const char **warning, ss_error *err)
{
    ss_clean_result *r = &rc->res;
    if (warning)
        *warning = "";
    int status = ss_clean_doc(rc->cleaner, d, r, err);
    if (status)
        return status;
    if (warning)
        *warning = r->warning;
    /* the cleaned text (or, keeping boilerplate, the whole text) becomes the
     * document's text */
    int html = d->format == SS_FORMAT_HTML;
    if (!rc->keep) {
        if (ss_doc_set_text(d, r->text.data ? r->text.data : "", r->text.len))
            return oom(err);
    } else if (html) {
        if (ss_doc_set_text(d, r->full_text.data ? r->full_text.data : "", r->full_text.len))
            return oom(err);
    }
    int title_source = r->title_source;
    if (html && r->title.len == 0 && d->title && d->title[strspn(d->title, " \t\r\n")])
        title_source = SS_TITLE_INPUT; /* a page without a headline: the record's own title stays */
    else if (ss_doc_set_str(&d->title, r->title.data ? r->title.data : "", r->title.len))
        return oom(err);
    /* the page's own date, when the record gives none or one that is no
       date ("yesterday": told all the same); then, for a fetched page
       (WARC) without a date of its own, when it was fetched */
    if (r->date.len && ss_doc_fill_date(d, r->date.data) == SS_ENOMEM)
        return oom(err);
    if (ss_doc_date_from_capture(d) == SS_ENOMEM)
        return oom(err);
    if (!d->author && r->author.len && ss_doc_set_str(&d->author, r->author.data, r->author.len))
        return oom(err);
    if (!d->url && r->url.len && ss_doc_set_str(&d->url, r->url.data, r->url.len))
        return oom(err);
    ss_langid_refute_given(rc->langid, d); /* Russian text given as "en": detected instead */
    int lang_note = !d->lang_given && d->lang_unread[0]; /* said, but no language (of this text) */
    if (d->date_unread[0]) {
        size_t n = strlen(r->warning);
        snprintf(r->warning + n, sizeof r->warning - n,
                 "%s\"date\" \"%s\" is no date (ISO 8601, RFC 2822 or a Unix time): %s", n ? "; " : "",
                 d->date_unread, d->time != SS_TIME_NONE ? "the page's own date taken instead" : "taken as undated");
    }
    if (!d->lang_given) {
        ss_lang_guess g;
        const char *t = d->text_len >= LANGID_MIN_TEXT ? d->text : ss_doc_title_or_empty(d);
        size_t n = d->text_len >= LANGID_MIN_TEXT ? d->text_len : strlen(t);
        ss_langid_detect(rc->langid, t, n, &g, NULL);
        memcpy(d->lang, g.code, sizeof g.code);
    }
    if (lang_note) { /* detected instead, and told */
        char note[160];
        ss_lang_unread_note(d, note, sizeof note);
        size_t n = strlen(r->warning);
        snprintf(r->warning + n, sizeof r->warning - n, "%s%s", n ? "; " : "", note);
    }
    /* the members clean adds, in front of the pass-through fields */
    if (drop_own_members(d, err))
        return SS_ENOMEM;
    ss_buf b = SS_BUF_INIT;
    ss_jw w;
    ss_jw_init(&w, &b);
    ss_jw_obj(&w);
    ss_jw_key(&w, "title_source");
    ss_jw_str(&w, ss_title_source_name(title_source));
    if (!r->body) {
        ss_jw_key(&w, "body");
        ss_jw_bool(&w, 0);
    }
    ss_jw_key(&w, "removed");
    ss_jw_uint(&w, r->removed);
    if (rc->keep) {
        ss_jw_key(&w, "blocks");
        ss_jw_arr(&w);
        for (size_t i = 0; i < r->nblocks; i++) {
            ss_jw_obj(&w);
            ss_jw_key(&w, "span");
            ss_jw_arr(&w);
            ss_jw_uint(&w, r->blocks[i].cp_start);
            ss_jw_uint(&w, r->blocks[i].cp_end);
            ss_jw_arr_end(&w);
            ss_jw_key(&w, "kind");
            ss_jw_str(&w, kind_name(r->blocks[i].kind));
            ss_jw_obj_end(&w);
        }
        ss_jw_arr_end(&w);
    }
    if (r->warning[0]) {
        ss_jw_key(&w, "warning");
        ss_jw_str(&w, r->warning);
    }
    ss_jw_obj_end(&w);
    if (w.err) {
        ss_buf_release(&b);
        return oom(err);
    }
    /* members without braces */
    b.data[b.len - 1] = '\0';
    size_t n = strlen(b.data + 1) + (d->extra ? strlen(d->extra) + 1 : 0) + 1;
    char *extra = malloc(n);
    if (!extra) {
        ss_buf_release(&b);
        return oom(err);
    }
    if (d->extra)
        snprintf(extra, n, "%s,%s", b.data + 1, d->extra);
    else
        snprintf(extra, n, "%s", b.data + 1);
    ss_buf_release(&b);
    free(d->extra);
    d->extra = extra;
    return SS_OK;
}

int ss_record_clean_json(const ss_doc *d, ss_buf *out)
{
    ss_jw w;
    ss_jw_init(&w, out);
    ss_jw_obj(&w);
    ss_jw_key(&w, "id");
    ss_jw_str(&w, d->id);
    ss_jw_key(&w, "lang");
    ss_jw_str(&w, d->lang[0] ? d->lang : "und");
    ss_jw_key(&w, "title");
    ss_jw_str(&w, ss_doc_title_or_empty(d));
    ss_jw_key(&w, "text");
    ss_jw_strn(&w, d->text ? d->text : "", d->text_len);
    const struct {
        const char *k;
        const char *v;
    } opt[] = {{"date", d->date}, {"author", d->author}, {"url", d->url}, {"source", d->source}};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        if (opt[i].v && opt[i].v[0]) {
            ss_jw_key(&w, opt[i].k);
            ss_jw_str(&w, opt[i].v);
        }
    }
    ss_jw_members(&w, d->extra);
    ss_jw_obj_end(&w);
    return w.err ? SS_ENOMEM : SS_OK;
}

int ss_record_clean_text(ss_record_cleaner *rc, const char *json, size_t len, ss_buf *out, ss_error *err)
{
    ss_doc *d = NULL;
    int status = ss_jsonl_parse(json, len, "record", 1, &d, err);
    if (status == SS_OK)
        status = ss_record_clean(rc, d, NULL, err);
    if (status == SS_OK && ss_record_clean_json(d, out))
        status = oom(err);
    ss_doc_free(d);
    return status;
}

int ss_record_clean_files(ss_record_cleaner *rc, const char *const *paths, size_t n, ss_buf *out,
                          ss_error *err)
{
    ss_reader *r = ss_reader_new(paths, n, NULL, err);
    if (!r)
        return err->code ? err->code : oom(err);
    int status;
    for (;;) {
        ss_doc *d = NULL;
        status = ss_reader_next(r, &d, err);
        if (status <= 0)
            break;
        status = ss_record_clean(rc, d, NULL, err);
        if (status == SS_OK && (ss_record_clean_json(d, out) || ss_buf_putc(out, '\n')))
            status = oom(err);
        ss_doc_free(d);
        if (status)
            break;
    }
    ss_reader_free(r);
    return status < 0 ? status : SS_OK;
}
