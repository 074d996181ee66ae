/* clean/clean.c — first version: HTML visible text via libxml2; text kept.
 *
 * The HTML path parses with libxml2's forgiving HTML parser, drops
 * script/style/template and other non-content elements, and emits block
 * elements as paragraphs.  The title is the <title> element.  Text
 * documents keep their first line as title and the rest as body.
 */
#include "clean/clean.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"

struct ss_cleaner {
    ss_clean_opts opts;
};

ss_cleaner *ss_cleaner_new(const ss_clean_opts *opts, ss_error *err)
{
    ss_cleaner *c = calloc(1, sizeof *c);
    if (!c) {
        ss_error_set(err, SS_ENOMEM, "cleaner: out of memory");
        return NULL;
    }
    if (opts)
        c->opts = *opts;
    return c;
}

void ss_cleaner_free(ss_cleaner *c) { free(c); }

int ss_cleaner_observe(ss_cleaner *c, const ss_doc *d)
{
    (void)c;
    (void)d;
    return SS_OK;
}

void ss_clean_result_init(ss_clean_result *r) { memset(r, 0, sizeof *r); }

void ss_clean_result_release(ss_clean_result *r)
{
    ss_buf_release(&r->title);
    ss_buf_release(&r->text);
    ss_buf_release(&r->full_text);
    ss_buf_release(&r->date);
    ss_buf_release(&r->author);
    ss_buf_release(&r->url);
    free(r->blocks);
    memset(r, 0, sizeof *r);
}

static void reset(ss_clean_result *r)
{
    ss_buf_clear(&r->title);
    ss_buf_clear(&r->text);
    ss_buf_clear(&r->full_text);
    ss_buf_clear(&r->date);
    ss_buf_clear(&r->author);
    ss_buf_clear(&r->url);
    r->removed = 0;
    r->nblocks = 0;
    r->warning[0] = '\0';
}

static int add_block(ss_clean_result *r, uint32_t a, uint32_t b, ss_block_kind k)
{
    if (r->nblocks == r->capblocks) {
        size_t cap = r->capblocks ? r->capblocks * 2 : 32;
        ss_block *v = realloc(r->blocks, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        r->blocks = v;
        r->capblocks = cap;
    }
    r->blocks[r->nblocks].cp_start = a;
    r->blocks[r->nblocks].cp_end = b;
    r->blocks[r->nblocks].kind = (uint8_t)k;
    r->nblocks++;
    return SS_OK;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Append text with runs of white space collapsed to one space. */
static int append_collapsed(ss_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (is_ws(s[i])) {
            if (b->len > 0 && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
                if (ss_buf_putc(b, ' '))
                    return SS_ENOMEM;
        } else if (ss_buf_putc(b, s[i])) {
            return SS_ENOMEM;
        }
    }
    return SS_OK;
}

static void end_paragraph(ss_buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->len--;
    if (b->data)
        b->data[b->len] = '\0';
    if (b->len > 0 && b->data[b->len - 1] != '\n')
        ss_buf_putc(b, '\n');
}

static int skipped_element(const char *name)
{
    static const char *const skip[] = {"script", "style",  "noscript", "template", "head",
                                        "svg",    "iframe", "object",   "canvas",   "select",
                                        "button", "form",   NULL};
    for (int i = 0; skip[i]; i++)
        if (strcasecmp(name, skip[i]) == 0)
            return 1;
    return 0;
}

static int block_element(const char *name)
{
    static const char *const blocks[] = {
        "p",  "div", "br",  "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table",
        "tr", "td",  "th",  "section", "article", "header", "footer", "nav", "aside",
        "blockquote", "pre", "figure", "figcaption", "main", "dd", "dt", "hr", NULL};
    for (int i = 0; blocks[i]; i++)
        if (strcasecmp(name, blocks[i]) == 0)
            return 1;
    return 0;
}

static void walk(xmlNode *n, ss_buf *out, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)n->content;
            if (t)
                append_collapsed(out, t, strlen(t));
        } else if (n->type == XML_ELEMENT_NODE && n->name) {
            const char *name = (const char *)n->name;
            if (skipped_element(name))
                continue;
            int blk = block_element(name);
            if (blk)
                end_paragraph(out);
            if (depth < 512)
                walk(n->children, out, depth + 1);
            if (blk)
                end_paragraph(out);
        }
    }
}

