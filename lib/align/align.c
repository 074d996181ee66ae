/* align/align.c — runs, chains, extension and scoring (design in align.h).
 *
 * Data: A's m-grams live in an open-addressing table (32-bit hash -> first
 * position; 16 bytes a token at most) with the other positions linked
 * through next[] (4 bytes a token).  Every
 * common m-gram of B gives a match (i, j); matches sorted by diagonal
 * j - i and then i give the runs in one sweep, so a match inside a run
 * already found is skipped.  Runs sorted by (i, j) are chained by a
 * predecessor scan bounded in distance (max_gap) and count (MAX_PRED), so
 * the work stays linear in the number of runs.  Invariants: runs are
 * maximal stretches of equal tokens (no run extends another on the same
 * diagonal); a chain is strictly increasing in A and in B; a passage's
 * token ranges lie inside both texts.
 */
#include "align/align.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

#define MAX_PRED 128     /* predecessors examined per run while chaining */
#define LCS_CELLS 65536  /* larger gaps are scored without an exact alignment */

typedef struct run {
    uint32_t i, j, len;
    uint32_t anchored;
    int32_t pred;
    float score;
} run;

typedef struct slot {
    uint32_t hash;    /* of the m-gram, 0 = empty (m-grams equal in hash are checked word by word) */
    uint32_t first;   /* its first position in A */
} slot;

struct ss_aligner {
    ss_align_opts o;
    const ss_aseq *a;
    const uint8_t *anchors;
    slot *table;
    size_t tmask, tcap;
    uint32_t *next;     /* next position of the same m-gram in A, UINT32_MAX at the end */
    size_t next_cap;
    uint64_t *match;    /* (diag + na) << 32 | i */
    size_t nmatch, match_cap;
    run *runs;
    size_t nruns, runs_cap;
    uint64_t *order;    /* runs by score, best first: (~score key) << 32 | run */
    uint8_t *used;
    uint32_t *chain;
    size_t order_cap;
    uint16_t *row;      /* LCS rows */
    int *dp;            /* x-drop matrix: score and matches */
};

void ss_apassages_init(ss_apassages *p) { memset(p, 0, sizeof *p); }

void ss_apassages_release(ss_apassages *p)
{
    free(p->v);
    memset(p, 0, sizeof *p);
}

int ss_apassages_push(ss_apassages *p, const ss_apassage *x)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        ss_apassage *v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = *x;
    return SS_OK;
}

void ss_apassage_set_spans(ss_apassage *p, const ss_aseq *a, const ss_aseq *b)
{
    uint32_t a0 = p->a_tok, b0 = p->b_tok, a1 = p->a_tok_end - 1, b1 = p->b_tok_end - 1;
    const ss_atok *x = &a->tok[a0], *y = &b->tok[b0];
    uint32_t head = x->head == y->head ? ss_aseq_edge_len(x->head) : 0;
    x = &a->tok[a1];
    y = &b->tok[b1];
    uint32_t tail = x->tail == y->tail ? ss_aseq_edge_len(x->tail) : 0;
    p->a_start = ss_aseq_cp_start(a, a0) - head;
    p->b_start = ss_aseq_cp_start(b, b0) - head;
    p->a_end = ss_aseq_cp_end(a, a1) + tail;
    p->b_end = ss_aseq_cp_end(b, b1) + tail;
}

void ss_align_opts_default(ss_align_opts *o)
{
    o->run_ngram = 3;
    o->max_occ = 8;
    o->max_gap = 32;
    o->anchor_ngram = 5;
}

int ss_align_opts_check(const ss_align_opts *o, ss_error *err)
{
    if (o->run_ngram < 1)
        return ss_error_set(err, SS_EINVAL, "aligner: run_ngram must be at least 1 (got 0)");
    if (o->max_occ < 1)
        return ss_error_set(err, SS_EINVAL, "aligner: max_occ must be at least 1 (got 0)");
    if (o->anchor_ngram < 1)
        return ss_error_set(err, SS_EINVAL, "aligner: anchor_ngram must be at least 1 (got 0)");
    if (o->max_gap > SS_ALIGN_MAX_GAP)
        return ss_error_set(err, SS_EINVAL, "aligner: max_gap must be from 0 to %d (got %u)",
                            SS_ALIGN_MAX_GAP, o->max_gap);
    return SS_OK;
}

