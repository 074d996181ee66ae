/* story/cluster.c — single-pass story grouping (see cluster.h).
 *
 * Data: open stories in an array (closed ones swap-removed) with a hash
 * map from story id to slot; postings: a hash map from (field, key) to the
 * ids of the stories whose profile holds the key.  Postings of closed
 * stories are removed lazily: a lookup skips ids no longer open and a list
 * is compacted when more than half of it is dead; and when the table holds
 * more than twice as many keys as the open stories posted, each story's
 * counted (POST_SWEEP), post_sweep drops the closed stories' ids from
 * every list and the keys no open story holds.  Without that sweep the table kept every key any
 * story ever held: a store of 1,000,000 generated articles held 2.5 times
 * the memory of one of 100,000 for the same window (bench/bench_serve.py
 * --memory).
 *
 * Per article: (1) close stories idle for longer than the window; (2) pick
 * the article's query keys (all names, its 24 rarest terms, lead and pivot
 * keys), gather stories from their postings and rank them by the summed
 * IDF of shared keys; (3) compare the article with the best-ranked
 * profiles; (4) join the best story at or above the threshold, else start
 * one; (5) add the article's vector to the profile, prune it, and post the
 * profile's new keys.
 */
#include "story/cluster.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "lang/langid.h"
#include "story/model.h"
#include "story/similarity.h"

typedef struct {
    uint32_t id;
    ss_features profile;
    ss_story_member *m;
    ss_features *mf;      /* member features */
    size_t n, cap;
    int64_t first_time, last_time;
    int64_t tag;          /* the caller's number (ss_storyer_set_tag) */
    /* the posting keys this story is listed under (open addressing, 0 =
       empty): a key pruned from the profile and seen again is not posted
       twice, and closing marks exactly these dead */
    uint64_t *posted;
    size_t nposted, capposted;
} story_t;

typedef struct {
    uint64_t key;         /* mixed field + key, 0 = empty */
    uint32_t *ids;
    uint32_t n, cap, dead;
} posting;

struct ss_storyer {
    ss_story_opts o;
    ss_df *df;
    story_t **open;
    /* per slot of open, kept beside it (dense: the candidate walk touches
     * them for every posting): the query generation that last counted
     * the slot's story, and its index among that query's candidates */
    uint64_t *slot_mark;
    uint32_t *slot_cand;
    size_t nopen, capopen;
    uint32_t next_id;
    /* story id -> slot in open (open addressing; 0 = empty, ids stored + 1) */
    uint32_t *idmap_k;
    uint32_t *idmap_v;
    size_t idmap_cap, idmap_used;
    posting *post;
    size_t post_cap, post_used;
    size_t live_posted;   /* the open stories' nposted, summed */
    /* min-heap of (last_time, id): stories by when they last grew; entries
       whose time is stale (the story grew since) or whose story closed are
       skipped when they reach the top */
    struct hent { int64_t t; uint32_t id; } *heap;
    size_t nheap, capheap;
    uint64_t gen;         /* query generation */
    /* scratch for candidate counting */
    uint32_t *cand_id;
    double *cand_score;
    size_t cand_cap;
    /* scratch for pruning a profile field */
    float *prune_w;
    size_t prune_cap;
    /* merges since the caller last took them, and the buffer handed out */
    ss_story_merge *merged, *taken;
    size_t nmerged, capmerged, ntaken, captaken;
};

void ss_story_opts_default(ss_story_opts *o)
{
    /* the model's thresholds are probabilities chosen by cross-validation;
       without a model the hand-set score's (docs/STORIES.md) */
    const ss_story_model *m = ss_story_model_default(NULL);
    o->threshold = m ? m->threshold : 0.46;
    o->headline_threshold = m ? m->headline_threshold : 0.2;
    o->window_days = 3.0;
    o->max_candidates = 24;
    o->profile_keys = 300;
    o->df_complete = 0;
    o->merge = 1;
}

/* ---- id map ------------------------------------------------------------------ */

static int idmap_put(ss_storyer *s, uint32_t id, uint32_t slot)
{
    if ((s->idmap_used + 1) * 2 > s->idmap_cap) {
        /* sized for the open stories, not for the tombstones of closed
           ones: at most a quarter full after the rehash */
        size_t cap = 1024;
        while ((s->nopen + 2) * 4 > cap)
            cap *= 2;
        uint32_t *k = calloc(cap, sizeof *k), *v = calloc(cap, sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return SS_ENOMEM;
        }
        for (size_t i = 0; i < s->idmap_cap; i++) {
            if (!s->idmap_k[i] || s->idmap_k[i] == UINT32_MAX)
                continue;
            size_t j = (s->idmap_k[i] * 2654435761u) & (cap - 1);
            while (k[j])
                j = (j + 1) & (cap - 1);
            k[j] = s->idmap_k[i];
            v[j] = s->idmap_v[i];
        }
        free(s->idmap_k);
        free(s->idmap_v);
        s->idmap_k = k;
        s->idmap_v = v;
        s->idmap_cap = cap;
        /* used counts live entries after a rehash (tombstones dropped) */
        s->idmap_used = 0;
        for (size_t i = 0; i < cap; i++)
            s->idmap_used += k[i] != 0;
    }
    uint32_t key = id + 1;
    size_t j = (key * 2654435761u) & (s->idmap_cap - 1);
    while (s->idmap_k[j] && s->idmap_k[j] != key)
        j = (j + 1) & (s->idmap_cap - 1);
    if (!s->idmap_k[j])
        s->idmap_used++;
    s->idmap_k[j] = key;
    s->idmap_v[j] = slot;
    return SS_OK;
}

