/* fingerprint/linefreq.c — line hash -> document count, bounded.
 *
 * Open addressing with linear probing over (key, count) slots; key 0 means
 * empty (a line hashing to 0 is counted as 1).  The table doubles at 3/4
 * load until it holds max_entries; when full, prune() drops every line
 * seen in fewer than `floor` documents, raising floor until at least a
 * quarter of the table is free, and rebuilds.
 */
#include "fingerprint/linefreq.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC 0x4c465251u /* "LFRQ" */
#define MIN_CAP 1024

struct ss_linefreq {
    uint64_t *keys;
    uint32_t *counts;
    size_t cap, used, max_entries;
};

ss_linefreq *ss_linefreq_new(size_t max_entries)
{
    ss_linefreq *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->max_entries = max_entries ? max_entries : (size_t)1 << 21;
    return t;
}

void ss_linefreq_free(ss_linefreq *t)
{
    if (!t)
        return;
    free(t->keys);
    free(t->counts);
    free(t);
}

static inline uint64_t key_of(uint64_t h) { return h ? h : 1; }

static size_t slot_of(const ss_linefreq *t, uint64_t key)
{
    size_t i = (size_t)(key >> 17) & (t->cap - 1);
    while (t->keys[i] && t->keys[i] != key)
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* Rebuild into cap slots keeping lines counted at least `floor` times. */
static int rebuild(ss_linefreq *t, size_t cap, uint32_t floor)
{
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *counts = calloc(cap, sizeof *counts);
    if (!keys || !counts) {
        free(keys);
        free(counts);
        return SS_ENOMEM;
    }
    ss_linefreq old = *t;
    t->keys = keys;
    t->counts = counts;
    t->cap = cap;
    t->used = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (!old.keys[i] || old.counts[i] < floor)
            continue;
        size_t j = slot_of(t, old.keys[i]);
        t->keys[j] = old.keys[i];
        t->counts[j] = old.counts[i];
        t->used++;
    }
    free(old.keys);
    free(old.counts);
    return SS_OK;
}

static int prune(ss_linefreq *t)
{
    uint32_t floor = 2;
    for (;;) {
        size_t keep = 0;
        for (size_t i = 0; i < t->cap; i++)
            keep += t->keys[i] && t->counts[i] >= floor;
        if (keep * 4 <= t->max_entries * 3 || floor >= UINT32_MAX / 2)
            return rebuild(t, t->cap, floor);
        floor *= 2;
    }
}

static int make_room(ss_linefreq *t)
{
    if ((t->used + 1) * 4 <= t->cap * 3)
        return SS_OK;
    if (t->cap * 3 / 4 < t->max_entries || t->cap < MIN_CAP)
        return rebuild(t, t->cap ? t->cap * 2 : MIN_CAP, 0);
    return prune(t);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int ss_linefreq_add_doc(ss_linefreq *t, uint64_t *hashes, size_t n)
{
    if (n == 0)
        return SS_OK;
    qsort(hashes, n, sizeof *hashes, cmp_u64);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && hashes[i] == hashes[i - 1])
            continue;
        if (make_room(t))
            return SS_ENOMEM;
        uint64_t key = key_of(hashes[i]);
        size_t j = slot_of(t, key);
        if (!t->keys[j]) {
            t->keys[j] = key;
            t->used++;
        }
        if (t->counts[j] < UINT32_MAX)
            t->counts[j]++;
    }
    return SS_OK;
}

int ss_linefreq_set(ss_linefreq *t, uint64_t hash, uint32_t count)
{
    if (make_room(t))
        return SS_ENOMEM;
    uint64_t key = key_of(hash);
    size_t j = slot_of(t, key);
    if (!t->keys[j]) {
        t->keys[j] = key;
        t->used++;
    }
    t->counts[j] = count;
    return SS_OK;
}

uint32_t ss_linefreq_count(const ss_linefreq *t, uint64_t hash)
{
    if (!t->cap)
        return 0;
    size_t j = slot_of(t, key_of(hash));
    return t->keys[j] ? t->counts[j] : 0;
}

size_t ss_linefreq_size(const ss_linefreq *t) { return t->used; }

/* Format: magic, used, then used (key, count) pairs. */
int ss_linefreq_write(const ss_linefreq *t, FILE *f, ss_error *err)
{
    uint32_t magic = MAGIC;
    uint64_t used = t->used;
    int ok = fwrite(&magic, 4, 1, f) == 1 && fwrite(&used, 8, 1, f) == 1;
    for (size_t i = 0; ok && i < t->cap; i++) {
        if (t->keys[i])
            ok = fwrite(&t->keys[i], 8, 1, f) == 1 && fwrite(&t->counts[i], 4, 1, f) == 1;
    }
    return ok ? SS_OK : ss_error_set(err, SS_EIO, "cannot write the index");
}

ss_linefreq *ss_linefreq_read(FILE *f, size_t max_entries, uint64_t limit, ss_error *err)
{
    ss_linefreq *t = ss_linefreq_new(max_entries);
    if (!t) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    uint32_t magic = 0;
    uint64_t used = 0;
    if (fread(&magic, 4, 1, f) != 1 || magic != MAGIC || fread(&used, 8, 1, f) != 1 ||
        used > t->max_entries || limit < 12 || used > (limit - 12) / 12)
        goto bad;
    size_t cap = MIN_CAP;
    while (cap * 3 / 4 < used + 1)
        cap *= 2;
    if (rebuild(t, cap, 0)) {
        ss_linefreq_free(t);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    for (uint64_t k = 0; k < used; k++) {
        uint64_t key;
        uint32_t count;
        if (fread(&key, 8, 1, f) != 1 || fread(&count, 4, 1, f) != 1 || key == 0 || count == 0)
            goto bad;
        size_t j = slot_of(t, key);
        if (t->keys[j])
            goto bad; /* the same line twice */
        t->keys[j] = key;
        t->counts[j] = count;
        t->used++;
    }
    return t;
bad:
    ss_linefreq_free(t);
    ss_error_set(err, SS_EFORMAT, "the line-frequency table is corrupt");
    return NULL;
}
