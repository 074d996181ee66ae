/* xling/link.c — translation links over pivot vectors (see link.h).
 *
 * Run: (1) document frequencies of the pivot keys in an open-addressing
 * table, which also records where each key's posting list starts; (2)
 * weights times idf, and each document's norms; (3) postings (documents
 * per key); (4) per document, its QUERY_KEYS heaviest keys that are
 * neither unique nor common gather candidate partners in other languages
 * with partial dot products, and in each other language the PRESELECT
 * heaviest are scored in full and the CANDIDATES best kept;
 * (5) the scored pairs, best first, fill a one-to-one matching.
 */
#include "xling/link.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lang/langid.h"
#include "xling/lexicon.h"

#define QUERY_KEYS 40
/* Candidates of one other language given a full cosine, the heaviest by
 * partial weight.  It was 12 over all languages together; per language 4
 * found the same links on every WMT set (tools/translation_sets.py, WMT14)
 * and bench/bench_translations.py's corpus (2,931 links against 2,936
 * with 12) in 0.84 of the time. */
#define PRESELECT 4
/* Marks a partner linked through a third document (a document index
 * stays under 2^31). */
#define VIA_MARK 0x80000000u

typedef struct {
    ss_pivot p;
    ss_xtext t;
    float sq[SS_PV_FIELDS]; /* squared norm of each weighted field */
    int lang;           /* index in the linker's language list; -1 unknown */
} xdoc;

typedef struct {
    uint64_t key;       /* 0 = empty */
    uint32_t df;
    uint32_t off;       /* first posting */
} slot;

struct ss_xlinker {
    xdoc *d;
    size_t n, cap;
    char (*langs)[16];
    int nlangs, langcap;
    slot *tab;
    size_t tabcap;      /* power of two */
    uint32_t *post;
    int built;          /* index and weights made (once) */
};

ss_xlinker *ss_xlinker_new(void) { return calloc(1, sizeof(ss_xlinker)); }

void ss_xlinker_free(ss_xlinker *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        ss_pivot_release(&x->d[i].p);
        ss_xtext_release(&x->d[i].t);
    }
    free(x->d);
    free(x->langs);
    free(x->tab);
    free(x->post);
    free(x);
}

static int lang_index(ss_xlinker *x, const char *lang)
{
    if (!ss_lang_known(lang))
        return -1;
    for (int i = 0; i < x->nlangs; i++)
        if (strcmp(x->langs[i], lang) == 0)
            return i;
    if (x->nlangs == x->langcap) {
        int cap = x->langcap ? x->langcap * 2 : 8;
        char(*v)[16] = realloc(x->langs, (size_t)cap * sizeof *v);
        if (!v)
            return -2;
        x->langs = v;
        x->langcap = cap;
    }
    memcpy(x->langs[x->nlangs], lang, 16);
    x->langs[x->nlangs][15] = '\0';
    return x->nlangs++;
}

int ss_xlinker_add(ss_xlinker *x, ss_pivot *p, ss_xtext *t)
{
    if (x->built)
        return SS_EINVAL; /* the index and weights are made once */
    if (x->n >= VIA_MARK - 1)
        return SS_EINVAL; /* partner + 1 must stay under VIA_MARK */
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        xdoc *v = realloc(x->d, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        x->d = v;
        x->cap = cap;
    }
    int li = lang_index(x, p->lang);
    if (li == -2 || ss_xtext_index(t))
        return SS_ENOMEM;
    xdoc *d = &x->d[x->n++];
    memset(d, 0, sizeof *d);
    d->p = *p;
    d->t = *t;
    d->lang = li;
    ss_pivot_init(p);
    ss_xtext_init(t);
    return SS_OK;
}

static inline uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

static slot *find(const ss_xlinker *x, uint64_t key)
{
    size_t mask = x->tabcap - 1;
    for (size_t i = mix(key) & mask;; i = (i + 1) & mask)
        if (x->tab[i].key == key || x->tab[i].key == 0)
            return &x->tab[i];
}

