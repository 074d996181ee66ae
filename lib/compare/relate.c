/* compare/relate.c — relation types between two articles (see relate.h). */
#include "compare/relate.h"

#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

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

/* Sorted distinct 5-shingle hashes of the body tokens; *n set. */
static uint64_t *shingles(const ss_analysis *x, size_t *n)
{
    size_t k0 = 0;
    while (k0 < x->tok.n && x->tok.v[k0].start < x->doc->body_start)
        k0++;
    size_t m = x->tok.n - k0;
    *n = 0;
    if (m == 0)
        return NULL;
    size_t cnt = m >= 5 ? m - 4 : 1;
    uint64_t *h = malloc(cnt * sizeof *h);
    if (!h)
        return NULL;
    for (size_t i = 0; i < cnt; i++) {
        uint64_t v = 0x9E3779B97F4A7C15ull;
        for (size_t j = 0; j < 5 && k0 + i + j < x->tok.n; j++)
            v = (v ^ x->tok.v[k0 + i + j].hash) * 0x100000001B3ull;
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

double ss_analysis_jaccard(const ss_analysis *a, const ss_analysis *b)
{
    size_t na, nb;
    uint64_t *ha = shingles(a, &na), *hb = shingles(b, &nb);
    double j = 0;
    if (ha && hb && na + nb > 0) {
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
        j = (double)inter / (double)(na + nb - inter);
    }
    free(ha);
    free(hb);
    return j;
}

int ss_story_reuse(ss_doc *const *docs, size_t n, ss_reuse_passages *out, ss_error *err)
{
    out->n = 0;
    if (n < 2)
        return SS_OK;
    ss_reuse *r = ss_reuse_new(NULL);
    if (!r)
        return ss_error_set(err, SS_ENOMEM, "reuse: out of memory");
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

ss_relation ss_pair_relation(const ss_analysis *const *x, const ss_reuse_passages *p, uint32_t i,
                             uint32_t j, uint32_t *source)
{
    *source = UINT32_MAX;
    if (ss_analysis_jaccard(x[i], x[j]) >= SS_DUPLICATE_JACCARD)
        return SS_REL_DUPLICATE;
    uint32_t a = i < j ? i : j, b = i < j ? j : i;
    uint64_t ca = 0, cb = 0;
    int64_t src = -1;
    for (size_t k = 0; p && k < p->n; k++) {
        const ss_reuse_passage *q = &p->v[k];
        if (q->a != a || q->b != b)
            continue;
        ca += q->a_end - q->a_start;
        cb += q->b_end - q->b_start;
        if (q->source >= 0)
            src = q->source;
    }
    size_t la = x[a]->doc->text ? ss_utf8_count(x[a]->doc->text, x[a]->doc->text_len) : 0;
    size_t lb = x[b]->doc->text ? ss_utf8_count(x[b]->doc->text, x[b]->doc->text_len) : 0;
    if ((la && (double)ca / (double)la >= SS_REUSE_COVERAGE) ||
        (lb && (double)cb / (double)lb >= SS_REUSE_COVERAGE)) {
        if (src >= 0)
            *source = (uint32_t)src;
        return SS_REL_REUSE;
    }
    return SS_REL_SAME_EVENT;
}
