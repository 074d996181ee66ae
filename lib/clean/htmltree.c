/* clean/htmltree.c — page markup to a tree of blocks (see htmltree_internal.h).
 *
 * The SAX handlers keep a stack of open elements (one frame per start
 * tag; libxml2 reports an end for every start, closing what the page left
 * open).  Each frame knows the innermost block node and the inherited
 * state: inside a link, a list item, a skipped subtree, the head.  Text is
 * appended to the open block with white space collapsed; a block ends at
 * every start or end of a block-level element and at <br>.
 */
#include "clean/htmltree_internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/hints_internal.h"
#include "core/error.h"
#include "core/time.h"

enum { K_INLINE = 0, K_BLOCK, K_SKIP, K_BREAK };

typedef struct {
    const char *name;
    uint8_t tag, kind;
} tag_info;

/* sorted by name for bsearch */
static const tag_info tags[] = {
    {"a", T_OTHER, K_INLINE},          {"address", T_ADDRESS, K_BLOCK},
    {"applet", T_OTHER, K_SKIP},       {"area", T_OTHER, K_SKIP},
    {"article", T_ARTICLE, K_BLOCK},   {"aside", T_ASIDE, K_BLOCK},
    {"audio", T_OTHER, K_SKIP},        {"blockquote", T_BLOCKQUOTE, K_BLOCK},
    {"body", T_BODY, K_BLOCK},         {"br", T_BR, K_BREAK},
    {"button", T_OTHER, K_SKIP},       {"canvas", T_OTHER, K_SKIP},
    {"caption", T_CAPTION, K_BLOCK},   {"center", T_DIV, K_BLOCK},
    {"datalist", T_OTHER, K_SKIP},     {"dd", T_DD, K_BLOCK},
    {"details", T_DIV, K_BLOCK},       {"dialog", T_OTHER, K_SKIP},
    {"dir", T_UL, K_BLOCK},            {"div", T_DIV, K_BLOCK},
    {"dl", T_DL, K_BLOCK},             {"dt", T_DT, K_BLOCK},
    {"embed", T_OTHER, K_SKIP},        {"fieldset", T_DIV, K_BLOCK},
    {"figcaption", T_FIGCAPTION, K_BLOCK}, {"figure", T_FIGURE, K_BLOCK},
    {"footer", T_FOOTER, K_BLOCK},     {"form", T_FORM, K_BLOCK},
    {"frame", T_OTHER, K_SKIP},        {"frameset", T_OTHER, K_SKIP},
    {"h1", T_H1, K_BLOCK},             {"h2", T_H2, K_BLOCK},
    {"h3", T_H3, K_BLOCK},             {"h4", T_H4, K_BLOCK},
    {"h5", T_H5, K_BLOCK},             {"h6", T_H6, K_BLOCK},
    {"head", T_OTHER, K_INLINE},       {"header", T_HEADER, K_BLOCK},
    {"hgroup", T_DIV, K_BLOCK},        {"hr", T_HR, K_BREAK},
    {"html", T_HTML, K_BLOCK},         {"iframe", T_OTHER, K_SKIP},
    {"input", T_OTHER, K_SKIP},        {"legend", T_DIV, K_BLOCK},
    {"li", T_LI, K_BLOCK},             {"main", T_MAIN, K_BLOCK},
    {"map", T_OTHER, K_SKIP},          {"math", T_OTHER, K_SKIP},
    {"menu", T_UL, K_BLOCK},           {"nav", T_NAV, K_BLOCK},
    {"noframes", T_OTHER, K_SKIP},     {"noscript", T_OTHER, K_SKIP},
    {"object", T_OTHER, K_SKIP},       {"ol", T_OL, K_BLOCK},
    {"optgroup", T_OTHER, K_SKIP},     {"option", T_OTHER, K_SKIP},
    {"p", T_P, K_BLOCK},               {"picture", T_OTHER, K_SKIP},
    {"pre", T_PRE, K_BLOCK},           {"script", T_OTHER, K_SKIP},
    {"section", T_SECTION, K_BLOCK},   {"select", T_OTHER, K_SKIP},
    {"style", T_OTHER, K_SKIP},        {"summary", T_DIV, K_BLOCK},
    {"svg", T_OTHER, K_SKIP},          {"table", T_TABLE, K_BLOCK},
    {"tbody", T_OTHER, K_INLINE},      {"td", T_TD, K_BLOCK},
    {"template", T_OTHER, K_SKIP},     {"textarea", T_OTHER, K_SKIP},
    {"tfoot", T_OTHER, K_INLINE},      {"th", T_TH, K_BLOCK},
    {"thead", T_OTHER, K_INLINE},      {"tr", T_TR, K_BLOCK},
    {"ul", T_UL, K_BLOCK},             {"video", T_OTHER, K_SKIP},
};