/* Document frequencies, then posting offsets. */
static int build_index(ss_xlinker *x)
{
    size_t total = 0;
    for (size_t i = 0; i < x->n; i++)
        for (int f = 0; f < SS_PV_FIELDS; f++)
            total += x->d[i].p.f[f].n;
    size_t cap = 64;
    while (cap < total * 2 + 2)
        cap *= 2;
    free(x->tab);
    x->tab = calloc(cap, sizeof *x->tab);
    free(x->post);
    x->post = malloc((total ? total : 1) * sizeof *x->post);
    if (!x->tab || !x->post)
        return SS_ENOMEM;
    x->tabcap = cap;
    for (size_t i = 0; i < x->n; i++)
        for (int f = 0; f < SS_PV_FIELDS; f++) {
            const ss_fvec *v = &x->d[i].p.f[f];
            for (uint32_t j = 0; j < v->n; j++) {
                uint64_t k = v->k[j] ? v->k[j] : 1;
                slot *s = find(x, k);
                s->key = k;
                s->df++;
            }
        }
    uint32_t off = 0;
    for (size_t i = 0; i < cap; i++)
        if (x->tab[i].key) {
            x->tab[i].off = off;
            off += x->tab[i].df;
            x->tab[i].df = 0; /* counted again while filling */
        }
    for (size_t i = 0; i < x->n; i++)
        for (int f = 0; f < SS_PV_FIELDS; f++) {
            const ss_fvec *v = &x->d[i].p.f[f];
            for (uint32_t j = 0; j < v->n; j++) {
                slot *s = find(x, v->k[j] ? v->k[j] : 1);
                x->post[s->off + s->df++] = (uint32_t)i;
            }
        }
    return SS_OK;
}

static double idf(const ss_xlinker *x, uint32_t df) { return log(1.0 + (double)x->n / (df ? df : 1)); }

static void weigh(ss_xlinker *x)
{
    for (size_t i = 0; i < x->n; i++) {
        xdoc *d = &x->d[i];
        for (int f = 0; f < SS_PV_FIELDS; f++) {
            ss_fvec *v = &d->p.f[f];
            double sq = 0;
            for (uint32_t j = 0; j < v->n; j++) {
                v->w[j] *= (float)idf(x, find(x, v->k[j] ? v->k[j] : 1)->df);
                sq += (double)v->w[j] * v->w[j];
            }
            d->sq[f] = (float)sq;
        }
    }
}

static double dot(const ss_fvec *a, const ss_fvec *b)
{
    double s = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->k[i] < b->k[j])
            i++;
        else if (a->k[i] > b->k[j])
            j++;
        else
            s += (double)a->w[i++] * b->w[j++];
    }
    return s;
}

static double score(const ss_xlinker *x, uint32_t a, uint32_t b, int *dictionary)
{
    const xdoc *da = &x->d[a], *db = &x->d[b];
    int dict = da->p.dictionary && db->p.dictionary;
    double s = dot(&da->p.f[SS_PV_NAME], &db->p.f[SS_PV_NAME]) +
               dot(&da->p.f[SS_PV_NUM], &db->p.f[SS_PV_NUM]);
    double na = da->sq[SS_PV_NAME] + da->sq[SS_PV_NUM], nb = db->sq[SS_PV_NAME] + db->sq[SS_PV_NUM];
    if (dict) {
        s += dot(&da->p.f[SS_PV_DICT], &db->p.f[SS_PV_DICT]);
        na += da->sq[SS_PV_DICT];
        nb += db->sq[SS_PV_DICT];
    }
    if (da->p.uncased != db->p.uncased) {
        /* loanwords written by sound in the uncased script */
        s += dot(&da->p.f[SS_PV_SOUND], &db->p.f[SS_PV_NAME]) +
             dot(&da->p.f[SS_PV_NAME], &db->p.f[SS_PV_SOUND]);
        na += da->sq[SS_PV_SOUND];
        nb += db->sq[SS_PV_SOUND];
    }
    na = sqrt(na);
    nb = sqrt(nb);
    if (dictionary)
        *dictionary = dict;
    if (na <= 0 || nb <= 0)
        return 0;
    return s / (na * nb);
}

