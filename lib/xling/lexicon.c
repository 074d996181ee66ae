/* xling/lexicon.c — the compact bilingual lexicon (see lexicon.h).
 *
 * Building collects (word key, target, order) triples, sorts them by word
 * and order, and writes each word's first distinct targets.  Loading maps
 * the file (read-only, shared with every process that maps it: a 34 MB
 * copy and its page faults were half the time of `stories` on a few
 * articles) and checks its layout; lookups binary-search the entry table.
 */
#include "xling/lexicon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/datadir.h"
#include "core/outfile.h"
#include "text/utf8.h"

#define MAGIC "SSLX"
#define VERSION 2u
#define MAX_LANGS 64

typedef struct {
    uint64_t key;
    uint32_t first, count;
} entry;

struct ss_lexicon {
    const char *mem; /* the file, mapped read-only */
    size_t size;
    uint32_t nlangs;
    char langs[MAX_LANGS][8];
    char langlist[MAX_LANGS * 4 + 1];
    const entry *e;
    uint64_t ne;
    const uint64_t *t;
    const float *w;
    uint64_t nt;
};

size_t ss_lexicon_stem(ss_stemmer *st, const char *norm, size_t n, char *out, size_t cap)
{
    const char *s = norm;
    size_t m = n;
    if (st) {
        s = ss_stem(st, norm, n, &m);
    } else {
        m = ss_utf8_byte_offset(norm, n, 5);
    }
    if (m >= cap)
        m = cap - 1;
    memcpy(out, s, m);
    out[m] = '\0';
    return m;
}

uint64_t ss_lexicon_word_key(const char *lang, const char *stem, size_t n)
{
    uint64_t k = XXH3_64bits_withSeed(stem, n, XXH3_64bits(lang, strlen(lang)));
    return k ? k : 1;
}

uint64_t ss_lexicon_english_key(const char *stem, size_t n)
{
    uint64_t k = XXH3_64bits_withSeed(stem, n, 0x70697674ull);
    return k ? k : 1;
}

