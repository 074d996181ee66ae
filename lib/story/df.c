/* story/df.c — open-addressing tables of (field-mixed key) -> count. */
#include "story/df.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* The table is cut into DF_SHARDS open-addressing tables by the top bits
 * of the key, each growing (doubling) on its own: a grow holds the old and
 * the new arrays of one shard at once, not of the whole table, so the
 * memory peak of a long stream stays near the table's size (one table of
 * 2^21 slots doubling held 37 MB at once for its 25 MB; a store of
 * 1,000,000 articles peaked at 1.53x one of 100,000, bench/bench_serve.py
 * --memory). */
#define DF_SHARDS 64
#define DF_SHARD_BITS 6
#define DF_SHARD_FIRST 256 /* slots of a shard's first table */

typedef struct {
    uint64_t *k;
    uint32_t *c;
    size_t cap, used;
} shard;

struct ss_df {
    shard sh[DF_SHARDS];
    uint64_t docs;
};

static uint64_t mix(int field, uint64_t key)
{
    uint64_t x = key ^ ((uint64_t)(field + 1) * 0x9E3779B97F4A7C15ull);
    x ^= x >> 31;
    return x ? x : 1;
}

static shard *shard_of(const ss_df *df, uint64_t k) { return (shard *)&df->sh[k >> (64 - DF_SHARD_BITS)]; }

ss_df *ss_df_new(void) { return calloc(1, sizeof(ss_df)); }

void ss_df_free(ss_df *df)
{
    if (!df)
        return;
    for (int i = 0; i < DF_SHARDS; i++) {
        free(df->sh[i].k);
        free(df->sh[i].c);
    }
    free(df);
}

static size_t slot(const shard *h, uint64_t k)
{
    size_t j = (size_t)k & (h->cap - 1);
    while (h->k[j] && h->k[j] != k)
        j = (j + 1) & (h->cap - 1);
    return j;
}

static int grow(shard *h)
{
    size_t cap = h->cap ? h->cap * 2 : DF_SHARD_FIRST;
    uint64_t *k = calloc(cap, sizeof *k);
    uint32_t *c = calloc(cap, sizeof *c);
    if (!k || !c) {
        free(k);
        free(c);
        return SS_ENOMEM;
    }
    for (size_t i = 0; i < h->cap; i++) {
        if (!h->k[i])
            continue;
        size_t j = (size_t)h->k[i] & (cap - 1);
        while (k[j])
            j = (j + 1) & (cap - 1);
        k[j] = h->k[i];
        c[j] = h->c[i];
    }
    free(h->k);
    free(h->c);
    h->k = k;
    h->c = c;
    h->cap = cap;
    return SS_OK;
}

/* The slot of k in its shard, taken when new; NULL when out of memory. */
static uint32_t *count_slot(ss_df *df, uint64_t k)
{
    shard *h = shard_of(df, k);
    if ((h->used + 1) * 4 > h->cap * 3 && grow(h))
        return NULL;
    size_t j = slot(h, k);
    if (!h->k[j]) {
        h->k[j] = k;
        h->used++;
    }
    return &h->c[j];
}

int ss_df_add(ss_df *df, const ss_features *x)
{
    for (int f = 0; f < SS_F_COUNT; f++) {
        for (uint32_t i = 0; i < x->f[f].n; i++) {
            uint32_t *c = count_slot(df, mix(f, x->f[f].k[i]));
            if (!c)
                return SS_ENOMEM;
            (*c)++;
        }
    }
    df->docs++;
    return SS_OK;
}

/* The count of table key k, or NULL when absent. */
static uint32_t *count_of(const ss_df *df, uint64_t k)
{
    shard *h = shard_of(df, k);
    if (!h->cap)
        return NULL;
    size_t j = slot(h, k);
    return h->k[j] ? &h->c[j] : NULL;
}

void ss_df_remove(ss_df *df, const ss_features *x)
{
    for (int f = 0; f < SS_F_COUNT; f++) {
        for (uint32_t i = 0; i < x->f[f].n; i++) {
            uint32_t *c = count_of(df, mix(f, x->f[f].k[i]));
            if (c && *c > 0)
                (*c)--; /* slots stay (tombstones with count 0) */
        }
    }
    if (df->docs)
        df->docs--;
}

uint64_t ss_df_docs(const ss_df *df) { return df->docs; }

int ss_df_copy(ss_df *dst, const ss_df *src)
{
    for (int i = 0; i < DF_SHARDS; i++) {
        shard *d = &dst->sh[i];
        const shard *s = &src->sh[i];
        if (d->cap != s->cap) {
            free(d->k);
            free(d->c);
            d->k = s->cap ? malloc(s->cap * sizeof *d->k) : NULL;
            d->c = s->cap ? malloc(s->cap * sizeof *d->c) : NULL;
            d->cap = s->cap;
            if (s->cap && (!d->k || !d->c)) {
                for (int j = 0; j < DF_SHARDS; j++) {
                    free(dst->sh[j].k);
                    free(dst->sh[j].c);
                }
                memset(dst, 0, sizeof *dst);
                return SS_ENOMEM;
            }
        }
        if (s->cap) {
            memcpy(d->k, s->k, s->cap * sizeof *d->k);
            memcpy(d->c, s->c, s->cap * sizeof *d->c);
        }
        d->used = s->used;
    }
    dst->docs = src->docs;
    return SS_OK;
}

uint32_t ss_df_count(const ss_df *df, int field, uint64_t key)
{
    const uint32_t *c = count_of(df, mix(field, key));
    return c ? *c : 0;
}

double ss_df_idf(const ss_df *df, int field, uint64_t key)
{
    return log(((double)df->docs + SS_DF_PRIOR_DOCS + 1.0) /
               ((double)ss_df_count(df, field, key) + 0.5));
}

uint64_t ss_df_key(int field, uint64_t key) { return mix(field, key); }

int ss_df_add_keys(ss_df *df, const uint64_t *dfkeys, size_t n, uint64_t docs)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t *c = count_slot(df, dfkeys[i]);
        if (!c)
            return SS_ENOMEM;
        (*c)++;
    }
    df->docs += docs;
    return SS_OK;
}

int ss_df_each(const ss_df *df, int (*fn)(void *ctx, uint64_t dfkey, uint32_t count), void *ctx)
{
    for (int s = 0; s < DF_SHARDS; s++) {
        const shard *h = &df->sh[s];
        for (size_t i = 0; i < h->cap; i++)
            if (h->k[i] && h->c[i]) {
                int rc = fn(ctx, h->k[i], h->c[i]);
                if (rc)
                    return rc;
            }
    }
    return SS_OK;
}

int ss_df_set(ss_df *df, uint64_t dfkey, uint32_t count)
{
    if (!dfkey)
        return SS_EINVAL;
    uint32_t *c = count_slot(df, dfkey);
    if (!c)
        return SS_ENOMEM;
    *c = count;
    return SS_OK;
}

void ss_df_set_docs(ss_df *df, uint64_t docs) { df->docs = docs; }
