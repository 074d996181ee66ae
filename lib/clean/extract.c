/* clean/extract.c — the article in a page's block tree.
 *
 * Method (our own combination of published ideas):
 *
 * 1. Each text block gets a weight: positive for prose, negative for page
 *    furniture.  Prose is text outside links, discounted when it has few
 *    function words (menus, tags and headlines have none; running text in
 *    any language we have lists for has 30-50%); link text counts against
 *    the block, and every block pays a fixed cost, so that a run of short
 *    blocks (a menu, a list of teasers) sums to a negative weight while a
 *    paragraph sums to a large positive one.  This is the "text density"
 *    and "link density" of boilerpipe and jusText, folded into one number.
 * 2. Blocks under an element whose class, id, role or tag says it is
 *    navigation, comments, sharing, related links, ads, a caption and so
 *    on (hints_internal.h) weigh negatively whatever their text, unless
 *    that element holds most of the page's prose (then the name was a
 *    wrapper's, like "page-with-sidebar").
 * 3. The article container is the element whose subtree has the largest
 *    summed weight: the DOM-constrained form of the maximum-scoring
 *    region of Finn et al.'s Body Text Extraction.  Elements named like
 *    an article body ("article-body", itemprop=articleBody) get a small
 *    bonus, so that among near-equal candidates the author's own
 *    labelling wins.  Sibling subtrees of the container (and of its
 *    parent) that weigh a fifth of it, or that are named as the article
 *    body as it is, join it: one article's body split around an ad slot.
 * 4. Inside the container every block is body text except: blocks under
 *    hinted furniture, figure captions, the <h1> (the title), blocks that
 *    are mostly link text, repeats of an earlier block, and short
 *    non-sentences at the very start or end (bylines, dates, "Share",
 *    "Related articles").  Short paragraphs, quotes, list items and
 *    subheadings in the middle of the text stay.
 *
 * Everything here is one pass or a few linear passes over the node and
 * block arrays; nothing recurses.
 */
#include "clean/extract_internal.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "clean/clean.h"
#include "clean/hints_internal.h"
#include "core/error.h"

/* Weights, in code points of text (how they were chosen: docs/CLEAN.md).
 * BLOCK_COST: what every block pays, so that runs of tiny blocks (menus,
 * tag clouds) sum below zero even without links; small, because lists,
 * table rows and one-line paragraphs are content too.  STOP_FULL: the
 * function-word share above which text counts fully (running prose is at
 * 0.3-0.5 in our languages, menus and lists of names near 0).  NEG_FACTOR:
 * how much text under a furniture hint counts against a container.
 * LINK_DENSE: a block with more link text than this (and fewer than two
 * sentences) is a link list.  BODY_BONUS, ARTICLE_BONUS: preference for
 * containers named as the article body or the article.  WRAPPER_SHARE: a
 * furniture name on an element holding more than this share of the
 * page's prose is a wrapper's name and ignored, unless it names a cookie
 * or consent notice with no element named as the article inside it: a
 * page that is only such a notice (a scrape that hit the consent wall)
 * has no article text. */
#ifndef BLOCK_COST /* overridable for the sensitivity runs in docs/CLEAN.md */
#define BLOCK_COST 5.0
#endif
#ifndef STOP_FULL
#define STOP_FULL 0.25
#endif
#ifndef NEG_FACTOR
#define NEG_FACTOR 0.5
#endif
#ifndef LINK_DENSE
#define LINK_DENSE 0.5
#endif
#ifndef BODY_BONUS
#define BODY_BONUS 1.25
#endif
#ifndef ARTICLE_BONUS
#define ARTICLE_BONUS 1.10
#endif
#ifndef WRAPPER_SHARE
#define WRAPPER_SHARE 0.5
#endif
/* Function words count only on pages whose prose (blocks of PROSE_WORDS
 * words or more, not mostly links) has PROSE_STOP_SHARE of them: prose of
 * the languages with a list has 0.19 (Arabic, whose function words are
 * mostly written onto the word) to 0.5 of words in the lists, that of
 * languages without one 0 to 0.13 (Czech, Swedish; Finnish 0.07,
 * Polish 0.09), measured on NTREX-128's 128 translations of one text. */
#define PROSE_WORDS 12
#define PROSE_STOP_SHARE 0.15
/* The rest of an article split across sibling containers (step 3b):
 * siblings of the container and of its parent (SIBLING_LEVELS) weighing at
 * least SIBLING_SHARE of it and SIBLING_MIN code points of prose join it.
 * Readability appends siblings scoring a fifth of its best candidate; 0.2
 * to 0.3 was a plateau on the trafilatura and readability benchmarks
 * (bench/extraction_bench.py, docs/CLEAN.md), 0.1 took in standfirsts
 * the AEB ground truth leaves out. */
