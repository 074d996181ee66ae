/* fingerprint/keymap.c — sharded open addressing with 8-byte slots.
 *
 * Slot layout: tag (low 32 bits of the key, 0 replaced by 1 so that 0 can
 * mean "empty") and value, in two arrays.  Shard = key >> 56.  The home
 * slot is tag * cap >> 32 (the tag's high bits), so a shard can be grown
 * from what it stores.  Linear probing; entries are never removed, so a
 * lookup stops at the first empty slot.  Values of one tag keep their
 * insertion order: an insertion takes the first free slot after all the
 * entries already there for that tag, and growing re-inserts in slot order
 * starting from a slot that begins a run (after an empty one), which keeps
 * the relative order of every tag's entries.
 *
 * A full shard (3/4 of its slots used) grows by half, not double: its
 * load then stays between 1/2 and 3/4, where doubling let it fall to 3/8.
 * The LSH buckets of `dedup` are most of an index's memory after the
 * sketches (13 entries a document); at 1,000,000 documents doubling had
 * left every shard at 0.39 (21 bytes an entry).  The price is more
 * re-insertion while growing: each entry moves about 3 times in all,
 * against 2.
 *
 * Invariants: every shard's capacity is >= 16 (or 0 before the first
 * add); used * 4 <= cap * 3.  Files of earlier writers hold powers of two,
 * which are read as they are.
 */
#include "fingerprint/keymap.h"

#include <stdlib.h>
#include <string.h>

#define NSHARDS 256
#define MIN_CAP 16
#define GROW(cap) ((cap) + (cap) / 2)
#define MAGIC 0x4b4d4150u /* "KMAP" */

typedef struct {
    uint32_t *tags; /* 0 = empty */
    uint32_t *vals;
    uint32_t cap;
    uint32_t used;
} shard;

struct ss_keymap {
    shard s[NSHARDS];
    size_t size;
};

static inline uint32_t tag_of(uint64_t key)
{
    uint32_t t = (uint32_t)key;
    return t ? t : 1;
}

static inline uint32_t home_of(uint32_t tag, uint32_t cap)
{
    return (uint32_t)(((uint64_t)tag * cap) >> 32);
}

ss_keymap *ss_keymap_new(void) { return calloc(1, sizeof(ss_keymap)); }

void ss_keymap_free(ss_keymap *m)
{
    if (!m)
        return;
    for (int i = 0; i < NSHARDS; i++) {
        free(m->s[i].tags);
        free(m->s[i].vals);
    }
    free(m);
}

static inline uint32_t next_of(uint32_t i, uint32_t cap) { return i + 1 == cap ? 0 : i + 1; }

static void place(uint32_t *tags, uint32_t *vals, uint32_t cap, uint32_t tag, uint32_t val)
{
    uint32_t i = home_of(tag, cap);
    while (tags[i])
        i = next_of(i, cap);
    tags[i] = tag;
    vals[i] = val;
}

static int resize(shard *sh, uint32_t cap)
{
    uint32_t *tags = calloc(cap, sizeof *tags);
    /* zeroed too: empty slots are written to the index file as they are,
     * and must not carry whatever the heap held before (text of other
     * documents) */
    uint32_t *vals = calloc(cap, sizeof *vals);
    if (!tags || !vals) {
        free(tags);
        free(vals);
        return SS_ENOMEM;
    }
    if (sh->used) {
        /* start after an empty slot so that runs wrapping around the end
         * are re-inserted in their order */
        uint32_t start = 0;
        while (sh->tags[start])
            start++;
        for (uint32_t k = 1; k <= sh->cap; k++) {
            uint32_t i = (uint32_t)(((uint64_t)start + k) % sh->cap);
            if (sh->tags[i])
                place(tags, vals, cap, sh->tags[i], sh->vals[i]);
        }
    }
    free(sh->tags);
    free(sh->vals);
    sh->tags = tags;
    sh->vals = vals;
    sh->cap = cap;
    return SS_OK;
}

int ss_keymap_add(ss_keymap *m, uint64_t key, uint32_t val)
{
    shard *sh = &m->s[key >> 56];
    if ((uint64_t)(sh->used + 1) * 4 > (uint64_t)sh->cap * 3 &&
        (sh->cap > UINT32_MAX / 3 * 2 || resize(sh, sh->cap ? GROW(sh->cap) : MIN_CAP)))
        return SS_ENOMEM;
    place(sh->tags, sh->vals, sh->cap, tag_of(key), val);
    sh->used++;
    m->size++;
    return SS_OK;
}

