/* align/xreuse.c — translated passages (xreuse.h). */
#include "align/xreuse.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

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
    uint32_t *scratch;       /* words of a run's two sides */
    size_t scratch_cap;
    uint8_t *ok;             /* per group of the pair: translated */
    size_t ok_cap;
} worker;

/* A document's words as written: per sentence, the hashes of its words
 * of letters (folded), to tell a translation from a copy under two
 * language labels. */
typedef struct {
    uint32_t *h;             /* hashes, sentence after sentence */
    uint32_t *off;           /* sentence s: h[off[s] .. off[s + 1]) */
    uint32_t nsent;
} words;

static void words_release(words *w)
{
    free(w->h);
    free(w->off);
    memset(w, 0, sizeof *w);
}

struct ss_xreuse {
    const ss_stopwords *sw;
    worker *w;
    words *wd;               /* per linker document */
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
    x->sw = sw;
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
        free(x->w[i].scratch);
        free(x->w[i].ok);
    }
    free(x->w);
    ss_xlinker_free(x->lk);
    for (size_t i = 0; x->wd && i < x->n; i++)
        words_release(&x->wd[i]);
    free(x->wd);
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
    words *wd;
} add_job;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The words of each of t's sentences from the pivoter's tokens of the same
 * text (ss_xtext_add's call), each sentence's hashes sorted and distinct.
 * SS_OK or SS_ENOMEM. */
static int words_of(ss_pivoter *pv, const ss_xtext *t, words *out)
{
    const ss_tokens *tok = ss_pivoter_tokens(pv);
    out->h = malloc((tok->n ? tok->n : 1) * sizeof *out->h);
    out->off = malloc(((size_t)t->nsent + 1) * sizeof *out->off);
    if (!out->h || !out->off)
        return SS_ENOMEM;
    out->nsent = t->nsent;
    uint32_t n = 0;
    size_t k = 0;
    for (uint32_t s = 0; s < t->nsent; s++) {
        out->off[s] = n;
        while (k < tok->n && tok->v[k].start < t->sent[s].start)
            k++;
        for (; k < tok->n && tok->v[k].start < t->sent[s].end; k++) {
            const ss_token *x = &tok->v[k];
            if (x->kind == SS_TOK_WORD)
                out->h[n++] = (uint32_t)XXH3_64bits(tok->norm.data + x->norm_off, x->norm_len);
        }
        uint32_t m = out->off[s];
        qsort(out->h + m, n - m, sizeof *out->h, cmp_u32);
        uint32_t e = m;
        for (uint32_t q = m; q < n; q++)
            if (q == m || out->h[q] != out->h[e - 1])
                out->h[e++] = out->h[q];
        n = e;
    }
    out->off[t->nsent] = n;
    return SS_OK;
}

/* The share of the distinct words of the side that has more (sentences
 * [a0, a1) of a, [b0, b1) of b) that the other side writes the same: a
 * Chinese side has few words of letters (its names), all of them in the
 * English side, and that says nothing. */
static double literal_share(const words *a, uint32_t a0, uint32_t a1, const words *b, uint32_t b0,
                            uint32_t b1, uint32_t *scratch)
{
    uint32_t na = 0, nb = 0;
    uint32_t *sa = scratch;
    for (uint32_t s = a0; s < a1; s++)
        for (uint32_t q = a->off[s]; q < a->off[s + 1]; q++)
            sa[na++] = a->h[q];
    uint32_t *sb = scratch + na;
    for (uint32_t s = b0; s < b1; s++)
        for (uint32_t q = b->off[s]; q < b->off[s + 1]; q++)
            sb[nb++] = b->h[q];
    qsort(sa, na, sizeof *sa, cmp_u32);
    qsort(sb, nb, sizeof *sb, cmp_u32);
    uint32_t da = 0, db = 0, both = 0, i = 0, j = 0;
    while (i < na || j < nb) {
        if (j == nb || (i < na && sa[i] < sb[j])) {
            uint32_t v = sa[i];
            da++;
            while (i < na && sa[i] == v)
                i++;
        } else if (i == na || sb[j] < sa[i]) {
            uint32_t v = sb[j];
            db++;
            while (j < nb && sb[j] == v)
                j++;
        } else {
            uint32_t v = sa[i];
            da++;
            db++;
            both++;
            while (i < na && sa[i] == v)
                i++;
            while (j < nb && sb[j] == v)
                j++;
        }
    }
    uint32_t hi = da > db ? da : db;
    return hi ? (double)both / hi : 0;
}

/* The share of the words of letters among tok that are function words of
 * lang. */
static double function_share(const ss_stopwords *sw, const ss_tokens *tok, const char *lang)
{
    size_t nw = 0, fw = 0;
    for (size_t k = 0; k < tok->n; k++) {
        const ss_token *t = &tok->v[k];
        if (t->kind != SS_TOK_WORD)
            continue;
        nw++;
        fw += ss_stopword(sw, lang, tok->norm.data + t->norm_off, t->norm_len) != 0;
    }
    return nw ? (double)fw / nw : 0;
}

/* Whether the language found for a text (not given) is told by its words:
 * a language with a function-word list (not a sparse one, text/stopwords.h)
 * needs XREUSE_MIN_FUNCTION_SHARE of the words to be its function words;
 * one without, in the Latin script,
 * needs XREUSE_MIN_KNOWN_SHARE of its content words in its dictionary
 * (so does a text mostly of figures, whose script is none); other scripts
 * tell their languages apart by themselves.  A table of figures in
 * English ("Shr 16 cts vs 22 cts / Net 1,574,000") is read as German,
 * French or Danish with full confidence, and has neither.  Under
 * XREUSE_MIN_TOLD_WORDS words (title and text) nothing is told: "Qtly div
 * cts vs 17-1/2 cts prior / Pay April 20 / Record April 2. / o" reads as
 * Portuguese by its "o". */
static int told(const ss_stopwords *sw, ss_script script, const ss_pivot *p, const ss_tokens *tok,
                const char *lang)
{
    if (p->words < XREUSE_MIN_TOLD_WORDS)
        return 0;
    if (ss_stopwords_dense(sw, lang))
        return function_share(sw, tok, lang) >= XREUSE_MIN_FUNCTION_SHARE;
    if (script != SS_SCRIPT_LATIN && script != SS_SCRIPT_COMMON)
        return 1;
    return p->content && (double)p->known / p->content >= XREUSE_MIN_KNOWN_SHARE;
}

static void prepare_one(void *ctx, int wi, size_t i)
{
    add_job *j = ctx;
    worker *w = &j->x->w[wi];
    ss_doc *d = j->docs[i];
    size_t len = ss_doc_work_len(d);
    j->rc[i] = SS_OK;
    int found = 0;
    ss_script script = SS_SCRIPT_COMMON;
    ss_langid_refute_given(w->li, d);
    if (!d->lang_given || !d->lang[0]) {
        ss_lang_guess g;
        int rc = ss_langid_detect(w->li, d->text ? d->text : "", len, &g, &j->err[i]);
        if (rc && rc != SS_ENODATA) {
            j->rc[i] = rc;
            return;
        }
        memcpy(d->lang, g.code, sizeof g.code);
        found = 1;
        script = g.script;
    }
    /* the text alone, at offset 0: spans are the reuse engine's */
    if (ss_pivot_doc(w->pv, d, &j->p[i]) ||
        (len && ss_xtext_add(w->pv, d->text, len, d->lang, 0, 0, &j->t[i])))
        j->rc[i] = ss_error_set(&j->err[i], SS_ENOMEM, "out of memory");
    /* the linker pairs documents of known, different languages only */
    if (j->rc[i] == SS_OK && found && !told(j->x->sw, script, &j->p[i], ss_pivoter_tokens(w->pv), d->lang))
        snprintf(j->p[i].lang, sizeof j->p[i].lang, "und");
    if (j->rc[i] == SS_OK && len && words_of(w->pv, &j->t[i], &j->wd[i]))
        j->rc[i] = ss_error_set(&j->err[i], SS_ENOMEM, "out of memory");
}

int ss_xreuse_add_docs(ss_xreuse *x, ss_pool *pool, ss_doc *const *all, size_t nall, const uint8_t *kept,
                       uint32_t first, ss_error *err)
{
    if (x->found)
        return ss_error_set(err, SS_EINVAL, "translated reuse: documents added after the search");
    if (ss_pool_threads(pool) > x->workers)
        return ss_error_set(err, SS_EINVAL, "translated reuse: the pool has more threads than workers");
    if (x->n && first <= x->num[x->n - 1])
        return ss_error_set(err, SS_EINVAL, "translated reuse: document numbers must ascend");
    size_t n = 0;
    for (size_t i = 0; i < nall; i++)
        n += !kept || kept[i];
    if (!n)
        return SS_OK;
    ss_doc **docs = malloc(n * sizeof *docs);
    if (!docs)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    n = 0;
    for (size_t i = 0; i < nall; i++)
        if (!kept || kept[i])
            docs[n++] = all[i];
    add_job j = {x, docs, calloc(n, sizeof(ss_pivot)), calloc(n, sizeof(ss_xtext)), calloc(n, sizeof(int)),
                 calloc(n, sizeof(ss_error)), calloc(n, sizeof(words))};
    int rc = SS_OK;
    if (!j.p || !j.t || !j.rc || !j.err || !j.wd) {
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
        if (v)
            x->num = v;
        words *wv = v ? realloc(x->wd, cap * sizeof *wv) : NULL;
        if (!v || !wv) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            goto out;
        }
        x->wd = wv;
        x->cap = cap;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        if (j.rc[i]) {
            rc = ss_error_set(err, j.rc[i], "%s: %s", docs[i]->id, j.err[i].msg);
            break;
        }
        if (ss_xlinker_add(x->lk, &j.p[i], &j.t[i])) {
            rc = ss_error_set(err, SS_ENOMEM, "out of memory");
            break;
        }
        x->wd[x->n] = j.wd[i];
        memset(&j.wd[i], 0, sizeof j.wd[i]);
        x->num[x->n++] = first + (uint32_t)i;
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
    for (size_t i = 0; j.wd && i < n; i++)
        words_release(&j.wd[i]);
    free(j.wd);
    free(docs);
    return rc;
}

/* A group that pairs sentences of both sides as each other's translation. */
static int translated(const ss_xgroup *g)
{
    return g->a1 > g->a0 && g->b1 > g->b0 && g->sim >= XREUSE_GROUP_SIM &&
           fabsf(g->delta) <= (float)SS_XALIGN_MAX_DELTA;
}

/* Items of the group (anchors / similarity). */
static double items(const ss_xgroup *g) { return g->sim > 0 ? g->anchors / (double)g->sim : 0; }

/* The literal share (literal_share) of sentences [a0, a1) of linker
 * document la and [b0, b1) of lb into *lit.  SS_OK or SS_ENOMEM. */
static int literal(const ss_xreuse *x, worker *w, uint32_t la, uint32_t lb, uint32_t a0, uint32_t a1,
                   uint32_t b0, uint32_t b1, double *lit)
{
    const words *ha = &x->wd[la], *hb = &x->wd[lb];
    size_t need = (size_t)(ha->off[a1] - ha->off[a0]) + (hb->off[b1] - hb->off[b0]) + 1;
    if (need > w->scratch_cap) {
        uint32_t *v = realloc(w->scratch, need * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        w->scratch = v;
        w->scratch_cap = need;
    }
    *lit = literal_share(ha, a0, a1, hb, b0, b1, w->scratch);
    return SS_OK;
}

/* The passages of one aligned pair (linker documents la < lb) into out. */
static int passages_of(const ss_xreuse *x, worker *w, const ss_reuse *r, uint32_t la, uint32_t lb,
                       const ss_xtext *ta, const ss_xtext *tb, const ss_xgroups *g, uint32_t min_chars,
                       ss_reuse_passages *out)
{
    uint32_t a = x->num[la], b = x->num[lb];
    if (g->n > w->ok_cap) {
        uint8_t *v = realloc(w->ok, g->n);
        if (!v)
            return SS_ENOMEM;
        w->ok = v;
        w->ok_cap = g->n;
    }
    /* a group whose sentences write half their words the same is copied
     * text (an English quotation kept in a French report), reported by
     * reuse.h: it is no part of a translated run */
    for (size_t k = 0; k < g->n; k++) {
        const ss_xgroup *q = &g->v[k];
        double lit = 0;
        w->ok[k] = (uint8_t)translated(q);
        if (w->ok[k] && literal(x, w, la, lb, q->a0, q->a1, q->b0, q->b1, &lit))
            return SS_ENOMEM;
        if (lit >= XREUSE_MAX_LITERAL)
            w->ok[k] = 0;
    }
    for (size_t i = 0; i < g->n;) {
        if (!w->ok[i]) {
            i++;
            continue;
        }
        /* the run from i: translated groups, and between two of them at
         * most one sentence a side that is not */
        size_t last = i, groups = 1;
        double anchors = g->v[i].anchors, all = items(&g->v[i]);
        for (size_t k = i + 1; k < g->n;) {
            if (w->ok[k]) {
                last = k;
                groups++;
                anchors += g->v[k].anchors;
                all += items(&g->v[k]);
                k++;
                continue;
            }
            size_t e = k;
            uint32_t sa = 0, sb = 0;
            while (e < g->n && !w->ok[e]) {
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
        /* a translation writes few of the other's words as they are (names,
         * cognates); two texts that share most of theirs are one language
         * read as two (a table of figures in English read as German): a
         * copy's business, not this one's */
        double lit;
        if (literal(x, w, la, lb, f->a0, l->a1, f->b0, l->b1, &lit))
            return SS_ENOMEM;
        if (lit >= XREUSE_MAX_LITERAL)
            continue;
        ss_when wa = ss_reuse_doc_when(r, a), wb = ss_reuse_doc_when(r, b);
        ss_source_by by;
        int src = ss_source_pick(&wa, &wb, &by);
        p.source = src < 0 ? -1 : src == 0 ? (int64_t)a : (int64_t)b;
        p.source_by = (uint8_t)by;
        p.translated = 1;
        if (ss_reuse_passages_push(out, &p))
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
        rc = passages_of(j->x, w, j->r, l->a, l->b, ta, tb, &w->g, j->min_chars, &w->found);
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
            if (ss_reuse_passages_push(out, &x->w[i].found.v[k]))
                return ss_error_set(err, SS_ENOMEM, "out of memory");
        x->w[i].found.n = 0;
    }
    if (out->n > first)
        qsort(out->v + first, out->n - first, sizeof *out->v, cmp_passage);
    return SS_OK;
}
