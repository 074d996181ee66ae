/* align/reuse.c — the reuse engine: documents, seed index, pairs (design
 * and defaults in reuse.h).
 *
 * Adding is two-phase so that tokenizing runs in parallel: each document
 * is prepared (token sequence, fingerprints, date evidence) by a pool
 * worker into its slot, then the slots are appended in order by the
 * caller's thread, which alone touches the document table and the index.
 * A worker keeps per-thread scratch: counters over all documents for the
 * candidate search (2 bytes a document), the anchor bits of the current
 * document, an aligner.
 */
#include "align/reuse.h"

#include <stdlib.h>
#include <string.h>

#include "align/seedindex.h"
#include "core/time.h"
#include "text/datefind.h"

typedef struct rdoc {
    char *id;
    ss_aseq seq;
    ss_when when;
    uint64_t source;      /* source_hash() of the document, 0: none */
} rdoc;

struct ss_reuse {
    ss_reuse_opts o;
    rdoc *docs;
    size_t n, cap;
    ss_seedindex *ix;
    int built;
};

void ss_reuse_opts_default(ss_reuse_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed_ngram = 5;
    o->winnow = 4;
    o->max_df = 100;
    o->furniture_share = 0.3;
    o->furniture_min_docs = 3;
    o->min_shared = 2;
    ss_align_opts_default(&o->align);
    ss_merge_opts_default(&o->merge);
}

void ss_reuse_passages_init(ss_reuse_passages *p) { memset(p, 0, sizeof *p); }

void ss_reuse_passages_release(ss_reuse_passages *p)
{
    free(p->v);
    memset(p, 0, sizeof *p);
}

int ss_reuse_passages_push(ss_reuse_passages *p, const ss_reuse_passage *x)
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

static int check_opts(const ss_reuse_opts *o, ss_error *err)
{
    static const char *const at_least_1[] = {"seed_ngram", "winnow", "min_shared"};
    const unsigned v[] = {o->seed_ngram, o->winnow, o->min_shared};
    for (int i = 0; i < 3; i++)
        if (v[i] < 1)
            return ss_error_set(err, SS_EINVAL, "reuse: %s must be at least 1 (got 0)", at_least_1[i]);
    if (o->max_df < 2)
        return ss_error_set(err, SS_EINVAL,
                            "reuse: max_df must be at least 2 (got %u): a seed is an n-gram in "
                            "at least two documents",
                            (unsigned)o->max_df);
    if (!(o->merge.min_identity >= 0 && o->merge.min_identity <= 1))
        return ss_error_set(err, SS_EINVAL, "reuse: merge.min_identity must be from 0 to 1 (got %g)",
                            o->merge.min_identity);
    if (!(o->merge.max_quoted >= 0 && o->merge.max_quoted <= 1))
        return ss_error_set(err, SS_EINVAL, "reuse: merge.max_quoted must be from 0 to 1 (got %g)",
                            o->merge.max_quoted);
    ss_align_opts a = o->align;
    a.anchor_ngram = o->seed_ngram;
    return ss_align_opts_check(&a, err);
}

ss_reuse *ss_reuse_new(const ss_reuse_opts *opts, ss_error *err)
{
    ss_reuse_opts o;
    if (opts)
        o = *opts;
    else
        ss_reuse_opts_default(&o);
    if (check_opts(&o, err))
        return NULL;
    ss_reuse *r = calloc(1, sizeof *r);
    if (!r) {
        ss_error_set(err, SS_ENOMEM, "reuse: out of memory");
        return NULL;
    }
    r->o = o;
    r->o.align.anchor_ngram = r->o.seed_ngram;
    r->ix = ss_seedindex_new(r->o.max_df);
    if (!r->ix) {
        free(r);
        ss_error_set(err, SS_ENOMEM, "reuse: out of memory");
        return NULL;
    }
    ss_seedindex_set_furniture(r->ix, r->o.furniture_share, r->o.furniture_min_docs);
    return r;
}

void ss_reuse_free(ss_reuse *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->docs[i].id);
        ss_aseq_release(&r->docs[i].seq);
    }
    free(r->docs);
    ss_seedindex_free(r->ix);
    free(r);
}

/* ---- adding ------------------------------------------------------------ */

