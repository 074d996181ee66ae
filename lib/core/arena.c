/* core/arena.c — chained blocks, bump allocation (see arena.h). */
#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ss_arena_block {
    struct ss_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void ss_arena_init(ss_arena *a) { a->head = NULL; }

void ss_arena_release(ss_arena *a)
{
    struct ss_arena_block *b = a->head;
    while (b) {
        struct ss_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}

void *ss_arena_alloc(ss_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    struct ss_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        if (cap > SIZE_MAX - sizeof *b)
            return NULL;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *ss_arena_strndup(ss_arena *a, const char *s, size_t n)
{
    char *p = ss_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}
