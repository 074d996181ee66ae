/* compare/relate.c — relation types between two articles (see relate.h). */
#include "compare/relate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/token.h"
#include "text/utf8.h"
#include "xling/link.h"

const char *ss_relation_name(ss_relation r)
{
    switch (r) {
    case SS_REL_DUPLICATE: return "duplicate";
    case SS_REL_REUSE: return "reuse";
    case SS_REL_TRANSLATION: return "translation";
    default: return "same-event";
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted distinct 5-shingle hashes of the tokens from byte body_start on;
 * *n set (NULL with *n 0 when there are none or memory ran out). */
static uint64_t *shingles(const ss_tokens *t, size_t body_start, size_t *n)
{
    size_t k0 = 0;
    while (k0 < t->n && t->v[k0].start < body_start)
        k0++;
    size_t m = t->n - k0;
    *n = 0;
    if (m == 0)
        return NULL;
    size_t cnt = m >= 5 ? m - 4 : 1;
    uint64_t *h = malloc(cnt * sizeof *h);
    if (!h)
        return NULL;
    for (size_t i = 0; i < cnt; i++) {
        uint64_t v = 0x9E3779B97F4A7C15ull;
        for (size_t j = 0; j < 5 && k0 + i + j < t->n; j++)
            v = (v ^ t->v[k0 + i + j].hash) * 0x100000001B3ull;
        h[i] = v;
    }
    qsort(h, cnt, sizeof *h, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < cnt; i++)
        if (i == 0 || h[i] != h[i - 1])
            h[u++] = h[i];
    *n = u;
    return h;
}

static double jaccard(const uint64_t *ha, size_t na, const uint64_t *hb, size_t nb)
{
    if (!ha || !hb || na + nb == 0)
        return 0;
    size_t i = 0, k = 0, inter = 0;
    while (i < na && k < nb) {
        if (ha[i] < hb[k])
            i++;
        else if (hb[k] < ha[i])
            k++;
        else {
            inter++;
            i++;
            k++;
        }
    }
    return (double)inter / (double)(na + nb - inter);
}

double ss_analysis_jaccard(const ss_analysis *a, const ss_analysis *b)
{
    size_t na, nb;
    uint64_t *ha = shingles(&a->tok, a->doc->body_start, &na);
    uint64_t *hb = shingles(&b->tok, b->doc->body_start, &nb);
    double j = jaccard(ha, na, hb, nb);
    free(ha);
    free(hb);
    return j;
}

int ss_story_reuse(ss_doc *const *docs, size_t n, ss_reuse_passages *out, ss_error *err)
{
    out->n = 0;
    if (n < 2)
        return SS_OK;
    ss_reuse *r = ss_reuse_new(NULL, err);
    if (!r)
        return err ? err->code : SS_ENOMEM;
    int rc = ss_reuse_add_docs(r, NULL, docs, n, err);
    if (rc == SS_OK)
        rc = ss_reuse_build(r, err);
    ss_reuse_worker *w = rc == SS_OK ? ss_reuse_worker_new(r) : NULL;
    if (rc == SS_OK && !w)
        rc = ss_error_set(err, SS_ENOMEM, "reuse: out of memory");
    for (uint32_t a = 0; rc == SS_OK && a < n; a++)
        rc = ss_reuse_find(w, a, out);
    ss_reuse_worker_free(w);
    ss_reuse_free(r);
    return rc;
}

/* Reuse between documents i < j of the passages' numbering (da, db their
 * documents): passages covering SS_REUSE_COVERAGE of either text. */
static int is_reuse(const ss_reuse_passages *p, uint32_t a, uint32_t b, const ss_doc *da, const ss_doc *db,
                    int64_t *src)
{
    uint64_t ca = 0, cb = 0;
    *src = -1;
    for (size_t k = 0; p && k < p->n; k++) {
        const ss_reuse_passage *q = &p->v[k];
        if (q->a != a || q->b != b)
            continue;
        ca += q->a_end - q->a_start;
        cb += q->b_end - q->b_start;
        if (q->source >= 0)
            *src = q->source;
    }
    size_t la = da->text ? ss_utf8_count(da->text, da->text_len) : 0;
    size_t lb = db->text ? ss_utf8_count(db->text, db->text_len) : 0;
    return (la && (double)ca / (double)la >= SS_REUSE_COVERAGE) ||
           (lb && (double)cb / (double)lb >= SS_REUSE_COVERAGE);
}

ss_relation ss_pair_relation(const ss_analysis *const *x, const ss_reuse_passages *p, uint32_t i,
                             uint32_t j, uint32_t *source)
{
    *source = UINT32_MAX;
    if (ss_analysis_jaccard(x[i], x[j]) >= SS_DUPLICATE_JACCARD) {
        /* the copy's source: the earlier of two dated copies */
        int64_t ti = x[i]->doc->time, tj = x[j]->doc->time;
        if (ti != SS_TIME_NONE && tj != SS_TIME_NONE && ti != tj)
            *source = ti < tj ? i : j;
        return SS_REL_DUPLICATE;
    }
    uint32_t a = i < j ? i : j, b = i < j ? j : i;
    int64_t src;
    if (is_reuse(p, a, b, x[a]->doc, x[b]->doc, &src)) {
        if (src >= 0)
            *source = (uint32_t)src;
        return SS_REL_REUSE;
    }
    return SS_REL_SAME_EVENT;
}

int ss_docs_relation(ss_doc *a, ss_doc *b, ss_tokens *scratch, ss_relation *out, int *source,
                     ss_error *err)
{
    *out = SS_REL_SAME_EVENT;
    *source = -1;
    ss_doc *d[2] = {a, b};
    uint64_t *h[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    for (int s = 0; s < 2; s++) {
        if (ss_tokenize(d[s]->text ? d[s]->text : "", d[s]->text ? d[s]->text_len : 0, 0,
                        SS_TOKENIZE_NORM | SS_TOKENIZE_HASH, scratch) != SS_OK) {
            free(h[0]);
            return ss_error_set(err, SS_ENOMEM, "relation: out of memory");
        }
        h[s] = shingles(scratch, d[s]->body_start, &n[s]);
    }
    double jac = jaccard(h[0], n[0], h[1], n[1]);
    free(h[0]);
    free(h[1]);
    if (jac >= SS_DUPLICATE_JACCARD) {
        *out = SS_REL_DUPLICATE;
        /* the earlier of two dated copies, as ss_pair_relation */
        if (a->time != SS_TIME_NONE && b->time != SS_TIME_NONE && a->time != b->time)
            *source = a->time < b->time ? 0 : 1;
        return SS_OK;
    }
    ss_reuse_passages p;
    ss_reuse_passages_init(&p);
    int rc = ss_story_reuse(d, 2, &p, err);
    int64_t src;
    if (rc == SS_OK && is_reuse(&p, 0, 1, a, b, &src)) {
        *out = SS_REL_REUSE;
        *source = (int)src;
    }
    ss_reuse_passages_release(&p);
    return rc;
}

/* Sentences of x (byte spans in its text) that overlap [start, end). */
static void overlapping(const ss_analysis *x, uint32_t start, uint32_t end, uint32_t *lo, uint32_t *hi)
{
    *lo = *hi = 0;
    size_t k = 0;
    while (k < x->sent.n && x->sent.v[k].end <= start)
        k++;
    *lo = (uint32_t)k;
    while (k < x->sent.n && x->sent.v[k].start < end)
        k++;
    *hi = (uint32_t)k;
}

static int add_link(ss_sentence_link **links, size_t *n, size_t *cap, ss_sentence_link l)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        ss_sentence_link *v = realloc(*links, nc * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        *links = v;
        *cap = nc;
    }
    (*links)[(*n)++] = l;
    return SS_OK;
}

int ss_translation_links(ss_pivoter *pv, ss_xaligner *al, const ss_analysis *const *x, uint32_t i,
                         uint32_t j, double *coverage, int *is_translation, ss_sentence_link **links,
                         size_t *n, size_t *cap, ss_error *err)
{
    *is_translation = 0;
    if (coverage)
        *coverage = 0;
    const ss_doc *da = x[i]->doc, *db = x[j]->doc;
    int dict = ss_pivoter_has_dictionary(pv, da->lang) && ss_pivoter_has_dictionary(pv, db->lang);
    ss_xtext ta, tb;
    ss_xtext_init(&ta);
    ss_xtext_init(&tb);
    ss_xgroups g;
    ss_xgroups_init(&g);
    int rc = SS_OK;
    double score = 0;
    /* the texts alone (not a separate title): spans must be offsets in the text */
    if ((rc = ss_xtext_add(pv, da->text ? da->text : "", ss_doc_work_len(da), da->lang, 0, 0,
                           &ta)) ||
        (rc = ss_xtext_add(pv, db->text ? db->text : "", ss_doc_work_len(db), db->lang, 0, 0,
                           &tb)) ||
        (rc = ss_xalign(al, &ta, &tb, ss_xalign_mask(&ta, &tb, dict), &g)))
        goto out;
    score = ss_xalign_coverage(al, &ta, &tb, &g);
    if (coverage)
        *coverage = score;
    if (!ss_xlink_accepts(score, dict, da->lang, db->lang, SS_XLINK_THRESHOLD))
        goto out;
    *is_translation = 1;
    for (size_t k = 0; k < g.n; k++) {
        const ss_xgroup *q = &g.v[k];
        if (q->a0 == q->a1 || q->b0 == q->b1 || q->sim < SS_XALIGN_GOOD || fabs(q->delta) > SS_XALIGN_MAX_DELTA)
            continue;
        uint32_t alo, ahi, blo, bhi;
        overlapping(x[i], ta.sent[q->a0].start, ta.sent[q->a1 - 1].end, &alo, &ahi);
        overlapping(x[j], tb.sent[q->b0].start, tb.sent[q->b1 - 1].end, &blo, &bhi);
        for (uint32_t sa = alo; sa < ahi; sa++)
            for (uint32_t sb = blo; sb < bhi; sb++)
                if ((rc = add_link(links, n, cap, (ss_sentence_link){i, sa, j, sb})))
                    goto out;
    }
out:
    ss_xgroups_release(&g);
    ss_xtext_release(&ta);
    ss_xtext_release(&tb);
    if (rc)
        ss_error_set(err, rc, "translation check of articles %s and %s: %s", da->id ? da->id : "?",
                     db->id ? db->id : "?", ss_strerror(rc));
    return rc;
}