ss_lexicon *ss_lexicon_load_file(const char *path, ss_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ss_error_set(err, SS_ENODATA, "cannot read the lexicon %s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ss_error_set(err, SS_EIO, "cannot read the lexicon %s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        ss_error_set(err, SS_EIO, "cannot read the lexicon %s: not a regular file", path);
        close(fd);
        return NULL;
    }
    if (st.st_size < 16) {
        close(fd);
        ss_error_set(err, SS_EFORMAT, "%s: not a samestory lexicon (too short)", path);
        return NULL;
    }
    ss_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) {
        close(fd);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    /* mapped, not read: the file is written whole and renamed into place
       (core/outfile.h), so a mapping never sees it change */
    lx->size = (size_t)st.st_size;
    void *m = mmap(NULL, lx->size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    close(fd);
    if (m == MAP_FAILED) {
        free(lx);
        ss_error_set(err, e == ENOMEM ? SS_ENOMEM : SS_EIO, "%s: cannot read: %s", path, strerror(e));
        return NULL;
    }
    lx->mem = m;
    const char *p = lx->mem, *end = lx->mem + lx->size;
    uint32_t version, nlangs;
    memcpy(&version, p + 4, 4);
    memcpy(&nlangs, p + 8, 4);
    if (memcmp(p, MAGIC, 4) != 0 || version != VERSION || nlangs > MAX_LANGS) {
        ss_lexicon_free(lx);
        ss_error_set(err, SS_EFORMAT, "%s: not a samestory lexicon of version %u (rebuild it: make)",
                     path, VERSION);
        return NULL;
    }
    p += 16;
    if ((size_t)(end - p) < nlangs * 8u + 16) {
        ss_lexicon_free(lx);
        ss_error_set(err, SS_EFORMAT, "%s: truncated lexicon", path);
        return NULL;
    }
    lx->nlangs = nlangs;
    size_t ll = 0;
    for (uint32_t i = 0; i < nlangs; i++, p += 8) {
        memcpy(lx->langs[i], p, 8);
        lx->langs[i][7] = '\0';
        if (ll < sizeof lx->langlist - 1) { /* a damaged file may hold long codes: the list is cut */
            int w = snprintf(lx->langlist + ll, sizeof lx->langlist - ll, "%s%s", i ? " " : "", lx->langs[i]);
            ll = w < 0 ? ll : ll + (size_t)w;
            if (ll > sizeof lx->langlist - 1)
                ll = sizeof lx->langlist - 1;
        }
    }
    memcpy(&lx->ne, p, 8);
    memcpy(&lx->nt, p + 8, 8);
    p += 16;
    if (lx->ne > (uint64_t)(end - p) / sizeof(entry) ||
        lx->nt > (uint64_t)(end - p) / 12 ||
        (uint64_t)(end - p) != lx->ne * sizeof(entry) + lx->nt * 12) {
        ss_lexicon_free(lx);
        ss_error_set(err, SS_EFORMAT, "%s: damaged lexicon (sizes do not add up)", path);
        return NULL;
    }
    lx->e = (const entry *)(const void *)p;
    lx->t = (const uint64_t *)(const void *)(p + lx->ne * sizeof(entry));
    lx->w = (const float *)(const void *)(p + lx->ne * sizeof(entry) + lx->nt * 8);
    for (uint64_t i = 0; i < lx->ne; i++) {
        if ((uint64_t)lx->e[i].first + lx->e[i].count > lx->nt || (i && lx->e[i - 1].key >= lx->e[i].key)) {
            ss_lexicon_free(lx);
            ss_error_set(err, SS_EFORMAT, "%s: damaged lexicon (entry %llu)", path,
                         (unsigned long long)i);
            return NULL;
        }
    }
    return lx;
}

ss_lexicon *ss_lexicon_load(ss_error *err)
{
    const char *env = getenv("SAMESTORY_LEXICON");
    if (env && env[0]) {
        ss_lexicon *lx = ss_lexicon_load_file(env, err);
        if (!lx && err)
            ss_error_prefix(err, "$SAMESTORY_LEXICON");
        return lx;
    }
    char path[1024];
    ss_error where;
    if (ss_data_path(SS_LEXICON_FILE, path, sizeof path, &where)) {
        ss_error_set(err, SS_ENODATA,
                     "no lexicon: %.700s (it is made from the FreeDict dictionaries when samestory "
                     "is built, and installed with it)",
                     where.msg);
        return NULL;
    }
    return ss_lexicon_load_file(path, err);
}

void ss_lexicon_free(ss_lexicon *lx)
{
    if (!lx)
        return;
    if (lx->mem)
        munmap((void *)lx->mem, lx->size);
    free(lx);
}

static int holds(const ss_lexicon *lx, const char *lang)
{
    for (uint32_t i = 0; lx && i < lx->nlangs; i++)
        if (strcmp(lx->langs[i], lang) == 0)
            return 1;
    return 0;
}

/* Languages looked up under one code (see ss_lexicon_lang); kin: the codes
 * are of one language (ss_lexicon_kin), not languages of their own that
 * borrow another's words. */
static const struct {
    const char *lang, *code;
    int kin;
} FAMILIES[] = {
    {"hr", SS_LEXICON_SH, 1}, {"sr", SS_LEXICON_SH, 1}, {"bs", SS_LEXICON_SH, 1}, {"cnr", SS_LEXICON_SH, 1},
    {"sh", SS_LEXICON_SH, 1}, {"da", SS_LEXICON_DANO, 1}, {"no", SS_LEXICON_DANO, 1}, {"nb", SS_LEXICON_DANO, 1},
    {"cs", SS_LEXICON_CSSK, 1}, {"sk", SS_LEXICON_CSSK, 1},
    /* Nepali and Marathi have no dictionary of their own; they share much
       of their learned (Sanskrit) vocabulary with Hindi and are written
       in its script: Hindi's words serve them (lexicon.h) */
    {"ne", "hi", 0}, {"mr", "hi", 0},
    /* Bengali, Punjabi and Gujarati too, their words written in Devanagari
       first (xling/pivot.c, devanagari) */
    {"bn", "hi", 0}, {"pa", "hi", 0}, {"gu", "hi", 0},
};

const char *ss_lexicon_lang(const ss_lexicon *lx, const char *lang)
{
    for (size_t i = 0; lang && i < sizeof FAMILIES / sizeof FAMILIES[0]; i++)
        if (strcmp(FAMILIES[i].lang, lang) == 0)
            return holds(lx, FAMILIES[i].code) ? FAMILIES[i].code : lang;
    return lang;
}

int ss_lexicon_kin(const char *a, const char *b)
{
    if (!a || !b || strcmp(a, b) == 0)
        return 0;
    const char *fa = NULL, *fb = NULL;
    for (size_t i = 0; i < sizeof FAMILIES / sizeof FAMILIES[0]; i++) {
        if (!FAMILIES[i].kin)
            continue;
        if (strcmp(FAMILIES[i].lang, a) == 0)
            fa = FAMILIES[i].code;
        if (strcmp(FAMILIES[i].lang, b) == 0)
            fb = FAMILIES[i].code;
    }
    return fa && fb && strcmp(fa, fb) == 0;
}

int ss_lexicon_has(const ss_lexicon *lx, const char *lang)
{
    if (!lang)
        return 0;
    if (strcmp(lang, "en") == 0)
        return 1;
    return holds(lx, ss_lexicon_lang(lx, lang));
}

const char *ss_lexicon_languages(const ss_lexicon *lx) { return lx ? lx->langlist : ""; }

size_t ss_lexicon_lookup(const ss_lexicon *lx, uint64_t key, const uint64_t **targets,
                         const float **weights)
{
    if (!lx || !lx->ne)
        return 0;
    uint64_t lo = 0, hi = lx->ne;
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (lx->e[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= lx->ne || lx->e[lo].key != key)
        return 0;
    *targets = lx->t + lx->e[lo].first;
    if (weights)
        *weights = lx->w + lx->e[lo].first;
    return lx->e[lo].count;
}

const char *ss_lexicon_package(const char *lang)
{
    static const char *const map[][2] = {
        {"de", "dict-freedict-deu-eng"}, {"fr", "dict-freedict-fra-eng"},
        {"es", "dict-freedict-spa-eng"}, {"it", "dict-freedict-ita-eng"},
        {"pt", "dict-freedict-por-eng"}, {"nl", "dict-freedict-nld-eng"},
        {"pl", "dict-freedict-pol-eng"}, {"tr", "dict-freedict-tur-eng"},
        {"ar", "dict-freedict-ara-eng"}, {"cs", "dict-freedict-ces-eng"},
        {"sv", "dict-freedict-swe-eng"}, {"da", "dict-freedict-dan-eng"},
        {"fi", "dict-freedict-fin-eng"}, {"hu", "dict-freedict-hun-eng"},
        {"no", "dict-freedict-eng-nor"}, {"id", "dict-freedict-eng-ind"},
        {"bg", "dict-freedict-eng-bul"}, {"sw", "dict-freedict-swh-eng"},
        {"hr", "dict-freedict-hrv-eng"}, {"sk", "dict-freedict-slk-eng"},
        /* the Serbian dictionary is tiny: the Croatian one serves the
           family (ss_lexicon_lang) */
        {"sl", "dict-freedict-slv-eng"}, {"sr", "dict-freedict-hrv-eng"},
        {"bs", "dict-freedict-hrv-eng"}, {"cnr", "dict-freedict-hrv-eng"},
        {"sh", "dict-freedict-hrv-eng"}, {"cs-sk", "dict-freedict-ces-eng"},
        {"lt", "dict-freedict-lit-eng"}, {"hi", "dict-freedict-eng-hin"},
        {"ru", "dict-freedict-eng-rus"}, {"el", "dict-freedict-eng-ell"},
        {"ja", "dict-freedict-jpn-eng"},
        /* Apertium's dictionaries (tools/build_lexicon.c; lttoolbox-dev
           prints them): Ukrainian and Belarusian through Russian's words */
        {"uk", "apertium-rus-ukr"}, {"be", "apertium-bel-rus"}, {"ca", "apertium-eng-cat"},
        {"gl", "apertium-en-gl"}, {"eu", "apertium-eu-en"}, {"mk", "apertium-mkd-eng"},
        /* and Urdu through Hindi's */
        {"ur", "apertium-urd-hin"},
        {NULL, NULL}};
    for (int i = 0; lang && map[i][0]; i++)
        if (strcmp(map[i][0], lang) == 0)
            return map[i][1];
    return NULL;
}

/* ---- building ------------------------------------------------------------------ */

typedef struct {
    uint64_t key, target;
    float weight;
    uint32_t order;
} triple;

struct ss_lexicon_builder {
    triple *v;
    size_t n, cap;
    char langs[MAX_LANGS][8];
    uint32_t nlangs;
};

ss_lexicon_builder *ss_lexicon_builder_new(void) { return calloc(1, sizeof(ss_lexicon_builder)); }

void ss_lexicon_builder_free(ss_lexicon_builder *b)
{
    if (!b)
        return;
    free(b->v);
    free(b);
}

int ss_lexicon_builder_language(ss_lexicon_builder *b, const char *lang)
{
    for (uint32_t i = 0; i < b->nlangs; i++)
        if (strcmp(b->langs[i], lang) == 0)
            return SS_OK;
    if (b->nlangs == MAX_LANGS)
        return SS_EINVAL;
    snprintf(b->langs[b->nlangs++], 8, "%s", lang);
    return SS_OK;
}

int ss_lexicon_builder_add(ss_lexicon_builder *b, uint64_t key, uint64_t target, float weight)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        triple *v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n].key = key;
    b->v[b->n].target = target;
    b->v[b->n].weight = weight;
    b->v[b->n].order = (uint32_t)b->n;
    b->n++;
    return SS_OK;
}