ss_aligner *ss_aligner_new(const ss_align_opts *opts, ss_error *err)
{
    ss_align_opts o;
    if (opts)
        o = *opts;
    else
        ss_align_opts_default(&o);
    if (ss_align_opts_check(&o, err))
        return NULL;
    ss_aligner *al = calloc(1, sizeof *al);
    if (!al) {
        ss_error_set(err, SS_ENOMEM, "aligner: out of memory");
        return NULL;
    }
    al->o = o;
    size_t w = (size_t)al->o.max_gap + 1;
    al->dp = malloc(w * w * 2 * sizeof *al->dp);
    al->row = malloc(2 * (LCS_CELLS + 1) * sizeof *al->row);
    if (!al->dp || !al->row) {
        ss_aligner_free(al);
        ss_error_set(err, SS_ENOMEM, "aligner: out of memory");
        return NULL;
    }
    return al;
}

void ss_aligner_free(ss_aligner *al)
{
    if (!al)
        return;
    free(al->table);
    free(al->next);
    free(al->match);
    free(al->runs);
    free(al->order);
    free(al->used);
    free(al->chain);
    free(al->row);
    free(al->dp);
    free(al);
}

static inline uint32_t mgram(const ss_aseq *s, size_t i, unsigned m)
{
    uint64_t h = ss_aseq_ngram(s, i, m);
    uint32_t x = (uint32_t)(h >> 32);
    return x ? x : 1;
}

static inline size_t slot_index(uint32_t h, size_t mask)
{
    return (size_t)((h * 0x9E3779B1u) >> 7) & mask;
}

int ss_aligner_set_a(ss_aligner *al, const ss_aseq *a, const uint8_t *anchors)
{
    al->a = a;
    al->anchors = anchors;
    unsigned m = al->o.run_ngram;
    size_t ngrams = a->n >= m ? a->n - m + 1 : 0;
    size_t cap = 16;
    while (cap < ngrams * 2)
        cap *= 2;
    if (cap > al->tcap) {
        slot *t = realloc(al->table, cap * sizeof *t);
        if (!t)
            return SS_ENOMEM;
        al->table = t;
        al->tcap = cap;
    }
    al->tmask = cap - 1;
    memset(al->table, 0, cap * sizeof *al->table);
    if (a->n > al->next_cap) {
        uint32_t *nx = realloc(al->next, a->n * sizeof *nx);
        if (!nx)
            return SS_ENOMEM;
        al->next = nx;
        al->next_cap = a->n;
    }
    /* insert from the end so that each list is in ascending position */
    for (size_t i = ngrams; i-- > 0;) {
        uint32_t h = mgram(a, i, m);
        size_t s = slot_index(h, al->tmask);
        while (al->table[s].hash && al->table[s].hash != h)
            s = (s + 1) & al->tmask;
        if (!al->table[s].hash) {
            al->table[s].hash = h;
            al->next[i] = UINT32_MAX;
        } else {
            al->next[i] = al->table[s].first;
        }
        al->table[s].first = (uint32_t)i;
    }
    return SS_OK;
}

