/* align/seedindex.c — the n-gram -> documents index with a DF cap.
 *
 * Adding appends (hash, doc) entries.  Building sorts them by (hash, doc)
 * (in place by the top byte, then each bucket through a buffer of its
 * size, 1/256 of the whole on average), counts distinct
 * documents per hash, and keeps the hashes
 * with 2..max_df documents in three arrays: keys (ascending), first
 * posting of each key, postings.  Lookups go through an open-addressing
 * table of key numbers (load <= 1/2, linear probing).
 *
 * Furniture (ss_seedindex_set_furniture): documents may name their source
 * (outlet); sources get dense numbers through a small open-addressing
 * map.  While building, each n-gram's documents are counted per source;
 * a source that has the n-gram in at least min_docs of its documents and
 * in at least share of them has it as furniture, and its documents are
 * left out of that n-gram's postings (other sources still share it).
 */
#include "align/seedindex.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

typedef struct entry {
    uint64_t hash;
    uint32_t doc;
} entry;

struct ss_seedindex {
    uint32_t max_df;
    uint32_t ndocs;
    int built;
    entry *e;
    size_t ne, cap;
    /* built */
    uint64_t *keys;
    uint32_t *first;   /* nkeys + 1 */
    uint32_t *post;
    size_t nkeys;
    uint32_t *table;   /* key number + 1, 0 = empty */
    size_t tmask;
    ss_seedindex_stats st;
    /* furniture: per document its source number (0 = none), per source
     * its document count; the source map (hash -> number) */
    double share;
    uint32_t min_docs;
    uint32_t *src;
    size_t srccap;
    uint32_t *srcdocs;     /* nsrc + 1 */
    uint32_t nsrc;
    uint64_t *smap_key;
    uint32_t *smap_val;
    size_t smap_cap;
    uint32_t *cnt;         /* build scratch, nsrc + 1 */
    uint8_t *mark;         /* build scratch, nsrc + 1 */
};

ss_seedindex *ss_seedindex_new(uint32_t max_df)
{
    ss_seedindex *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->max_df = max_df < 2 ? 2 : max_df;
    return ix;
}

void ss_seedindex_free(ss_seedindex *ix)
{
    if (!ix)
        return;
    free(ix->e);
    free(ix->keys);
    free(ix->first);
    free(ix->post);
    free(ix->table);
    free(ix->src);
    free(ix->srcdocs);
    free(ix->smap_key);
    free(ix->smap_val);
    free(ix->cnt);
    free(ix->mark);
    free(ix);
}

void ss_seedindex_set_furniture(ss_seedindex *ix, double share, uint32_t min_docs)
{
    ix->share = share;
    ix->min_docs = min_docs < 2 ? 2 : min_docs;
}

static size_t smap_slot(uint64_t h, size_t mask) { return (size_t)((h * 0x9E3779B97F4A7C15ull) >> 32) & mask; }

/* The dense number of source hash h (made on first sight), 0 when out of memory. */
static uint32_t source_number(ss_seedindex *ix, uint64_t h)
{
    if (ix->nsrc + 1 >= ix->smap_cap / 2) {
        size_t cap = ix->smap_cap ? ix->smap_cap * 2 : 64;
        uint64_t *k = calloc(cap, sizeof *k);
        uint32_t *v = calloc(cap, sizeof *v);
        uint32_t *docs = realloc(ix->srcdocs, (cap / 2 + 1) * sizeof *docs);
        if (!k || !v || !docs) {
            free(k);
            free(v);
            if (docs)
                ix->srcdocs = docs;
            return 0;
        }
        ix->srcdocs = docs;
        for (size_t i = 0; i < ix->smap_cap; i++) {
            if (!ix->smap_val[i])
                continue;
            size_t s = smap_slot(ix->smap_key[i], cap - 1);
            while (v[s])
                s = (s + 1) & (cap - 1);
            k[s] = ix->smap_key[i];
            v[s] = ix->smap_val[i];
        }
        free(ix->smap_key);
        free(ix->smap_val);
        ix->smap_key = k;
        ix->smap_val = v;
        ix->smap_cap = cap;
    }
    size_t s = smap_slot(h, ix->smap_cap - 1);
    while (ix->smap_val[s]) {
        if (ix->smap_key[s] == h)
            return ix->smap_val[s];
        s = (s + 1) & (ix->smap_cap - 1);
    }
    ix->smap_key[s] = h;
    ix->smap_val[s] = ++ix->nsrc;
    ix->srcdocs[ix->nsrc] = 0;
    return ix->nsrc;
}

