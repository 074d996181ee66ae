/* align/merge.c — merging pieces into passages, and the filters (rules in
 * merge.h).
 *
 * Merging is one left-to-right sweep over pieces in order of their start
 * in A: a piece joins the passage being built when it starts after (or
 * inside) it in both texts, within merge_gap tokens; otherwise the
 * passage is closed.  Pieces out of order in B (a reordered copy) start
 * passages of their own.  The merged passage's columns count the gap
 * tokens as changed, so merging never raises identity.
 */
#include "align/merge.h"

#include <string.h>

void ss_merge_opts_default(ss_merge_opts *o)
{
    o->min_chars = 120;
    o->min_identity = 2.0 / 3.0;
    o->merge_gap = 64;
    o->max_changed = 32;
    o->max_quoted = 0.5;
    o->min_prose = 12;
}

static int contains(const ss_apassage *p, const ss_apassage *q)
{
    return q->a_tok >= p->a_tok && q->a_tok_end <= p->a_tok_end && q->b_tok >= p->b_tok &&
           q->b_tok_end <= p->b_tok_end;
}

/* Join q into p (q starts at or after p's start in both texts). */
static void join(ss_apassage *p, const ss_apassage *q, const ss_aseq *a, const ss_aseq *b)
{
    if (contains(p, q))
        return;
    /* overlap: count q's part after p only, in proportion */
    uint32_t oa = q->a_tok < p->a_tok_end ? p->a_tok_end - q->a_tok : 0;
    uint32_t ob = q->b_tok < p->b_tok_end ? p->b_tok_end - q->b_tok : 0;
    uint32_t ov = oa > ob ? oa : ob;
    uint32_t qa = q->a_tok_end - q->a_tok, qb = q->b_tok_end - q->b_tok;
    uint32_t qlen = qa > qb ? qa : qb;
    double keep = qlen > ov ? (double)(qlen - ov) / qlen : 0.0;
    uint32_t ga = q->a_tok > p->a_tok_end ? q->a_tok - p->a_tok_end : 0;
    uint32_t gb = q->b_tok > p->b_tok_end ? q->b_tok - p->b_tok_end : 0;
    p->matched += (uint32_t)(q->matched * keep + 0.5);
    p->columns += (uint32_t)(q->columns * keep + 0.5) + (ga > gb ? ga : gb);
    p->quoted += (uint32_t)(q->quoted * keep + 0.5);
    p->prose += (uint32_t)(q->prose * keep + 0.5);
    p->runs += q->runs;
    if (q->a_tok_end > p->a_tok_end)
        p->a_tok_end = q->a_tok_end;
    if (q->b_tok_end > p->b_tok_end)
        p->b_tok_end = q->b_tok_end;
    ss_apassage_set_spans(p, a, b);
    if (p->matched > p->columns)
        p->matched = p->columns;
}

static int keep(const ss_apassage *p, const ss_merge_opts *o)
{
    if (ss_apassage_chars(p) < o->min_chars)
        return 0;
    if (ss_apassage_identity(p) < o->min_identity)
        return 0;
    uint32_t counted = p->quoted + p->prose;
    if (counted && (double)p->quoted > o->max_quoted * counted && p->prose < o->min_prose)
        return 0; /* a shared quotation without shared prose around it */
    return 1;
}

void ss_passages_merge(ss_apassages *p, size_t from, const ss_aseq *a, const ss_aseq *b,
                       const ss_merge_opts *o)
{
    size_t n = p->n, out = from;
    size_t k = from;
    while (k < n) {
        ss_apassage cur = p->v[k++];
        /* absorb every later piece that continues cur in both texts */
        for (size_t q = k; q < n; q++) {
            const ss_apassage *x = &p->v[q];
            if (x->runs == 0)
                continue; /* already absorbed */
            if (x->a_tok > cur.a_tok_end + o->merge_gap)
                break;    /* sorted by start in A: nothing further can join */
            if (x->b_tok < cur.b_tok || x->b_tok > cur.b_tok_end + o->merge_gap)
                continue;
            /* signed gaps: negative where the two overlap */
            int64_t ga = (int64_t)x->a_tok - cur.a_tok_end, gb = (int64_t)x->b_tok - cur.b_tok_end;
            /* overlapping in one text but apart in the other: another
             * alignment of repeated words, not a continuation */
            if ((ga < 0 || gb < 0) && (ga > 2 || gb > 2))
                continue;
            /* text between the two that differs on both sides is not an
             * insertion but other content: only a short stretch of it joins */
            if ((ga < gb ? ga : gb) > (int64_t)o->max_changed)
                continue;
            ss_apassage joined = cur;
            join(&joined, x, a, b);
            if (ss_apassage_identity(&joined) < o->min_identity)
                continue;
            cur = joined;
            p->v[q].runs = 0;
        }
        while (k < n && p->v[k].runs == 0)
            k++;
        if (keep(&cur, o))
            p->v[out++] = cur;
    }
    p->n = out;
}
