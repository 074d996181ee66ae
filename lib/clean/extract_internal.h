/* clean/extract_internal.h — which blocks of a page are the article.
 *
 * Input: the block tree of a page (htmltree_internal.h).  Output: a kind
 * for every block (SS_BLOCK_BODY, _TITLE, _CHROME, _CAPTION, _RELATED).
 * The method is described at the top of extract.c.
 */
#ifndef SS_CLEAN_EXTRACT_INTERNAL_H
#define SS_CLEAN_EXTRACT_INTERNAL_H

#include <stdint.h>

#include "clean/features_internal.h"
#include "clean/htmltree_internal.h"
#include "text/stopwords.h"

typedef struct ss_extract_info {
    uint32_t root;        /* the node chosen as the article container, HT_NONE if none */
    int title_block;      /* index of the block used as the <h1> title, -1 if none */
    int title_in_article; /* that <h1> is inside the article container */
} ss_extract_info;

/* Fill kinds[0..t->nblocks) (caller-allocated).  sw may be NULL.
 * SS_OK or SS_ENOMEM. */
int ss_extract_article(const ht_tree *t, const ss_stopwords *sw, uint8_t *kinds,
                       ss_extract_info *info, ss_feat_scratch *scratch);

#endif
