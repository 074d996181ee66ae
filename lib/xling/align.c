/* xling/align.c — sentence alignment (see align.h).
 *
 * Anchor counts first: for every sentence pair (i, j) inside the band,
 * how many items of A's sentence i have a key in B's sentence j (mA) and
 * the other way round (mB), found through a sorted (key, sentence) list of
 * each side, never by comparing all pairs of items.  Groups of two
 * sentences add their counts (an item matching both counts once at most:
 * the sum is capped by the item count).  Then the dynamic programme over
 * the banded grid, and the path read back.
 */
#include "xling/align.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/segment.h"

#define ANCHOR_WEIGHT 4.0
#define LEN_VARIANCE 6.8
#define COST_11 0.117  /* -ln 0.89 */
#define COST_21 3.11   /* -ln (0.089 / 2) */
#define COST_10 5.31   /* -ln (0.0099 / 2) */
#define SKIP_SIM 0.5   /* a skipped sentence is charged as half matched */
/* Partial alignment (ss_xalign_partial), for a part of one text translated
 * in another (align/xreuse.h):
 *   PARTIAL_SKIP   a sentence without counterpart costs 2.1, so that two
 *                  skipped sentences (4.2) are about what a pair of
 *                  unrelated sentences costs (COST_11 + ANCHOR_WEIGHT,
 *                  4.1, plus its length cost) and more than a pair whose
 *                  items are anchored at 0.2 or more: the path leaves the
 *                  diagonal to meet the translated sentences instead of
 *                  pairing the sentences around them;
 *   PARTIAL_LENGTH_WEIGHT  lengths weigh half (sentence lengths of two
 *                  articles that share a paragraph say less than those of
 *                  a whole translation);
 *   PARTIAL_DENSITY  the length ratio is 1 unless the two texts' code
 *                  points per counted word differ more than 1.8 times
 *                  (Chinese or Japanese against a Latin or Cyrillic
 *                  script); then lengths are not weighed at all, and each
 *                  group's delta is judged afterwards at the ratio of the
 *                  groups anchored at SS_XALIGN_GOOD or more;
 *   PARTIAL_BAND   the band is at least 48 sentences each side, so a
 *                  paragraph at another place of an article of up to
 *                  about that many sentences is still reached.
 * Set by hand on bench/xreuse.py's blocks (docs/REUSE.md). */
#define PARTIAL_SKIP 2.1
#define PARTIAL_BAND 48
#define PARTIAL_DENSITY 1.8
#define PARTIAL_LENGTH_WEIGHT 0.5
#define SHRINK 6.0      /* items added to each side's total: a few matched sentences of a
                           short text are weak evidence */

void ss_xtext_init(ss_xtext *t) { memset(t, 0, sizeof *t); }

void ss_xtext_release(ss_xtext *t)
{
    free(t->sent);
    free(t->ikey);
    free(t->iflag);
    free(t->key);
    free(t->ks);
    memset(t, 0, sizeof *t);
}

void ss_xgroups_init(ss_xgroups *g) { memset(g, 0, sizeof *g); }

void ss_xgroups_release(ss_xgroups *g)
{
    free(g->v);
    memset(g, 0, sizeof *g);
}

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return SS_OK;
    uint32_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *v = realloc(*p, (size_t)c * size);
    if (!v)
        return SS_ENOMEM;
    *p = v;
    *cap = c;
    return SS_OK;
}

typedef struct {
    uint32_t tok, first, n;
} tgroup;

