/* fingerprint/unionfind.h — disjoint sets of document numbers.
 *
 * Near-duplicate pairs found one at a time join their documents' groups;
 * the groups are the connected components of the pairs, whatever order
 * the pairs came in.  Union by smaller root number and path halving keep
 * find close to constant time; the root of a set is its smallest member,
 * so results are the same for any order of unions.  Not thread-safe.
 */
#ifndef SS_FINGERPRINT_UNIONFIND_H
#define SS_FINGERPRINT_UNIONFIND_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"

typedef struct ss_uf {
    uint32_t *parent;
    size_t n, cap;
} ss_uf;

SS_API void ss_uf_init(ss_uf *u);
SS_API void ss_uf_release(ss_uf *u);
/* Add a new singleton set; its number is the old u->n.  SS_OK or SS_ENOMEM
 * (also past 2^32 - 1 elements). */
SS_API int ss_uf_add(ss_uf *u);
/* The root (smallest member) of x's set; compresses the path. */
SS_API uint32_t ss_uf_find(ss_uf *u, uint32_t x);
/* Join the sets of a and b; returns the new root. */
SS_API uint32_t ss_uf_union(ss_uf *u, uint32_t a, uint32_t b);

#endif