static int cmp_triple(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->target != y->target)
        return x->target < y->target ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* heaviest first; equal weights in the order added */
static int cmp_weight(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

int ss_lexicon_builder_write(ss_lexicon_builder *b, const char *path, ss_error *err)
{
    /* merge repeated (word, target) pairs, summing their weights */
    if (b->n)
        qsort(b->v, b->n, sizeof *b->v, cmp_triple);
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (m && b->v[m - 1].key == b->v[i].key && b->v[m - 1].target == b->v[i].target)
            b->v[m - 1].weight += b->v[i].weight;
        else
            b->v[m++] = b->v[i];
    }
    b->n = m;
    entry *e = malloc((b->n ? b->n : 1) * sizeof *e);
    uint64_t *t = malloc((b->n ? b->n : 1) * sizeof *t);
    float *w = malloc((b->n ? b->n : 1) * sizeof *w);
    if (!e || !t || !w) {
        free(e);
        free(t);
        free(w);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    uint64_t ne = 0, nt = 0;
    for (size_t i = 0; i < b->n;) {
        size_t j = i;
        while (j < b->n && b->v[j].key == b->v[i].key)
            j++;
        /* a word's targets, heaviest first; the faint ones dropped; weights
         * made to sum to 1 */
        qsort(b->v + i, j - i, sizeof *b->v, cmp_weight);
        float top = b->v[i].weight, sum = 0;
        e[ne].key = b->v[i].key;
        e[ne].first = (uint32_t)nt;
        e[ne].count = 0;
        for (size_t k = i; k < j && e[ne].count < SS_LEXICON_MAX_TARGETS; k++) {
            if (b->v[k].weight < top * SS_LEXICON_MIN_SHARE)
                break;
            t[nt] = b->v[k].target;
            w[nt++] = b->v[k].weight;
            sum += b->v[k].weight;
            e[ne].count++;
        }
        for (uint32_t k = 0; k < e[ne].count; k++)
            w[e[ne].first + k] /= sum;
        ne++;
        i = j;
    }
    /* a temporary made with O_EXCL beside path, renamed over it (core/outfile.h) */
    ss_outfile *of = ss_outfile_open(path, SS_OUTFILE_REGULAR, err);
    int rc = SS_OK;
    if (!of) {
        rc = err ? err->code : SS_EIO;
    } else {
        FILE *f = ss_outfile_stream(of);
        uint32_t head[4] = {0, VERSION, b->nlangs, 0};
        memcpy(head, MAGIC, 4);
        char langs[MAX_LANGS][8];
        memset(langs, 0, sizeof langs);
        for (uint32_t i = 0; i < b->nlangs; i++)
            memcpy(langs[i], b->langs[i], 8);
        if (fwrite(head, 4, 4, f) != 4 || fwrite(langs, 8, b->nlangs, f) != b->nlangs ||
            fwrite(&ne, 8, 1, f) != 1 || fwrite(&nt, 8, 1, f) != 1 ||
            fwrite(e, sizeof *e, ne, f) != ne || fwrite(t, 8, nt, f) != nt ||
            fwrite(w, 4, nt, f) != nt)
            rc = ss_error_set(err, SS_EIO, "%s: write failed: %s", path, strerror(errno));
        if (rc == SS_OK)
            rc = ss_outfile_commit(of, err);
        else
            ss_outfile_abort(of);
    }
    free(e);
    free(t);
    free(w);
    return rc;
}
