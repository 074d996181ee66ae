/* output/report.c — the HTML report page (see report.h).
 *
 * Layout: head (title, inline CSS) | body skeleton | <script id="ss-data"
 * type="application/json">{"title", "generated", "stories": [ ... ]}</script>
 * | <script>report.js</script>.  Inside the data element every '<', '>'
 * and '&' is written as a \u escape (still the same JSON strings), so no
 * text can end the element early or change how the HTML parser reads it;
 * report.js puts every string into the page as text (textContent), never
 * as markup.
 */
#include "output/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/datadir.h"
#include "core/time.h"
#include "output/json.h"
#include "text/utf8.h"

struct ss_report {
    ss_write_fn write;
    void *ctx;
    char *js;
    int nstories;
    int failed;
    ss_buf buf;
};

static int load(const char *name, ss_buf *out, ss_error *err)
{
    char path[1024];
    int rc = ss_data_path(name, path, sizeof path, err);
    if (rc)
        return rc;
    FILE *f = fopen(path, "rb");
    if (!f)
        return ss_error_set(err, SS_ENODATA, "cannot read %s: %s", path, strerror(errno));
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (ss_buf_append(out, tmp, n)) {
            fclose(f);
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
    fclose(f);
    return SS_OK;
}

static void put(ss_report *r, const char *s, size_t n)
{
    if (!r->failed && n && r->write(r->ctx, s, n))
        r->failed = 1;
}

static void puts_(ss_report *r, const char *s) { put(r, s, strlen(s)); }

/* Text for HTML content (title element). */
static void put_html_text(ss_report *r, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': puts_(r, "&lt;"); break;
        case '>': puts_(r, "&gt;"); break;
        case '&': puts_(r, "&amp;"); break;
        case '"': puts_(r, "&quot;"); break;
        default: put(r, s, 1);
        }
    }
}

/* JSON for the inside of a script element.  Every '<', '>' and '&' is
 * written as its \u escape, so nothing in the data can end the element
 * ("</script"), open an HTML comment ("<!--") or look like a CDATA section
 * ("<![CDATA[", "]]>"), whatever the HTML parser's state.  JSON has these
 * characters only inside strings, where \u003c is the same string, so the
 * text stays valid JSON and JSON.parse returns the article as it was. */
static void put_script_json(ss_report *r, const char *s, size_t n)
{
    size_t a = 0;
    for (size_t i = 0; i < n; i++) {
        const char *esc;
        switch (s[i]) {
        case '<': esc = "\\u003c"; break;
        case '>': esc = "\\u003e"; break;
        case '&': esc = "\\u0026"; break;
        default: continue;
        }
        put(r, s + a, i - a);
        put(r, esc, 6);
        a = i + 1;
    }
    put(r, s + a, n - a);
}

ss_report *ss_report_new(ss_write_fn write, void *ctx, const char *title, ss_error *err)
{
    ss_report *r = calloc(1, sizeof *r);
    if (!r) {
        ss_error_set(err, SS_ENOMEM, "report: out of memory");
        return NULL;
    }
    r->write = write;
    r->ctx = ctx;
    ss_buf css = SS_BUF_INIT, js = SS_BUF_INIT;
    if (load("report/report.css", &css, err) || load("report/report.js", &js, err)) {
        ss_buf_release(&css);
        ss_buf_release(&js);
        free(r);
        return NULL;
    }
    r->js = ss_buf_detach(&js);
    puts_(r, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta name=\"generator\" content=\"samestory\">\n<title>");
    put_html_text(r, title ? title : "samestory report");
    puts_(r, "</title>\n<style>\n");
    put(r, css.data ? css.data : "", css.len);
    puts_(r, "</style>\n</head>\n<body>\n"
             "<header class=\"top\"><h1>");
    put_html_text(r, title ? title : "samestory report");
    puts_(r, "</h1><p class=\"meta\" id=\"meta\"></p>"
             "<label class=\"filter\">Filter <input id=\"filter\" type=\"search\" "
             "placeholder=\"words, names, sources, languages\" aria-keyshortcuts=\"/\"></label>"
             "</header>\n<div class=\"layout\">\n"
             "<nav aria-label=\"Stories\"><ol id=\"story-list\"></ol><div id=\"pager\"></div></nav>\n"
             "<main id=\"story\" tabindex=\"-1\" aria-live=\"polite\">"
             "<noscript><p>This report draws its pages with JavaScript; please allow scripts "
             "for this file.</p></noscript></main>\n</div>\n"
             "<footer class=\"keys\"><kbd>/</kbd> filter &nbsp; <kbd>j</kbd> <kbd>k</kbd> next and "
             "previous story &nbsp; <kbd>↑</kbd> <kbd>↓</kbd> move in the list &nbsp; "
             "<kbd>Tab</kbd> move between parts &nbsp; <kbd>Esc</kbd> leave the filter</footer>\n"
             "<script id=\"ss-data\" type=\"application/json\">{\"title\":");
    ss_buf_release(&css);
    ss_buf_clear(&r->buf);
    ss_json_escape(&r->buf, title ? title : "samestory report", strlen(title ? title : "samestory report"));
    char when[21];
    ss_time_format_iso((int64_t)time(NULL), when);
    ss_buf_puts(&r->buf, ",\"generated\":\"");
    ss_buf_append(&r->buf, when, 10);
    ss_buf_puts(&r->buf, "\",\"stories\":[");
    put_script_json(r, r->buf.data, r->buf.len);
    return r;
}

