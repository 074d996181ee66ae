/* clean/meta_internal.h — title, date, author and URL of a page.
 *
 * Chooses among what the page says about itself (htmltree_internal.h
 * ht_meta) and its JSON-LD (schema.org Article types), see meta.c.
 */
#ifndef SS_CLEAN_META_INTERNAL_H
#define SS_CLEAN_META_INTERNAL_H

#include <stddef.h>

#include "clean/htmltree_internal.h"
#include "core/buf.h"

typedef struct ss_page_meta {
    ss_buf *title, *date, *author, *url;   /* outputs (cleared first) */
} ss_page_meta;

/* h1: the text of the page's main heading (h1len bytes, may be 0);
 * h1_in_article: it sits inside the article (then it is the title).
 * SS_OK or SS_ENOMEM. */
int ss_meta_choose(const ht_tree *t, const char *h1, size_t h1len, int h1_in_article,
                   ss_page_meta *out);

/* Remove a site name from a <title>-like string in place: a last or first
 * segment after " | ", " - ", " – ", " — ", " :: ", " · " or " • " that is
 * the site name (when known) or much shorter than the rest.  Returns the
 * new length. */
size_t ss_meta_strip_site(char *s, size_t n, const char *site, size_t site_len);

#endif