double ss_xlinker_cosine(const ss_xlinker *x, uint32_t a, uint32_t b, int *dictionary)
{
    if (a >= x->n || b >= x->n || !x->tab)
        return 0;
    return score(x, a, b, dictionary);
}

typedef struct {
    uint64_t key;
    float w;
} qkey;

static int cmp_qkey(const void *a, const void *b)
{
    const qkey *x = a, *y = b;
    return x->w > y->w ? -1 : x->w < y->w;
}


static int cmp_pair(const void *a, const void *b)
{
    const ss_xlink *x = a, *y = b;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return x->via < y->via ? -1 : x->via > y->via;
}

static int push_link(ss_xlink **v, size_t *n, size_t *cap, ss_xlink l)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        ss_xlink *nv = realloc(*v, c * sizeof *nv);
        if (!nv)
            return SS_ENOMEM;
        *v = nv;
        *cap = c;
    }
    (*v)[(*n)++] = l;
    return SS_OK;
}

/* A document that shares query keys with document a, and how much. */
typedef struct {
    float w;
    uint32_t b;
} touch;

static int cmp_touch(const void *p, const void *q)
{
    const touch *x = p, *y = q;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* Scratch of candidates(), sized once per run. */
typedef struct {
    float *acc;         /* partial dot product per document */
    uint32_t *touched;  /* documents with acc > 0 */
    touch *order;       /* the same, heaviest first */
    qkey *q;            /* query keys */
    uint32_t *tried;    /* per language: candidates given a full cosine */
    ss_xlink *best;     /* per language: its SS_XLINK_CANDIDATES best */
    uint8_t *nbest;
} cand_scratch;

/* Candidate pairs of document a: in each other language, its
 * SS_XLINK_CANDIDATES best partners by cosine among the PRESELECT heaviest
 * by partial weight, appended to *v (each language's best, and the
 * SS_XLINK_CANDIDATES best of all).  Per language, so that a story told in
 * many languages gives each its candidates: versions in languages that
 * share a dictionary's words outweigh those that meet on names alone, and
 * one list for all languages was filled with the former. */
static int candidates(ss_xlinker *x, uint32_t a, cand_scratch *cs, ss_xlink **v, size_t *n, size_t *cap)
{
    const xdoc *da = &x->d[a];
    if (da->lang < 0)
        return SS_OK;
    uint32_t common = (uint32_t)(x->n / 20 > 64 ? x->n / 20 : 64);
    size_t nq = 0;
    qkey *q = cs->q;
    for (int f = 0; f < SS_PV_FIELDS; f++) {
        if (f == SS_PV_DICT && !da->p.dictionary)
            continue;
        const ss_fvec *vf = &da->p.f[f];
        for (uint32_t j = 0; j < vf->n; j++) {
            uint32_t df = find(x, vf->k[j] ? vf->k[j] : 1)->df;
            if (df < 2 || df > common)
                continue;
            q[nq++] = (qkey){vf->k[j] ? vf->k[j] : 1, vf->w[j]};
        }
    }
    qsort(q, nq, sizeof *q, cmp_qkey);
    if (nq > QUERY_KEYS)
        nq = QUERY_KEYS;
    float *acc = cs->acc;
    size_t nt = 0;
    for (size_t i = 0; i < nq; i++) {
        const slot *s = find(x, q[i].key);
        for (uint32_t p = 0; p < s->df; p++) {
            uint32_t b = x->post[s->off + p];
            if (b == a || x->d[b].lang < 0 || x->d[b].lang == da->lang)
                continue;
            if (acc[b] == 0)
                cs->touched[nt++] = b;
            acc[b] += q[i].w;
        }
    }
    for (size_t i = 0; i < nt; i++) {
        cs->order[i] = (touch){acc[cs->touched[i]], cs->touched[i]};
        acc[cs->touched[i]] = 0;
    }
    qsort(cs->order, nt, sizeof *cs->order, cmp_touch);
    memset(cs->tried, 0, (size_t)x->nlangs * sizeof *cs->tried);
    memset(cs->nbest, 0, (size_t)x->nlangs);
    for (size_t c = 0; c < nt; c++) {
        uint32_t b = cs->order[c].b;
        int lb = x->d[b].lang;
        if (cs->tried[lb] >= PRESELECT)
            continue; /* the PRESELECT heaviest of a language get a full cosine */
        cs->tried[lb]++;
        int dict = 0;
        double cosv = score(x, a, b, &dict);
        if (cosv < SS_XLINK_MIN_COSINE)
            continue;
        ss_xlink l = {a < b ? a : b, a < b ? b : a, 0, (float)cosv, (uint8_t)dict, SS_XLINK_DIRECT};
        /* insertion into the language's short list, best cosine first */
        ss_xlink *best = cs->best + (size_t)lb * SS_XLINK_CANDIDATES;
        size_t k = cs->nbest[lb] < SS_XLINK_CANDIDATES ? cs->nbest[lb]++ : SS_XLINK_CANDIDATES;
        if (k == SS_XLINK_CANDIDATES) {
            if (l.cosine <= best[k - 1].cosine)
                continue;
            k--;
        }
        while (k > 0 && best[k - 1].cosine < l.cosine) {
            best[k] = best[k - 1];
            k--;
        }
        best[k] = l;
    }
    /* each language's best, and the SS_XLINK_CANDIDATES best of all */
    ss_xlink top[SS_XLINK_CANDIDATES];
    size_t ntop = 0;
    for (int lb = 0; lb < x->nlangs; lb++)
        for (size_t i = 0; i < cs->nbest[lb]; i++) {
            const ss_xlink *l = &cs->best[(size_t)lb * SS_XLINK_CANDIDATES + i];
            if (i == 0 && push_link(v, n, cap, *l))
                return SS_ENOMEM;
            if (i == 0)
                continue;
            size_t k = ntop < SS_XLINK_CANDIDATES ? ntop++ : SS_XLINK_CANDIDATES;
            if (k == SS_XLINK_CANDIDATES) {
                if (l->cosine <= top[k - 1].cosine)
                    continue;
                k--;
            }
            while (k > 0 && top[k - 1].cosine < l->cosine) {
                top[k] = top[k - 1];
                k--;
            }
            top[k] = *l;
        }
    /* a language's second and third count when they beat other languages'
       firsts: the old overall list, so nothing it held is lost */
    for (size_t i = 0; i < ntop; i++) {
        size_t better = 0;
        for (int lb = 0; lb < x->nlangs; lb++)
            better += cs->nbest[lb] && cs->best[(size_t)lb * SS_XLINK_CANDIDATES].cosine > top[i].cosine;
        if (better + i < SS_XLINK_CANDIDATES && push_link(v, n, cap, top[i]))
            return SS_ENOMEM;
    }
    return SS_OK;
}

/* The alignment coverage of da and db into *score; SS_OK or SS_ENOMEM. */
static int verify(ss_xaligner *al, ss_xgroups *g, const xdoc *da, const xdoc *db, int dict, double *score)
{
    unsigned mask = ss_xalign_mask(&da->t, &db->t, dict);
    int rc = ss_xalign(al, &da->t, &db->t, mask, g);
    *score = rc == SS_OK ? ss_xalign_coverage(al, &da->t, &db->t, g) : 0;
    return rc;
}

int ss_xlinker_verify(ss_xlinker *x, uint32_t a, uint32_t b, double *score, ss_error *err)
{
    *score = 0;
    if (!x->tab)
        return ss_error_set(err, SS_EINVAL, "linker: verify before ss_xlinker_run");
    if (a >= x->n || b >= x->n)
        return ss_error_set(err, SS_EINVAL, "linker: document %u is not one of the %zu added",
                            a >= x->n ? a : b, x->n);
    ss_xaligner *al = ss_xaligner_new();
    ss_xgroups g;
    ss_xgroups_init(&g);
    int dict = x->d[a].p.dictionary && x->d[b].p.dictionary;
    int rc = al ? verify(al, &g, &x->d[a], &x->d[b], dict, score) : SS_ENOMEM;
    ss_xgroups_release(&g);
    ss_xaligner_free(al);
    if (rc)
        ss_error_set(err, rc, "linker: verifying documents %u and %u: %s", a, b, ss_strerror(rc));
    return rc;
}

typedef struct {
    ss_xlinker *x;
    ss_xlink *v;
    ss_xaligner **al;
    ss_xgroups *g;
    atomic_int failed; /* set by any worker thread, read after the pool joins */
} verify_job;

static void verify_one(void *ctx, int worker, size_t i)
{
    verify_job *j = ctx;
    ss_xlink *l = &j->v[i];
    double s;
    if (verify(j->al[worker], &j->g[worker], &j->x->d[l->a], &j->x->d[l->b], l->dictionary, &s))
        atomic_store(&j->failed, 1);
    l->score = (float)s;
}

static int verify_all(ss_xlinker *x, ss_pool *pool, ss_xlink *v, size_t n)
{
    int nw = pool ? ss_pool_threads(pool) : 1;
    verify_job j = {x, v, calloc((size_t)nw, sizeof(ss_xaligner *)), calloc((size_t)nw, sizeof(ss_xgroups)),
                    0};
    int rc = j.al && j.g ? SS_OK : SS_ENOMEM;
    for (int i = 0; i < nw && rc == SS_OK; i++)
        if (!(j.al[i] = ss_xaligner_new()))
            rc = SS_ENOMEM;
    if (rc == SS_OK) {
        if (pool)
            ss_pool_for(pool, n, verify_one, &j);
        else
            for (size_t i = 0; i < n; i++)
                verify_one(&j, 0, i);
        if (atomic_load(&j.failed))
            rc = SS_ENOMEM;
    }
    for (int i = 0; i < nw; i++) {
        if (j.al)
            ss_xaligner_free(j.al[i]);
        if (j.g)
            ss_xgroups_release(&j.g[i]);
    }
    free(j.al);
    free(j.g);
    return rc;
}

static int cmp_link(const void *a, const void *b)
{
    const ss_xlink *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->cosine != y->cosine)
        return x->cosine > y->cosine ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* Index, weights and each document's candidates, each pair once (by a,
 * then b).  The index is built once: weights are multiplied by idf in
 * place. */
