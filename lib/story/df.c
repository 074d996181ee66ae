/* story/df.c — open-addressing table of (field-mixed key) -> count. */
#include "story/df.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

struct ss_df {
    uint64_t *k;
    uint32_t *c;
    size_t cap, used;
    uint64_t docs;
};

static uint64_t mix(int field, uint64_t key)
{
    uint64_t x = key ^ ((uint64_t)(field + 1) * 0x9E3779B97F4A7C15ull);
    x ^= x >> 31;
    return x ? x : 1;
}

ss_df *ss_df_new(void) { return calloc(1, sizeof(ss_df)); }

void ss_df_free(ss_df *df)
{
    if (!df)
        return;
    free(df->k);
    free(df->c);
    free(df);
}

static size_t slot(const ss_df *df, uint64_t k)
{
    size_t j = (size_t)k & (df->cap - 1);
    while (df->k[j] && df->k[j] != k)
        j = (j + 1) & (df->cap - 1);
    return j;
}

static int grow(ss_df *df)
{
    size_t cap = df->cap ? df->cap * 2 : 4096;
    uint64_t *k = calloc(cap, sizeof *k);
    uint32_t *c = calloc(cap, sizeof *c);
    if (!k || !c) {
        free(k);
        free(c);
        return SS_ENOMEM;
    }
    for (size_t i = 0; i < df->cap; i++) {
        if (!df->k[i])
            continue;
        size_t j = (size_t)df->k[i] & (cap - 1);
        while (k[j])
            j = (j + 1) & (cap - 1);
        k[j] = df->k[i];
        c[j] = df->c[i];
    }
    free(df->k);
    free(df->c);
    df->k = k;
    df->c = c;
    df->cap = cap;
    return SS_OK;
}

int ss_df_add(ss_df *df, const ss_features *x)
{
    for (int f = 0; f < SS_F_COUNT; f++) {
        for (uint32_t i = 0; i < x->f[f].n; i++) {
            if ((df->used + 1) * 4 > df->cap * 3 && grow(df))
                return SS_ENOMEM;
            uint64_t k = mix(f, x->f[f].k[i]);
            size_t j = slot(df, k);
            if (!df->k[j]) {
                df->k[j] = k;
                df->used++;
            }
            df->c[j]++;
        }
    }
    df->docs++;
    return SS_OK;
}

void ss_df_remove(ss_df *df, const ss_features *x)
{
    if (!df->cap)
        return;
    for (int f = 0; f < SS_F_COUNT; f++) {
        for (uint32_t i = 0; i < x->f[f].n; i++) {
            size_t j = slot(df, mix(f, x->f[f].k[i]));
            if (df->k[j] && df->c[j] > 0)
                df->c[j]--; /* slots stay (tombstones with count 0) */
        }
    }
    if (df->docs)
        df->docs--;
}

uint64_t ss_df_docs(const ss_df *df) { return df->docs; }

uint32_t ss_df_count(const ss_df *df, int field, uint64_t key)
{
    if (!df->cap)
        return 0;
    size_t j = slot(df, mix(field, key));
    return df->k[j] ? df->c[j] : 0;
}

double ss_df_idf(const ss_df *df, int field, uint64_t key)
{
    return log(((double)df->docs + SS_DF_PRIOR_DOCS + 1.0) /
               ((double)ss_df_count(df, field, key) + 0.5));
}

uint64_t ss_df_key(int field, uint64_t key) { return mix(field, key); }

int ss_df_each(const ss_df *df, int (*fn)(void *ctx, uint64_t dfkey, uint32_t count), void *ctx)
{
    for (size_t i = 0; i < df->cap; i++)
        if (df->k[i] && df->c[i]) {
            int rc = fn(ctx, df->k[i], df->c[i]);
            if (rc)
                return rc;
        }
    return SS_OK;
}

int ss_df_set(ss_df *df, uint64_t dfkey, uint32_t count)
{
    if (!dfkey)
        return SS_EINVAL;
    if ((df->used + 1) * 4 > df->cap * 3 && grow(df))
        return SS_ENOMEM;
    size_t j = slot(df, dfkey);
    if (!df->k[j]) {
        df->k[j] = dfkey;
        df->used++;
    }
    df->c[j] = count;
    return SS_OK;
}

void ss_df_set_docs(ss_df *df, uint64_t docs) { df->docs = docs; }