int ss_seedindex_set_source(ss_seedindex *ix, uint32_t doc, uint64_t source)
{
    if (ix->built)
        return SS_EINVAL;
    if (doc >= ix->srccap) {
        size_t cap = ix->srccap ? ix->srccap : 1024;
        while (cap <= doc)
            cap *= 2;
        uint32_t *v = realloc(ix->src, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        memset(v + ix->srccap, 0, (cap - ix->srccap) * sizeof *v);
        ix->src = v;
        ix->srccap = cap;
    }
    uint32_t k = 0;
    if (source && !(k = source_number(ix, source)))
        return SS_ENOMEM;
    if (ix->src[doc])
        ix->srcdocs[ix->src[doc]]--;
    ix->src[doc] = k;
    if (k)
        ix->srcdocs[k]++;
    return SS_OK;
}

static uint32_t source_of(const ss_seedindex *ix, uint32_t doc) { return doc < ix->srccap ? ix->src[doc] : 0; }

/* Mark (ix->mark) the sources that have the n-gram of entries [i, j) as
 * furniture; returns how many were marked (the counts are left at 0).
 * clear_marks undoes the marks. */
static size_t mark_furniture(ss_seedindex *ix, size_t i, size_t j)
{
    if (!ix->share || !ix->nsrc)
        return 0;
    size_t marked = 0;
    uint32_t last = UINT32_MAX;
    for (size_t m = i; m < j; m++) {
        uint32_t d = ix->e[m].doc, s = source_of(ix, d);
        if (s && d != last)
            ix->cnt[s]++;
        last = d;
    }
    for (size_t m = i; m < j; m++) {
        uint32_t s = source_of(ix, ix->e[m].doc);
        if (!s || ix->mark[s] || !ix->cnt[s])
            continue;
        if (ix->cnt[s] >= ix->min_docs && ix->cnt[s] >= ix->share * ix->srcdocs[s]) {
            ix->mark[s] = 1;
            marked++;
        }
    }
    for (size_t m = i; m < j; m++)
        ix->cnt[source_of(ix, ix->e[m].doc)] = 0;
    return marked;
}

static void clear_marks(ss_seedindex *ix, size_t i, size_t j)
{
    if (!ix->share || !ix->nsrc)
        return;
    for (size_t m = i; m < j; m++) {
        ix->mark[source_of(ix, ix->e[m].doc)] = 0;
    }
}

/* Distinct documents of entries [i, j) whose source is not marked. */
static uint32_t kept_df(const ss_seedindex *ix, size_t i, size_t j)
{
    uint32_t df = 0, last = UINT32_MAX;
    for (size_t m = i; m < j; m++) {
        uint32_t d = ix->e[m].doc;
        if (d != last && !(ix->mark && ix->mark[source_of(ix, d)]))
            df++;
        last = d;
    }
    return df;
}

int ss_seedindex_add(ss_seedindex *ix, uint32_t doc, const ss_fps *fps)
{
    if (ix->built || doc != ix->ndocs)
        return SS_EINVAL;
    if (ix->ne + fps->n > ix->cap) {
        size_t cap = ix->cap ? ix->cap : 1024;
        while (cap < ix->ne + fps->n)
            cap *= 2;
        entry *e = realloc(ix->e, cap * sizeof *e);
        if (!e)
            return SS_ENOMEM;
        ix->e = e;
        ix->cap = cap;
    }
    for (size_t i = 0; i < fps->n; i++) {
        ix->e[ix->ne].hash = fps->v[i].hash;
        ix->e[ix->ne].doc = doc;
        ix->ne++;
    }
    ix->ndocs++;
    return SS_OK;
}

static int cmp_entry(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* Stable LSD radix sort of e[0..n) by hash bits [0, 66) (the top byte of
 * the hash is equal in a bucket), 11 bits a pass; six passes, so the data
 * ends where it began.  tmp holds n entries. */
static void lsd_sort(entry *e, entry *tmp, size_t n)
{
    size_t count[2048];
    entry *src = e, *dst = tmp;
    for (int shift = 0; shift < 66; shift += 11) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(src[i].hash >> shift) & 2047]++;
        size_t sum = 0;
        for (size_t d = 0; d < 2048; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i].hash >> shift) & 2047]++] = src[i];
        entry *t = src;
        src = dst;
        dst = t;
    }
}