static int cmp_tag(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const tag_info *)e)->name);
}

static tag_info tag_lookup(const char *name)
{
    const tag_info *t = bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], cmp_tag);
    if (t)
        return *t;
    /* custom elements ("story-body", "amp-img") are containers; other
     * unknown names (font, nobr, o:p) are inline */
    tag_info o = {NULL, T_OTHER, K_INLINE};
    if (strchr(name, '-')) {
        o.tag = T_CUSTOM;
        o.kind = K_BLOCK;
    }
    return o;
}

/* frame flags */
enum {
    F_SKIP = 1u << 0,     /* invisible subtree */
    F_HEAD = 1u << 1,     /* inside <head> */
    F_LINK = 1u << 2,     /* inside <a href> */
    F_BOLD = 1u << 3,
    F_TITLE = 1u << 4,    /* capturing <title> */
    F_AUTHOR = 1u << 5,   /* capturing an author name */
    /* bits 8.. carry the BF_* block flags */
};
#define F_BF_SHIFT 8

typedef struct frame {
    uint32_t node;    /* innermost block node */
    uint32_t flags;
    uint8_t kind;
    uint8_t own_node; /* this frame created node */
    uint8_t tag;
} frame;

typedef struct builder {
    ht_tree *t;
    frame *stack;
    size_t depth, cap;
    int open;           /* a block is open */
    int pending_space;  /* white space seen inside the open block */
    ht_block cur;
    int title_done;
    size_t author_depth;/* stack depth of the author capture, 0 = none */
    int author_rank;    /* rank of the capture in progress */
    ss_buf author_cap;
    int oom;
    htmlParserCtxtPtr ctxt;
} builder;

void ss_ht_init(ht_tree *t) { memset(t, 0, sizeof *t); }

static void meta_release(ht_meta *m)
{
    ss_buf *b[] = {&m->title, &m->og_title, &m->site_name, &m->date, &m->author,
                   &m->canonical, &m->og_url, &m->jsonld};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
        ss_buf_release(b[i]);
}

void ss_ht_release(ht_tree *t)
{
    free(t->nodes);
    free(t->blocks);
    ss_buf_release(&t->text);
    meta_release(&t->meta);
    memset(t, 0, sizeof *t);
}

static void reset(ht_tree *t)
{
    t->nnodes = t->nblocks = 0;
    ss_buf_clear(&t->text);
    ss_buf *b[] = {&t->meta.title, &t->meta.og_title, &t->meta.site_name, &t->meta.date,
                   &t->meta.author, &t->meta.canonical, &t->meta.og_url, &t->meta.jsonld};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
        ss_buf_clear(b[i]);
    t->meta.date_rank = t->meta.author_rank = 0;
    t->max_depth = 0;
    t->truncated = 0;
}

/* ---- prescan --------------------------------------------------------- */

