/* align/xreuse.c — translated passages (xreuse.h). */
#include "align/xreuse.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lang/langid.h"
#include "xling/align.h"
#include "xling/link.h"
#include "xling/pivot.h"

typedef struct {
    ss_langid *li;
    ss_pivoter *pv;
    ss_xaligner *al;
    ss_xgroups g;
    ss_reuse_passages found; /* the pairs this worker aligned */
} worker;

struct ss_xreuse {
    worker *w;
    int workers;
    ss_xlinker *lk;
    uint32_t *num;           /* linker document -> reuse document number */
    size_t n, cap;
    int found;               /* ss_xreuse_find ran */
};

ss_xreuse *ss_xreuse_new(int workers, const ss_stopwords *sw, const ss_lexicon *lx, ss_error *err)
{
    if (workers < 1 || !sw) {
        ss_error_set(err, SS_EINVAL, "translated reuse needs a worker and the stopword lists");
        return NULL;
    }
    ss_xreuse *x = calloc(1, sizeof *x);
    if (!x || !(x->w = calloc((size_t)workers, sizeof *x->w)) || !(x->lk = ss_xlinker_new())) {
        ss_xreuse_free(x);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    x->workers = workers;
    for (int i = 0; i < workers; i++) {
        worker *w = &x->w[i];
        ss_xgroups_init(&w->g);
        ss_reuse_passages_init(&w->found);
        if (!(w->li = ss_langid_new(err)) || !(w->pv = ss_pivoter_new(lx, sw, err))) {
            ss_xreuse_free(x);
            return NULL;
        }
        if (!(w->al = ss_xaligner_new())) {
            ss_xreuse_free(x);
            ss_error_set(err, SS_ENOMEM, "out of memory");
            return NULL;
        }
    }
    return x;
}

void ss_xreuse_free(ss_xreuse *x)
{
    if (!x)
        return;
    for (int i = 0; x->w && i < x->workers; i++) {
        ss_langid_free(x->w[i].li);
        ss_pivoter_free(x->w[i].pv);
        ss_xaligner_free(x->w[i].al);
        ss_xgroups_release(&x->w[i].g);
        ss_reuse_passages_release(&x->w[i].found);
    }
    free(x->w);
    ss_xlinker_free(x->lk);
    free(x->num);
    free(x);
}

typedef struct {
    ss_xreuse *x;
    ss_doc *const *docs;
    ss_pivot *p;
    ss_xtext *t;
    int *rc;
    ss_error *err;
} add_job;

static void prepare_one(void *ctx, int wi, size_t i)
{
    add_job *j = ctx;
    worker *w = &j->x->w[wi];
    ss_doc *d = j->docs[i];
    size_t len = ss_doc_work_len(d);
    j->rc[i] = SS_OK;
    if (!d->lang_given || !d->lang[0]) {
        ss_lang_guess g;
        int rc = ss_langid_detect(w->li, d->text ? d->text : "", len, &g, &j->err[i]);
        if (rc && rc != SS_ENODATA) {
            j->rc[i] = rc;
            return;
        }
        memcpy(d->lang, g.code, sizeof g.code);
    }
    /* the text alone, at offset 0: spans are the reuse engine's */
    if (ss_pivot_doc(w->pv, d, &j->p[i]) ||
        (len && ss_xtext_add(w->pv, d->text, len, d->lang, 0, 0, &j->t[i])))
        j->rc[i] = ss_error_set(&j->err[i], SS_ENOMEM, "out of memory");
}

int ss_xreuse_add_docs(ss_xreuse *x, ss_pool *pool, ss_doc *const *docs, size_t n, const uint32_t *numbers,
                       ss_error *err)
{
    if (!n)
        return SS_OK;
    if (x->found)
        return ss_error_set(err, SS_EINVAL, "translated reuse: documents added after the search");
    if (ss_pool_threads(pool) > x->workers)
        return ss_error_set(err, SS_EINVAL, "translated reuse: the pool has more threads than workers");
    add_job j = {x, docs, calloc(n, sizeof(ss_pivot)), calloc(n, sizeof(ss_xtext)), calloc(n, sizeof(int)),
                 calloc(n, sizeof(ss_error))};
    int rc = SS_OK;
    if (!j.p || !j.t || !j.rc || !j.err) {
        rc = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        ss_pivot_init(&j.p[i]);
        ss_xtext_init(&j.t[i]);
    }
    ss_pool_for(pool, n, prepare_one, &j);
    if (x->n + n > x->cap) {
        size_t cap = x->cap ? x->cap : 256;
        while (cap < x->n + n)
            cap *= 2;
        uint32_t *v = realloc(x->num, cap * sizeof *v);
        if (!v) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            goto out;
        }
        x->num = v;
        x->cap = cap;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        if (j.rc[i]) {
            rc = ss_error_set(err, j.rc[i], "%s: %s", docs[i]->id, j.err[i].msg);
            break;
        }
        if (x->n && numbers[i] <= x->num[x->n - 1]) {
            rc = ss_error_set(err, SS_EINVAL, "translated reuse: document numbers must ascend");
            break;
        }
        if (ss_xlinker_add(x->lk, &j.p[i], &j.t[i])) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            break;
        }
        x->num[x->n++] = numbers[i];
    }