int ss_report_add_story(ss_report *r, const ss_report_story *s)
{
    ss_buf_clear(&r->buf);
    ss_jw w;
    ss_jw_init(&w, &r->buf);
    if (r->nstories++)
        ss_buf_putc(&r->buf, ',');
    ss_jw_obj(&w);
    ss_jw_key(&w, "story");
    ss_jw_uint(&w, s->id);
    ss_jw_key(&w, "title");
    ss_jw_str(&w, s->title ? s->title : "");
    char d[11];
    if (s->first_time != SS_TIME_NONE) {
        ss_time_format_date(s->first_time, d);
        ss_jw_key(&w, "first_date");
        ss_jw_str(&w, d);
        ss_time_format_date(s->last_time, d);
        ss_jw_key(&w, "last_date");
        ss_jw_str(&w, d);
    }
    /* languages, in order of first appearance */
    ss_jw_key(&w, "languages");
    ss_jw_arr(&w);
    for (size_t i = 0; i < s->n; i++) {
        const char *l = s->docs[i]->lang[0] ? s->docs[i]->lang : "und";
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(l, s->docs[j]->lang[0] ? s->docs[j]->lang : "und") == 0;
        if (!seen)
            ss_jw_str(&w, l);
    }
    ss_jw_arr_end(&w);
    ss_jw_key(&w, "first");
    ss_jw_str(&w, s->n ? s->docs[0]->id : "");
    ss_jw_key(&w, "articles");
    ss_jw_arr(&w);
    for (size_t i = 0; i < s->n; i++) {
        const ss_doc *x = s->docs[i];
        ss_jw_obj(&w);
        ss_jw_key(&w, "id");
        ss_jw_str(&w, x->id);
        ss_jw_key(&w, "title");
        ss_jw_str(&w, x->title ? x->title : "");
        ss_jw_key(&w, "lang");
        ss_jw_str(&w, x->lang);
        if (x->date) {
            ss_jw_key(&w, "date");
            ss_jw_str(&w, x->date);
        }
        if (x->source) {
            ss_jw_key(&w, "source");
            ss_jw_str(&w, x->source);
        }
        if (x->url) {
            ss_jw_key(&w, "url");
            ss_jw_str(&w, x->url);
        }
        ss_jw_key(&w, "text");
        ss_jw_strn(&w, x->text ? x->text : "", x->text ? x->text_len : 0);
        if (s->cmp && i < s->cmp->ndocs) {
            ss_jw_key(&w, "sentences");
            ss_jw_arr(&w);
            for (size_t k = 0; k < s->cmp->nsentences[i]; k++) {
                const ss_piece *p = &s->cmp->sentences[i][k];
                ss_jw_arr(&w);
                ss_jw_uint(&w, p->cp_start);
                ss_jw_uint(&w, p->cp_end);
                uint32_t g = s->cmp->group[i][k];
                ss_jw_int(&w, g == SS_NO_GROUP ? -1 : (int64_t)g);
                ss_jw_arr_end(&w);
            }
            ss_jw_arr_end(&w);
        }
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    ss_jw_key(&w, "relations");
    ss_jw_arr(&w);
    for (size_t i = 1; i < s->n; i++) {
        if (!s->link || s->link[i] >= s->n || s->link[i] == i)
            continue;
        ss_jw_obj(&w);
        ss_jw_key(&w, "a");
        ss_jw_str(&w, s->docs[i]->id);
        ss_jw_key(&w, "b");
        ss_jw_str(&w, s->docs[s->link[i]]->id);
        ss_jw_key(&w, "type");
        ss_jw_str(&w, s->link_type && s->link_type[i] ? s->link_type[i] : "same-event");
        if (s->link_source && s->link_source[i] < s->n) {
            ss_jw_key(&w, "source");
            ss_jw_str(&w, s->docs[s->link_source[i]]->id);
        }
        ss_jw_key(&w, "score");
        ss_jw_double(&w, s->link_score ? s->link_score[i] : 0.0, 3);
        ss_jw_obj_end(&w);
    }
    ss_jw_arr_end(&w);
    if (s->reuse && s->reuse->n) {
        ss_jw_key(&w, "reuse");
        ss_jw_arr(&w);
        for (size_t i = 0; i < s->reuse->n; i++) {
            const ss_reuse_passage *p = &s->reuse->v[i];
            if (p->a >= s->n || p->b >= s->n)
                continue;
            ss_jw_obj(&w);
            ss_jw_key(&w, "a");
            ss_jw_str(&w, s->docs[p->a]->id);
            ss_jw_key(&w, "a_span");
            ss_jw_arr(&w);
            ss_jw_uint(&w, p->a_start);
            ss_jw_uint(&w, p->a_end);
            ss_jw_arr_end(&w);
            ss_jw_key(&w, "b");
            ss_jw_str(&w, s->docs[p->b]->id);
            ss_jw_key(&w, "b_span");
            ss_jw_arr(&w);
            ss_jw_uint(&w, p->b_start);
            ss_jw_uint(&w, p->b_end);
            ss_jw_arr_end(&w);
            if (p->source >= 0 && (size_t)p->source < s->n) {
                ss_jw_key(&w, "source");
                ss_jw_str(&w, s->docs[p->source]->id);
            }
            ss_jw_obj_end(&w);
        }
        ss_jw_arr_end(&w);
    }
    if (s->cmp)
        ss_comparison_write(&w, s->cmp, s->docs);
    ss_jw_obj_end(&w);
    if (w.err)
        return SS_ENOMEM;
    put_script_json(r, r->buf.data, r->buf.len);
    return r->failed ? SS_EIO : SS_OK;
}

int ss_report_finish(ss_report *r)
{
    puts_(r, "]}</script>\n<script>\n");
    puts_(r, r->js ? r->js : "");
    puts_(r, "</script>\n</body>\n</html>\n");
    return r->failed ? SS_EIO : SS_OK;
}

void ss_report_free(ss_report *r)
{
    if (!r)
        return;
    free(r->js);
    ss_buf_release(&r->buf);
    free(r);
}