static int lc(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int word_ci(const char *p, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (lc((unsigned char)p[i]) != w[i])
            return 0;
    return 1;
}

static int name_end(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '>' || c == '/';
}

/* End of the start tag that begins at p[i] ('<'): index after '>', or n. */
static size_t tag_end(const char *p, size_t n, size_t i)
{
    char q = 0;
    for (size_t j = i + 1; j < n; j++) {
        if (q) {
            if (p[j] == q)
                q = 0;
        } else if (p[j] == '"' || p[j] == '\'') {
            /* quotes only count at the start of an attribute value */
            if (p[j - 1] == '=' || p[j - 1] == ' ')
                q = p[j];
        } else if (p[j] == '>') {
            return j + 1;
        }
    }
    return n;
}

/* Find "</name" (case-insensitive) in p[i..n): its index, or n. */
static size_t find_close(const char *p, size_t n, size_t i, const char *name)
{
    size_t k = strlen(name);
    while (i < n) {
        const char *lt = memchr(p + i, '<', n - i);
        if (!lt)
            return n;
        size_t j = (size_t)(lt - p);
        if (j + 2 + k <= n && p[j + 1] == '/' && word_ci(p + j + 2, n - j - 2, name))
            return j;
        i = j + 1;
    }
    return n;
}

static int has_ci(const char *p, size_t n, const char *w)
{
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (word_ci(p + i, n - i, w))
            return 1;
    return 0;
}

int ss_ht_prescan(const char *s, size_t n, ss_buf *out, ss_buf *jsonld)
{
    /* elements whose content is never visible text here; script, style,
       noscript (a browser with scripts reads it as raw text), textarea,
       iframe, noembed and noframes end at their first end tag as in a
       browser, whatever markup they hold: libxml2 would parse an unclosed
       <div> inside a <noscript> and ignore "</noscript>", and the rest of
       the page would stay inside it, skipped */
    static const char *const raw[] = {"script", "style", "svg", "noscript", "textarea",
                                      "iframe", "noembed", "noframes", NULL};
    ss_buf_clear(out);
    if (ss_buf_reserve(out, n))
        return SS_ENOMEM;
    size_t i = 0, checked = 0;
    int tag_open = 0; /* a tag passed through below has had no '>' up to checked */
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t j = lt ? (size_t)(lt - s) : n;
        if (ss_buf_append(out, s + i, j - i))
            return SS_ENOMEM;
        if (j >= n)
            break;
        if (j + 4 <= n && memcmp(s + j, "<!--", 4) == 0) {
            /* "<!-->" and "<!--->" are empty comments (HTML5) */
            size_t from = j + 4;
            if (from < n && s[from] == '>') {
                i = from + 1;
                continue;
            }
            if (from + 1 < n && s[from] == '-' && s[from + 1] == '>') {
                i = from + 2;
                continue;
            }
            const char *e = memmem(s + from, n - from, "-->", 3);
            if (!e) { /* unterminated: leave it to the parser */
                if (ss_buf_append(out, s + j, n - j))
                    return SS_ENOMEM;
                break;
            }
            i = (size_t)(e - s) + 3;
            continue;
        }
        /* inside a tag passed through below (no '>' since its '<'): an
           attribute value's "<![" is text */
        if (tag_open && memchr(s + checked, '>', j - checked))
            tag_open = 0;
        checked = j; /* each byte looked at once: no '>' before j */
        int in_tag = tag_open;
        if (!in_tag && j + 2 < n && s[j + 1] == '!' && s[j + 2] == '[') {
            /* "<![CDATA[...]]>", "<![if !IE]>", "<![endif]>": a bogus
               comment in HTML5, up to the first '>' (a browser shows none
               of it; libxml2 gave a CDATA section as text).  libxml2
               drops "<?...>" itself */
            const char *gt = memchr(s + j, '>', n - j);
            i = gt ? (size_t)(gt - s) + 1 : n;
            continue;
        }
        const char *el = NULL;
        for (int k = 0; raw[k]; k++) {
            size_t m = strlen(raw[k]);
            if (j + 1 + m < n && word_ci(s + j + 1, n - j - 1, raw[k]) && name_end(s[j + 1 + m])) {
                el = raw[k];
                break;
            }
        }
        if (!el) {
            if (ss_buf_putc(out, '<'))
                return SS_ENOMEM;
            if (!in_tag)
                tag_open = 1;
            i = j + 1;
            continue;
        }
        size_t te = tag_end(s, n, j);
        if (ss_buf_append(out, s + j, te - j))
            return SS_ENOMEM;
        int self_closed = te >= 2 && s[te - 2] == '/' && strcmp(el, "svg") == 0;
        if (self_closed) {
            i = te;
            continue;
        }
        size_t close = find_close(s, n, te, el);
        if (jsonld && el[1] == 'c' && has_ci(s + j, te - j, "ld+json") && close > te) {
            if (ss_buf_append(jsonld, s + te, close - te) || ss_buf_putc(jsonld, '\0'))
                return SS_ENOMEM;
        }
        i = close;
    }
    return SS_OK;
}

/* ---- tree building ---------------------------------------------------- */