static xmlNode *find(xmlNode *n, const char *name, int depth)
{
    for (; n && depth < 512; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0)
            return n;
        xmlNode *f = find(n->children, name, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

static int clean_html(const ss_doc *d, ss_clean_result *r)
{
    if (d->html_len > INT32_MAX) {
        snprintf(r->warning, sizeof r->warning, "page too large to parse");
        return SS_OK;
    }
    htmlDocPtr doc = htmlReadMemory(d->html, (int)d->html_len, NULL, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_COMPACT);
    if (!doc) {
        snprintf(r->warning, sizeof r->warning, "not parseable as HTML; no text extracted");
        return SS_OK;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *title = find(root, "title", 0);
    if (title) {
        xmlChar *t = xmlNodeGetContent(title);
        if (t) {
            ss_buf tmp = SS_BUF_INIT;
            append_collapsed(&tmp, (const char *)t, strlen((const char *)t));
            end_paragraph(&tmp);
            if (tmp.len && tmp.data[tmp.len - 1] == '\n')
                tmp.len--;
            size_t a = 0;
            while (a < tmp.len && tmp.data[a] == ' ')
                a++;
            ss_utf8_repair(tmp.data + a, tmp.len - a, &r->title, NULL);
            ss_buf_release(&tmp);
            xmlFree(t);
        }
    }
    xmlNode *body = find(root, "body", 0);
    ss_buf raw = SS_BUF_INIT;
    walk(body ? body : root, &raw, 0);
    end_paragraph(&raw);
    xmlFreeDoc(doc);
    int rc = ss_utf8_repair(raw.data ? raw.data : "", raw.len, &r->full_text, NULL);
    ss_buf_release(&raw);
    if (rc)
        return rc;
    /* every paragraph is body in this first version */
    if (ss_buf_append(&r->text, r->full_text.data ? r->full_text.data : "", r->full_text.len))
        return SS_ENOMEM;
    while (r->text.len && r->text.data[r->text.len - 1] == '\n')
        r->text.data[--r->text.len] = '\0';
    uint32_t n = (uint32_t)ss_utf8_count(r->full_text.data ? r->full_text.data : "", r->full_text.len);
    if (n && add_block(r, 0, n, SS_BLOCK_BODY))
        return SS_ENOMEM;
    if (r->text.len == 0)
        snprintf(r->warning, sizeof r->warning, "no article text found in the page");
    return SS_OK;
}

static int clean_text(const ss_doc *d, ss_clean_result *r)
{
    const char *t = d->text ? d->text : "";
    size_t n = d->text_len;
    if (d->title && ss_buf_puts(&r->title, d->title))
        return SS_ENOMEM;
    size_t a = d->format == SS_FORMAT_TEXT ? d->body_start : 0;
    while (a < n && is_ws(t[a]))
        a++;
    size_t b = n;
    while (b > a && is_ws(t[b - 1]))
        b--;
    if (ss_buf_append(&r->text, t + a, b - a))
        return SS_ENOMEM;
    uint32_t ca = (uint32_t)ss_utf8_count(t, a), cb = ca + (uint32_t)ss_utf8_count(t + a, b - a);
    if (d->format == SS_FORMAT_TEXT && d->body_start > 0) {
        uint32_t ce = (uint32_t)ss_utf8_count(t, d->body_start);
        if (add_block(r, 0, ce, SS_BLOCK_TITLE))
            return SS_ENOMEM;
    }
    if (cb > ca && add_block(r, ca, cb, SS_BLOCK_BODY))
        return SS_ENOMEM;
    return SS_OK;
}

int ss_clean_doc(ss_cleaner *c, const ss_doc *d, ss_clean_result *r, ss_error *err)
{
    (void)c;
    reset(r);
    int rc = d->format == SS_FORMAT_HTML && d->html ? clean_html(d, r) : clean_text(d, r);
    if (rc)
        return ss_error_set(err, rc, "%s: out of memory while cleaning", d->id);
    return SS_OK;
}

int ss_clean_apply(ss_cleaner *c, ss_doc *d, ss_error *err)
{
    if (d->format != SS_FORMAT_HTML || !d->html)
        return SS_OK;
    ss_clean_result r;
    ss_clean_result_init(&r);
    int rc = ss_clean_doc(c, d, &r, err);
    if (rc == SS_OK) {
        rc = ss_doc_set_text(d, r.text.data ? r.text.data : "", r.text.len);
        if (rc == SS_OK && (!d->title || !d->title[0]) && r.title.len)
            rc = ss_doc_set_str(&d->title, r.title.data, r.title.len);
        if (rc == SS_OK && !d->date && r.date.len)
            rc = ss_doc_set_date(d, r.date.data) == SS_ENOMEM ? SS_ENOMEM : SS_OK;
        if (rc == SS_OK && !d->author && r.author.len)
            rc = ss_doc_set_str(&d->author, r.author.data, r.author.len);
        if (rc == SS_OK && !d->url && r.url.len)
            rc = ss_doc_set_str(&d->url, r.url.data, r.url.len);
        if (rc)
            ss_error_set(err, rc, "%s: out of memory", d->id);
    }
    ss_clean_result_release(&r);
    return rc;
}