static long idmap_find(const ss_storyer *s, uint32_t id)
{
    if (!s->idmap_cap)
        return -1;
    uint32_t key = id + 1;
    size_t j = (key * 2654435761u) & (s->idmap_cap - 1);
    while (s->idmap_k[j]) {
        if (s->idmap_k[j] == key)
            return (long)j;
        j = (j + 1) & (s->idmap_cap - 1);
    }
    return -1;
}

static story_t *story_of(const ss_storyer *s, uint32_t id)
{
    long j = idmap_find(s, id);
    return j < 0 ? NULL : s->open[s->idmap_v[j]];
}

/* ---- postings ------------------------------------------------------------------ */

static uint64_t post_key(int field, uint64_t key)
{
    uint64_t x = (key ^ ((uint64_t)(field + 1) * 0xD6E8FEB86659FD93ull)) * 0x9E3779B97F4A7C15ull;
    return x ? x : 1;
}

static posting *post_find(const ss_storyer *s, uint64_t k)
{
    if (!s->post_cap)
        return NULL;
    size_t j = (size_t)(k >> 7) & (s->post_cap - 1);
    while (s->post[j].key) {
        if (s->post[j].key == k)
            return &s->post[j];
        j = (j + 1) & (s->post_cap - 1);
    }
    return NULL;
}

static posting *post_get(ss_storyer *s, uint64_t k)
{
    if ((s->post_used + 1) * 4 > s->post_cap * 3) {
        size_t cap = s->post_cap ? s->post_cap * 2 : 4096;
        posting *p = calloc(cap, sizeof *p);
        if (!p)
            return NULL;
        for (size_t i = 0; i < s->post_cap; i++) {
            if (!s->post[i].key)
                continue;
            size_t j = (size_t)(s->post[i].key >> 7) & (cap - 1);
            while (p[j].key)
                j = (j + 1) & (cap - 1);
            p[j] = s->post[i];
        }
        free(s->post);
        s->post = p;
        s->post_cap = cap;
    }
    size_t j = (size_t)(k >> 7) & (s->post_cap - 1);
    while (s->post[j].key && s->post[j].key != k)
        j = (j + 1) & (s->post_cap - 1);
    if (!s->post[j].key) {
        s->post[j].key = k;
        s->post_used++;
    }
    return &s->post[j];
}

/* Postings are swept when the table holds more than POST_SWEEP times the
 * keys the open stories posted, each story's counted (a key several
 * stories hold counts for each), and at least POST_SWEEP_MIN: a sweep
 * walks the whole table, so it comes after as many postings again as it
 * keeps, and the table stays within a small factor of the keys of the
 * open window. */
#define POST_SWEEP 2
#define POST_SWEEP_MIN 65536

/* Drop the closed stories' ids from every posting list and the keys no
 * open story holds, into a table sized for what stays.  Lookups skip
 * closed ids anyway, so grouping is unchanged.  SS_OK, or SS_ENOMEM with
 * the table as it was. */
static int post_sweep(ss_storyer *s)
{
    size_t keep = 0;
    for (size_t i = 0; i < s->post_cap; i++) {
        posting *p = &s->post[i];
        if (!p->key)
            continue;
        uint32_t w = 0;
        for (uint32_t k = 0; k < p->n; k++)
            if (idmap_find(s, p->ids[k]) >= 0)
                p->ids[w++] = p->ids[k];
        p->n = w;
        p->dead = 0;
        keep += w > 0;
    }
    size_t cap = 4096;
    while (keep * 2 > cap)
        cap *= 2; /* at most half full */
    posting *t = calloc(cap, sizeof *t);
    if (!t)
        return SS_ENOMEM;
    for (size_t i = 0; i < s->post_cap; i++) {
        posting *p = &s->post[i];
        if (!p->key)
            continue;
        if (!p->n) {
            free(p->ids);
            continue;
        }
        size_t j = (size_t)(p->key >> 7) & (cap - 1);
        while (t[j].key)
            j = (j + 1) & (cap - 1);
        t[j] = *p;
    }
    free(s->post);
    s->post = t;
    s->post_cap = cap;
    s->post_used = keep;
    return SS_OK;
}

/* Insert k into the story's posted set; 1 when new, 0 when there, <0 on
 * failure. */
static int posted_put(story_t *t, uint64_t k)
{
    if ((t->nposted + 1) * 2 > t->capposted) {
        size_t cap = t->capposted ? t->capposted * 2 : 64;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < t->capposted; i++) {
            if (!t->posted[i])
                continue;
            size_t j = (size_t)(t->posted[i] >> 11) & (cap - 1);
            while (v[j])
                j = (j + 1) & (cap - 1);
            v[j] = t->posted[i];
        }
        free(t->posted);
        t->posted = v;
        t->capposted = cap;
    }
    size_t j = (size_t)(k >> 11) & (t->capposted - 1);
    while (t->posted[j]) {
        if (t->posted[j] == k)
            return 0;
        j = (j + 1) & (t->capposted - 1);
    }
    t->posted[j] = k;
    t->nposted++;
    return 1;
}

