/* clean/meta.c — choose a page's title, date, author and canonical URL.
 *
 * Title: the main heading (<h1>) when it sits inside the article or the
 * page's own title metadata (og:title, <title>) agrees with it, since the
 * heading carries no site name; else og:title, the JSON-LD headline, the heading, and <title>, in
 * that order, each with a trailing or leading site name removed.
 * Date: the best-ranked ISO 8601 date among article:published_time and
 * its kin, JSON-LD datePublished, itemprop=datePublished and
 * <time datetime> (ranks in htmltree.c; JSON-LD ranks with the
 * itemprop).  Author: <meta name=author> and kin, JSON-LD author names, an
 * element marked as the author, a byline; "By " and trailing dates are
 * cut.  URL: <link rel=canonical>, else og:url.
 *
 * JSON-LD is read with jansson.  The walk over its values is bounded in
 * depth (8 levels reach every Article in real pages, including @graph
 * lists) so a hostile document cannot exhaust the stack.
 */
#include "clean/meta_internal.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"
#include "core/time.h"

#define JSONLD_DEPTH 8
#define JSONLD_RANK_DATE 18 /* below article:published_time (19), above itemprop (8) */
#define JSONLD_RANK_AUTHOR 16

typedef struct {
    const char *date;
    int have_date;
    ss_buf headline, author;
} jsonld_found;

static int is_article_type(json_t *type)
{
    static const char *const types[] = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "OpinionNewsArticle", "Report",
                                        "ScholarlyArticle", "TechArticle", "LiveBlogPosting",
                                        "BackgroundNewsArticle", "SocialMediaPosting", NULL};
    if (json_is_array(type)) {
        size_t i;
        json_t *v;
        json_array_foreach(type, i, v) if (is_article_type(v)) return 1;
        return 0;
    }
    const char *s = json_string_value(type);
    if (!s)
        return 0;
    for (int i = 0; types[i]; i++)
        if (strcmp(s, types[i]) == 0)
            return 1;
    return 0;
}

static void add_author(json_t *a, ss_buf *out, int depth)
{
    if (depth > 2 || out->len > 200)
        return;
    if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) add_author(v, out, depth + 1);
        return;
    }
    const char *name = json_is_string(a) ? json_string_value(a)
                       : json_is_object(a) ? json_string_value(json_object_get(a, "name"))
                                           : NULL;
    if (!name || !name[0] || strncmp(name, "http", 4) == 0)
        return;
    if (out->len)
        ss_buf_puts(out, ", ");
    ss_buf_puts(out, name);
}

static void walk(json_t *v, jsonld_found *f, int depth)
{
    if (depth > JSONLD_DEPTH || !v)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) walk(e, f, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if (is_article_type(json_object_get(v, "@type"))) {
        const char *d = json_string_value(json_object_get(v, "datePublished"));
        int64_t tm;
        if (d && !f->have_date && ss_time_parse(d, strlen(d), &tm) == SS_OK) {
            f->date = d;
            f->have_date = 1;
        }
        const char *h = json_string_value(json_object_get(v, "headline"));
        if (h && !f->headline.len)
            ss_buf_puts(&f->headline, h);
        if (!f->author.len)
            add_author(json_object_get(v, "author"), &f->author, 0);
    }
    json_t *g = json_object_get(v, "@graph");
    if (g)
        walk(g, f, depth + 1);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int set_trim(ss_buf *dst, const char *s, size_t n)
{
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1]))
        n--;
    ss_buf_clear(dst);
    return ss_buf_append(dst, s, n);
}

/* Does a contain b, ignoring ASCII case? */
static int contains_ci(const char *a, size_t an, const char *b, size_t bn)
{
    if (bn == 0 || bn > an)
        return 0;
    for (size_t i = 0; i + bn <= an; i++)
        if (strncasecmp(a + i, b, bn) == 0)
            return 1;
    return 0;
}

static size_t count_words(const char *s, size_t n)
{
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = is_space(s[i]);
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

/* One step of ss_meta_strip_site: the new length, or n when nothing goes. */
static size_t strip_once(char *s, size_t n, const char *site, size_t site_len)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ",
                                       " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xC2\xBB ", NULL};
    for (int k = 0; seps[k]; k++) {
        size_t sl = strlen(seps[k]);
        /* last separator: "Headline | Site" */
        const char *last = NULL, *first = NULL;
        for (size_t i = 0; i + sl <= n; i++)
            if (memcmp(s + i, seps[k], sl) == 0) {
                last = s + i;
                if (!first)
                    first = s + i;
            }
        if (!last)
            continue;
        size_t head = (size_t)(last - s), tail = n - head - sl;
        const char *t = last + sl;
        size_t wh = count_words(s, head), wt = count_words(t, tail);
        if ((site_len && contains_ci(t, tail, site, site_len)) || (wt <= 4 && wh >= 2 * wt && wh >= 3)) {
            s[head] = '\0';
            return head;
        }
        /* first separator: "Site | Headline" */
        head = (size_t)(first - s);
        tail = n - head - sl;
        wh = count_words(s, head);
        wt = count_words(first + sl, tail);
        if ((site_len && contains_ci(s, head, site, site_len)) || (wh <= 3 && wt >= 3 * wh && wt >= 3)) {
            memmove(s, first + sl, tail);
            s[tail] = '\0';
            return tail;
        }
    }
    return n;
}