static int push_node(builder *b, uint32_t parent, uint8_t tag, uint32_t hints)
{
    ht_tree *t = b->t;
    if (t->nnodes == t->capnodes) {
        size_t cap = t->capnodes ? t->capnodes * 2 : 256;
        ht_node *v = realloc(t->nodes, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        t->nodes = v;
        t->capnodes = cap;
    }
    ht_node *nd = &t->nodes[t->nnodes++];
    nd->parent = parent;
    nd->end = (uint32_t)t->nnodes;
    nd->hints = hints;
    nd->tag = tag;
    nd->depth = b->depth > 65535 ? 65535 : (uint16_t)b->depth;
    return SS_OK;
}

static void fail(builder *b)
{
    b->oom = 1;
    if (b->ctxt)
        xmlStopParser(b->ctxt);
}

static void flush(builder *b)
{
    if (!b->open)
        return;
    b->open = 0;
    b->pending_space = 0;
    ht_tree *t = b->t;
    b->cur.len = (uint32_t)(t->text.len - b->cur.off);
    if (b->cur.len == 0)
        return;
    if (t->nblocks == t->capblocks) {
        size_t cap = t->capblocks ? t->capblocks * 2 : 256;
        ht_block *v = realloc(t->blocks, cap * sizeof *v);
        if (!v) {
            fail(b);
            return;
        }
        t->blocks = v;
        t->capblocks = cap;
    }
    t->blocks[t->nblocks++] = b->cur;
}

static int is_space_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Append text to a capture buffer with white space collapsed, up to cap bytes. */
/* Drop a character cut short at the end of dst (after a length cap). */
static void trim_partial(ss_buf *dst)
{
    size_t j = dst->len;
    while (j > 0 && dst->len - j < 4 && ((unsigned char)dst->data[j - 1] & 0xC0) == 0x80)
        j--;
    if (j == 0)
        return;
    unsigned char lead = (unsigned char)dst->data[j - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (lead >= 0x80 && dst->len - (j - 1) < want) {
        dst->len = j - 1;
        dst->data[dst->len] = '\0';
    }
}

static void capture(builder *b, ss_buf *dst, const char *s, size_t n, size_t cap)
{
    size_t i = 0;
    for (; i < n && dst->len < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space_byte(c)) {
            if (dst->len && dst->data[dst->len - 1] != ' ' && ss_buf_putc(dst, ' '))
                fail(b);
        } else if (ss_buf_putc(dst, c)) {
            fail(b);
        }
    }
    if (i < n)
        trim_partial(dst);
}

/* Bytes of the format character at s[j] that has no glyph and joins or
 * breaks nothing visible (U+00AD soft hyphen, U+200B zero-width space,
 * U+2060 word joiner, U+FEFF byte-order mark), else 0.  Zero-width
 * (non-)joiners stay: Persian and Indic spellings need them. */
static size_t invisible_at(const char *s, size_t n, size_t j)
{
    const unsigned char *u = (const unsigned char *)s + j;
    if (u[0] == 0xC2 && j + 1 < n && u[1] == 0xAD)
        return 2;
    if (j + 2 < n && ((u[0] == 0xE2 && ((u[1] == 0x80 && u[2] == 0x8B) || (u[1] == 0x81 && u[2] == 0xA0))) ||
                      (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)))
        return 3;
    return 0;
}

static void on_chars(void *ctx, const xmlChar *xs, int len)
{
    builder *b = ctx;
    if (b->oom || b->depth == 0 || len <= 0)
        return;
    const char *s = (const char *)xs;
    size_t n = (size_t)len;
    const frame *f = &b->stack[b->depth - 1];
    if (f->flags & F_TITLE)
        capture(b, &b->t->meta.title, s, n, 2000);
    if (b->author_depth)
        capture(b, &b->author_cap, s, n, 300);
    if (f->flags & (F_SKIP | F_HEAD))
        return;
    ht_tree *t = b->t;
    if (ss_buf_reserve(&t->text, n + 1)) {
        fail(b);
        return;
    }
    int pre = (f->flags >> F_BF_SHIFT) & BF_PRE;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int space = is_space_byte(c);
        size_t w = 1;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* no-break space */
            space = 1;
            w = 2;
        }
        if (space) {
            if (pre && c == '\n') {
                flush(b);
                continue;
            }
            if (b->open)
                b->pending_space = 1;
            i += w - 1;
            continue;
        }
        if (!b->open) {
            b->open = 1;
            b->pending_space = 0;
            memset(&b->cur, 0, sizeof b->cur);
            b->cur.node = f->node;
            b->cur.off = (uint32_t)t->text.len;
            b->cur.flags = (uint16_t)(f->flags >> F_BF_SHIFT);
        }
        if (b->pending_space) {
            t->text.data[t->text.len++] = ' ';
            b->cur.cp++;
            if (f->flags & F_LINK)
                b->cur.link_cp++;
            b->pending_space = 0;
        }
        /* copy a run of non-space bytes at once, without the invisible
         * characters that only hint at line breaks (soft hyphens in
         * hyphenated German text, zero-width spaces, word joiners, stray
         * byte-order marks): the words they sit in are one word */
        size_t j = i, from = i;
        uint32_t cps = 0;
        while (j < n && !is_space_byte((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0)) {
            size_t inv = invisible_at(s, n, j);
            if (inv) {
                memcpy(t->text.data + t->text.len, s + from, j - from);
                t->text.len += j - from;
                j += inv;
                from = j;
                continue;
            }
            cps += ((unsigned char)s[j] & 0xC0) != 0x80;
            j++;
        }
        memcpy(t->text.data + t->text.len, s + from, j - from);
        t->text.len += j - from;
        b->cur.cp += cps;
        if (f->flags & F_LINK)
            b->cur.link_cp += cps;
        if (f->flags & F_BOLD)
            b->cur.bold_cp += cps;
        i = j - 1;
    }
    t->text.data[t->text.len] = '\0';
}