static int post_add(ss_storyer *s, story_t *t, int field, uint64_t key)
{
    uint64_t k = post_key(field, key);
    int fresh = posted_put(t, k);
    if (fresh < 0)
        return SS_ENOMEM;
    if (!fresh)
        return SS_OK;
    s->live_posted++;
    uint32_t id = t->id;
    posting *p = post_get(s, k);
    if (!p)
        return SS_ENOMEM;
    if (p->n == p->cap) {
        /* compact before growing when many entries are dead */
        if (p->dead * 2 > p->n) {
            uint32_t w = 0;
            for (uint32_t i = 0; i < p->n; i++)
                if (idmap_find(s, p->ids[i]) >= 0)
                    p->ids[w++] = p->ids[i];
            p->n = w;
            p->dead = 0;
        }
        if (p->n == p->cap) {
            uint32_t cap = p->cap ? p->cap * 2 : 4;
            uint32_t *v = realloc(p->ids, cap * sizeof *v);
            if (!v)
                return SS_ENOMEM;
            p->ids = v;
            p->cap = cap;
        }
    }
    p->ids[p->n++] = id;
    return SS_OK;
}

/* ---- lifetime ------------------------------------------------------------------ */

static int check_opts(const ss_story_opts *o, const ss_df *df, ss_error *err)
{
    if (!(o->threshold >= 0 && o->threshold <= 1))
        return ss_error_set(err, SS_EINVAL, "stories: threshold must be from 0 to 1 (got %g)",
                            o->threshold);
    if (!(o->headline_threshold >= 0 && o->headline_threshold <= 1))
        return ss_error_set(err, SS_EINVAL, "stories: headline_threshold must be from 0 to 1 (got %g)",
                            o->headline_threshold);
    if (!(o->window_days >= 0 && o->window_days <= SS_STORY_MAX_WINDOW_DAYS))
        return ss_error_set(err, SS_EINVAL, "stories: window_days must be from 0 to %d (got %g)",
                            SS_STORY_MAX_WINDOW_DAYS, o->window_days);
    if (o->max_candidates < 1)
        return ss_error_set(err, SS_EINVAL, "stories: max_candidates must be at least 1 (got 0)");
    if (o->profile_keys < 1)
        return ss_error_set(err, SS_EINVAL, "stories: profile_keys must be at least 1 (got 0)");
    if (!df)
        return ss_error_set(err, SS_EINVAL, "stories: no document frequencies (df is NULL)");
    return SS_OK;
}

ss_storyer *ss_storyer_new(const ss_story_opts *opts, ss_df *df, ss_error *err)
{
    ss_story_opts o;
    if (opts)
        o = *opts;
    else
        ss_story_opts_default(&o);
    if (check_opts(&o, df, err))
        return NULL;
    ss_storyer *s = calloc(1, sizeof *s);
    if (!s) {
        ss_error_set(err, SS_ENOMEM, "stories: out of memory");
        return NULL;
    }
    s->o = o;
    s->df = df;
    return s;
}

static void story_free(story_t *t)
{
    if (!t)
        return;
    ss_features_release(&t->profile);
    free(t->posted);
    for (size_t i = 0; i < t->n; i++)
        ss_features_release(&t->mf[i]);
    free(t->mf);
    free(t->m);
    free(t);
}

void ss_storyer_free(ss_storyer *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nopen; i++)
        story_free(s->open[i]);
    free(s->open);
    for (size_t i = 0; i < s->post_cap; i++)
        free(s->post[i].ids);
    free(s->post);
    free(s->idmap_k);
    free(s->idmap_v);
    free(s->cand_id);
    free(s->cand_score);
    free(s->prune_w);
    free(s->slot_mark);
    free(s->slot_cand);
    free(s->heap);
    free(s->merged);
    free(s->taken);
    free(s);
}

void ss_storyer_take_merged(ss_storyer *s, const ss_story_merge **v, size_t *n)
{
    /* swap the buffers: the one handed out stays valid until the next add */
    ss_story_merge *t = s->taken;
    size_t cap = s->captaken;
    s->taken = s->merged;
    s->captaken = s->capmerged;
    s->ntaken = s->nmerged;
    s->merged = t;
    s->capmerged = cap;
    s->nmerged = 0;
    *v = s->ntaken ? s->taken : NULL;
    *n = s->ntaken;
}

size_t ss_storyer_index_keys(const ss_storyer *s) { return s->post_used; }

size_t ss_storyer_open(const ss_storyer *s, size_t *articles)
{
    if (articles) {
        size_t a = 0;
        for (size_t i = 0; i < s->nopen; i++)
            a += s->open[i]->n;
        *articles = a;
    }
    return s->nopen;
}

const ss_features *ss_storyer_member_features(const ss_storyer *s, uint32_t story, uint32_t item)
{
    story_t *t = story_of(s, story);
    for (size_t i = 0; t && i < t->n; i++)
        if (t->m[i].item == item)
            return i == 0 || i + SS_STORY_RECENT >= t->n ? &t->mf[i] : NULL;
    return NULL;
}