/* Sort e[0..n) by (hash, doc): split in place by the top byte of the hash
 * (American flag sort, 256 buckets), sort each bucket by the rest of the
 * hash through a buffer the size of the largest bucket, then put the
 * documents of each hash in order (a bucket's split is not stable). */
static int sort_entries(entry *e, size_t n)
{
    if (n < 2)
        return SS_OK;
    size_t start[257] = {0}, next[256];
    for (size_t i = 0; i < n; i++)
        start[(e[i].hash >> 56) + 1]++;
    size_t big = 0;
    for (size_t b = 0; b < 256; b++) {
        if (start[b + 1] > big)
            big = start[b + 1];
        start[b + 1] += start[b];
    }
    memcpy(next, start, sizeof next);
    for (size_t b = 0; b < 256; b++) {
        while (next[b] < start[b + 1]) {
            entry x = e[next[b]];
            size_t d = (size_t)(x.hash >> 56);
            while (d != b) { /* cycle x into its bucket */
                entry y = e[next[d]];
                e[next[d]++] = x;
                x = y;
                d = (size_t)(x.hash >> 56);
            }
            e[next[b]++] = x;
        }
    }
    entry *tmp = malloc(big * sizeof *tmp);
    if (!tmp)
        return SS_ENOMEM;
    for (size_t b = 0; b < 256; b++) {
        size_t m = start[b + 1] - start[b];
        if (m > 256)
            lsd_sort(e + start[b], tmp, m);
        else if (m > 1) /* small buckets (small inputs): not worth the counters */
            qsort(e + start[b], m, sizeof *e, cmp_entry);
    }
    free(tmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, sorted = 1;
        for (; j < n && e[j].hash == e[i].hash; j++)
            sorted &= e[j].doc >= e[j - 1].doc;
        if (!sorted)
            qsort(e + i, j - i, sizeof *e, cmp_entry);
        i = j;
    }
    return SS_OK;
}

static inline size_t slot_of(uint64_t h, size_t mask)
{
    return (size_t)((h ^ (h >> 29)) & mask);
}

/* The entries of the hash at e[i] run to *end; returns their distinct
 * documents (entries are sorted by hash, then document). */
static uint32_t group(const entry *e, size_t n, size_t i, size_t *end)
{
    uint32_t df = 0, last = UINT32_MAX;
    size_t j = i;
    for (; j < n && e[j].hash == e[i].hash; j++) {
        if (e[j].doc != last)
            df++;
        last = e[j].doc;
    }
    *end = j;
    return df;
}