typedef struct {
    const char *cls, *id, *role, *itemprop, *style, *href, *rel, *datetime, *name, *property,
        *content, *type;
    int hidden, aria_hidden, pubdate;
} attrs;

static void read_attrs(const xmlChar **a, attrs *at)
{
    memset(at, 0, sizeof *at);
    for (size_t i = 0; a && a[i]; i += 2) {
        const char *k = (const char *)a[i];
        const char *v = a[i + 1] ? (const char *)a[i + 1] : "";
        switch (k[0]) {
        case 'a':
            if (strcmp(k, "aria-hidden") == 0)
                at->aria_hidden = strcasecmp(v, "true") == 0;
            break;
        case 'c':
            if (strcmp(k, "class") == 0)
                at->cls = v;
            else if (strcmp(k, "content") == 0)
                at->content = v;
            break;
        case 'd':
            if (strcmp(k, "datetime") == 0)
                at->datetime = v;
            break;
        case 'h':
            if (strcmp(k, "href") == 0)
                at->href = v;
            else if (strcmp(k, "hidden") == 0)
                at->hidden = 1;
            break;
        case 'i':
            if (strcmp(k, "id") == 0)
                at->id = v;
            else if (strcmp(k, "itemprop") == 0)
                at->itemprop = v;
            break;
        case 'n':
            if (strcmp(k, "name") == 0)
                at->name = v;
            break;
        case 'p':
            if (strcmp(k, "property") == 0)
                at->property = v;
            else if (strcmp(k, "pubdate") == 0)
                at->pubdate = 1;
            break;
        case 'r':
            if (strcmp(k, "role") == 0)
                at->role = v;
            else if (strcmp(k, "rel") == 0)
                at->rel = v;
            break;
        case 's':
            if (strcmp(k, "style") == 0)
                at->style = v;
            break;
        case 't':
            if (strcmp(k, "type") == 0)
                at->type = v;
            break;
        default:
            break;
        }
    }
}

/* display:none or visibility:hidden in an inline style */
static int style_hidden(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (lc((unsigned char)*p) != 'd' && lc((unsigned char)*p) != 'v')
            continue;
        const char *w = word_ci(p, strlen(p), "display") ? p + 7
                        : word_ci(p, strlen(p), "visibility") ? p + 10 : NULL;
        if (!w)
            continue;
        while (*w == ' ')
            w++;
        if (*w != ':')
            continue;
        w++;
        while (*w == ' ')
            w++;
        if (word_ci(w, strlen(w), "none") || word_ci(w, strlen(w), "hidden"))
            return 1;
    }
    return 0;
}

static void set_buf(builder *b, ss_buf *dst, const char *v, size_t cap)
{
    ss_buf_clear(dst);
    size_t n = strnlen(v, cap);
    capture(b, dst, v, n, cap);
    if (n == cap && v[n])
        trim_partial(dst);
    while (dst->len && dst->data[dst->len - 1] == ' ')
        dst->data[--dst->len] = '\0';
}