typedef struct prep {
    ss_aseq seq;
    ss_fps fps;
    ss_when when;
    int rc;
} prep;

typedef struct prep_job {
    const ss_reuse *r;
    ss_doc *const *docs;
    prep *slots;
    ss_tokens *scratch;   /* one per worker */
} prep_job;

static void prepare_one(void *ctx, int worker, size_t i)
{
    prep_job *j = ctx;
    const ss_doc *d = j->docs[i];
    prep *p = &j->slots[i];
    const char *text = d->text ? d->text : "";
    p->rc = ss_aseq_build(&p->seq, text, d->text ? d->text_len : 0, &j->scratch[worker]);
    if (p->rc == SS_OK)
        p->rc = ss_aseq_fingerprints(&p->seq, j->r->o.seed_ngram, j->r->o.winnow, &p->fps);
    if (p->rc == SS_OK)
        p->rc = ss_when_of_doc(d, &p->when);
}

/* The outlet of d for furniture (its "source", else its URL's host) as a
 * hash of the lower-cased name; 0 when it has neither. */
static uint64_t source_hash(const ss_doc *d)
{
    const char *s = d->source;
    size_t n = s ? strlen(s) : 0;
    if (!n && d->url && d->url[0]) {
        const char *h = strstr(d->url, "://");
        s = h ? h + 3 : d->url;
        n = strcspn(s, "/?#:");
        if (n > 4 && strncmp(s, "www.", 4) == 0)
            s += 4, n -= 4;
    }
    if (!n)
        return 0;
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211ull;
    }
    return h ? h : 1;
}

static int reserve(ss_reuse *r, size_t more)
{
    if (r->n + more <= r->cap)
        return SS_OK;
    size_t cap = r->cap ? r->cap : 256;
    while (cap < r->n + more)
        cap *= 2;
    rdoc *v = realloc(r->docs, cap * sizeof *v);
    if (!v)
        return SS_ENOMEM;
    r->docs = v;
    r->cap = cap;
    return SS_OK;
}

/* Append a prepared document (room reserved): its sequence moves in, its
 * fingerprints go to the index. */
static int append(ss_reuse *r, const char *id, prep *p, uint64_t source)
{
    rdoc *d = &r->docs[r->n];
    if (!(d->id = strdup(id ? id : "")))
        return SS_ENOMEM;
    d->seq = p->seq;
    d->when = p->when;
    d->source = source;
    memset(&p->seq, 0, sizeof p->seq);
    int rc = ss_seedindex_add(r->ix, (uint32_t)r->n, &p->fps);
    if (rc == SS_OK && source)
        rc = ss_seedindex_set_source(r->ix, (uint32_t)r->n, source);
    r->n++;
    return rc;
}

int ss_reuse_add_docs(ss_reuse *r, ss_pool *pool, ss_doc *const *docs, size_t n, ss_error *err)
{
    if (r->built)
        return ss_error_set(err, SS_EINVAL, "reuse: documents added after the index was built");
    if (n == 0)
        return SS_OK;
    int nw = pool ? ss_pool_threads(pool) : 1;
    prep *slots = calloc(n, sizeof *slots);
    ss_tokens *scratch = calloc((size_t)nw, sizeof *scratch);
    int rc = slots && scratch ? reserve(r, n) : SS_ENOMEM;
    if (rc == SS_OK) {
        prep_job j = {r, docs, slots, scratch};
        if (pool) {
            ss_pool_for(pool, n, prepare_one, &j);
        } else {
            for (size_t i = 0; i < n; i++)
                prepare_one(&j, 0, i);
        }
    }
    for (size_t i = 0; i < n && rc == SS_OK; i++) {
        if (slots[i].rc) {
            rc = ss_error_set(err, slots[i].rc, "%s: %s", docs[i]->id, ss_strerror(slots[i].rc));
            break;
        }
        rc = append(r, docs[i]->id, &slots[i], source_hash(docs[i]));
    }
    if (rc == SS_ENOMEM)
        ss_error_set(err, rc, "reuse: out of memory");
    for (size_t i = 0; slots && i < n; i++) {
        ss_aseq_release(&slots[i].seq);
        ss_fps_release(&slots[i].fps);
    }
    for (int w = 0; scratch && w < nw; w++)
        ss_tokens_release(&scratch[w]);
    free(slots);
    free(scratch);
    return rc;
}

