/* cli/storycompare.c — analyze and compare the articles of each closed
 * story, in parallel (for `stories` and `report`). */
#include <stdlib.h>
#include <string.h>

#include "storyrun.h"

void cli_comparer_init(cli_comparer *c) { memset(c, 0, sizeof *c); }

int cli_comparer_start(cli_comparer *c, int nworkers, const ss_lexicon *lx)
{
    ss_error err;
    ss_error_clear(&err);
    c->sw = ss_stopwords_load(&err);
    if (!c->sw)
        cli_warn(NULL, "%s", err.msg);
    c->qt = ss_quoter_new(&err);
    if (!c->qt)
        cli_warn(NULL, "%s (no quotations)", err.msg);
    c->an = calloc((size_t)nworkers, sizeof *c->an);
    c->pv = calloc((size_t)nworkers, sizeof *c->pv);
    c->al = calloc((size_t)nworkers, sizeof *c->al);
    if (!c->an || !c->pv || !c->al)
        return -1;
    c->nw = nworkers;
    for (int i = 0; i < nworkers; i++) {
        if (!(c->an[i] = ss_analyzer_new(c->sw, c->qt, &err)) ||
            !(c->pv[i] = ss_pivoter_new(lx, c->sw, &err))) {
            cli_error("%s", err.msg);
            return -1;
        }
        if (!(c->al[i] = ss_xaligner_new())) {
            cli_error("out of memory");
            return -1;
        }
    }
    return 0;
}

void cli_compared_free(cli_compared *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n; i++)
        ss_analysis_release(&k->x[i]);
    free(k->x);
    free(k->xp);
    free(k->rel);
    free(k->rel_source);
    ss_reuse_passages_release(&k->reuse);
    ss_comparison_release(&k->c);
    free(k);
}

int cli_comparer_prepare(cli_comparer *c, int worker, cli_closed_story *s, const ss_df *df)
{
    cli_compared *k = calloc(1, sizeof *k);
    if (!k)
        return -1;
    ss_comparison_init(&k->c);
    k->n = s->story.n;
    k->x = calloc(k->n, sizeof *k->x);
    k->xp = calloc(k->n, sizeof *k->xp);
    if (!k->x || !k->xp) {
        cli_compared_free(k);
        return -1;
    }
    for (size_t i = 0; i < k->n; i++) {
        ss_analysis_init(&k->x[i]);
        k->xp[i] = &k->x[i];
        if (ss_analyze_doc(c->an[worker], s->arts[i]->doc, &k->x[i])) {
            cli_compared_free(k);
            return -1;
        }
    }
    /* the kind of each link: duplicate, reuse (and from which), translation
       (and its sentence pairs, for the comparison), same event */
    ss_reuse_passages_init(&k->reuse);
    k->rel = calloc(k->n, 1);
    k->rel_source = malloc(k->n * sizeof *k->rel_source);
    ss_doc **docs = malloc(k->n * sizeof *docs);
    ss_sentence_link *links = NULL;
    size_t nlinks = 0, caplinks = 0;
    ss_error err;
    ss_error_clear(&err);
    if (!k->rel || !k->rel_source || !docs) {
        free(docs);
        cli_compared_free(k);
        return -1;
    }
    for (size_t i = 0; i < k->n; i++)
        docs[i] = s->arts[i]->doc;
    int rc = ss_story_reuse(docs, k->n, &k->reuse, &err);
    free(docs);
    if (rc) {
        cli_error("%s", err.msg);
        cli_compared_free(k);
        return -1;
    }
    for (size_t i = 0; i < k->n; i++) {
        k->rel_source[i] = UINT32_MAX;
        uint32_t link = (uint32_t)i;
        for (size_t j = 0; j < k->n; j++)
            if (s->story.members[j].item == s->story.members[i].link)
                link = (uint32_t)j;
        if (link == i)
            continue;
        const ss_doc *a = s->arts[i]->doc, *b = s->arts[link]->doc;
        if (ss_langs_differ(a->lang, b->lang)) {
            /* across languages: a translation, or another report */
            int is_tr;
            if (ss_translation_links(c->pv[worker], c->al[worker], k->xp, (uint32_t)i, link, NULL, &is_tr,
                                     &links, &nlinks, &caplinks, NULL)) {
                free(links);
                cli_compared_free(k);
                return -1;
            }
            k->rel[i] = is_tr ? SS_REL_TRANSLATION : SS_REL_SAME_EVENT;
        } else {
            k->rel[i] = (uint8_t)ss_pair_relation(k->xp, &k->reuse, (uint32_t)i, link, &k->rel_source[i]);
        }
    }
    rc = ss_compare_story_linked(k->xp, k->n, df, links, nlinks, &k->c);
    free(links);
    if (rc) {
        cli_compared_free(k);
        return -1;
    }
    s->user = k;
    return 0;
}

void cli_comparer_release(cli_comparer *c)
{
    for (int i = 0; i < c->nw; i++) {
        ss_analyzer_free(c->an ? c->an[i] : NULL);
        ss_pivoter_free(c->pv ? c->pv[i] : NULL);
        ss_xaligner_free(c->al ? c->al[i] : NULL);
    }
    free(c->an);
    free(c->pv);
    free(c->al);
    ss_quoter_free(c->qt);
    ss_stopwords_free(c->sw);
    memset(c, 0, sizeof *c);
}