/* Hand a story to fn and forget it. */
static int close_slot(ss_storyer *s, size_t slot, ss_story_fn fn, void *ctx)
{
    story_t *t = s->open[slot];
    int rc = SS_OK;
    if (fn) {
        ss_story out = {t->id, t->m, t->n, t->first_time, t->last_time, t->tag};
        rc = fn(ctx, &out);
    }
    /* mark postings of this story dead (lazily removed, or swept) */
    s->live_posted -= t->nposted;
    for (size_t i = 0; i < t->capposted; i++) {
        posting *p = t->posted[i] ? post_find(s, t->posted[i]) : NULL;
        if (p)
            p->dead++;
    }
    long j = idmap_find(s, t->id);
    if (j >= 0)
        s->idmap_k[j] = UINT32_MAX; /* tombstone */
    story_free(t);
    s->nopen--;
    if (slot != s->nopen) {
        s->open[slot] = s->open[s->nopen];
        s->slot_mark[slot] = s->slot_mark[s->nopen];
        s->slot_cand[slot] = s->slot_cand[s->nopen];
        /* its id is in the map already: move it in place (no rehash, so
           nothing to fail) */
        long at = idmap_find(s, s->open[slot]->id);
        if (at >= 0)
            s->idmap_v[at] = (uint32_t)slot;
    }
    return rc;
}

static int hent_less(const struct hent *a, const struct hent *b)
{
    return a->t < b->t || (a->t == b->t && a->id < b->id);
}

static int heap_push(ss_storyer *s, int64_t t, uint32_t id)
{
    if (s->nheap == s->capheap) {
        size_t cap = s->capheap ? s->capheap * 2 : 256;
        struct hent *h = realloc(s->heap, cap * sizeof *h);
        if (!h)
            return SS_ENOMEM;
        s->heap = h;
        s->capheap = cap;
    }
    size_t i = s->nheap++;
    s->heap[i].t = t;
    s->heap[i].id = id;
    while (i > 0 && hent_less(&s->heap[i], &s->heap[(i - 1) / 2])) {
        struct hent x = s->heap[i];
        s->heap[i] = s->heap[(i - 1) / 2];
        s->heap[(i - 1) / 2] = x;
        i = (i - 1) / 2;
    }
    return SS_OK;
}

static void heap_pop(ss_storyer *s)
{
    s->heap[0] = s->heap[--s->nheap];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < s->nheap && hent_less(&s->heap[l], &s->heap[m]))
            m = l;
        if (r < s->nheap && hent_less(&s->heap[r], &s->heap[m]))
            m = r;
        if (m == i)
            break;
        struct hent x = s->heap[i];
        s->heap[i] = s->heap[m];
        s->heap[m] = x;
        i = m;
    }
}

/* Close the stories idle for longer than the window at time now, the
 * longest idle first. */
static int close_idle(ss_storyer *s, int64_t now, ss_story_fn fn, void *ctx)
{
    if (now == SS_TIME_NONE)
        return SS_OK;
    int64_t window = (int64_t)(s->o.window_days * 86400.0);
    while (s->nheap > 0 && now - s->heap[0].t > window) {
        struct hent top = s->heap[0];
        heap_pop(s);
        long j = idmap_find(s, top.id);
        if (j < 0)
            continue; /* closed already */
        size_t slot = s->idmap_v[j];
        if (s->open[slot]->last_time != top.t)
            continue; /* it grew since: a newer entry is in the heap */
        int rc = close_slot(s, slot, fn, ctx);
        if (rc)
            return rc;
    }
    /* a sweep only saves memory: one that finds none is tried again later */
    if (s->post_used > POST_SWEEP_MIN && s->post_used > POST_SWEEP * s->live_posted)
        (void)post_sweep(s);
    return SS_OK;
}

int ss_storyer_set_tag(ss_storyer *s, uint32_t story, int64_t tag)
{
    story_t *t = story_of(s, story);
    if (!t)
        return SS_EINVAL;
    t->tag = tag;
    return SS_OK;
}