static void offer_date(builder *b, const char *v, int rank)
{
    int64_t tm;
    if (!v || !v[0] || rank <= b->t->meta.date_rank)
        return;
    if (ss_time_parse(v, strnlen(v, 64), &tm) != SS_OK)
        return;
    b->t->meta.date_rank = rank;
    set_buf(b, &b->t->meta.date, v, 64);
}

static void offer_author(builder *b, const char *v, int rank)
{
    if (!v || !v[0] || rank <= b->t->meta.author_rank)
        return;
    if (strncmp(v, "http", 4) == 0) /* article:author is often a profile URL */
        return;
    b->t->meta.author_rank = rank;
    set_buf(b, &b->t->meta.author, v, 200);
}

/* <meta name|property|itemprop=K content=V> */
static void on_meta(builder *b, const attrs *at)
{
    const char *k = at->property ? at->property : at->name ? at->name : at->itemprop;
    const char *v = at->content;
    if (!k || !v)
        return;
    ht_meta *m = &b->t->meta;
    static const struct {
        const char *key;
        int rank;
    } dates[] = {{"article:published_time", 9}, {"og:article:published_time", 9},
                 {"datepublished", 8},           {"article.published", 7},
                 {"publish-date", 6},            {"publish_date", 6},
                 {"publishdate", 6},             {"pubdate", 6},
                 {"publication_date", 6},        {"parsely-pub-date", 6},
                 {"sailthru.date", 5},           {"dc.date.issued", 5},
                 {"dcterms.issued", 5},          {"dc.date", 4},
                 {"dcterms.date", 4},            {"dcterms.created", 4},
                 {"date", 3},                    {"og:updated_time", 1},
                 {"article:modified_time", 1}};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (strcasecmp(k, dates[i].key) == 0)
            offer_date(b, v, dates[i].rank + 10);
    static const struct {
        const char *key;
        int rank;
    } authors[] = {{"author", 9},   {"article:author", 8}, {"byl", 6},
                   {"dc.creator", 6}, {"parsely-author", 6}, {"sailthru.author", 5},
                   {"twitter:creator", 1}};
    for (size_t i = 0; i < sizeof authors / sizeof authors[0]; i++)
        if (strcasecmp(k, authors[i].key) == 0)
            offer_author(b, v, authors[i].rank + 10);
    if ((strcasecmp(k, "og:title") == 0 || strcasecmp(k, "twitter:title") == 0) && !m->og_title.len)
        set_buf(b, &m->og_title, v, 2000);
    else if ((strcasecmp(k, "og:site_name") == 0 || strcasecmp(k, "application-name") == 0) &&
             !m->site_name.len)
        set_buf(b, &m->site_name, v, 200);
    else if (strcasecmp(k, "og:url") == 0 && !m->og_url.len)
        set_buf(b, &m->og_url, v, 2000);
}

