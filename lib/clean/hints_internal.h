/* clean/hints_internal.h — what an element's class, id, role and tag say
 * about its content.
 *
 * Page authors name their containers: "article-body", "post-content",
 * "sidebar", "share-tools", "related-stories", "comments".  These names
 * are the strongest cheap evidence of what a subtree holds, and every
 * published extractor (readability, boilerpipe, trafilatura) reads them.
 * We split the class and id values into words (at punctuation, digits and
 * camelCase boundaries, lower-cased) and match whole words or word
 * prefixes against small vocabularies, so "ad" matches "ad-slot" but not
 * "header", and "comment" matches "commentList".
 *
 * Hints are evidence, not decisions: clean/extract.c weighs them with the
 * text statistics of the blocks below.
 */
#ifndef SS_CLEAN_HINTS_INTERNAL_H
#define SS_CLEAN_HINTS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

enum {
    /* boilerplate */
    HINT_NAV = 1u << 0,       /* navigation, menus, breadcrumbs, pagination */
    HINT_FOOTER = 1u << 1,    /* page footers, copyright */
    HINT_HEADER = 1u << 2,    /* page or article headers (title, byline live there) */
    HINT_SIDEBAR = 1u << 3,   /* sidebars, rails, widgets */
    HINT_COMMENT = 1u << 4,   /* reader comments */
    HINT_SHARE = 1u << 5,     /* share and social buttons */
    HINT_RELATED = 1u << 6,   /* related, recommended, more stories, teasers */
    HINT_AD = 1u << 7,        /* advertising and sponsored content */
    HINT_POPUP = 1u << 8,     /* newsletter boxes, subscription, cookie notices, modals */
    HINT_META = 1u << 9,      /* byline, dates, tags, author boxes */
    HINT_CAPTION = 1u << 10,  /* figure captions and credits */
    HINT_HIDDEN = 1u << 11,   /* hidden, screen-reader only, print only */
    HINT_CONSENT = 1u << 12,  /* cookie and consent notices (with HINT_POPUP): never
                                 a wrapper of the article (extract.c, step 2) */
    /* content */
    HINT_BODY = 1u << 16,     /* "article-body", itemprop=articleBody: the text itself */
    HINT_ARTICLE = 1u << 17,  /* "article", "post", "story", role=main: a container of it */
    HINT_EMBED = 1u << 18,    /* "embed": a quoted tweet or video; cancels furniture words */
};

#define HINT_NEGATIVE 0xFFFFu
#define HINT_POSITIVE 0xFFFF0000u

/* Hints from the words of a class/id/role/itemprop value (any mix,
 * separated by spaces).  s need not be NUL-terminated. */
uint32_t ss_hints_from_names(const char *s, size_t n);

/* Hints implied by an ARIA role value ("navigation", "main"...). */
uint32_t ss_hints_from_role(const char *s, size_t n);

/* Hints implied by an element name ("nav", "footer", "figcaption"...). */
uint32_t ss_hints_from_tag(const char *name);

#endif