out:
    for (size_t i = 0; j.p && j.t && i < n; i++) {
        ss_pivot_release(&j.p[i]);
        ss_xtext_release(&j.t[i]);
    }
    free(j.p);
    free(j.t);
    free(j.rc);
    free(j.err);
    return rc;
}

static int push(ss_reuse_passages *p, const ss_reuse_passage *x)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        ss_reuse_passage *v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = *x;
    return SS_OK;
}

/* A group that pairs sentences of both sides as each other's translation. */
static int translated(const ss_xgroup *g)
{
    return g->a1 > g->a0 && g->b1 > g->b0 && g->sim >= XREUSE_GROUP_SIM &&
           fabsf(g->delta) <= (float)SS_XALIGN_MAX_DELTA;
}

/* Items of the group (anchors / similarity). */
static double items(const ss_xgroup *g) { return g->sim > 0 ? g->anchors / (double)g->sim : 0; }

/* The passages of one aligned pair (linker documents la < lb) into out. */
static int passages_of(const ss_xreuse *x, const ss_reuse *r, uint32_t la, uint32_t lb,
                       const ss_xtext *ta, const ss_xtext *tb, const ss_xgroups *g, uint32_t min_chars,
                       ss_reuse_passages *out)
{
    uint32_t a = x->num[la], b = x->num[lb];
    for (size_t i = 0; i < g->n;) {
        if (!translated(&g->v[i])) {
            i++;
            continue;
        }
        /* the run from i: translated groups, and between two of them at
         * most one sentence a side that is not */
        size_t last = i, groups = 1;
        double anchors = g->v[i].anchors, all = items(&g->v[i]);
        for (size_t k = i + 1; k < g->n;) {
            if (translated(&g->v[k])) {
                last = k;
                groups++;
                anchors += g->v[k].anchors;
                all += items(&g->v[k]);
                k++;
                continue;
            }
            size_t e = k;
            uint32_t sa = 0, sb = 0;
            while (e < g->n && !translated(&g->v[e])) {
                sa += g->v[e].a1 - g->v[e].a0;
                sb += g->v[e].b1 - g->v[e].b0;
                e++;
            }
            if (e == g->n || sa > 1 || sb > 1)
                break;
            k = e;
        }
        const ss_xgroup *f = &g->v[i], *l = &g->v[last];
        i = last + 1;
        if (groups < XREUSE_MIN_GROUPS)
            continue;
        ss_reuse_passage p;
        memset(&p, 0, sizeof p);
        p.a = a;
        p.b = b;
        p.a_start = ta->sent[f->a0].cp_start;
        p.a_end = ta->sent[l->a1 - 1].cp_end;
        p.b_start = tb->sent[f->b0].cp_start;
        p.b_end = tb->sent[l->b1 - 1].cp_end;
        uint32_t ca = p.a_end - p.a_start, cb = p.b_end - p.b_start;
        p.chars = ca < cb ? ca : cb;
        /* the longer side: a Chinese or Japanese span is about a third of
         * its English one in code points */
        if ((ca > cb ? ca : cb) < min_chars)
            continue;
        p.identity = all > 0 ? anchors / all : 0;
        if (p.identity > 1)
            p.identity = 1;
        if (p.identity < (groups >= XREUSE_LONG_GROUPS ? XREUSE_LONG_IDENTITY : XREUSE_MIN_IDENTITY))
            continue;
        /* every word anchored: the same text under two language labels (a
         * Ukrainian page read as Russian), which reuse.h reports as a copy */
        if (p.identity >= XREUSE_COPY_IDENTITY)
            continue;
        ss_when wa = ss_reuse_doc_when(r, a), wb = ss_reuse_doc_when(r, b);
        ss_source_by by;
        int src = ss_source_pick(&wa, &wb, &by);
        p.source = src < 0 ? -1 : src == 0 ? (int64_t)a : (int64_t)b;
        p.source_by = (uint8_t)by;
        p.translated = 1;
        if (push(out, &p))
            return SS_ENOMEM;
    }
    return SS_OK;
}