static int rel_has(const char *rel, const char *w)
{
    return rel && has_ci(rel, strlen(rel), w);
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **xattrs)
{
    builder *b = ctx;
    if (b->oom)
        return;
    const char *name = (const char *)xname;
    if (b->depth == b->cap) {
        size_t cap = b->cap * 2;
        frame *v = realloc(b->stack, cap * sizeof *v);
        if (!v) {
            fail(b);
            return;
        }
        b->stack = v;
        b->cap = cap;
    }
    const frame *top = &b->stack[b->depth - 1];
    frame f = {top->node, top->flags, K_INLINE, 0, T_OTHER};
    if (b->depth > b->t->max_depth)
        b->t->max_depth = b->depth;
    if (top->flags & F_SKIP) {
        b->stack[b->depth++] = f;
        return;
    }
    tag_info ti = tag_lookup(name);
    f.kind = ti.kind;
    f.tag = ti.tag;
    attrs at;
    read_attrs(xattrs, &at);
    if (strcmp(name, "meta") == 0) {
        on_meta(b, &at);
        f.kind = K_SKIP;
    } else if (strcmp(name, "link") == 0) {
        if (at.href && rel_has(at.rel, "canonical") && !b->t->meta.canonical.len)
            set_buf(b, &b->t->meta.canonical, at.href, 2000);
        f.kind = K_SKIP;
    } else if (strcmp(name, "head") == 0) {
        f.flags |= F_HEAD;
    } else if (strcmp(name, "title") == 0) {
        if (!b->title_done) {
            f.flags |= F_TITLE;
            b->title_done = 1;
        }
        f.kind = K_SKIP;
    }
    if (at.datetime)
        offer_date(b, at.datetime, at.itemprop && strcasecmp(at.itemprop, "datePublished") == 0 ? 8
                                   : at.pubdate ? 7 : 2);
    else if (at.itemprop && at.content && strcasecmp(at.itemprop, "datePublished") == 0)
        offer_date(b, at.content, 8);
    /* author names: itemprop=author, rel=author, class "author"/"byline" */
    if (!b->author_depth && !(top->flags & F_HEAD)) {
        int rank = 0;
        if (at.itemprop && strcasecmp(at.itemprop, "author") == 0)
            rank = 5;
        else if (rel_has(at.rel, "author"))
            rank = 4;
        else if (at.cls && (has_ci(at.cls, strlen(at.cls), "author") ||
                            has_ci(at.cls, strlen(at.cls), "byline")))
            rank = 2;
        if (rank > b->t->meta.author_rank) {
            if (at.itemprop && at.content) {
                offer_author(b, at.content, rank);
            } else {
                b->author_depth = b->depth + 1;
                b->author_rank = rank;
                ss_buf_clear(&b->author_cap);
            }
        }
    }
    int hidden = at.hidden || at.aria_hidden || (at.style && style_hidden(at.style));
    if (hidden && f.tag != T_HTML && f.tag != T_BODY)
        f.kind = K_SKIP;
    if (f.kind == K_SKIP) {
        f.flags |= F_SKIP;
        b->stack[b->depth++] = f;
        return;
    }
    if (f.kind == K_BREAK) {
        flush(b);
        b->stack[b->depth++] = f;
        return;
    }
    if (f.kind == K_BLOCK) {
        flush(b);
        uint32_t h = 0;
        if (at.cls)
            h = ss_hints_from_names(at.cls, strlen(at.cls));
        if (at.id) {
            uint32_t hid = ss_hints_from_names(at.id, strlen(at.id));
            /* content beats furniture between class and id too */
            h = (h | hid) & HINT_POSITIVE ? (h | hid) & HINT_POSITIVE : h | hid;
        }
        if (at.role)
            h |= ss_hints_from_role(at.role, strlen(at.role));
        if (at.itemprop && strcasecmp(at.itemprop, "articleBody") == 0)
            h |= HINT_BODY | HINT_ARTICLE;
        /* the tag's own meaning: a <footer> or <nav> is furniture whatever
         * its class says; an <article> adds to what its class says */
        /* a blockquote is a quotation, even of a tweet ("twitter-tweet") */
        if (ti.tag == T_BLOCKQUOTE)
            h &= ~(uint32_t)HINT_NEGATIVE;
        uint32_t ht = ss_hints_from_tag(name);
        if (ht & HINT_NEGATIVE)
            h = (h & HINT_NEGATIVE) | ht;
        else
            h |= ht;
        if (push_node(b, top->node, ti.tag, h)) {
            fail(b);
            return;
        }
        f.node = (uint32_t)(b->t->nnodes - 1);
        f.own_node = 1;
        uint32_t bf = 0;
        switch (ti.tag) {
        case T_LI: case T_DD: case T_DT: bf = BF_LI; break;
        case T_BLOCKQUOTE: bf = BF_QUOTE; break;
        case T_PRE: bf = BF_PRE; break;
        case T_FIGURE: case T_FIGCAPTION: case T_CAPTION: bf = BF_CAPTION; break;
        case T_TD: case T_TH: bf = BF_TD; break;
        case T_FORM: bf = BF_FORM; break;
        default: break;
        }
        f.flags |= bf << F_BF_SHIFT;
    } else {
        if (strcmp(name, "a") == 0 && at.href)
            f.flags |= F_LINK;
        else if (strcmp(name, "b") == 0 || strcmp(name, "strong") == 0)
            f.flags |= F_BOLD;
        /* screen-reader-only and hidden spans */
        uint32_t h = 0;
        if (at.cls)
            h |= ss_hints_from_names(at.cls, strlen(at.cls));
        if (h & HINT_HIDDEN)
            f.flags |= F_SKIP;
    }
    b->stack[b->depth++] = f;
}

static void author_done(builder *b)
{
    ss_buf *c = &b->author_cap;
    while (c->len && c->data[c->len - 1] == ' ')
        c->data[--c->len] = '\0';
    if (c->len && c->len < 120)
        offer_author(b, c->data, b->author_rank);
    b->author_depth = 0;
}