int ss_reuse_add_text(ss_reuse *r, const char *id, const char *text, size_t len, const ss_when *when,
                      uint64_t source, ss_error *err)
{
    if (r->built)
        return ss_error_set(err, SS_EINVAL, "reuse: documents added after the index was built");
    prep p;
    memset(&p, 0, sizeof p);
    ss_tokens scratch;
    memset(&scratch, 0, sizeof scratch);
    int rc = reserve(r, 1);
    if (rc == SS_OK)
        rc = ss_aseq_build(&p.seq, text ? text : "", text ? len : 0, &scratch);
    if (rc == SS_OK)
        rc = ss_aseq_fingerprints(&p.seq, r->o.seed_ngram, r->o.winnow, &p.fps);
    p.when = *when;
    if (rc == SS_OK)
        rc = append(r, id, &p, source);
    if (rc)
        ss_error_set(err, rc, "%s: %s", id ? id : "", ss_strerror(rc));
    ss_aseq_release(&p.seq);
    ss_fps_release(&p.fps);
    ss_tokens_release(&scratch);
    return rc;
}

int ss_reuse_build(ss_reuse *r, ss_error *err)
{
    if (r->built)
        return SS_OK;
    int rc = ss_seedindex_build(r->ix);
    if (rc)
        return ss_error_set(err, rc, "reuse: building the seed index: %s", ss_strerror(rc));
    r->built = 1;
    return SS_OK;
}

size_t ss_reuse_count(const ss_reuse *r) { return r->n; }

const char *ss_reuse_id(const ss_reuse *r, uint32_t doc) { return doc < r->n ? r->docs[doc].id : NULL; }

uint32_t ss_reuse_doc_chars(const ss_reuse *r, uint32_t doc)
{
    return doc < r->n ? r->docs[doc].seq.cp_len : 0;
}

size_t ss_reuse_doc_tokens(const ss_reuse *r, uint32_t doc) { return doc < r->n ? r->docs[doc].seq.n : 0; }

ss_when ss_reuse_doc_when(const ss_reuse *r, uint32_t doc)
{
    ss_when none = {SS_TIME_NONE, SS_DAY_NONE, SS_WHEN_NONE};
    return doc < r->n ? r->docs[doc].when : none;
}

uint64_t ss_reuse_doc_source(const ss_reuse *r, uint32_t doc) { return doc < r->n ? r->docs[doc].source : 0; }

int ss_reuse_doc_fingerprints(const ss_reuse *r, uint32_t doc, ss_fps *out)
{
    out->n = 0;
    if (doc >= r->n)
        return SS_EINVAL;
    return ss_aseq_fingerprints(&r->docs[doc].seq, r->o.seed_ngram, r->o.winnow, out);
}

ss_seedindex_stats ss_reuse_index_stats(const ss_reuse *r) { return ss_seedindex_get_stats(r->ix); }

/* ---- finding ----------------------------------------------------------- */

struct ss_reuse_worker {
    const ss_reuse *r;
    ss_aligner *al;
    ss_fps fps;
    uint16_t *count;      /* per document (ncount of them) */
    size_t ncount;
    uint32_t *touched;
    size_t ntouched, touched_cap;
    uint8_t *anchors;
    size_t anchors_cap;
    ss_apassages ap;
};

ss_reuse_worker *ss_reuse_worker_new(const ss_reuse *r)
{
    ss_reuse_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->r = r;
    w->al = ss_aligner_new(&r->o.align, NULL); /* options checked by ss_reuse_new */
    w->ncount = r->n ? r->n : 1;
    w->count = calloc(w->ncount, sizeof *w->count);
    if (!w->al || !w->count) {
        ss_reuse_worker_free(w);
        return NULL;
    }
    return w;
}

void ss_reuse_worker_free(ss_reuse_worker *w)
{
    if (!w)
        return;
    ss_aligner_free(w->al);
    ss_fps_release(&w->fps);
    free(w->count);
    free(w->touched);
    free(w->anchors);
    ss_apassages_release(&w->ap);
    free(w);
}