static int find_candidates(ss_xlinker *x, ss_xlink **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!x->built) {
        if (build_index(x))
            return SS_ENOMEM;
        weigh(x);
        x->built = 1;
    }
    size_t maxkeys = 0;
    for (size_t i = 0; i < x->n; i++) {
        size_t k = 0;
        for (int f = 0; f < SS_PV_FIELDS; f++)
            k += x->d[i].p.f[f].n;
        if (k > maxkeys)
            maxkeys = k;
    }
    size_t nd = x->n ? x->n : 1, nl = x->nlangs ? (size_t)x->nlangs : 1;
    cand_scratch cs = {calloc(nd, sizeof(float)), malloc(nd * sizeof(uint32_t)), malloc(nd * sizeof(touch)),
                       malloc((maxkeys ? maxkeys : 1) * sizeof(qkey)), malloc(nl * sizeof(uint32_t)),
                       malloc(nl * SS_XLINK_CANDIDATES * sizeof(ss_xlink)), malloc(nl)};
    ss_xlink *v = NULL;
    size_t n = 0, cap = 0;
    int rc = cs.acc && cs.touched && cs.order && cs.q && cs.tried && cs.best && cs.nbest ? SS_OK : SS_ENOMEM;
    for (size_t a = 0; a < x->n && rc == SS_OK; a++)
        rc = candidates(x, (uint32_t)a, &cs, &v, &n, &cap);
    free(cs.acc);
    free(cs.touched);
    free(cs.order);
    free(cs.q);
    free(cs.tried);
    free(cs.best);
    free(cs.nbest);
    if (rc) {
        free(v);
        return rc;
    }
    /* each pair once */
    if (n)
        qsort(v, n, sizeof *v, cmp_pair);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!m || v[m - 1].a != v[i].a || v[m - 1].b != v[i].b)
            v[m++] = v[i];
    *out = v;
    *nout = m;
    return SS_OK;
}