/* A table row whose cells hold only text is one block, cells separated by
 * a space ("1 Kyle Busch 5040"): a results table reads as rows.  Rows of
 * layout tables (cells holding blocks) keep their cells apart. */
static void merge_row(builder *b, uint32_t tr)
{
    ht_tree *t = b->t;
    for (size_t n = tr + 1; n < t->nnodes; n++)
        if (t->nodes[n].tag != T_TD && t->nodes[n].tag != T_TH)
            return;
    size_t first = t->nblocks;
    while (first > 0 && t->blocks[first - 1].node >= tr)
        first--;
    if (t->nblocks - first < 2)
        return;
    ht_block m = t->blocks[first];
    size_t tail = t->text.len - m.off, k = t->nblocks - first;
    char *tmp = malloc(tail);
    if (!tmp || ss_buf_reserve(&t->text, k)) {
        free(tmp);
        fail(b);
        return;
    }
    memcpy(tmp, t->text.data + m.off, tail);
    t->text.len = m.off;
    m.node = tr;
    m.cp = m.link_cp = m.bold_cp = 0;
    for (size_t i = first; i < t->nblocks; i++) {
        const ht_block *x = &t->blocks[i];
        if (i > first) {
            t->text.data[t->text.len++] = ' ';
            m.cp++;
        }
        memcpy(t->text.data + t->text.len, tmp + (x->off - t->blocks[first].off), x->len);
        t->text.len += x->len;
        m.cp += x->cp;
        m.link_cp += x->link_cp;
        m.bold_cp += x->bold_cp;
    }
    t->text.data[t->text.len] = '\0';
    m.len = (uint32_t)(t->text.len - m.off);
    free(tmp);
    t->blocks[first] = m;
    t->nblocks = first + 1;
}

static void on_end(void *ctx, const xmlChar *name)
{
    (void)name;
    builder *b = ctx;
    if (b->oom || b->depth <= 1)
        return;
    frame f = b->stack[--b->depth];
    if (b->author_depth && b->depth < b->author_depth)
        author_done(b);
    if (f.flags & F_SKIP)
        return;
    if (f.kind == K_BREAK) {
        flush(b);
    } else if (f.own_node) {
        flush(b);
        b->t->nodes[f.node].end = (uint32_t)b->t->nnodes;
        if (f.tag == T_TR)
            merge_row(b, f.node);
    }
}

static void on_nothing(void *ctx, const xmlChar *s, int len)
{
    (void)ctx;
    (void)s;
    (void)len;
}

int ss_ht_parse(const char *s, size_t n, ht_tree *t, ss_buf *scratch)
{
    reset(t);
    int rc = ss_ht_prescan(s, n, scratch, &t->meta.jsonld);
    if (rc)
        return rc;
    builder b;
    memset(&b, 0, sizeof b);
    b.t = t;
    b.cap = 64;
    b.stack = malloc(b.cap * sizeof *b.stack);
    if (!b.stack || push_node(&b, HT_NONE, T_ROOT, 0)) {
        free(b.stack);
        return SS_ENOMEM;
    }
    b.stack[0] = (frame){0, 0, K_BLOCK, 1, T_ROOT};
    b.depth = 1;
    size_t len = scratch->len;
    if (len > INT_MAX) {
        len = INT_MAX;
        t->truncated = 1;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        free(b.stack);
        return SS_ENOMEM;
    }
    b.ctxt = ctxt;
    xmlSAXHandler *sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->startElement = on_start;
    sax->endElement = on_end;
    sax->characters = on_chars;
    sax->ignorableWhitespace = on_chars;
    sax->cdataBlock = on_nothing;
    ctxt->userData = &b;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, len ? scratch->data : "", (int)len, NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc)
        xmlFreeDoc(doc);
    flush(&b);
    /* close what is still open (a stopped parse) */
    while (b.depth > 1) {
        frame f = b.stack[--b.depth];
        if (f.own_node && !(f.flags & F_SKIP))
            t->nodes[f.node].end = (uint32_t)t->nnodes;
    }
    if (b.author_depth)
        author_done(&b);
    t->nodes[0].end = (uint32_t)t->nnodes;
    htmlFreeParserCtxt(ctxt);
    free(b.stack);
    ss_buf_release(&b.author_cap);
    return b.oom ? SS_ENOMEM : SS_OK;
}
