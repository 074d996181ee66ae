/* core/arena.h — a bump allocator for results freed all at once.
 *
 * Blocks of at least 64 KiB are chained; allocations are 16-byte aligned
 * and never freed one by one.  ss_arena_release frees every block.  Use it
 * for a result made of many small pieces (a story comparison) whose parts
 * share one lifetime.
 */
#ifndef SS_CORE_ARENA_H
#define SS_CORE_ARENA_H

#include <stddef.h>

#include "core/api.h"

typedef struct ss_arena {
    struct ss_arena_block *head;
} ss_arena;

SS_API void ss_arena_init(ss_arena *a);
SS_API void ss_arena_release(ss_arena *a);
/* n bytes, zeroed; NULL when out of memory. */
SS_API void *ss_arena_alloc(ss_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
SS_API char *ss_arena_strndup(ss_arena *a, const char *s, size_t n);

#endif