int ss_xlinker_candidates(ss_xlinker *x, ss_xlink **out, size_t *n)
{
    return find_candidates(x, out, n);
}

const ss_xtext *ss_xlinker_text(const ss_xlinker *x, uint32_t doc)
{
    return doc < x->n ? &x->d[doc].t : NULL;
}

/* The versions of one original: two documents linked directly to one
 * third (partner[], see ss_xlinker_run) and still without a partner in
 * each other's language are aligned with each other and linked through it
 * when their own score reaches SS_XLINK_VIA_SCALE of the threshold, best
 * first.  They need not have been candidates of each other, nor share
 * SS_XLINK_MIN_COSINE (with that floor NTREX's pool lost 6 of 7,975
 * links): a document with partners in k languages costs k(k-1)/2
 * alignments at most, one per link the pairs may make.  Links made
 * here lead to no more (only direct links are followed).  Appends to *v
 * (m links, grown as needed).  SS_OK or SS_ENOMEM. */
static int link_versions(ss_xlinker *x, ss_pool *pool, double threshold, size_t nl, uint32_t *partner,
                         ss_xlink **v, size_t *m)
{
    ss_xlink *t = NULL;
    size_t nt = 0, capt = 0;
    for (size_t e = 0; e < x->n; e++)
        for (size_t la = 0; la < nl; la++) {
            uint32_t pa = partner[e * nl + la];
            if (!pa || (pa & VIA_MARK))
                continue;
            for (size_t lb = la + 1; lb < nl; lb++) {
                uint32_t pb = partner[e * nl + lb];
                if (!pb || (pb & VIA_MARK))
                    continue;
                uint32_t a = pa - 1, b = pb - 1;
                if (partner[(size_t)a * nl + lb] || partner[(size_t)b * nl + la])
                    continue;
                int dict;
                double cosv = score(x, a, b, &dict);
                ss_xlink l = {a < b ? a : b, a < b ? b : a, 0, (float)cosv, (uint8_t)dict, (uint32_t)e};
                if (push_link(&t, &nt, &capt, l)) {
                    free(t);
                    return SS_ENOMEM;
                }
            }
        }
    if (!nt)
        return SS_OK;
    /* each pair once (it may have two or more common partners) */
    qsort(t, nt, sizeof *t, cmp_pair);
    size_t k = 0;
    for (size_t i = 0; i < nt; i++)
        if (!k || t[k - 1].a != t[i].a || t[k - 1].b != t[i].b)
            t[k++] = t[i];
    nt = k;
    int rc = verify_all(x, pool, t, nt);
    if (rc) {
        free(t);
        return rc;
    }
    qsort(t, nt, sizeof *t, cmp_link);
    ss_xlink *out = *v;
    size_t nout = *m, capout = *m;
    for (size_t i = 0; i < nt; i++) {
        ss_xlink l = t[i];
        if (!ss_xlink_accepts(l.score, l.dictionary, x->d[l.a].p.lang, x->d[l.b].p.lang,
                              threshold * SS_XLINK_VIA_SCALE))
            continue;
        size_t la = (size_t)x->d[l.a].lang, lb = (size_t)x->d[l.b].lang;
        if (partner[l.a * nl + lb] || partner[l.b * nl + la])
            continue;
        partner[l.a * nl + lb] = (l.b + 1) | VIA_MARK;
        partner[l.b * nl + la] = (l.a + 1) | VIA_MARK;
        if (push_link(&out, &nout, &capout, l)) {
            *v = out;
            *m = nout;
            free(t);
            return SS_ENOMEM;
        }
    }
    free(t);
    *v = out;
    *m = nout;
    return SS_OK;
}