int ss_seedindex_build(ss_seedindex *ix)
{
    if (ix->built)
        return SS_OK;
    if (sort_entries(ix->e, ix->ne))
        return SS_ENOMEM;
    /* first pass: count kept keys and postings, and per document its
     * fingerprints and those over the cap (for docs_mostly_over_cap) */
    if (ix->share && ix->nsrc) {
        ix->cnt = calloc(ix->nsrc + 1, sizeof *ix->cnt);
        ix->mark = calloc(ix->nsrc + 1, 1);
        if (!ix->cnt || !ix->mark)
            return SS_ENOMEM;
    }
    size_t nkeys = 0, npost = 0;
    uint64_t distinct = 0;
    uint32_t *fp_all = calloc((size_t)ix->ndocs + 1, sizeof *fp_all);
    uint32_t *fp_over = calloc((size_t)ix->ndocs + 1, sizeof *fp_over);
    if (!fp_all || !fp_over) {
        free(fp_all);
        free(fp_over);
        return SS_ENOMEM;
    }
    for (size_t i = 0; i < ix->ne;) {
        size_t j;
        uint32_t df = group(ix->e, ix->ne, i, &j);
        distinct += df;
        if (df >= 2 && mark_furniture(ix, i, j)) {
            df = kept_df(ix, i, j);
            clear_marks(ix, i, j);
            ix->st.furniture++;
        }
        if (df >= 2 && df <= ix->max_df) {
            nkeys++;
            npost += df;
        } else if (df > ix->max_df) {
            ix->st.over_cap++;
            if (df > ix->st.max_df_seen)
                ix->st.max_df_seen = df;
        }
        for (size_t m = i; m < j; m++) {
            uint32_t d = ix->e[m].doc;
            if (d < ix->ndocs && (m == i || d != ix->e[m - 1].doc)) {
                fp_all[d]++;
                fp_over[d] += df > ix->max_df;
            }
        }
        i = j;
    }
    for (uint32_t d = 0; d < ix->ndocs; d++)
        ix->st.docs_mostly_over_cap += fp_over[d] > 0 && 2 * (uint64_t)fp_over[d] >= fp_all[d];
    free(fp_all);
    free(fp_over);
    if (npost >= UINT32_MAX)
        return SS_ETOOBIG;
    size_t tcap = 16;
    while (tcap < nkeys * 2)
        tcap *= 2;
    ix->keys = malloc((nkeys ? nkeys : 1) * sizeof *ix->keys);
    ix->first = malloc((nkeys + 1) * sizeof *ix->first);
    ix->post = malloc((npost ? npost : 1) * sizeof *ix->post);
    ix->table = calloc(tcap, sizeof *ix->table);
    if (!ix->keys || !ix->first || !ix->post || !ix->table)
        return SS_ENOMEM;
    ix->tmask = tcap - 1;
    size_t k = 0, p = 0;
    for (size_t i = 0; i < ix->ne;) {
        size_t j;
        uint32_t df = group(ix->e, ix->ne, i, &j);
        int furn = df >= 2 && mark_furniture(ix, i, j);
        if (furn)
            df = kept_df(ix, i, j);
        if (df >= 2 && df <= ix->max_df) {
            ix->keys[k] = ix->e[i].hash;
            ix->first[k] = (uint32_t)p;
            uint32_t last = UINT32_MAX;
            for (size_t m = i; m < j; m++) {
                uint32_t d = ix->e[m].doc;
                if (d != last && !(furn && ix->mark[source_of(ix, d)]))
                    ix->post[p++] = d;
                last = d;
            }
            size_t s = slot_of(ix->keys[k], ix->tmask);
            while (ix->table[s])
                s = (s + 1) & ix->tmask;
            ix->table[s] = (uint32_t)(k + 1);
            k++;
        }
        if (furn)
            clear_marks(ix, i, j);
        i = j;
    }
    ix->first[k] = (uint32_t)p;
    ix->nkeys = nkeys;
    ix->st.docs = ix->ndocs;
    ix->st.fingerprints = distinct;
    ix->st.seeds = nkeys;
    ix->st.postings = npost;
    free(ix->e);
    ix->e = NULL;
    ix->ne = ix->cap = 0;
    free(ix->cnt);
    free(ix->mark);
    ix->cnt = NULL;
    ix->mark = NULL;
    ix->built = 1;
    return SS_OK;
}

const uint32_t *ss_seedindex_docs(const ss_seedindex *ix, uint64_t hash, size_t *n)
{
    *n = 0;
    if (!ix->built || ix->nkeys == 0)
        return NULL;
    for (size_t s = slot_of(hash, ix->tmask);; s = (s + 1) & ix->tmask) {
        uint32_t k = ix->table[s];
        if (!k)
            return NULL;
        if (ix->keys[k - 1] == hash) {
            *n = ix->first[k] - ix->first[k - 1];
            return ix->post + ix->first[k - 1];
        }
    }
}

ss_seedindex_stats ss_seedindex_get_stats(const ss_seedindex *ix)
{
    ss_seedindex_stats st = ix->st;
    st.docs = ix->ndocs;
    return st;
}
