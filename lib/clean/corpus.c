/* clean/corpus.c — per-source counts of recurring short lines.
 *
 * Two open-addressing tables: lines (key = hash(source, trimmed line),
 * value = documents seen and the text signatures they had) and sources
 * (key = source hash, value = documents seen).  Keys are 64-bit hashes;
 * 0 marks an empty slot.  The line table never exceeds max_entries; see
 * corpus_internal.h for how it stays bounded.
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
    uint64_t sig[2];   /* the first two text signatures the line was seen with; 0 = none
                          yet; sig[0] == SIG_DIVERSE once a third distinct one came */
} slot;

/* A signature has its top bit set, so neither 0 (empty) nor SIG_DIVERSE
 * (1) is one. */
#define SIG_DIVERSE 1u
/* Words per shingle of a document's signature. */
#define SIG_SHINGLE 3
/* MinHash values in a signature, one byte of each kept (b-bit MinHash). */
#define SIG_HASHES 8
/* Values two signatures must share to be one text: 5 of 8 estimates a
 * Jaccard similarity of about 0.6 or more (section "Signatures"). */
#define SIG_SAME 5

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

/* Signatures.  A document's text signature is a MinHash of its word
 * shingles (SIG_SHINGLE words, across all its lines): SIG_HASHES minima
 * under as many hash functions, the top byte of each kept.  Two documents
 * are one text when SIG_SAME of the bytes agree, an estimate of a Jaccard
 * similarity of 0.6 or more.  Reprints with small edits (J about 0.9)
 * miss it with chance 0.005; two different articles of one outlet that
 * share its furniture (tests/data/furniture/outlet.jsonl: two furniture
 * lines as long as the article, J about 0.35) reach it with chance 0.1,
 * and a line needs three different texts.  Not fingerprint/minhash.h:
 * the cleaner sits below the deduplicator (which cleans with it), and a
 * line slot holds 16 bytes of signature, not a sketch of 64 bins or more.
 * Cost: within the noise of `clean` with learning on 58 MB of JSONL
 * (4.9-5.3 s with the signature, 4.9-5.5 s without). */
static uint64_t doc_sig(const char *text, size_t n, uint32_t doc)
{
    uint64_t best[SIG_HASHES], w[SIG_SHINGLE] = {0};
    for (int k = 0; k < SIG_HASHES; k++)
        best[k] = UINT64_MAX;
    unsigned words = 0;
    for (size_t a = 0; a < n;) {
        while (a < n && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r' || text[a] == '\n'))
            a++;
        size_t b = a;
        while (b < n && text[b] != ' ' && text[b] != '\t' && text[b] != '\r' && text[b] != '\n')
            b++;
        if (b == a)
            break;
        memmove(w, w + 1, sizeof w - sizeof *w);
        w[SIG_SHINGLE - 1] = XXH3_64bits(text + a, b - a);
        if (++words >= SIG_SHINGLE) {
            uint64_t h = 0;
            for (int k = 0; k < SIG_SHINGLE; k++)
                h = mix(h ^ w[k]);
            for (int k = 0; k < SIG_HASHES; k++) {
                uint64_t x = mix(h ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1)));
                if (x < best[k])
                    best[k] = x;
            }
        }
        a = b;
    }
    if (words < SIG_SHINGLE) /* no shingle: a text of its own */
        for (int k = 0; k < SIG_HASHES; k++)
            best[k] = mix(0x9e3779b97f4a7c15ULL ^ ((uint64_t)doc << 8 | (uint64_t)k));
    uint64_t sig = 0;
    for (int k = 0; k < SIG_HASHES; k++)
        sig |= (best[k] >> 56) << (8 * k);
    return sig | (1ULL << 63);
}

static int same_text(uint64_t a, uint64_t b)
{
    int same = 0;
    for (int k = 0; k < SIG_HASHES; k++)
        same += ((a >> (8 * k)) & 0xff) == ((b >> (8 * k)) & 0xff);
    return same >= SIG_SAME;
}

/* Note that the line was seen with signature s. */
static void see_sig(slot *l, uint64_t s)
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
    uint64_t sig = doc_sig(text, n, c->doc);
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