typedef struct {
    ss_xreuse *x;
    const ss_reuse *r;
    const ss_xlink *v;
    uint32_t min_chars;
    atomic_int failed;       /* the first error code of any worker, 0 if none */
} find_job;

static void align_one(void *ctx, int wi, size_t i)
{
    find_job *j = ctx;
    worker *w = &j->x->w[wi];
    const ss_xlink *l = &j->v[i];
    const ss_xtext *ta = ss_xlinker_text(j->x->lk, l->a), *tb = ss_xlinker_text(j->x->lk, l->b);
    if (!ta->nsent || !tb->nsent)
        return;
    unsigned mask = ss_xalign_mask(ta, tb, l->dictionary);
    int rc = ss_xalign_partial(w->al, ta, tb, mask, &w->g);
    if (rc == SS_OK)
        rc = passages_of(j->x, j->r, l->a, l->b, ta, tb, &w->g, j->min_chars, &w->found);
    int none = 0;
    if (rc)
        atomic_compare_exchange_strong(&j->failed, &none, rc);
}

static int cmp_passage(const void *p, const void *q)
{
    const ss_reuse_passage *x = p, *y = q;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return x->a_start < y->a_start ? -1 : x->a_start > y->a_start;
}

int ss_xreuse_find(ss_xreuse *x, ss_pool *pool, const ss_reuse *r, uint32_t min_chars,
                   ss_reuse_passages *out, ss_error *err)
{
    if (x->found)
        return ss_error_set(err, SS_EINVAL, "translated reuse: searched twice");
    if (ss_pool_threads(pool) > x->workers)
        return ss_error_set(err, SS_EINVAL, "translated reuse: the pool has more threads than workers");
    x->found = 1;
    ss_xlink *v = NULL;
    size_t n = 0;
    if (ss_xlinker_candidates(x->lk, &v, &n))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    find_job j = {x, r, v, min_chars, 0};
    ss_pool_for(pool, n, align_one, &j);
    free(v);
    int failed = atomic_load(&j.failed);
    if (failed)
        return ss_error_set(err, failed, "translated reuse: aligning: %s", ss_strerror(failed));
    size_t first = out->n;
    for (int i = 0; i < x->workers; i++) {
        for (size_t k = 0; k < x->w[i].found.n; k++)
            if (push(out, &x->w[i].found.v[k]))
                return ss_error_set(err, SS_ENOMEM, "out of memory");
        x->w[i].found.n = 0;
    }
    if (out->n > first)
        qsort(out->v + first, out->n - first, sizeof *out->v, cmp_passage);
    return SS_OK;
}