int ss_storyer_peek(const ss_storyer *s, uint32_t story, ss_story *out)
{
    story_t *t = story_of(s, story);
    if (!t)
        return SS_EINVAL;
    *out = (ss_story){t->id, t->m, t->n, t->first_time, t->last_time, t->tag};
    return SS_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int ss_storyer_open_ids(const ss_storyer *s, uint32_t **ids, size_t *n)
{
    *n = s->nopen;
    *ids = malloc((s->nopen ? s->nopen : 1) * sizeof **ids);
    if (!*ids)
        return SS_ENOMEM;
    for (size_t i = 0; i < s->nopen; i++)
        (*ids)[i] = s->open[i]->id;
    qsort(*ids, s->nopen, sizeof **ids, cmp_u32);
    return SS_OK;
}

int ss_storyer_finish(ss_storyer *s, ss_story_fn fn, void *ctx)
{
    while (s->nopen > 0) {
        size_t best = 0;
        for (size_t i = 1; i < s->nopen; i++)
            if (s->open[i]->id < s->open[best]->id)
                best = i;
        int rc = close_slot(s, best, fn, ctx);
        if (rc)
            return rc;
    }
    return SS_OK;
}

/* ---- adding ---------------------------------------------------------------------- */

typedef struct {
    uint64_t key;
    int field;
    double w;
} qkey;

static int cmp_qkey(const void *a, const void *b)
{
    double x = ((const qkey *)a)->w, y = ((const qkey *)b)->w;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The value at w[k] once w[0..n) is sorted in descending order (w is
 * reordered): Hoare's selection, linear on average.  Sorting the whole
 * array for this was 10% of `stories` (a profile is pruned at every
 * member added). */
static float nth_largest(float *w, uint32_t n, uint32_t k)
{
    uint32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        /* the median of three as pivot: sorted input stays linear */
        uint32_t mid = lo + (hi - lo) / 2;
        float a = w[lo], b = w[mid], c = w[hi];
        float pivot = a > b ? (b > c ? b : a > c ? c : a) : (a > c ? a : b > c ? c : b);
        uint32_t i = lo, j = hi;
        while (i <= j) {
            while (w[i] > pivot)
                i++;
            while (w[j] < pivot)
                j--;
            if (i <= j) {
                float t = w[i];
                w[i] = w[j];
                w[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        /* now w[lo..j] >= pivot >= w[i..hi], and w[j+1..i-1] == pivot */
        if (k <= j && j != UINT32_MAX)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return w[k];
    }
    return w[k];
}

/* Keep the heaviest `keep` keys of a vector (order by key preserved). */
static void prune(ss_storyer *s, ss_fvec *v, uint32_t keep)
{
    if (v->n <= keep)
        return;
    if (v->n > s->prune_cap) {
        float *w = realloc(s->prune_w, v->n * sizeof *w);
        if (!w)
            return; /* the profile stays whole: larger, not wrong */
        s->prune_w = w;
        s->prune_cap = v->n;
    }
    float *w = s->prune_w;
    memcpy(w, v->w, v->n * sizeof *w);
    float cut = nth_largest(w, v->n, keep - 1);
    uint32_t n = 0, ties = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        if (v->w[i] > cut || (v->w[i] == cut && ties++ < keep)) {
            if (n < keep) {
                v->k[n] = v->k[i];
                v->w[n] = v->w[i];
                n++;
            }
        }
    }
    v->n = n;
}

static int story_push_member(story_t *t, const ss_story_member *m, const ss_features *x)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4;
        ss_story_member *mm = realloc(t->m, cap * sizeof *mm);
        if (!mm)
            return SS_ENOMEM;
        t->m = mm;
        ss_features *ff = realloc(t->mf, cap * sizeof *ff);
        if (!ff)
            return SS_ENOMEM;
        t->mf = ff;
        t->cap = cap;
    }
    ss_features_init(&t->mf[t->n]);
    if (ss_features_copy(&t->mf[t->n], x))
        return SS_ENOMEM;
    t->m[t->n++] = *m;
    /* the member that left the recent ones gives its features back */
    if (t->n > SS_STORY_RECENT + 1)
        ss_features_release(&t->mf[t->n - SS_STORY_RECENT - 1]);
    if (m->time != SS_TIME_NONE) {
        if (t->first_time == SS_TIME_NONE || m->time < t->first_time)
            t->first_time = m->time;
        if (t->last_time == SS_TIME_NONE || m->time > t->last_time)
            t->last_time = m->time;
    }
    return SS_OK;
}

/* Add x to the story's profile and post the keys that are new to it. */
static int grow_profile(ss_storyer *s, story_t *t, const ss_features *x)
{
    for (int f = 0; f < SS_F_COUNT; f++) {
        ss_fvec *p = &t->profile.f[f];
        const ss_fvec *v = &x->f[f];
        /* keys of v not yet in p */
        uint32_t i = 0, j = 0;
        while (j < v->n) {
            while (i < p->n && p->k[i] < v->k[j])
                i++;
            if ((i >= p->n || p->k[i] != v->k[j]) && post_add(s, t, f, v->k[j]))
                return SS_ENOMEM;
            j++;
        }
        if (ss_fvec_add(p, v, 1.0f))
            return SS_ENOMEM;
        prune(s, p, s->o.profile_keys);
    }
    if (!t->profile.lang[0])
        memcpy(t->profile.lang, x->lang, sizeof t->profile.lang);
    else if (strcmp(t->profile.lang, x->lang) != 0)
        strcpy(t->profile.lang, "mul"); /* a multilingual story */
    t->profile.time = t->last_time;
    t->profile.words += x->words;
    t->profile.weighted = 1;
    ss_features_renorm(&t->profile);
    return SS_OK;
}

static int cand_reserve(ss_storyer *s, size_t n)
{
    if (n <= s->cand_cap)
        return SS_OK;
    size_t cap = s->cand_cap ? s->cand_cap : 256;
    while (cap < n)
        cap *= 2;
    uint32_t *id = realloc(s->cand_id, cap * sizeof *id);
    if (!id)
        return SS_ENOMEM;
    s->cand_id = id;
    double *sc = realloc(s->cand_score, cap * sizeof *sc);
    if (!sc)
        return SS_ENOMEM;
    s->cand_score = sc;
    s->cand_cap = cap;
    return SS_OK;
}

/* Similarity of weighted x to a story profile, the article's language
 * compared with the story's (a multilingual profile counts as
 * cross-lingual).  Within the window time does not count: compare as if
 * undated. */
static double undated_similarity(const ss_features *x, const ss_features *y)
{
    ss_features xt = *x, yt = *y;
    xt.time = yt.time = SS_TIME_NONE;
    return ss_similarity_p_same(&xt, &yt);
}

static int add_weighted(ss_storyer *s, uint32_t item, const ss_features *x, uint32_t *story);

/* Two events of one kind (issue 15, point 6): a fire at one town's plant
 * and a fire at another town's mill two days later share "fire",
 * "firefighters", "workers", "fire chief said", and short reports of
 * them reached the threshold (0.58) with no name in common.  Reports of
 * one event in one language name its places, people and organisations;
 * an article that names at least NAMES_CLASH_MIN name words and shares
 * none with a story that names as many (any of its articles) tells
 * another event, and does not join it.  Not across languages (names
 * there meet through transliteration, which misses), nor for headlines
 * (a dozen words name one or two things). */
#define NAMES_CLASH_MIN 3
/* A report of another day (NAMES_CLASH_DAYS or more from every article of
 * the story) that shares no name with it tells another event with fewer
 * names: one each will do (a flood in one town and, two days later, a
 * flood in another, each report naming its town and nothing else). */
#define NAMES_CLASH_DAYS 1
#define NAMES_CLASH_DAY_MIN 1

static int all_headlines(const story_t *t);

static int names_clash(const ss_features *x, const story_t *t)
{
    const ss_features *story = &t->profile;
    const ss_fvec *a = &x->f[SS_F_ENTS], *b = &story->f[SS_F_ENTS];
    size_t need = NAMES_CLASH_MIN;
    if (x->time != SS_TIME_NONE && t->first_time != SS_TIME_NONE) {
        int64_t d = x->time < t->first_time ? t->first_time - x->time
                  : x->time > t->last_time  ? x->time - t->last_time
                                            : 0;
        if (d >= (int64_t)NAMES_CLASH_DAYS * 86400)
            need = NAMES_CLASH_DAY_MIN;
    }
    if (a->n < need || b->n < need || x->headline_only || all_headlines(t) ||
        strcmp(story->lang, "mul") == 0 || ss_langs_differ(x->lang, story->lang))
        return 0;
    for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->k[i] == b->k[j])
            return 0;
        if (a->k[i] < b->k[j])
            i++;
        else
            j++;
    }
    return 1;
}

