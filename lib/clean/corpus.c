/* clean/corpus.c — per-source counts of recurring short lines.
 *
 * Two open-addressing tables: lines (key = hash(source, trimmed line),
 * value = documents seen and the text signatures they had) and sources (key = source hash, value =
 * documents seen).  Keys are 64-bit hashes; 0 marks an empty slot.  The
 * line table never exceeds max_entries; see corpus_internal.h for how it
 * stays bounded.
 */
#include "clean/corpus_internal.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/error.h"

typedef struct {
    uint64_t key;
    uint32_t count;
    uint32_t last_doc; /* the document that counted it last (one count per document) */
    uint32_t sig[2];   /* the first two text signatures the line was seen with; 0 = none
                          yet; sig[0] == SIG_DIVERSE once a third distinct one came */
} slot;

/* Each half of a signature has bit 1 set, so neither 0 (empty) nor
 * SIG_DIVERSE (1) is a signature. */
#define SIG_DIVERSE 1u
/* Words per shingle of a document's signature. */
#define SIG_SHINGLE 3

typedef struct {
    slot *v;
    size_t cap, n;
} table;

struct ss_corpus {
    table lines, sources;
    size_t max_entries;
    uint32_t floor;   /* counts at or below it were dropped when the table filled */
    uint32_t doc;     /* documents added */
};

static uint64_t nz(uint64_t h) { return h ? h : 1; }

static slot *find(const table *t, uint64_t key)
{
    if (!t->cap)
        return NULL;
    size_t j = (size_t)key & (t->cap - 1);
    while (t->v[j].key) {
        if (t->v[j].key == key)
            return &t->v[j];
        j = (j + 1) & (t->cap - 1);
    }
    return NULL;
}

static int rehash(table *t, size_t cap)
{
    slot *v = calloc(cap, sizeof *v);
    if (!v)
        return SS_ENOMEM;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->v[i].key)
            continue;
        size_t j = (size_t)t->v[i].key & (cap - 1);
        while (v[j].key)
            j = (j + 1) & (cap - 1);
        v[j] = t->v[i];
    }
    free(t->v);
    t->v = v;
    t->cap = cap;
    return SS_OK;
}

/* The slot for key, inserted if new; NULL when out of memory. */
static slot *upsert(table *t, uint64_t key)
{
    if ((t->n + 1) * 4 > t->cap * 3 && rehash(t, t->cap ? t->cap * 2 : 1024))
        return NULL;
    size_t j = (size_t)key & (t->cap - 1);
    while (t->v[j].key) {
        if (t->v[j].key == key)
            return &t->v[j];
        j = (j + 1) & (t->cap - 1);
    }
    t->v[j].key = key;
    t->v[j].count = 0;
    t->v[j].last_doc = 0;
    t->v[j].sig[0] = t->v[j].sig[1] = 0;
    t->n++;
    return &t->v[j];
}

/* Drop entries counted at most `floor` times; rebuild the table. */
static int prune(ss_corpus *c)
{
    while (c->lines.n >= c->max_entries) {
        c->floor++;
        table t = {NULL, 0, 0};
        if (rehash(&t, c->lines.cap))
            return SS_ENOMEM;
        for (size_t i = 0; i < c->lines.cap; i++) {
            slot s = c->lines.v[i];
            if (!s.key || s.count <= c->floor)
                continue;
            slot *d = upsert(&t, s.key);
            if (!d) {
                free(t.v);
                return SS_ENOMEM;
            }
            *d = s;
        }
        free(c->lines.v);
        c->lines = t;
    }
    return SS_OK;
}

ss_corpus *ss_corpus_new(size_t max_entries)
{
    ss_corpus *c = calloc(1, sizeof *c);
    if (c)
        c->max_entries = max_entries < 1024 ? 1024 : max_entries;
    return c;
}

void ss_corpus_free(ss_corpus *c)
{
    if (!c)
        return;
    free(c->lines.v);
    free(c->sources.v);
    free(c);
}

uint64_t ss_corpus_source(const char *name, size_t n) { return nz(XXH3_64bits(name, n)); }

static int trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\r')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
        (*n)--;
    return *n > 0;
}