#ifndef SIBLING_SHARE
#define SIBLING_SHARE 0.2
#endif
#define SIBLING_LEVELS 2
#define SIBLING_MIN 100.0
/* text beside a linked heading up to which the pair is a teaser card:
 * a two-sentence standfirst, a byline and a date */
#ifndef TEASER_TEXT
#define TEASER_TEXT 400
#endif

static int is_heading(uint16_t tag) { return tag >= T_H1 && tag <= T_H6; }

/* Is a block prose-like enough to end or start an article? */
static int sentence_like(const ss_feat *f)
{
    if (f->number_only)
        return 0;
    if (f->ends_sentence && f->words >= 3)
        return 1;
    return f->words >= 12 && f->stops >= 2;
}

#define EDGE_RUN 3

/* From one end (dir 1: start, -1: end), drop the body blocks before the
 * first sentence-like one if there are at most EDGE_RUN of them. */
static void trim_edge(const ht_tree *t, const ss_feat *feat, uint8_t *kinds, size_t nb, int dir)
{
    size_t idx[EDGE_RUN];
    size_t k = 0;
    for (size_t j = 0; j < nb; j++) {
        size_t i = dir > 0 ? j : nb - 1 - j;
        if (kinds[i] != SS_BLOCK_BODY)
            continue;
        int heading = is_heading(t->nodes[t->blocks[i].node].tag);
        if (sentence_like(&feat[i]) && !(dir < 0 && heading))
            break;
        if (k == EDGE_RUN)
            return;
        idx[k++] = i;
    }
    for (size_t j = 0; j < k; j++)
        kinds[idx[j]] = SS_BLOCK_CHROME;
}

