/* fingerprint/unionfind.c — disjoint sets (see unionfind.h).
 *
 * Invariant: parent[x] <= x for every x, so a root is the smallest member
 * of its set and every path is strictly decreasing (no cycles).
 */
#include "fingerprint/unionfind.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

void ss_uf_init(ss_uf *u) { memset(u, 0, sizeof *u); }

void ss_uf_release(ss_uf *u)
{
    free(u->parent);
    memset(u, 0, sizeof *u);
}

int ss_uf_add(ss_uf *u)
{
    if (u->n >= UINT32_MAX - 1)
        return SS_ENOMEM;
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 1024;
        uint32_t *p = realloc(u->parent, cap * sizeof *p);
        if (!p)
            return SS_ENOMEM;
        u->parent = p;
        u->cap = cap;
    }
    u->parent[u->n] = (uint32_t)u->n;
    u->n++;
    return SS_OK;
}

uint32_t ss_uf_find(ss_uf *u, uint32_t x)
{
    assert(x < u->n);
    while (u->parent[x] != x) {
        u->parent[x] = u->parent[u->parent[x]]; /* path halving */
        x = u->parent[x];
    }
    return x;
}

uint32_t ss_uf_union(ss_uf *u, uint32_t a, uint32_t b)
{
    a = ss_uf_find(u, a);
    b = ss_uf_find(u, b);
    if (a == b)
        return a;
    if (a < b) {
        u->parent[b] = a;
        return a;
    }
    u->parent[a] = b;
    return b;
}
