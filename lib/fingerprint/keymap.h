/* fingerprint/keymap.h — 64-bit keys to 32-bit values, several per key.
 *
 * The buckets of the LSH index and the table of exact-duplicate keys: a
 * key (a well-mixed hash) maps to the numbers of the documents filed under
 * it.  Memory is what matters at corpus scale, so a slot is 8 bytes: the
 * key's low 32 bits as a tag and the value.  The key's high bits choose one
 * of 256 shards and the slot in it, so two different keys only meet when
 * they agree on 40 and more bits; even then a lookup returns both keys'
 * values, and callers that need exact keys (the exact-duplicate table)
 * check them against what they stored.  LSH buckets need no check: a
 * stray candidate is verified like any other.
 *
 * Shards grow one at a time (doubling at 3/4 load), so growing the map
 * never holds two copies of all of it.  Values of one key come back in the
 * order they were added.  Not thread-safe for writing; lookups may run in
 * parallel when nobody writes.
 */
#ifndef SS_FINGERPRINT_KEYMAP_H
#define SS_FINGERPRINT_KEYMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/api.h"
#include "core/error.h"

typedef struct ss_keymap ss_keymap;

/* An empty map, or NULL when out of memory. */
SS_API ss_keymap *ss_keymap_new(void);
SS_API void ss_keymap_free(ss_keymap *m);

/* File val under key.  SS_OK or SS_ENOMEM (the map is unchanged). */
SS_API int ss_keymap_add(ss_keymap *m, uint64_t key, uint32_t val);

/* The values filed under key (and under any key sharing its shard, slot
 * and tag, see above): the first min(count, cap) go to vals, in the order
 * they were added; returns the count. */
SS_API size_t ss_keymap_get(const ss_keymap *m, uint64_t key, uint32_t *vals, size_t cap);

/* Start loading the memory a lookup of key will touch (a hint; lets a
 * caller overlap the cache misses of several lookups). */
SS_API void ss_keymap_prefetch(const ss_keymap *m, uint64_t key);

/* Entries filed. */
SS_API size_t ss_keymap_size(const ss_keymap *m);
/* The largest value filed, or 0 for an empty map (to check a map read back). */
SS_API uint32_t ss_keymap_max_value(const ss_keymap *m);
/* Bytes of memory the map holds. */
SS_API size_t ss_keymap_bytes(const ss_keymap *m);

/* Write the map to f / read it back from f (a map written by this same
 * format version), reading at most `limit` bytes (a map claiming more is
 * corrupt).  Read: a new map, or NULL with err set (SS_EFORMAT for data
 * that does not make a map, SS_EIO, SS_ENOMEM). */
SS_API int ss_keymap_write(const ss_keymap *m, FILE *f, ss_error *err);
SS_API ss_keymap *ss_keymap_read(FILE *f, uint64_t limit, ss_error *err);

#endif