/* The largest story merged into another (cluster.h, "Merging").  Chosen
 * on the first half by date of the AllSides headline roundups
 * (bench/headlines_allsides.py --part design), B-cubed F1 of headlines /
 * of headlines with bodies: no merging 0.8074 / 0.8423; stories of one
 * 0.8137 / 0.8424; of two 0.8081 / 0.8424; any size 0.8040 / 0.8191 (a
 * story of two or three that one article reaches is as often another
 * event as the same).  Held-apart half: 0.7595 / 0.7905 without merging,
 * 0.7657 / 0.7922 with stories of one. */
#define MERGE_MAX_SIZE 1

/* Move open story `from` into `into` (see "Merging" in cluster.h): its
 * members follow into's, its first linked to the bridging article `item`
 * (x), its profile added to into's; from is forgotten, not handed out. */
static int merge_into(ss_storyer *s, story_t *into, story_t *from, uint32_t item, const ss_features *x)
{
    if (s->nmerged == s->capmerged) {
        size_t cap = s->capmerged ? s->capmerged * 2 : 8;
        ss_story_merge *v = realloc(s->merged, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->merged = v;
        s->capmerged = cap;
    }
    s->merged[s->nmerged++] = (ss_story_merge){from->id, into->id, from->tag};
    int64_t before = into->last_time;
    for (size_t i = 0; i < from->n; i++) {
        ss_story_member m = from->m[i];
        if (i == 0) {
            m.link = item;
            m.link_score = (float)undated_similarity(x, &from->mf[0]);
        }
        if (story_push_member(into, &m, &from->mf[i]))
            return SS_ENOMEM;
    }
    if (grow_profile(s, into, &from->profile))
        return SS_ENOMEM;
    if (into->last_time != before && into->last_time != SS_TIME_NONE &&
        heap_push(s, into->last_time, into->id))
        return SS_ENOMEM;
    long j = idmap_find(s, from->id);
    return j < 0 ? SS_OK : close_slot(s, s->idmap_v[j], NULL, NULL);
}

/* Candidates (by rank) against whose members an article in another
 * language is also judged: the cost stays at most 8 x 33 comparisons. */
#define CROSS_MEMBERS_RANK 8
/* ... and only an article of this many words or more: short notes are
 * often given another language ("Shr 12 cts vs 15 cts" reads as Catalan:
 * 166 of 5,000 Reuters notes, median 7-53 words), and judged against
 * members they joined other stories in a live store more than in a
 * one-shot run. */
#define CROSS_MEMBERS_WORDS 60

#define QUERY_WORDS 48 /* query keys from names, terms and lead */
#define QUERY_PIVOT 24 /* and from the pivot */

/* Whether some open story is listed under the key (closed ones are swept
 * from postings lazily: they must not count, or the keys an article asks
 * with would depend on the history of the storyer, and a store's live
 * grouping would differ from a one-shot run's). */
static int posted_anywhere(const ss_storyer *s, const qkey *k)
{
    const posting *p = post_find(s, post_key(k->field, k->key));
    for (uint32_t j = 0; p && j < p->n; j++)
        if (idmap_find(s, p->ids[j]) >= 0)
            return 1;
    return 0;
}

int ss_storyer_add(ss_storyer *s, uint32_t item, const ss_features *raw, uint32_t *story,
                   ss_story_fn fn, void *ctx)
{
    int rc = close_idle(s, raw->time, fn, ctx);
    if (rc)
        return rc;
    if (!s->o.df_complete && ss_df_add(s->df, raw))
        return SS_ENOMEM;
    /* weigh once with the frequencies of now; profiles sum weighted members */
    ss_features x;
    ss_features_init(&x);
    if (ss_features_copy(&x, raw)) {
        ss_features_release(&x);
        return SS_ENOMEM;
    }
    ss_features_apply_idf(s->df, &x);
    rc = add_weighted(s, item, &x, story);
    ss_features_release(&x);
    return rc;
}


/* Whether every member of t is a headline alone. */
static int all_headlines(const story_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (!t->mf[i].headline_only)
            return 0;
    return t->n > 0;
}

static int add_weighted(ss_storyer *s, uint32_t item, const ss_features *x, uint32_t *story)
{
    /* query keys: the heaviest (rarest) names, terms and lead words, and
     * apart from them the heaviest pivot keys: an article in another
     * language shares no words with the stories it belongs to, only its
     * pivot, whose keys must not be crowded out by its own words */
    static const int fields[] = {SS_F_ENTS, SS_F_TERMS, SS_F_LEAD, SS_F_PIVOT};
    size_t total = 0;
    for (int i = 0; i < 4; i++)
        total += x->f[fields[i]].n;
    qkey *q = malloc((total ? total : 1) * sizeof *q);
    if (!q)
        return SS_ENOMEM;
    size_t nw = 0, np = 0;
    for (int i = 0; i < 4; i++) {
        const ss_fvec *v = &x->f[fields[i]];
        for (uint32_t k = 0; k < v->n; k++) {
            size_t at = fields[i] == SS_F_PIVOT ? total - 1 - np++ : nw++;
            q[at].key = v->k[k];
            q[at].field = fields[i];
            q[at].w = v->w[k]; /* weighted already: weight x IDF */
        }
    }
    qsort(q, nw, sizeof *q, cmp_qkey);
    qsort(q + total - np, np, sizeof *q, cmp_qkey);
    /* a key no open story is listed under finds none; skipping those lets
       the keys that can find one in (a Chinese report's rarest pivot keys
       are its transliterated character pairs, none of them in an English
       story, which its numbers and dictionary words are) */
    size_t nq = 0;
    for (size_t i = 0; i < nw && nq < QUERY_WORDS; i++)
        if (posted_anywhere(s, &q[i]))
            q[nq++] = q[i];
    for (size_t i = 0, taken = 0; i < np && taken < QUERY_PIVOT; i++)
        if (posted_anywhere(s, &q[total - np + i])) {
            q[nq++] = q[total - np + i];
            taken++;
        }
    /* gather candidate stories; drop dead postings on the way */
    size_t nc = 0;
    s->gen++;
    for (size_t i = 0; i < nq; i++) {
        posting *p = post_find(s, post_key(q[i].field, q[i].key));
        if (!p)
            continue;
        uint32_t keep = 0;
        for (uint32_t j = 0; j < p->n; j++) {
            uint32_t id = p->ids[j];
            long at = idmap_find(s, id);
            if (at < 0)
                continue;
            uint32_t slot = s->idmap_v[at];
            p->ids[keep++] = id;
            if (s->slot_mark[slot] != s->gen) {
                if (cand_reserve(s, nc + 1)) {
                    free(q);
                    return SS_ENOMEM;
                }
                s->slot_mark[slot] = s->gen;
                s->slot_cand[slot] = (uint32_t)nc;
                s->cand_id[nc] = id;
                s->cand_score[nc] = 0;
                nc++;
            }
            s->cand_score[s->slot_cand[slot]] += q[i].w;
        }
        p->n = keep;
        p->dead = 0;
    }
    free(q);
    /* compare with the best-ranked candidates */
    double best = -1;
    story_t *bt = NULL;
    for (uint32_t r = 0; r < s->o.max_candidates && r < nc; r++) {
        size_t m = r;
        for (size_t c = r + 1; c < nc; c++)
            if (s->cand_score[c] > s->cand_score[m])
                m = c;
        uint32_t tid = s->cand_id[m];
        double tsc = s->cand_score[m];
        s->cand_id[m] = s->cand_id[r];
        s->cand_score[m] = s->cand_score[r];
        s->cand_id[r] = tid;
        s->cand_score[r] = tsc;
        story_t *t = story_of(s, tid);
        double sim = names_clash(x, t) ? 0 : undated_similarity(x, &t->profile);
        /* an article in another language than the story's: its profile is
           mostly words of that language, which the article meets only
           through its pivot; the article is also judged against each kept
           member in another language than its own, as `pairs` would (a
           Chinese report of the flood: 0.34-0.39 against the profile of
           seven English, German and Russian reports, 0.43-0.52 against
           the English wire).  Not for a headline alone: a dozen words
           are often taken for another language, and on the AllSides
           headlines this joined other stories (B-cubed F1 0.8137 ->
           0.8017 on the design half) */
        if (r < CROSS_MEMBERS_RANK && !x->headline_only && x->words >= CROSS_MEMBERS_WORDS &&
            (strcmp(t->profile.lang, "mul") == 0 || ss_langs_differ(x->lang, t->profile.lang)))
            for (size_t i = 0; i < t->n; i++) {
                if ((i != 0 && i + SS_STORY_RECENT < t->n) || !ss_langs_differ(x->lang, t->mf[i].lang))
                    continue;
                double ms = undated_similarity(x, &t->mf[i]);
                if (ms > sim)
                    sim = ms;
            }
        s->cand_score[r] = sim; /* ranked already: keep the similarity */
        if (sim > best || (sim == best && bt && t->id < bt->id)) {
            best = sim;
            bt = t;
        }
    }
    ss_story_member m = {item, item, 1.0f, 1.0f, x->time};
    /* a headline's evidence is a dozen words, on either side: an article
       joins a story of headlines alone (briefs, a headline feed) only as
       surely as a headline joins a story (a report of a café opening in a
       town joined the town council's one-line budget brief of two days
       before through the town's name, 0.39) */
    double need = x->headline_only || (bt && all_headlines(bt)) ? s->o.headline_threshold : s->o.threshold;
    if (bt && best >= need) {
        /* link to the most similar of the recent members and the first */
        double lbest = -1;
        size_t from = bt->n > SS_STORY_RECENT ? bt->n - SS_STORY_RECENT : 0;
        for (size_t i = 0; i < bt->n; i++) {
            if (i != 0 && i < from)
                continue;
            double sim = undated_similarity(x, &bt->mf[i]);
            if (sim > lbest) {
                lbest = sim;
                m.link = bt->m[i].item;
            }
        }
        m.score = (float)best;
        m.link_score = (float)lbest;
        int64_t before = bt->last_time;
        if (story_push_member(bt, &m, x) || grow_profile(s, bt, x))
            return SS_ENOMEM;
        if (bt->last_time != before && bt->last_time != SS_TIME_NONE &&
            heap_push(s, bt->last_time, bt->id))
            return SS_ENOMEM;
        *story = bt->id;
        /* the other stories the article reaches, most similar first */
        size_t nr = nc < s->o.max_candidates ? nc : s->o.max_candidates;
        for (int done = 0; s->o.merge && !done;) {
            size_t pick = nr;
            for (size_t r = 0; r < nr; r++)
                if (s->cand_id[r] != bt->id && s->cand_score[r] >= need &&
                    (pick == nr || s->cand_score[r] > s->cand_score[pick]))
                    pick = r;
            if (pick == nr) {
                done = 1;
                continue;
            }
            s->cand_score[pick] = -1;
            story_t *t = story_of(s, s->cand_id[pick]);
            /* t is a story of one (MERGE_MAX_SIZE) whose article would
               join bt as it is now */
            double need_t = t && (t->mf[0].headline_only || all_headlines(bt)) ? s->o.headline_threshold
                                                                                : s->o.threshold;
            if (t && t->n <= MERGE_MAX_SIZE && undated_similarity(&t->mf[0], &bt->profile) >= need_t &&
                merge_into(s, bt, t, item, x))
                return SS_ENOMEM;
        }
        return SS_OK;
    }
    /* a new story */
    story_t *t = calloc(1, sizeof *t);
    if (!t)
        return SS_ENOMEM;
    t->id = s->next_id++;
    t->first_time = t->last_time = SS_TIME_NONE;
    ss_features_init(&t->profile);
    if (s->nopen == s->capopen) {
        size_t cap = s->capopen ? s->capopen * 2 : 64;
        story_t **v = realloc(s->open, cap * sizeof *v);
        if (v)
            s->open = v;
        uint64_t *mk = v ? realloc(s->slot_mark, cap * sizeof *mk) : NULL;
        if (mk)
            s->slot_mark = mk;
        uint32_t *cd = mk ? realloc(s->slot_cand, cap * sizeof *cd) : NULL;
        if (!cd) {
            story_free(t);
            return SS_ENOMEM;
        }
        s->slot_cand = cd;
        s->capopen = cap;
    }
    s->open[s->nopen] = t;
    s->slot_mark[s->nopen] = 0; /* generations start at 1 */
    s->slot_cand[s->nopen] = 0;
    if (idmap_put(s, t->id, (uint32_t)s->nopen)) {
        story_free(t);
        return SS_ENOMEM;
    }
    s->nopen++;
    if (story_push_member(t, &m, x) || grow_profile(s, t, x))
        return SS_ENOMEM;
    if (t->last_time != SS_TIME_NONE && heap_push(s, t->last_time, t->id))
        return SS_ENOMEM;
    *story = t->id;
    return SS_OK;
}