size_t ss_keymap_get(const ss_keymap *m, uint64_t key, uint32_t *vals, size_t cap)
{
    const shard *sh = &m->s[key >> 56];
    if (!sh->cap)
        return 0;
    uint32_t tag = tag_of(key), i = home_of(tag, sh->cap);
    size_t n = 0;
    while (sh->tags[i]) {
        if (sh->tags[i] == tag) {
            if (n < cap)
                vals[n] = sh->vals[i];
            n++;
        }
        i = next_of(i, sh->cap);
    }
    return n;
}

void ss_keymap_prefetch(const ss_keymap *m, uint64_t key)
{
    const shard *sh = &m->s[key >> 56];
    if (!sh->cap)
        return;
    uint32_t i = home_of(tag_of(key), sh->cap);
    __builtin_prefetch(&sh->tags[i]);
    __builtin_prefetch(&sh->vals[i]);
}

size_t ss_keymap_size(const ss_keymap *m) { return m->size; }

uint32_t ss_keymap_max_value(const ss_keymap *m)
{
    uint32_t mx = 0;
    for (int i = 0; i < NSHARDS; i++)
        for (uint32_t k = 0; k < m->s[i].cap; k++)
            if (m->s[i].tags[k] && m->s[i].vals[k] > mx)
                mx = m->s[i].vals[k];
    return mx;
}

size_t ss_keymap_bytes(const ss_keymap *m)
{
    size_t b = sizeof *m;
    for (int i = 0; i < NSHARDS; i++)
        b += (size_t)m->s[i].cap * 8;
    return b;
}

/* File format: magic, then per shard: cap, used, tags[cap], vals[cap]
 * (little-endian host order: the index records the byte order it was
 * written in, see dedup.c). */
int ss_keymap_write(const ss_keymap *m, FILE *f, ss_error *err)
{
    uint32_t magic = MAGIC;
    int ok = fwrite(&magic, 4, 1, f) == 1;
    for (int i = 0; ok && i < NSHARDS; i++) {
        const shard *sh = &m->s[i];
        ok = fwrite(&sh->cap, 4, 1, f) == 1 && fwrite(&sh->used, 4, 1, f) == 1 &&
             (!sh->cap || (fwrite(sh->tags, 4, sh->cap, f) == sh->cap &&
                           fwrite(sh->vals, 4, sh->cap, f) == sh->cap));
    }
    return ok ? SS_OK : ss_error_set(err, SS_EIO, "cannot write the index");
}

ss_keymap *ss_keymap_read(FILE *f, uint64_t limit, ss_error *err)
{
    uint64_t left = limit;
    ss_keymap *m = ss_keymap_new();
    if (!m) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    uint32_t magic = 0;
    if (left < 4 + NSHARDS * 8 || fread(&magic, 4, 1, f) != 1 || magic != MAGIC)
        goto bad;
    left -= 4 + NSHARDS * 8;
    for (int i = 0; i < NSHARDS; i++) {
        shard *sh = &m->s[i];
        uint32_t cap, used;
        if (fread(&cap, 4, 1, f) != 1 || fread(&used, 4, 1, f) != 1)
            goto bad;
        if (cap == 0 && used == 0)
            continue;
        if (cap < MIN_CAP || (uint64_t)used * 4 > (uint64_t)cap * 3 ||
            (uint64_t)cap * 8 > left)
            goto bad;
        left -= (uint64_t)cap * 8;
        sh->tags = malloc((size_t)cap * 4);
        sh->vals = malloc((size_t)cap * 4);
        if (!sh->tags || !sh->vals) {
            ss_keymap_free(m);
            ss_error_set(err, SS_ENOMEM, "out of memory");
            return NULL;
        }
        sh->cap = cap;
        if (fread(sh->tags, 4, cap, f) != cap || fread(sh->vals, 4, cap, f) != cap)
            goto bad;
        uint32_t n = 0, empty = 0;
        for (uint32_t k = 0; k < cap; k++) {
            n += sh->tags[k] != 0;
            empty += sh->tags[k] == 0;
        }
        if (n != used || empty == 0)
            goto bad;
        sh->used = used;
        m->size += used;
    }
    return m;
bad:
    ss_keymap_free(m);
    ss_error_set(err, SS_EFORMAT, "the bucket table is corrupt");
    return NULL;
}
