/* clean/htmltree_internal.h — a web page as a compact tree of block
 * elements and the text blocks they hold.
 *
 * The page (UTF-8) is parsed by libxml2's HTML parser in recover mode
 * through its SAX interface; no libxml2 DOM is built.  What we keep:
 *
 *   nodes   the block-level elements (div, p, li, h2, article, ...) in
 *           document order (pre-order), each with its parent, the end of
 *           its subtree (nodes[i+1 .. end) are its descendants), its tag
 *           and the hints of its class/id/role (hints_internal.h).  Node 0
 *           is the document.  Subtrees are index ranges, so every pass
 *           over the tree is a loop, never a recursion: 10,000 levels of
 *           nesting cost nothing but memory proportional to the page.
 *   blocks  runs of visible text between block boundaries, in document
 *           order, each owned by the innermost block element around it,
 *           with white space collapsed, and the number of its code points
 *           inside links.
 *   meta    what the page says about itself: <title>, <meta> properties,
 *           <link rel=canonical>, <time datetime>, schema.org itemprops,
 *           JSON-LD scripts, author bylines.
 *
 * Invisible content is never recorded: script, style, template, svg,
 * form controls, iframes, elements with the hidden attribute, aria-hidden
 * or an inline display:none, and the head (apart from its metadata).
 *
 * Before parsing, a prescan removes the contents of script and style
 * elements and HTML comments (keeping the JSON-LD scripts aside): they are
 * about half the bytes of a modern page, they are never visible text, and
 * libxml2 would otherwise scan them character by character.  The scan ends
 * a script at the first "</script", as the HTML parser does.  The contents
 * of noscript, textarea, iframe, noembed and noframes go the same way (a
 * browser reads them as raw text too): markup left unclosed inside them
 * must not swallow the rest of the page.
 */
#ifndef SS_CLEAN_HTMLTREE_INTERNAL_H
#define SS_CLEAN_HTMLTREE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define HT_NONE UINT32_MAX

/* The tags the extractor tells apart; every other element is T_OTHER. */
enum {
    T_OTHER = 0, T_ROOT, T_HTML, T_BODY, T_DIV, T_P, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6,
    T_LI, T_UL, T_OL, T_DL, T_DT, T_DD, T_BLOCKQUOTE, T_PRE, T_TABLE, T_TR, T_TD, T_TH,
    T_FIGURE, T_FIGCAPTION, T_CAPTION, T_SECTION, T_ARTICLE, T_MAIN, T_NAV, T_HEADER,
    T_FOOTER, T_ASIDE, T_FORM, T_ADDRESS, T_BR, T_HR, T_CUSTOM
};

typedef struct ht_node {
    uint32_t parent;   /* HT_NONE for node 0 */
    uint32_t end;      /* one past the last node of the subtree */
    uint32_t hints;    /* HINT_* */
    uint16_t tag;      /* T_* */
    uint16_t depth;    /* nesting depth, saturating at 65535 */
} ht_node;

/* block flags: what the text sits in */
enum {
    BF_LI = 1u << 0,       /* a list item */
    BF_QUOTE = 1u << 1,    /* a blockquote */
    BF_PRE = 1u << 2,
    BF_CAPTION = 1u << 3,  /* figure, figcaption, table caption */
    BF_TD = 1u << 4,       /* a table cell */
    BF_FORM = 1u << 5,     /* a form */
};

typedef struct ht_block {
    uint32_t node;     /* innermost block element holding the text */
    uint32_t off, len; /* bytes of tree.text */
    uint32_t cp;       /* code points */
    uint32_t link_cp;  /* code points inside <a href> */
    uint32_t bold_cp;  /* code points inside <b>/<strong> */
    uint16_t flags;    /* BF_* */
} ht_block;

/* Metadata as found; clean/meta.c chooses among it. */
typedef struct ht_meta {
    ss_buf title;        /* <title> */
    ss_buf og_title;     /* og:title, twitter:title */
    ss_buf site_name;    /* og:site_name, application-name */
    ss_buf date;         /* the best-ranked published date found */
    int date_rank;       /* rank of date (higher wins), 0 = none */
    ss_buf author;       /* the best-ranked author found */
    int author_rank;
    ss_buf canonical;    /* <link rel=canonical> */
    ss_buf og_url;
    ss_buf jsonld;       /* JSON-LD script contents, each followed by a NUL */
} ht_meta;

typedef struct ht_tree {
    ht_node *nodes;
    size_t nnodes, capnodes;
    ht_block *blocks;
    size_t nblocks, capblocks;
    ss_buf text;         /* block texts back to back */
    ht_meta meta;
    size_t max_depth;    /* deepest element nesting seen */
    int truncated;       /* the page was cut at 2 GiB for the parser */
} ht_tree;

void ss_ht_init(ht_tree *t);
void ss_ht_release(ht_tree *t);

/* Parse UTF-8 markup s[0..n) into t (reset first).  scratch is a buffer
 * the caller owns (for the prescanned copy).  SS_OK or SS_ENOMEM. */
int ss_ht_parse(const char *s, size_t n, ht_tree *t, ss_buf *scratch);

/* Remove the contents of script and style elements and comments from
 * s[0..n) into out; JSON-LD script contents are appended to jsonld, each
 * followed by a NUL.  SS_OK or SS_ENOMEM.  (Exposed for tests.) */
int ss_ht_prescan(const char *s, size_t n, ss_buf *out, ss_buf *jsonld);

#endif