static int cmp_tgroup(const void *a, const void *b)
{
    const tgroup *x = a, *y = b;
    if (x->tok != y->tok)
        return x->tok < y->tok ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static uint32_t key32(uint64_t k) { return (uint32_t)(k ^ (k >> 32)); }

int ss_xtext_add(ss_pivoter *pv, const char *text, size_t len, const char *lang, uint32_t byte_base,
                 uint32_t cp_base, ss_xtext *out)
{
    ss_pivot_terms terms;
    ss_pivot_terms_init(&terms);
    ss_spans sp;
    ss_spans_init(&sp);
    tgroup *g = NULL;
    int rc = ss_pivot_text(pv, text, len, lang, &terms);
    if (rc == SS_OK)
        rc = ss_split_sentences(text, len, &sp);
    if (rc == SS_OK && terms.n && !(g = malloc(terms.n * sizeof *g)))
        rc = SS_ENOMEM;
    if (rc)
        goto out;
    /* the terms of one token make one item */
    size_t ng = 0;
    for (size_t i = 0; i < terms.n; i++) {
        if (ng && g[ng - 1].tok == terms.v[i].tok && g[ng - 1].first + g[ng - 1].n == i)
            g[ng - 1].n++;
        else
            g[ng++] = (tgroup){terms.v[i].tok, (uint32_t)i, 1};
    }
    if (ng)
        qsort(g, ng, sizeof *g, cmp_tgroup);
    const ss_tokens *tok = ss_pivoter_tokens(pv);
    if ((rc = grow((void **)&out->sent, &out->sentcap, out->nsent + (uint32_t)sp.n, sizeof *out->sent)) ||
        (rc = grow((void **)&out->ikey, &out->itemcap, out->nitems + (uint32_t)ng + 1, sizeof *out->ikey)) ||
        (rc = grow((void **)&out->iflag, &out->flagcap, out->nitems + (uint32_t)ng + 1, 1)) ||
        (rc = grow((void **)&out->key, &out->keycap, out->nkeys + (uint32_t)terms.n, sizeof *out->key)))
        goto out;
    out->content += terms.content;
    out->uncased += terms.uncased;
    size_t gi = 0;
    for (size_t s = 0; s < sp.n; s++) {
        ss_xsent *x = &out->sent[out->nsent++];
        x->start = sp.v[s].start + byte_base;
        x->end = sp.v[s].end + byte_base;
        x->cp_start = sp.v[s].cp_start + cp_base;
        x->cp_end = sp.v[s].cp_end + cp_base;
        x->item0 = out->nitems;
        out->chars += sp.v[s].cp_end - sp.v[s].cp_start;
        /* items whose token starts before the next sentence */
        uint32_t limit = s + 1 < sp.n ? sp.v[s + 1].start : UINT32_MAX;
        while (gi < ng && tok->v[g[gi].tok].start < limit) {
            uint8_t flag = SS_XI_ANY;
            out->ikey[out->nitems] = out->nkeys;
            for (uint32_t k = 0; k < g[gi].n; k++) {
                const ss_pivot_term *pt = &terms.v[g[gi].first + k];
                out->key[out->nkeys++] = key32(pt->key);
                if (pt->field == SS_PV_NAME || pt->field == SS_PV_NUM)
                    flag |= SS_XI_NAME;
                else if (pt->field == SS_PV_SOUND)
                    flag |= SS_XI_SOUND;
            }
            out->iflag[out->nitems++] = flag;
            gi++;
        }
        x->nitems = out->nitems - x->item0;
    }
    out->ikey[out->nitems] = out->nkeys;
out:
    free(g);
    ss_spans_release(&sp);
    ss_pivot_terms_release(&terms);
    return rc;
}

int ss_xtext_doc(ss_pivoter *pv, const ss_doc *d, ss_xtext *out)
{
    const char *title = d->title ? d->title : "";
    size_t tlen = strlen(title);
    const char *text = d->text ? d->text : "";
    size_t len = ss_doc_work_len(d);
    int rc = SS_OK;
    if (tlen && !(len >= tlen && memcmp(text, title, tlen) == 0))
        rc = ss_xtext_add(pv, title, tlen, d->lang, 0, 0, out);
    if (rc == SS_OK && len)
        rc = ss_xtext_add(pv, text, len, d->lang, 0, 0, out);
    return rc;
}

/* ---- alignment ------------------------------------------------------------ */

typedef struct {
    uint32_t key, sent;
} ksent;

struct ss_xaligner {
    ksent *ka, *kb;
    uint32_t kacap, kbcap;
    uint32_t *mark;
    uint32_t markcap;
    uint16_t *ma, *mb;       /* anchor counts per band cell of the sentence grid */
    uint32_t macap, mbcap;
    uint32_t *row_lo, *row_hi, *row_off; /* band of the sentence grid */
    uint32_t locap, hicap, offcap;
    double *cost;            /* DP over the (n+1) x (m+1) band */
    uint8_t *move;
    uint32_t costcap, movecap;
    uint32_t *dlo, *dhi, *doff;
    uint32_t dlocap, dhicap, doffcap;
    uint32_t *cnt_a, *cnt_b;  /* counted items per sentence */
    uint32_t cacap, cbcap;
    unsigned mask;
};

ss_xaligner *ss_xaligner_new(void) { return calloc(1, sizeof(ss_xaligner)); }

void ss_xaligner_free(ss_xaligner *al)
{
    if (!al)
        return;
    free(al->ka);
    free(al->kb);
    free(al->mark);
    free(al->ma);
    free(al->mb);
    free(al->row_lo);
    free(al->row_hi);
    free(al->row_off);
    free(al->cost);
    free(al->move);
    free(al->dlo);
    free(al->dhi);
    free(al->doff);
    free(al->cnt_a);
    free(al->cnt_b);
    free(al);
}

static int cmp_ksent(const void *a, const void *b)
{
    const ksent *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

static int cmp_xks(const void *a, const void *b)
{
    const ss_xks *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

int ss_xtext_index(ss_xtext *t)
{
    free(t->ks);
    t->ks = malloc((t->nkeys ? t->nkeys : 1) * sizeof *t->ks);
    t->nks = 0;
    if (!t->ks)
        return SS_ENOMEM;
    uint32_t k = 0;
    for (uint32_t s = 0; s < t->nsent; s++)
        for (uint32_t i = t->sent[s].item0; i < t->sent[s].item0 + t->sent[s].nitems; i++)
            for (uint32_t q = t->ikey[i]; q < t->ikey[i + 1]; q++)
                t->ks[k++] = (ss_xks){t->key[q], s, t->iflag[i]};
    if (k)
        qsort(t->ks, k, sizeof *t->ks, cmp_xks);
    uint32_t m = 0; /* one entry per (key, sentence), its items' flags joined */
    for (uint32_t i = 0; i < k; i++) {
        if (m && t->ks[m - 1].key == t->ks[i].key && t->ks[m - 1].sent == t->ks[i].sent)
            t->ks[m - 1].flags |= t->ks[i].flags;
        else
            t->ks[m++] = t->ks[i];
    }
    t->nks = m;
    return SS_OK;
}

/* Sorted, unique (key, sentence) pairs of a text's counted items. */
static int key_list(const ss_xtext *t, unsigned mask, ksent **v, uint32_t *cap, uint32_t *n)
{
    if (grow((void **)v, cap, t->nkeys + 1, sizeof **v))
        return SS_ENOMEM;
    uint32_t k = 0;
    if (t->ks) { /* sorted once (ss_xtext_index): filter in order */
        for (uint32_t i = 0; i < t->nks; i++)
            if (t->ks[i].flags & mask)
                (*v)[k++] = (ksent){t->ks[i].key, t->ks[i].sent};
        *n = k;
        return SS_OK;
    }
    for (uint32_t s = 0; s < t->nsent; s++)
        for (uint32_t i = t->sent[s].item0; i < t->sent[s].item0 + t->sent[s].nitems; i++)
            if (t->iflag[i] & mask)
                for (uint32_t q = t->ikey[i]; q < t->ikey[i + 1]; q++)
                    (*v)[k++] = (ksent){t->key[q], s};
    if (k)
        qsort(*v, k, sizeof **v, cmp_ksent);
    uint32_t m = 0;
    for (uint32_t i = 0; i < k; i++)
        if (!m || (*v)[m - 1].key != (*v)[i].key || (*v)[m - 1].sent != (*v)[i].sent)
            (*v)[m++] = (*v)[i];
    *n = m;
    return SS_OK;
}

static uint32_t lower_bound(const ksent *v, uint32_t n, uint32_t key)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Band of sentence row i (columns [lo, hi)) for an n x m grid. */
static void band(uint32_t i, uint32_t n, uint32_t m, uint32_t w, uint32_t *lo, uint32_t *hi)
{
    double c = n ? (double)i * m / n : 0;
    double l = c - w, h = c + w + 1;
    *lo = l < 0 ? 0 : (uint32_t)l;
    *hi = h > m ? m : (uint32_t)h;
    if (*hi < *lo)
        *hi = *lo;
}

static uint32_t band_width(uint32_t n, uint32_t m)
{
    uint32_t big = n > m ? n : m, diff = n > m ? n - m : m - n;
    return 6 + diff + big / 8;
}

/* Count anchors of t's items against the other side's key list into
 * counts[i][j] (t's sentence i, other's sentence j) — or [j][i] when
 * transposed — for cells inside the band. */
static void count_anchors(ss_xaligner *al, const ss_xtext *t, const ksent *other, uint32_t no,
                          int transposed, uint16_t *counts)
{
    uint32_t stamp = 0;
    for (uint32_t s = 0; s < t->nsent; s++)
        for (uint32_t i = t->sent[s].item0; i < t->sent[s].item0 + t->sent[s].nitems; i++) {
            if (!(t->iflag[i] & al->mask))
                continue;
            stamp++;
            for (uint32_t q = t->ikey[i]; q < t->ikey[i + 1]; q++) {
                for (uint32_t p = lower_bound(other, no, t->key[q]); p < no && other[p].key == t->key[q];
                     p++) {
                    uint32_t j = other[p].sent;
                    if (al->mark[j] == stamp)
                        continue;
                    al->mark[j] = stamp;
                    uint32_t r = transposed ? j : s, c = transposed ? s : j;
                    if (c < al->row_lo[r] || c >= al->row_hi[r])
                        continue;
                    uint16_t *x = &counts[al->row_off[r] + c - al->row_lo[r]];
                    if (*x < UINT16_MAX)
                        (*x)++;
                }
            }
        }
}

static uint32_t cell(const ss_xaligner *al, const uint16_t *counts, uint32_t i, uint32_t j)
{
    if (j < al->row_lo[i] || j >= al->row_hi[i])
        return 0;
    return counts[al->row_off[i] + j - al->row_lo[i]];
}

static uint32_t sent_chars(const ss_xtext *t, uint32_t s0, uint32_t s1)
{
    uint32_t c = 0;
    for (uint32_t s = s0; s < s1; s++)
        c += t->sent[s].cp_end - t->sent[s].cp_start;
    return c;
}

static uint32_t sent_items(const uint32_t *cnt, uint32_t s0, uint32_t s1)
{
    uint32_t c = 0;
    for (uint32_t s = s0; s < s1; s++)
        c += cnt[s];
    return c;
}

/* Anchors of group A[a0,a1) x B[b0,b1): items of either side matched. */
static uint32_t group_anchors(const ss_xaligner *al, uint32_t a0, uint32_t a1, uint32_t b0,
                              uint32_t b1)
{
    uint32_t total = 0;
    for (uint32_t i = a0; i < a1; i++) {
        uint32_t s = 0;
        for (uint32_t j = b0; j < b1; j++)
            s += cell(al, al->ma, i, j);
        total += s < al->cnt_a[i] ? s : al->cnt_a[i];
    }
    for (uint32_t j = b0; j < b1; j++) {
        uint32_t s = 0;
        for (uint32_t i = a0; i < a1; i++)
            s += cell(al, al->mb, i, j);
        total += s < al->cnt_b[j] ? s : al->cnt_b[j];
    }
    return total;
}

static double length_delta(double la, double lb, double ratio)
{
    double mean = (la + lb / ratio) / 2;
    if (mean <= 0)
        return 0;
    return (lb / ratio - la) / sqrt(mean * LEN_VARIANCE);
}

static double length_cost(double la, double lb, double ratio)
{
    double delta = length_delta(la, lb, ratio);
    double p = erfc(fabs(delta) / sqrt(2.0));
    return p < 1e-9 ? 20.7 : -log(p);
}

enum { MV_NONE = 0, MV_11, MV_10, MV_01, MV_21, MV_12 };

static const uint8_t move_da[] = {0, 1, 1, 0, 2, 1};
static const uint8_t move_db[] = {0, 1, 0, 1, 1, 2};

static double *dp_at(ss_xaligner *al, uint32_t i, uint32_t j)
{
    if (j < al->dlo[i] || j >= al->dhi[i])
        return NULL;
    return &al->cost[al->doff[i] + j - al->dlo[i]];
}

static int count_items(const ss_xtext *t, unsigned mask, uint32_t **cnt, uint32_t *cap)
{
    if (grow((void **)cnt, cap, t->nsent + 1, sizeof **cnt))
        return SS_ENOMEM;
    for (uint32_t s = 0; s < t->nsent; s++) {
        uint32_t c = 0;
        for (uint32_t i = t->sent[s].item0; i < t->sent[s].item0 + t->sent[s].nitems; i++)
            c += (t->iflag[i] & mask) != 0;
        (*cnt)[s] = c;
    }
    return SS_OK;
}

unsigned ss_xalign_mask(const ss_xtext *a, const ss_xtext *b, int dictionary)
{
    if (dictionary)
        return SS_XI_ANY;
    int ua = a->uncased * 2 > a->content, ub = b->uncased * 2 > b->content;
    return SS_XI_NAME | (ua != ub ? SS_XI_SOUND : 0);
}

static int align(ss_xaligner *al, const ss_xtext *a, const ss_xtext *b, unsigned mask, int partial,
                 ss_xgroups *out)
{
    out->n = 0;
    uint32_t n = a->nsent, m = b->nsent;
    al->mask = mask;
    if (count_items(a, mask, &al->cnt_a, &al->cacap) || count_items(b, mask, &al->cnt_b, &al->cbcap))
        return SS_ENOMEM;
    uint32_t w = band_width(n, m);
    if (partial && w < PARTIAL_BAND)
        w = PARTIAL_BAND;
    /* the sentence grid's band */
    if (grow((void **)&al->row_lo, &al->locap, n + 1, sizeof(uint32_t)) ||
        grow((void **)&al->row_hi, &al->hicap, n + 1, sizeof(uint32_t)) ||
        grow((void **)&al->row_off, &al->offcap, n + 1, sizeof(uint32_t)))
        return SS_ENOMEM;
    uint32_t cells = 0;
    for (uint32_t i = 0; i < n; i++) {
        band(i, n, m, w, &al->row_lo[i], &al->row_hi[i]);
        al->row_off[i] = cells;
        cells += al->row_hi[i] - al->row_lo[i];
    }
    if (grow((void **)&al->ma, &al->macap, cells + 1, sizeof(uint16_t)) ||
        grow((void **)&al->mb, &al->mbcap, cells + 1, sizeof(uint16_t)))
        return SS_ENOMEM;
    if (cells) {
        memset(al->ma, 0, cells * sizeof(uint16_t));
        memset(al->mb, 0, cells * sizeof(uint16_t));
    }
    uint32_t na = 0, nb = 0;
    if (key_list(a, mask, &al->ka, &al->kacap, &na) || key_list(b, mask, &al->kb, &al->kbcap, &nb))
        return SS_ENOMEM;
    uint32_t big = (n > m ? n : m) + 1;
    if (grow((void **)&al->mark, &al->markcap, big, sizeof(uint32_t)))
        return SS_ENOMEM;
    memset(al->mark, 0, big * sizeof(uint32_t));
    count_anchors(al, a, al->kb, nb, 0, al->ma);
    memset(al->mark, 0, big * sizeof(uint32_t));
    count_anchors(al, b, al->ka, na, 1, al->mb);

    /* DP grid band: rows 0..n, columns 0..m */
    if (grow((void **)&al->dlo, &al->dlocap, n + 2, sizeof(uint32_t)) ||
        grow((void **)&al->dhi, &al->dhicap, n + 2, sizeof(uint32_t)) ||
        grow((void **)&al->doff, &al->doffcap, n + 2, sizeof(uint32_t)))
        return SS_ENOMEM;
    uint32_t dcells = 0;
    for (uint32_t i = 0; i <= n; i++) {
        band(i, n ? n : 1, m, w + 2, &al->dlo[i], &al->dhi[i]);
        al->dhi[i] = al->dhi[i] + 1 > m + 1 ? m + 1 : al->dhi[i] + 1;
        if (i == n) { /* the end must be reachable */
            al->dhi[i] = m + 1;
        }
        if (i == 0)
            al->dlo[i] = 0;
        al->doff[i] = dcells;
        dcells += al->dhi[i] - al->dlo[i];
    }
    if (grow((void **)&al->cost, &al->costcap, dcells, sizeof(double)) ||
        grow((void **)&al->move, &al->movecap, dcells, sizeof(uint8_t)))
        return SS_ENOMEM;
    /* a part of one text translated has no overall length ratio: 1, or
     * when the two scripts' code points per counted word differ more than
     * PARTIAL_DENSITY times (a Chinese sentence is about a third of its
     * English one in code points), the ratio of those */
    double ratio = a->chars && b->chars ? (double)b->chars / a->chars : 1.0;
    if (partial) {
        /* content words, whatever the mask: a property of the script, not
         * of how many names the article holds */
        uint32_t ia = a->content, ib = b->content;
        double d = ia && ib && a->chars && b->chars ? ((double)b->chars / ib) / ((double)a->chars / ia) : 1.0;
        ratio = d > PARTIAL_DENSITY || d < 1 / PARTIAL_DENSITY ? d : 1.0;
    }
    /* lengths weigh half in a partial alignment, and nothing between
     * scripts of different density, whose sentence lengths vary too much
     * for a ratio guessed from the whole texts */
    double lweight = !partial ? 1.0 : ratio == 1.0 ? PARTIAL_LENGTH_WEIGHT : 0.0;
    double skip = partial ? PARTIAL_SKIP : COST_10 + ANCHOR_WEIGHT * SKIP_SIM;
    for (uint32_t i = 0; i <= n; i++)
        for (uint32_t j = al->dlo[i]; j < al->dhi[i]; j++) {
            double best = INFINITY;
            uint8_t mv = MV_NONE;
            if (i == 0 && j == 0)
                best = 0;
            for (int k = MV_11; k <= MV_12; k++) {
                uint32_t da = move_da[k], db = move_db[k];
                if (i < da || j < db)
                    continue;
                double *prev = dp_at(al, i - da, j - db);
                if (!prev || *prev == INFINITY)
                    continue;
                double c;
                if (da && db) {
                    uint32_t items = sent_items(al->cnt_a, i - da, i) + sent_items(al->cnt_b, j - db, j);
                    double sim = items ? (double)group_anchors(al, i - da, i, j - db, j) / items : 0;
                    c = (k == MV_11 ? COST_11 : COST_21) +
                        lweight * length_cost(sent_chars(a, i - da, i), sent_chars(b, j - db, j), ratio) +
                        ANCHOR_WEIGHT * (1 - sim);
                } else {
                    c = skip;
                }
                if (*prev + c < best) {
                    best = *prev + c;
                    mv = (uint8_t)k;
                }
            }
            al->cost[al->doff[i] + j - al->dlo[i]] = best;
            al->move[al->doff[i] + j - al->dlo[i]] = mv;
        }
    /* read the path back */
    uint32_t i = n, j = m;
    size_t count = 0;
    while (i > 0 || j > 0) {
        if (j < al->dlo[i] || j >= al->dhi[i])
            return SS_EINVAL; /* cannot happen: the band reaches the corners */
        uint8_t mv = al->move[al->doff[i] + j - al->dlo[i]];
        if (mv == MV_NONE)
            return SS_EINVAL;
        i -= move_da[mv];
        j -= move_db[mv];
        count++;
    }
    if (count > out->cap) {
        ss_xgroup *v = realloc(out->v, count * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        out->v = v;
        out->cap = count;
    }
    out->n = count;
    i = n;
    j = m;
    size_t k = count;
    while (i > 0 || j > 0) {
        uint8_t mv = al->move[al->doff[i] + j - al->dlo[i]];
        uint32_t i0 = i - move_da[mv], j0 = j - move_db[mv];
        ss_xgroup *g = &out->v[--k];
        g->a0 = i0;
        g->a1 = i;
        g->b0 = j0;
        g->b1 = j;
        uint32_t items = sent_items(al->cnt_a, i0, i) + sent_items(al->cnt_b, j0, j);
        g->anchors = (i0 < i && j0 < j) ? group_anchors(al, i0, i, j0, j) : 0;
        g->sim = items ? (float)g->anchors / (float)items : 0.0f;
        g->delta = (i0 < i && j0 < j)
                       ? (float)length_delta(sent_chars(a, i0, i), sent_chars(b, j0, j), ratio)
                       : 0.0f;
        i = i0;
        j = j0;
    }
    if (partial && lweight == 0) {
        /* lengths were not used: judge them at the ratio of the groups
         * whose words are anchored, the pair's own measure of the scripts */
        double la = 0, lb = 0;
        for (size_t q = 0; q < count; q++) {
            const ss_xgroup *g = &out->v[q];
            if (g->a0 < g->a1 && g->b0 < g->b1 && g->sim >= SS_XALIGN_GOOD) {
                la += sent_chars(a, g->a0, g->a1);
                lb += sent_chars(b, g->b0, g->b1);
            }
        }
        if (la > 0 && lb > 0)
            for (size_t q = 0; q < count; q++) {
                ss_xgroup *g = &out->v[q];
                if (g->a0 < g->a1 && g->b0 < g->b1)
                    g->delta = (float)length_delta(sent_chars(a, g->a0, g->a1), sent_chars(b, g->b0, g->b1),
                                                   lb / la);
            }
    }
    return SS_OK;
}

int ss_xalign(ss_xaligner *al, const ss_xtext *a, const ss_xtext *b, unsigned mask, ss_xgroups *out)
{
    return align(al, a, b, mask, 0, out);
}

int ss_xalign_partial(ss_xaligner *al, const ss_xtext *a, const ss_xtext *b, unsigned mask,
                      ss_xgroups *out)
{
    return align(al, a, b, mask, 1, out);
}

double ss_xalign_coverage(const ss_xaligner *al, const ss_xtext *a, const ss_xtext *b,
                          const ss_xgroups *g)
{
    uint32_t ta = sent_items(al->cnt_a, 0, a->nsent), tb = sent_items(al->cnt_b, 0, b->nsent);
    if (!ta || !tb)
        return 0;
    uint32_t ga = 0, gb = 0;
    for (size_t k = 0; k < g->n; k++) {
        const ss_xgroup *x = &g->v[k];
        if (x->a0 < x->a1 && x->b0 < x->b1 && x->sim >= SS_XALIGN_GOOD &&
            fabs(x->delta) <= SS_XALIGN_MAX_DELTA) {
            ga += sent_items(al->cnt_a, x->a0, x->a1);
            gb += sent_items(al->cnt_b, x->b0, x->b1);
        }
    }
    double ca = (double)ga / (ta + SHRINK), cb = (double)gb / (tb + SHRINK);
    return ca < cb ? ca : cb;
}