int ss_xlinker_run(ss_xlinker *x, ss_pool *pool, double threshold, ss_xlink **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    ss_xlink *v;
    size_t n, m, nl;
    int rc = find_candidates(x, &v, &n);
    if (rc)
        return rc;
    if ((rc = verify_all(x, pool, v, n))) {
        free(v);
        return rc;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_link);
    /* one partner per document and other language: partner[doc * nl +
     * lang] is the partner + 1, with VIA_MARK when linked through a
     * third document (0: none yet) */
    nl = (size_t)(x->nlangs ? x->nlangs : 1);
    uint32_t *partner = calloc(x->n * nl + 1, sizeof *partner);
    if (!partner) {
        free(v);
        return SS_ENOMEM;
    }
    m = 0;
    for (size_t i = 0; i < n; i++) {
        ss_xlink l = v[i];
        if (!ss_xlink_accepts(l.score, l.dictionary, x->d[l.a].p.lang, x->d[l.b].p.lang, threshold))
            continue;
        size_t ta = l.a * nl + (size_t)x->d[l.b].lang, tb = l.b * nl + (size_t)x->d[l.a].lang;
        if (partner[ta] || partner[tb])
            continue;
        partner[ta] = l.b + 1;
        partner[tb] = l.a + 1;
        v[m++] = l;
    }
    int rc2 = link_versions(x, pool, threshold, nl, partner, &v, &m);
    free(partner);
    if (rc2) {
        free(v);
        return rc2;
    }
    if (m)
        qsort(v, m, sizeof *v, cmp_link);
    *out = v;
    *nout = m;
    return SS_OK;
}