static uint64_t line_key(uint64_t source, const char *s, size_t n)
{
    return nz(XXH3_64bits_withSeed(s, n, source));
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

/* The two smallest hashes (under two hash functions) of the
 * SIG_SHINGLE-word shingles of the lines longer than SS_CORPUS_MAX_LINE
 * (long_only = 1) or of every line; 0 when there is no shingle. */
static int min_shingles(const char *text, size_t n, int long_only, uint64_t best[2])
{
    uint64_t w[SIG_SHINGLE] = {0};
    unsigned words = 0;
    best[0] = best[1] = UINT64_MAX;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - text) : n;
        if (!long_only || e - i > SS_CORPUS_MAX_LINE) {
            for (size_t a = i; a < e;) {
                while (a < e && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
                    a++;
                size_t b = a;
                while (b < e && text[b] != ' ' && text[b] != '\t' && text[b] != '\r')
                    b++;
                if (b == a)
                    break;
                memmove(w, w + 1, sizeof w - sizeof *w);
                w[SIG_SHINGLE - 1] = XXH3_64bits(text + a, b - a);
                if (++words >= SIG_SHINGLE) {
                    uint64_t h = 0;
                    for (int k = 0; k < SIG_SHINGLE; k++)
                        h = mix(h ^ w[k]);
                    uint64_t h2 = mix(h ^ 0x9e3779b97f4a7c15ULL);
                    if (h < best[0])
                        best[0] = h;
                    if (h2 < best[1])
                        best[1] = h2;
                }
                a = b;
            }
        }
        i = e + 1;
    }
    return words >= SIG_SHINGLE;
}

/* A document's text signature: two one-permutation MinHashes of its word
 * shingles, 15 bits each, from its long lines (its paragraphs, where
 * furniture rarely is) when it has any.  Two documents count as the same
 * text when either half matches: reprints with small edits almost always
 * do (each half differs with chance 1 - J, J the Jaccard similarity of
 * their shingles, so both with (1 - J)^2: 0.01 at J = 0.9); different
 * articles almost never (2^-14).  A document without a paragraph is
 * signed by its longest line; one without a shingle gets a signature of
 * its own. */
static uint32_t doc_sig(const char *text, size_t n, uint32_t doc)
{
    uint64_t h[2];
    if (!min_shingles(text, n, 1, h)) {
        /* no paragraph: its longest line, the likeliest to be its text */
        size_t best = 0, best_len = 0;
        for (size_t i = 0; i < n;) {
            const char *nl = memchr(text + i, '\n', n - i);
            size_t e = nl ? (size_t)(nl - text) : n;
            if (e - i > best_len)
                best = i, best_len = e - i;
            i = e + 1;
        }
        if (!min_shingles(text + best, best_len, 0, h))
            h[0] = mix(0x9e3779b97f4a7c15ULL ^ doc), h[1] = mix(h[0]);
    }
    return ((uint32_t)(h[0] >> 48) | 2u) << 16 | ((uint32_t)(h[1] >> 48) | 2u);
}

static int same_text(uint32_t a, uint32_t b)
{
    return (a >> 16) == (b >> 16) || (a & 0xffff) == (b & 0xffff);
}

/* Note that the line was seen with signature s. */
static void see_sig(slot *l, uint32_t s)
{
    if (l->sig[0] == SIG_DIVERSE || (l->sig[0] && same_text(l->sig[0], s)) ||
        (l->sig[1] && same_text(l->sig[1], s)))
        return;
    if (!l->sig[0])
        l->sig[0] = s;
    else if (!l->sig[1])
        l->sig[1] = s;
    else
        l->sig[0] = SIG_DIVERSE;
}

int ss_corpus_add_doc(ss_corpus *c, uint64_t source, const char *text, size_t n)
{
    c->doc++;
    uint32_t sig = doc_sig(text, n, c->doc);
    slot *src = upsert(&c->sources, source);
    if (!src)
        return SS_ENOMEM;
    src->count++;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(text + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - text) : n;
        const char *s = text + i;
        size_t len = e - i;
        i = e + 1;
        if (!trim(&s, &len) || len > SS_CORPUS_MAX_LINE)
            continue;
        if (c->lines.n + 1 >= c->max_entries && prune(c))
            return SS_ENOMEM;
        slot *l = upsert(&c->lines, line_key(source, s, len));
        if (!l)
            return SS_ENOMEM;
        if (l->last_doc != c->doc) {
            l->count += l->count == 0 ? 1 + c->floor : 1;
            l->last_doc = c->doc;
            see_sig(l, sig);
        }
    }
    return SS_OK;
}

int ss_corpus_is_chrome(const ss_corpus *c, uint64_t source, const char *s, size_t n)
{
    if (!c || !trim(&s, &n) || n > SS_CORPUS_MAX_LINE)
        return 0;
    const slot *src = find(&c->sources, source);
    const slot *l = find(&c->lines, line_key(source, s, n));
    if (!src || !l)
        return 0;
    return l->count >= SS_CORPUS_MIN_DOCS && l->count >= SS_CORPUS_MIN_SHARE * src->count &&
           l->sig[0] == SIG_DIVERSE;
}