static int push_match(ss_aligner *al, uint64_t key)
{
    if (al->nmatch == al->match_cap) {
        size_t cap = al->match_cap ? al->match_cap * 2 : 1024;
        uint64_t *v = realloc(al->match, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        al->match = v;
        al->match_cap = cap;
    }
    al->match[al->nmatch++] = key;
    return SS_OK;
}

static int push_run(ss_aligner *al, uint32_t i, uint32_t j, uint32_t len)
{
    if (al->nruns == al->runs_cap) {
        size_t cap = al->runs_cap ? al->runs_cap * 2 : 256;
        run *v = realloc(al->runs, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        al->runs = v;
        al->runs_cap = cap;
    }
    run *r = &al->runs[al->nruns++];
    memset(r, 0, sizeof *r);
    r->i = i;
    r->j = j;
    r->len = len;
    return SS_OK;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int cmp_run(const void *x, const void *y)
{
    const run *a = x, *b = y;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

static int anchored(const ss_aligner *al, uint32_t i, uint32_t len)
{
    unsigned n = al->o.anchor_ngram;
    if (len < n)
        return 0;
    if (!al->anchors)
        return 1;
    for (uint32_t k = i; k + n <= i + len; k++)
        if (al->anchors[k >> 3] & (1u << (k & 7)))
            return 1;
    return 0;
}

/* Step 1: the runs. */
static int find_runs(ss_aligner *al, const ss_aseq *b)
{
    const ss_aseq *a = al->a;
    unsigned m = al->o.run_ngram;
    al->nmatch = 0;
    al->nruns = 0;
    if (a->n < m || b->n < m)
        return SS_OK;
    for (size_t j = 0; j + m <= b->n; j++) {
        uint32_t h = mgram(b, j, m);
        size_t s = slot_index(h, al->tmask);
        while (al->table[s].hash && al->table[s].hash != h)
            s = (s + 1) & al->tmask;
        if (!al->table[s].hash)
            continue;
        /* an m-gram more often than max_occ in A starts no run */
        uint32_t occ = 0;
        for (uint32_t i = al->table[s].first; i != UINT32_MAX && occ <= al->o.max_occ; i = al->next[i])
            occ++;
        if (occ > al->o.max_occ)
            continue;
        for (uint32_t i = al->table[s].first; i != UINT32_MAX; i = al->next[i]) {
            uint64_t diag = (uint64_t)j + a->n - i; /* > 0, fits 33 bits */
            if (push_match(al, diag << 32 | i))
                return SS_ENOMEM;
        }
    }
    if (al->nmatch > 1)
        qsort(al->match, al->nmatch, sizeof *al->match, cmp_u64);
    uint64_t cur_diag = UINT64_MAX;
    uint32_t covered = 0; /* end in A of the last run on cur_diag */
    for (size_t k = 0; k < al->nmatch; k++) {
        uint64_t diag = al->match[k] >> 32;
        uint32_t i = (uint32_t)al->match[k];
        if (diag != cur_diag) {
            cur_diag = diag;
            covered = 0;
        } else if (i < covered) {
            continue;
        }
        uint32_t j = (uint32_t)(diag + i - a->n);
        /* the m-gram hashes matched; the tokens must too */
        uint32_t e = 0;
        while (i + e < a->n && j + e < b->n && a->tok[i + e].hash == b->tok[j + e].hash)
            e++;
        if (e < m)
            continue;
        while (i > covered && j > 0 && a->tok[i - 1].hash == b->tok[j - 1].hash) {
            i--;
            j--;
            e++;
        }
        covered = i + e;
        if (push_run(al, i, j, e))
            return SS_ENOMEM;
        al->runs[al->nruns - 1].anchored = (uint32_t)anchored(al, i, e);
    }
    return SS_OK;
}

/* Overlap to trim from r when it follows p: 0 if none. */
static inline uint32_t overlap(const run *p, const run *r)
{
    uint32_t ov = 0;
    if (p->i + p->len > r->i)
        ov = p->i + p->len - r->i;
    if (p->j + p->len > r->j && p->j + p->len - r->j > ov)
        ov = p->j + p->len - r->j;
    return ov;
}

/* Step 2a: chain scores. */
static void chain_runs(ss_aligner *al)
{
    if (al->nruns > 1)
        qsort(al->runs, al->nruns, sizeof *al->runs, cmp_run);
    uint32_t maxlen = 0;
    for (size_t k = 0; k < al->nruns; k++)
        if (al->runs[k].len > maxlen)
            maxlen = al->runs[k].len;
    uint32_t g = al->o.max_gap;
    for (size_t k = 0; k < al->nruns; k++) {
        run *r = &al->runs[k];
        r->score = (float)r->len;
        r->pred = -1;
        size_t seen = 0;
        for (size_t q = k; q-- > 0 && seen < MAX_PRED;) {
            const run *p = &al->runs[q];
            if ((uint64_t)p->i + maxlen + g < r->i)
                break;
            if (p->i >= r->i || p->j >= r->j)
                continue;
            seen++;
            uint32_t ov = overlap(p, r);
            if (ov >= r->len)
                continue;
            uint32_t ga = r->i + ov - (p->i + p->len), gb = r->j + ov - (p->j + p->len);
            if (ga > g || gb > g)
                continue;
            float s = p->score + (float)(r->len - ov) - 0.25f * (float)(ga + gb);
            if (s > r->score) {
                r->score = s;
                r->pred = (int32_t)q;
            }
        }
    }
}

/* Length of a longest common subsequence of A[ai..ai+na) and B[bj..bj+nb). */
static uint32_t lcs(ss_aligner *al, const ss_aseq *b, uint32_t ai, uint32_t na, uint32_t bj,
                    uint32_t nb)
{
    const ss_aseq *a = al->a;
    if (na == 0 || nb == 0)
        return 0;
    if ((uint64_t)na * nb > LCS_CELLS || nb > LCS_CELLS) {
        /* too large to align exactly: count tokens equal on the diagonal */
        uint32_t n = na < nb ? na : nb, c = 0;
        for (uint32_t k = 0; k < n; k++)
            c += a->tok[ai + k].hash == b->tok[bj + k].hash;
        return c;
    }
    uint16_t *prev = al->row, *cur = al->row + LCS_CELLS + 1;
    memset(prev, 0, (nb + 1) * sizeof *prev);
    for (uint32_t x = 1; x <= na; x++) {
        cur[0] = 0;
        uint32_t ha = a->tok[ai + x - 1].hash;
        for (uint32_t y = 1; y <= nb; y++) {
            if (ha == b->tok[bj + y - 1].hash)
                cur[y] = (uint16_t)(prev[y - 1] + 1);
            else
                cur[y] = prev[y] > cur[y - 1] ? prev[y] : cur[y - 1];
        }
        uint16_t *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

#define STRAY_EDGE 3  /* tokens of a paragraph a passage may not just touch */

/* The tokens to cut at the end (dir > 0) or start (dir < 0) of the
 * passage A[a0, a1) ~ B[b0, b1): when, in either text, a paragraph break
 * lies inside it with at most STRAY_EDGE tokens beyond it, and the
 * passage ends (starts) inside that next (previous) paragraph; else 0. */
static uint32_t stray_edge(const ss_aseq *a, const ss_aseq *b, uint32_t a0, uint32_t a1, uint32_t b0,
                           uint32_t b1, int dir)
{
    uint32_t f = 0;
    const ss_aseq *s[2] = {a, b};
    uint32_t lo[2] = {a0, b0}, hi[2] = {a1, b1};
    for (int k = 0; k < 2; k++) {
        /* a whole paragraph is no stray: the edge must be inside one */
        if (dir > 0 ? hi[k] >= s[k]->n || (s[k]->tok[hi[k]].flags & SS_ATOK_PARA)
                    : (s[k]->tok[lo[k]].flags & SS_ATOK_PARA))
            continue;
        for (uint32_t x = 1; x <= STRAY_EDGE && x < hi[k] - lo[k]; x++) {
            /* end: does the token x from the end open a paragraph?  start:
             * does the token x from the start? */
            uint32_t t = dir > 0 ? hi[k] - x : lo[k] + x;
            if (s[k]->tok[t].flags & SS_ATOK_PARA) {
                if (x > f)
                    f = x;
                break;
            }
        }
    }
    return f;
}

/* How many of the n tokens after position i (dir > 0: i, i+1, ...) or
 * before it (dir < 0: i-1, i-2, ...) lie in the paragraph of the passage
 * edge at i. */
static uint32_t within_paragraph(const ss_aseq *s, uint32_t i, int dir, uint32_t n)
{
    for (uint32_t x = 0; x < n; x++) {
        /* after: token i+x opens a paragraph; before: token i-x does, so
         * i-x-1 is in the previous one */
        uint32_t t = dir > 0 ? i + x : i - x;
        if (s->tok[t].flags & SS_ATOK_PARA)
            return x;
    }
    return n;
}

/* Step 3: grow a passage end through small edits.  dir = +1 extends after
 * (ai, bj) (the first tokens past the end), -1 before (ai, bj) (the
 * tokens just before the start, walking back).  Returns the tokens taken
 * on each side and the equal ones among them. */
static void extend(ss_aligner *al, const ss_aseq *b, uint32_t ai, uint32_t bj, int dir,
                   uint32_t *ta, uint32_t *tb, uint32_t *eq)
{
    const ss_aseq *a = al->a;
    uint32_t w = al->o.max_gap;
    uint32_t wa = dir > 0 ? (uint32_t)(a->n - ai) : ai;
    uint32_t wb = dir > 0 ? (uint32_t)(b->n - bj) : bj;
    if (wa > w)
        wa = w;
    if (wb > w)
        wb = w;
    /* an edited edge belongs to its paragraph: no growing past a break */
    wa = within_paragraph(a, ai, dir, wa);
    wb = within_paragraph(b, bj, dir, wb);
    *ta = *tb = *eq = 0;
    if (wa == 0 || wb == 0)
        return;
    size_t cols = (size_t)wb + 1;
    int *S = al->dp, *M = al->dp + (size_t)(w + 1) * (w + 1);
    int best = 0;
    for (uint32_t x = 0; x <= wa; x++) {
        for (uint32_t y = 0; y <= wb; y++) {
            size_t c = x * cols + y;
            if (x == 0 || y == 0) {
                S[c] = -(int)(x + y);
                M[c] = 0;
                continue;
            }
            uint32_t pa = dir > 0 ? ai + x - 1 : ai - x;
            uint32_t pb = dir > 0 ? bj + y - 1 : bj - y;
            int same = a->tok[pa].hash == b->tok[pb].hash;
            int s = S[c - cols - 1] + (same ? 1 : -1), mm = M[c - cols - 1] + same;
            if (S[c - cols] - 1 > s) {
                s = S[c - cols] - 1;
                mm = M[c - cols];
            }
            if (S[c - 1] - 1 > s) {
                s = S[c - 1] - 1;
                mm = M[c - 1];
            }
            S[c] = s;
            M[c] = mm;
            /* the end must be an equal pair, the best score, the shortest on ties */
            if (same && (s > best || (s == best && s > 0 && x + y < *ta + *tb))) {
                best = s;
                *ta = x;
                *tb = y;
                *eq = (uint32_t)mm;
            }
        }
    }
}

static int cmp_passage(const void *x, const void *y)
{
    const ss_apassage *p = x, *q = y;
    if (p->a_tok != q->a_tok)
        return p->a_tok < q->a_tok ? -1 : 1;
    return p->b_tok < q->b_tok ? -1 : p->b_tok > q->b_tok;
}

static int reserve_order(ss_aligner *al, size_t n)
{
    if (al->order_cap >= n)
        return SS_OK;
    uint64_t *o = realloc(al->order, n * sizeof *o);
    if (!o)
        return SS_ENOMEM;
    al->order = o;
    uint8_t *u = realloc(al->used, n);
    if (!u)
        return SS_ENOMEM;
    al->used = u;
    uint32_t *c = realloc(al->chain, n * sizeof *c);
    if (!c)
        return SS_ENOMEM;
    al->chain = c;
    al->order_cap = n;
    return SS_OK;
}

static uint32_t overlap_len(uint32_t s0, uint32_t e0, uint32_t s1, uint32_t e1)
{
    uint32_t s = s0 > s1 ? s0 : s1, e = e0 < e1 ? e0 : e1;
    return e > s ? e - s : 0;
}

/* Does p lie mostly (half or more, in A or in B) inside a passage of
 * out[from..)? */
static int taken(const ss_apassages *out, size_t from, const ss_apassage *p)
{
    uint32_t la = p->a_tok_end - p->a_tok, lb = p->b_tok_end - p->b_tok;
    for (size_t k = from; k < out->n; k++) {
        const ss_apassage *q = &out->v[k];
        if (2 * overlap_len(p->a_tok, p->a_tok_end, q->a_tok, q->a_tok_end) >= la ||
            2 * overlap_len(p->b_tok, p->b_tok_end, q->b_tok, q->b_tok_end) >= lb)
            return 1;
    }
    return 0;
}

/* Step 2b-4: take chains best first and make passages of them. */
static int passages(ss_aligner *al, const ss_aseq *b, ss_apassages *out)
{
    const ss_aseq *a = al->a;
    size_t n = al->nruns;
    if (n == 0)
        return SS_OK;
    if (reserve_order(al, n))
        return SS_ENOMEM;
    memset(al->used, 0, n);
    uint64_t *keys = al->order;
    for (size_t k = 0; k < n; k++) {
        /* a float's bits, made to sort like the float; inverted: best first */
        float s = al->runs[k].score;
        uint32_t bits;
        memcpy(&bits, &s, sizeof bits);
        bits = (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
        keys[k] = ((uint64_t)(~bits) << 32) | (uint64_t)k;
    }
    qsort(keys, n, sizeof *keys, cmp_u64);
    size_t first_out = out->n;
    for (size_t q = 0; q < n; q++) {
        uint32_t k = (uint32_t)keys[q];
        if (al->used[k])
            continue;
        /* backtrack */
        size_t len = 0;
        int32_t r = (int32_t)k;
        while (r >= 0 && !al->used[r]) {
            al->chain[len++] = (uint32_t)r;
            al->used[r] = 1;
            r = al->runs[r].pred;
        }
        int any_anchor = 0;
        for (size_t c = 0; c < len; c++)
            any_anchor |= (int)al->runs[al->chain[c]].anchored;
        if (!any_anchor)
            continue;
        /* chain[len-1] is the first run in text order */
        ss_apassage p;
        memset(&p, 0, sizeof p);
        const run *first = &al->runs[al->chain[len - 1]];
        uint32_t ai = first->i, bj = first->j; /* next token after what is aligned */
        uint32_t a0 = first->i, b0 = first->j, rl_last = 0;
        for (size_t c = len; c-- > 0;) {
            const run *x = &al->runs[al->chain[c]];
            uint32_t ri = x->i, rj = x->j, rl = x->len;
            if (c != len - 1) {
                uint32_t ov = 0;
                if (ai > ri)
                    ov = ai - ri;
                if (bj > rj && bj - rj > ov)
                    ov = bj - rj;
                ri += ov;
                rj += ov;
                rl -= ov;
                uint32_t ga = ri - ai, gb = rj - bj;
                p.matched += lcs(al, b, ai, ga, bj, gb);
                p.columns += ga > gb ? ga : gb;
            }
            p.matched += rl;
            p.columns += rl;
            for (uint32_t t = 0; t < rl; t++) {
                if ((a->tok[ri + t].flags | b->tok[rj + t].flags) & SS_ATOK_QUOTED) {
                    p.quoted++;
                } else {
                    p.prose++;
                }
            }
            ai = ri + rl;
            bj = rj + rl;
            rl_last = rl;
        }
        p.runs = (uint32_t)len;
        /* a run that spills a word or three over a paragraph break, at
         * either end, met a coincidence ("He said."): cut it back */
        uint32_t last_len = rl_last;
        uint32_t f = stray_edge(a, b, a0, ai, b0, bj, +1);
        if (f && f < last_len) {
            ai -= f;
            bj -= f;
            p.matched -= f;
            p.columns -= f;
        }
        f = stray_edge(a, b, a0, ai, b0, bj, -1);
        if (f && f < first->len && a0 + f < ai) {
            a0 += f;
            b0 += f;
            p.matched -= f;
            p.columns -= f;
        }
        uint32_t ta, tb, eq;
        extend(al, b, ai, bj, +1, &ta, &tb, &eq);
        ai += ta;
        bj += tb;
        p.matched += eq;
        p.columns += ta > tb ? ta : tb;
        extend(al, b, a0, b0, -1, &ta, &tb, &eq);
        a0 -= ta;
        b0 -= tb;
        p.matched += eq;
        p.columns += ta > tb ? ta : tb;
        p.a_tok = a0;
        p.a_tok_end = ai;
        p.b_tok = b0;
        p.b_tok_end = bj;
        /* one alignment per stretch of text: a passage mostly inside one
         * taken already (in A or in B) is a repeat, and the better one won */
        if (taken(out, first_out, &p))
            continue;
        ss_apassage_set_spans(&p, a, b);
        if (ss_apassages_push(out, &p))
            return SS_ENOMEM;
    }
    if (out->n - first_out > 1)
        qsort(out->v + first_out, out->n - first_out, sizeof *out->v, cmp_passage);
    return SS_OK;
}

int ss_aligner_pair(ss_aligner *al, const ss_aseq *b, ss_apassages *out)
{
    if (!al->a)
        return SS_EINVAL;
    int rc = find_runs(al, b);
    if (rc)
        return rc;
    chain_runs(al);
    return passages(al, b, out);
}