int ss_extract_article(const ht_tree *t, const ss_stopwords *sw, uint8_t *kinds,
                       ss_extract_info *info, ss_feat_scratch *scratch)
{
    size_t nb = t->nblocks, nn = t->nnodes;
    info->root = HT_NONE;
    info->title_block = -1;
    info->title_in_article = 0;
    for (size_t i = 0; i < nb; i++)
        kinds[i] = SS_BLOCK_CHROME;
    if (nb == 0 || nn == 0)
        return SS_OK;
    ss_feat *feat = malloc(nb * sizeof *feat);
    double *w = malloc(nb * sizeof *w);
    double *score = calloc(nn, sizeof *score);
    double *prose = calloc(nn, sizeof *prose);
    uint32_t *neg = malloc(nn * sizeof *neg);
    uint32_t *nh = malloc(nn * sizeof *nh);
    uint8_t *inc = NULL; /* nodes whose blocks are the article's */
    uint8_t *art_below = calloc(nn, 1); /* an element named as the article at or under the node */
    int rc = SS_OK;
    if (!feat || !w || !score || !prose || !neg || !nh || !art_below) {
        rc = SS_ENOMEM;
        goto out;
    }
    /* function words only count when the page has any: pages in languages
     * without a list (or without spaces) are judged on length and links */
    uint64_t words = 0, stops = 0, pwords = 0, pstops = 0; /* p: of the prose blocks */
    for (size_t i = 0; i < nb; i++) {
        const ht_block *b = &t->blocks[i];
        if ((rc = ss_feat_compute(sw, t->text.data + b->off, b->len, &feat[i], scratch)))
            goto out;
        words += feat[i].words;
        stops += feat[i].stops;
        if (feat[i].words >= PROSE_WORDS && b->link_cp * 2 < b->cp) {
            pwords += feat[i].words;
            pstops += feat[i].stops;
        }
    }
    /* ... and when its prose has them: a page in a language without a list
     * (Finnish, Polish) may reach 5% through words its language shares
     * with the lists (Finnish "on", "se"), but its prose then scores as
     * menus do */
    int use_stops = sw && words > 0 && stops * 20 >= words &&
                    (!pwords || (double)pstops >= PROSE_STOP_SHARE * (double)pwords);
    /* 1. block weights */
    for (size_t i = 0; i < nb; i++) {
        const ht_block *b = &t->blocks[i];
        const ss_feat *f = &feat[i];
        double text = (double)(b->cp - b->link_cp);
        double q = 1.0;
        if (use_stops && f->words > 0) {
            double sd = (double)f->stops / f->words;
            q = sd >= STOP_FULL ? 1.0 : sd / STOP_FULL;
        }
        w[i] = text * q - (double)b->link_cp - BLOCK_COST;
        /* a row of a data table is neither prose nor furniture: numbers
         * and names have no function words, but such a table is content
         * wherever the prose around it is */
        if (t->nodes[b->node].tag == T_TR && w[i] < 0 && b->link_cp * 2 < b->cp)
            w[i] = 0;
        if (w[i] > 0)
            prose[b->node] += w[i];
    }
    for (size_t n = nn; n-- > 1;)
        prose[t->nodes[n].parent] += prose[n];
    /* teaser cards: a heading that is all link, with little text beside
     * it under the same parent (a standfirst, an author, a date), is a
     * link to another story; subheadings of an article are not links */
    for (size_t n = 0; n < nn; n++)
        nh[n] = t->nodes[n].hints & HINT_NEGATIVE;
    {
        double *sub_cp = score; /* borrowed: zero until step 3 */
        for (size_t i = 0; i < nb; i++)
            sub_cp[t->blocks[i].node] += t->blocks[i].cp;
        for (size_t n = nn; n-- > 1;)
            sub_cp[t->nodes[n].parent] += sub_cp[n];
        for (size_t i = 0; i < nb; i++) {
            const ht_block *b = &t->blocks[i];
            uint16_t tag = t->nodes[b->node].tag;
            if (tag < T_H2 || tag > T_H6 || b->cp < 10 || b->link_cp * 10 < b->cp * 9)
                continue;
            uint32_t p = t->nodes[b->node].parent;
            if (p == HT_NONE || p == 0)
                continue;
            if (sub_cp[p] - sub_cp[b->node] <= TEASER_TEXT)
                nh[p] |= HINT_RELATED;
        }
        memset(score, 0, nn * sizeof *score);
    }
    /* 2. furniture hints, minus those of wrappers holding most prose */
    for (size_t n = nn; n-- > 0;) {
        art_below[n] |= (t->nodes[n].hints & (HINT_BODY | HINT_ARTICLE)) != 0;
        if (n)
            art_below[t->nodes[n].parent] |= art_below[n];
    }
    for (size_t n = 0; n < nn; n++) {
        const ht_node *nd = &t->nodes[n];
        uint32_t h = nh[n];
        if (nd->tag == T_ROOT || nd->tag == T_HTML || nd->tag == T_BODY)
            h = 0;
        if (h && prose[n] > WRAPPER_SHARE * prose[0] &&
            !(h == HINT_COMMENT && !(nd->hints & HINT_POSITIVE)) &&
            !((h & HINT_CONSENT) && !art_below[n]))
            h = 0;
        uint32_t up = n ? neg[nd->parent] : HT_NONE;
        neg[n] = up != HT_NONE ? up : h ? (uint32_t)n : HT_NONE;
    }
    /* 3. subtree sums and the best container */
    for (size_t i = 0; i < nb; i++) {
        const ht_block *b = &t->blocks[i];
        double v = w[i];
        if (neg[b->node] != HT_NONE)
            v = -(NEG_FACTOR * b->cp + BLOCK_COST);
        score[b->node] += v;
    }
    for (size_t n = nn; n-- > 1;)
        score[t->nodes[n].parent] += score[n];
    double best = 0;
    uint32_t root = HT_NONE;
    for (size_t n = 0; n < nn; n++) {
        if (neg[n] != HT_NONE || score[n] <= 0)
            continue;
        double s = score[n];
        uint32_t h = t->nodes[n].hints;
        if (h & HINT_BODY)
            s *= BODY_BONUS;
        else if (h & HINT_ARTICLE)
            s *= ARTICLE_BONUS;
        if (s > best) {
            best = s;
            root = (uint32_t)n;
        }
    }
    info->root = root;
    if (root == HT_NONE)
        goto out;
    /* 3b. the rest of an article split across sibling containers (parts
     * of one story body around an ad slot or a "continue reading" link):
     * beside the container and beside its parent, a subtree that is not
     * furniture joins it when it weighs at least SIBLING_SHARE of the
     * container, or when both are named as the article body */
    inc = calloc(nn, 1);
    if (!inc) {
        rc = SS_ENOMEM;
        goto out;
    }
    memset(inc + root, 1, t->nodes[root].end - root);
    for (uint32_t below = root, lev = 0; lev < SIBLING_LEVELS; lev++) {
        uint32_t a = t->nodes[below].parent;
        if (a == HT_NONE || t->nodes[a].tag == T_BODY || t->nodes[a].tag == T_HTML ||
            t->nodes[a].tag == T_ROOT)
            break;
        for (uint32_t c = a + 1; c < t->nodes[a].end; c = t->nodes[c].end) {
            if (c == below || neg[c] != HT_NONE || score[c] < SIBLING_MIN)
                continue;
            int both_body = (t->nodes[c].hints & t->nodes[root].hints & HINT_BODY) != 0;
            if (both_body || score[c] >= SIBLING_SHARE * score[root])
                memset(inc + c, 1, t->nodes[c].end - c);
        }
        below = a;
    }
    /* 4. blocks of the container */
    uint32_t lo = root, hi = t->nodes[root].end;
    for (size_t i = 0; i < nb; i++) {
        const ht_block *b = &t->blocks[i];
        uint32_t nd = b->node;
        uint32_t hint = neg[nd] != HT_NONE ? nh[neg[nd]] : 0;
        uint8_t k = SS_BLOCK_BODY;
        if (t->nodes[nd].tag == T_H1) {
            k = SS_BLOCK_CHROME; /* the title is chosen below */
        } else if ((b->flags & BF_CAPTION) || (hint & HINT_CAPTION)) {
            k = SS_BLOCK_CAPTION;
        } else if (hint & HINT_RELATED) {
            k = SS_BLOCK_RELATED;
        } else if (hint) {
            k = SS_BLOCK_CHROME;
        } else if (!inc[nd]) {
            k = SS_BLOCK_CHROME;
        } else if (b->link_cp * 1.0 > LINK_DENSE * b->cp && feat[i].sentences < 2) {
            k = SS_BLOCK_RELATED;
        }
        kinds[i] = k;
    }
    /* the title: the first <h1> inside the article, else the last one
     * before it, else the first of the page */
    {
        long in = -1, before = -1, any = -1;
        for (size_t i = 0; i < nb; i++) {
            uint32_t nd = t->blocks[i].node;
            if (t->nodes[nd].tag != T_H1)
                continue;
            if (any < 0)
                any = (long)i;
            if (nd >= lo && nd < hi) {
                in = (long)i;
                break;
            }
            if (nd < lo)
                before = (long)i;
        }
        long pick = in >= 0 ? in : before >= 0 ? before : any;
        if (pick >= 0) {
            kinds[pick] = SS_BLOCK_TITLE;
            info->title_block = (int)pick;
            /* trusted as the article's own title when inside it, or when
             * it shares a container with it below <body> (an article
             * header next to the article body), not a logo in the page
             * header */
            info->title_in_article = in >= 0;
            uint32_t h1n = t->blocks[pick].node;
            for (uint32_t a = t->nodes[root].parent; a != HT_NONE && !info->title_in_article;
                 a = t->nodes[a].parent) {
                uint16_t tag = t->nodes[a].tag;
                if (tag == T_BODY || tag == T_HTML || tag == T_ROOT)
                    break;
                info->title_in_article = h1n > a && h1n < t->nodes[a].end;
            }
        }
    }
    /* repeats of an earlier body block (pull quotes, duplicated teasers),
     * before the ends are trimmed: a repeat is no part of a run there */
    uint64_t seen[64];
    size_t first_at[64], repeat_at[64]; /* a seen block, and its first repeat (nb: none) */
    size_t ns = 0;
    for (size_t i = 0; i < nb; i++) {
        if (kinds[i] != SS_BLOCK_BODY)
            continue;
        const ht_block *b = &t->blocks[i];
        uint64_t h = XXH3_64bits(t->text.data + b->off, b->len);
        size_t k = 0;
        while (k < ns && seen[k] != h)
            k++;
        if (k < ns) {
            kinds[i] = SS_BLOCK_CHROME;
            if (repeat_at[k] == nb)
                repeat_at[k] = i;
        } else if (ns < 64) {
            seen[ns] = h;
            first_at[ns] = i;
            repeat_at[ns++] = nb;
        }
    }
    /* trim short non-sentences at both ends of the article: a few of them
     * are bylines, dates, "Share", "Related articles"; a longer run is a
     * list that belongs to the text (tour dates, a recipe's steps) */
    trim_edge(t, feat, kinds, nb, 1);
    trim_edge(t, feat, kinds, nb, -1);
    /* a block trimmed at an end whose repeat lies inside the article: the
     * repeat is the text's (as when repeats were found after trimming) */
    for (size_t k = 0; k < ns; k++)
        if (repeat_at[k] < nb && kinds[first_at[k]] != SS_BLOCK_BODY)
            kinds[repeat_at[k]] = SS_BLOCK_BODY;
out:
    free(inc);
    free(art_below);
    free(feat);
    free(w);
    free(score);
    free(prose);
    free(neg);
    free(nh);
    return rc;
}