static int cmp_fp(const void *x, const void *y)
{
    uint64_t a = ((const ss_fp *)x)->hash, b = ((const ss_fp *)y)->hash;
    return a < b ? -1 : a > b;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* w->anchors sized for n tokens, all clear. */
static int clear_anchors(ss_reuse_worker *w, size_t n)
{
    size_t bytes = n / 8 + 1;
    if (bytes > w->anchors_cap) {
        uint8_t *v = realloc(w->anchors, bytes);
        if (!v)
            return SS_ENOMEM;
        w->anchors = v;
        w->anchors_cap = bytes;
    }
    memset(w->anchors, 0, bytes);
    return SS_OK;
}

/* The later documents sharing at least min_shared seeds with a, ascending,
 * in w->touched[0..ntouched); and the anchor bits of a (reuse.h): its
 * fingerprints that are seeds. */
static int candidates(ss_reuse_worker *w, uint32_t a)
{
    const ss_reuse *r = w->r;
    const ss_aseq *s = &r->docs[a].seq;
    w->ntouched = 0;
    int rc = ss_aseq_fingerprints(s, r->o.seed_ngram, r->o.winnow, &w->fps);
    if (rc)
        return rc;
    if ((rc = clear_anchors(w, s->n)))
        return rc;
    if (w->fps.n > 1)
        qsort(w->fps.v, w->fps.n, sizeof *w->fps.v, cmp_fp);
    const uint32_t *docs = NULL;
    size_t nd = 0;
    for (size_t i = 0; i < w->fps.n; i++) {
        uint32_t pos = w->fps.v[i].pos;
        int again = i > 0 && w->fps.v[i].hash == w->fps.v[i - 1].hash;
        if (!again)
            docs = ss_seedindex_docs(r->ix, w->fps.v[i].hash, &nd);
        if (!docs)
            continue;
        w->anchors[pos >> 3] |= (uint8_t)(1u << (pos & 7));
        if (again)
            continue;
        for (size_t k = 0; k < nd; k++) {
            uint32_t b = docs[k];
            if (b <= a)
                continue;
            if (w->count[b] == 0) {
                if (w->ntouched == w->touched_cap) {
                    size_t cap = w->touched_cap ? w->touched_cap * 2 : 64;
                    uint32_t *t = realloc(w->touched, cap * sizeof *t);
                    if (!t)
                        return SS_ENOMEM;
                    w->touched = t;
                    w->touched_cap = cap;
                }
                w->touched[w->ntouched++] = b;
            }
            if (w->count[b] < UINT16_MAX)
                w->count[b]++;
        }
    }
    size_t out = 0;
    for (size_t i = 0; i < w->ntouched; i++) {
        uint32_t b = w->touched[i];
        if (w->count[b] >= r->o.min_shared)
            w->touched[out++] = b;
        w->count[b] = 0;
    }
    w->ntouched = out;
    if (out > 1)
        qsort(w->touched, out, sizeof *w->touched, cmp_u32);
    return SS_OK;
}

/* The passages between a (its anchors in w->anchors) and each of
 * b[0..nb), in that order. */
static int align_with(ss_reuse_worker *w, uint32_t a, const uint32_t *b, size_t nb, ss_reuse_passages *out)
{
    const ss_reuse *r = w->r;
    const ss_aseq *sa = &r->docs[a].seq;
    int rc;
    if ((rc = ss_aligner_set_a(w->al, sa, w->anchors)))
        return rc;
    for (size_t c = 0; c < nb; c++) {
        const ss_aseq *sb = &r->docs[b[c]].seq;
        w->ap.n = 0;
        if ((rc = ss_aligner_pair(w->al, sb, &w->ap)))
            return rc;
        ss_passages_merge(&w->ap, 0, sa, sb, &r->o.merge);
        if (w->ap.n == 0)
            continue;
        ss_source_by by;
        int src = ss_source_pick(&r->docs[a].when, &r->docs[b[c]].when, &by);
        for (size_t k = 0; k < w->ap.n; k++) {
            const ss_apassage *p = &w->ap.v[k];
            ss_reuse_passage x;
            x.a = a;
            x.b = b[c];
            x.a_start = p->a_start;
            x.a_end = p->a_end;
            x.b_start = p->b_start;
            x.b_end = p->b_end;
            x.chars = ss_apassage_chars(p);
            x.identity = ss_apassage_identity(p);
            x.source = src < 0 ? -1 : src == 0 ? (int64_t)a : (int64_t)b[c];
            x.source_by = (uint8_t)by;
            x.translated = 0;
            if (ss_reuse_passages_push(out, &x))
                return SS_ENOMEM;
        }
    }
    return SS_OK;
}

int ss_reuse_find(ss_reuse_worker *w, uint32_t a, ss_reuse_passages *out)
{
    const ss_reuse *r = w->r;
    if (!r->built || a >= r->n)
        return SS_EINVAL;
    if (w->ncount < r->n) { /* documents added since the worker was made */
        uint16_t *c = calloc(r->n, sizeof *c);
        if (!c)
            return SS_ENOMEM;
        free(w->count);
        w->count = c;
        w->ncount = r->n;
    }
    int rc = candidates(w, a);
    if (rc || w->ntouched == 0)
        return rc;
    return align_with(w, a, w->touched, w->ntouched, out);
}

static int has_hash(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == h;
}

int ss_reuse_align(ss_reuse_worker *w, uint32_t a, const uint32_t *b, size_t nb, const uint64_t *seeds,
                   size_t nseeds, ss_reuse_passages *out)
{
    const ss_reuse *r = w->r;
    if (a >= r->n)
        return SS_EINVAL;
    for (size_t c = 0; c < nb; c++)
        if (b[c] >= r->n || b[c] == a)
            return SS_EINVAL;
    for (size_t k = 1; k < nseeds; k++)
        if (seeds[k] <= seeds[k - 1])
            return SS_EINVAL;
    const ss_aseq *s = &r->docs[a].seq;
    int rc = ss_aseq_fingerprints(s, r->o.seed_ngram, r->o.winnow, &w->fps);
    if (rc || (rc = clear_anchors(w, s->n)))
        return rc;
    for (size_t i = 0; i < w->fps.n; i++) {
        uint32_t pos = w->fps.v[i].pos;
        if (has_hash(seeds, nseeds, w->fps.v[i].hash))
            w->anchors[pos >> 3] |= (uint8_t)(1u << (pos & 7));
    }
    return align_with(w, a, b, nb, out);
}

/* Code points covered by the union of spans [s, e) given as pairs. */
static uint64_t union_len(uint32_t (*sp)[2], size_t n)
{
    /* n is small (passages of one pair): insertion sort by start */
    for (size_t i = 1; i < n; i++) {
        uint32_t s0 = sp[i][0], s1 = sp[i][1];
        size_t j = i;
        while (j > 0 && sp[j - 1][0] > s0) {
            sp[j][0] = sp[j - 1][0];
            sp[j][1] = sp[j - 1][1];
            j--;
        }
        sp[j][0] = s0;
        sp[j][1] = s1;
    }
    uint64_t total = 0;
    uint32_t cs = 0, ce = 0;
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        if (open && sp[i][0] <= ce) {
            if (sp[i][1] > ce)
                ce = sp[i][1];
            continue;
        }
        if (open)
            total += ce - cs;
        cs = sp[i][0];
        ce = sp[i][1];
        open = 1;
    }
    if (open)
        total += ce - cs;
    return total;
}

int ss_reuse_summarize(const ss_reuse *r, const ss_reuse_passage *v, size_t n,
                       ss_reuse_summary *out)
{
    memset(out, 0, sizeof *out);
    out->source = -1;
    if (n == 0)
        return SS_OK;
    out->a = v[0].a;
    out->b = v[0].b;
    out->passages = (uint32_t)n;
    out->source = v[0].source;
    out->source_by = v[0].source_by;
    uint32_t(*sa)[2] = malloc(n * sizeof *sa);
    uint32_t(*sb)[2] = malloc(n * sizeof *sb);
    if (!sa || !sb) {
        free(sa);
        free(sb);
        return SS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        out->chars += v[i].chars;
        sa[i][0] = v[i].a_start;
        sa[i][1] = v[i].a_end;
        sb[i][0] = v[i].b_start;
        sb[i][1] = v[i].b_end;
    }
    uint32_t ca = ss_reuse_doc_chars(r, out->a), cb = ss_reuse_doc_chars(r, out->b);
    out->a_coverage = ca ? (double)union_len(sa, n) / ca : 0.0;
    out->b_coverage = cb ? (double)union_len(sb, n) / cb : 0.0;
    free(sa);
    free(sb);
    return SS_OK;
}