int ss_xlink_accepts(double score, int dictionary, const char *lang_a, const char *lang_b,
                     double threshold)
{
    /* at most halfway from the threshold (0 to 1) to 1, which a score
       never passes: a high --threshold still leaves kin pairs a band */
    if (ss_lexicon_kin(lang_a, lang_b))
        threshold = fmin(threshold * SS_XLINK_KIN_SCALE, (threshold + 1) / 2);
    return score >= (dictionary ? threshold : threshold * SS_XLINK_NAMES_SCALE);
}

int ss_xlink_pair(ss_pivoter *pv, ss_xaligner *al, const ss_doc *a, const ss_doc *b, double *score,
                  int *dictionary, ss_error *err)
{
    *score = 0;
    *dictionary = ss_pivoter_has_dictionary(pv, a->lang) && ss_pivoter_has_dictionary(pv, b->lang);
    xdoc da, db;
    memset(&da, 0, sizeof da);
    memset(&db, 0, sizeof db);
    ss_xtext_init(&da.t);
    ss_xtext_init(&db.t);
    ss_xgroups g;
    ss_xgroups_init(&g);
    int rc = ss_xtext_doc(pv, a, &da.t);
    if (rc == SS_OK)
        rc = ss_xtext_doc(pv, b, &db.t);
    if (rc == SS_OK)
        rc = verify(al, &g, &da, &db, *dictionary, score);
    ss_xgroups_release(&g);
    ss_xtext_release(&da.t);
    ss_xtext_release(&db.t);
    if (rc)
        ss_error_set(err, rc, "translation check of %s and %s: %s", a->id ? a->id : "?",
                     b->id ? b->id : "?", ss_strerror(rc));
    return rc;
}