size_t ss_meta_strip_site(char *s, size_t n, const char *site, size_t site_len)
{
    for (;;) {
        size_t m = strip_once(s, n, site, site_len);
        if (m == n)
            return n;
        n = m;
    }
}

static int strip_into(ss_buf *dst, const ss_buf *src, const ss_buf *site)
{
    if (set_trim(dst, src->data ? src->data : "", src->len))
        return SS_ENOMEM;
    if (dst->len)
        dst->len = ss_meta_strip_site(dst->data, dst->len, site->data, site->len);
    return SS_OK;
}

/* "By Ana Lind · 4 March 2025" -> "Ana Lind" */
static void tidy_author(ss_buf *a)
{
    char *s = a->data;
    size_t n = a->len;
    if (!s)
        return;
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    if (n > 3 && strncasecmp(s, "by ", 3) == 0) {
        s += 3;
        n -= 3;
    }
    static const char *const cuts[] = {" \xC2\xB7", " |", " \xE2\x80\xA2", "\n", " - ", NULL};
    for (int k = 0; cuts[k]; k++) {
        const char *c = memmem(s, n, cuts[k], strlen(cuts[k]));
        if (c)
            n = (size_t)(c - s);
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9') { /* a date glued to the name */
            n = i;
            break;
        }
    while (n && (is_space(s[n - 1]) || s[n - 1] == ',' || s[n - 1] == ';'))
        n--;
    memmove(a->data, s, n);
    a->len = n;
    a->data[n] = '\0';
}

int ss_meta_choose(const ht_tree *t, const char *h1, size_t h1len, int h1_in_article,
                   ss_page_meta *out)
{
    const ht_meta *m = &t->meta;
    ss_buf_clear(out->title);
    ss_buf_clear(out->date);
    ss_buf_clear(out->author);
    ss_buf_clear(out->url);
    jsonld_found jf;
    memset(&jf, 0, sizeof jf);
    json_t *roots[16];
    size_t nroots = 0;
    for (size_t i = 0; i < m->jsonld.len && nroots < 16;) {
        const char *s = m->jsonld.data + i;
        size_t n = strlen(s);
        json_error_t je;
        json_t *root = json_loadb(s, n, JSON_DECODE_ANY, &je);
        if (root) {
            walk(root, &jf, 0);
            roots[nroots++] = root;
        }
        i += n + 1;
    }
    int rc = SS_OK;
    /* title */
    int h1_agrees = (m->og_title.len && contains_ci(m->og_title.data, m->og_title.len, h1, h1len)) ||
                    (m->title.len && contains_ci(m->title.data, m->title.len, h1, h1len)) ||
                    (!m->og_title.len && !m->title.len && !jf.headline.len);
    if (h1len && (h1_in_article || h1_agrees)) {
        rc = set_trim(out->title, h1, h1len);
    } else if (m->og_title.len) {
        rc = strip_into(out->title, &m->og_title, &m->site_name);
    } else if (jf.headline.len) {
        rc = strip_into(out->title, &jf.headline, &m->site_name);
    } else if (h1len) {
        rc = set_trim(out->title, h1, h1len);
    } else if (m->title.len) {
        rc = strip_into(out->title, &m->title, &m->site_name);
    }
    /* date */
    if (rc == SS_OK) {
        if (jf.have_date && JSONLD_RANK_DATE > m->date_rank)
            rc = set_trim(out->date, jf.date, strlen(jf.date));
        else if (m->date.len)
            rc = set_trim(out->date, m->date.data, m->date.len);
    }
    /* author */
    if (rc == SS_OK) {
        if (jf.author.len && JSONLD_RANK_AUTHOR > m->author_rank)
            rc = set_trim(out->author, jf.author.data, jf.author.len);
        else if (m->author.len)
            rc = set_trim(out->author, m->author.data, m->author.len);
        if (rc == SS_OK)
            tidy_author(out->author);
    }
    /* url */
    if (rc == SS_OK) {
        if (m->canonical.len)
            rc = set_trim(out->url, m->canonical.data, m->canonical.len);
        else if (m->og_url.len)
            rc = set_trim(out->url, m->og_url.data, m->og_url.len);
    }
    for (size_t i = 0; i < nroots; i++)
        json_decref(roots[i]);
    ss_buf_release(&jf.headline);
    ss_buf_release(&jf.author);
    return rc ? SS_ENOMEM : SS_OK;
}
