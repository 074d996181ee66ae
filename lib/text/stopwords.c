/* text/stopwords.c — stopword sets: an open-addressing table of 64-bit
 * keys, hash(word) mixed with a salt per language for per-language
 * lookups and with a marker for "any language"; and, for short ASCII
 * words, a second table of the words themselves (see PACK_MAX). */
#include "text/stopwords.h"

#include <errno.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/buf.h"
#include "core/datadir.h"
#include "text/norm.h"

/* A word's shape for the filter in front of the table: its length (mod
 * 16) and the low five bits of its first and last bytes.  The lists hold
 * about 1,900 words in 936 shapes, so about one shape in seventeen is a
 * function word's, and most content words are turned away before they are
 * hashed (the cleaner looks every word of a page up; in `dedup` the
 * lookups were 13% of the CPU). */
#define SHAPES (16u * 32u * 32u)

static unsigned shape(const char *w, size_t n)
{
    return (unsigned)(n & 15) << 10 | ((unsigned char)w[0] & 31u) << 5 |
           ((unsigned char)w[n - 1] & 31u);
}

/* Short ASCII words, the most looked up (most function words of the Latin
 * scripts are 1 to 7 letters), are also kept whole: the word's bytes
 * packed into a 64-bit integer (first byte lowest, zeros after the last;
 * no listed word holds a NUL, so the packing is one-to-one) with a tag in
 * the top byte, 0 for "any language" and 1 + the language's index for
 * that language's list.  The table has at least four slots a word, and a
 * word's first slot is one multiply of its packed form away.  A lookup
 * there hashes nothing and needs no shape filter first (which let half
 * the words of prose through, and mispredicted about as often); for ASCII
 * words of any case the bytes are packed and lower-cased at once.  It
 * answers exactly as the keyed table does for those words
 * (tests/unit/test_wordlists.c). */
#define PACK_MAX 7
#define PACK_ANY 0u

static uint64_t pack_word(const char *w, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)(unsigned char)w[i] << (8 * i);
    return v;
}

/* A set of non-zero 64-bit keys, open addressing, each key's first slot
 * its top bits after one multiply (the keyed table's keys are hashes, the
 * packed words are not: the multiply spreads both). */
typedef struct {
    uint64_t *v; /* 1 << bits slots, 0 = empty */
    size_t n;
    unsigned bits;
} keyset;

static size_t key_slot(uint64_t k, unsigned bits)
{
    return (size_t)((k * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

/* Add k, keeping at most one slot in 2^spare_log2 used (grows by doubling
 * from 2^first_bits slots). */
static int set_add(keyset *s, uint64_t k, unsigned first_bits, unsigned spare_log2)
{
    if (!s->v || (s->n + 1) << spare_log2 > (size_t)1 << s->bits) {
        unsigned bits = s->v ? s->bits + 1 : first_bits;
        uint64_t *t = calloc((size_t)1 << bits, sizeof *t);
        if (!t)
            return SS_ENOMEM;
        for (size_t i = 0; s->v && i < ((size_t)1 << s->bits); i++) {
            if (!s->v[i])
                continue;
            size_t j = key_slot(s->v[i], bits);
            while (t[j])
                j = (j + 1) & (((size_t)1 << bits) - 1);
            t[j] = s->v[i];
        }
        free(s->v);
        s->v = t;
        s->bits = bits;
    }
    size_t mask = ((size_t)1 << s->bits) - 1, j = key_slot(k, s->bits);
    while (s->v[j]) {
        if (s->v[j] == k)
            return SS_OK;
        j = (j + 1) & mask;
    }
    s->v[j] = k;
    s->n++;
    return SS_OK;
}

static int set_has(const keyset *s, uint64_t k)
{
    if (!s->v)
        return 0;
    size_t mask = ((size_t)1 << s->bits) - 1, j = key_slot(k, s->bits);
    while (s->v[j]) {
        if (s->v[j] == k)
            return 1;
        j = (j + 1) & mask;
    }
    return 0;
}

struct ss_stopwords {
    keyset keys;   /* hashed keys (key_for, key_any), at most half full */
    keyset packed; /* short ASCII words packed and tagged (PACK_MAX), a quarter full */
    uint64_t shapes[SHAPES / 64]; /* bit set: some listed word has this shape */
    char langs[64][8];
    uint8_t sparse[64]; /* the list's first line is "#! sparse" (stopwords.h) */
    int nlangs;
};

#define ANY_SEED 0x5354u

/* Keys: the word's XXH3 (the tokenizer's hash of a normalized token)
 * mixed with a salt per language, so a caller holding the word hash needs
 * no second pass over the word. */
static uint64_t mix(uint64_t h, uint64_t salt)
{
    uint64_t k = (h ^ salt) * 0x9E3779B97F4A7C15ull;
    k ^= k >> 29;
    return k ? k : 1;
}

/* Seeded: with the plain XXH3 of the code, a word spelled as a language's
 * code ("it", "es", "de", "hi") keyed for that language gave
 * mix(h ^ (h | 1)), one of two constants, so "it" was an Italian function
 * word because "es" is a Spanish one, and English "it" voted Italian in
 * language identification. */
#define LANG_SEED 0x4C414E47u /* "LANG" */
static uint64_t lang_salt(const char *lang)
{
    return XXH3_64bits_withSeed(lang, strlen(lang), LANG_SEED) | 1;
}

static uint64_t key_for(const char *lang, const char *w, size_t n)
{
    return mix(XXH3_64bits(w, n), lang_salt(lang));
}

static uint64_t key_any(const char *w, size_t n) { return mix(XXH3_64bits(w, n), ANY_SEED); }

static int is_packable(const char *w, size_t n)
{
    if (n == 0 || n > PACK_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80 || w[i] == '\0')
            return 0;
    return 1;
}

static int insert(ss_stopwords *sw, uint64_t k) { return set_add(&sw->keys, k, 12, 1); }
static int insert_packed(ss_stopwords *sw, uint64_t v) { return set_add(&sw->packed, v, 10, 2); }
static int has(const ss_stopwords *sw, uint64_t k) { return sw && set_has(&sw->keys, k); }
static int has_packed(const ss_stopwords *sw, uint64_t v) { return set_has(&sw->packed, v); }

static int load_file(ss_stopwords *sw, const char *path, const char *lang, unsigned tag, uint8_t *sparse)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return SS_EIO;
    char line[256];
    ss_buf norm = SS_BUF_INIT, scratch = SS_BUF_INIT;
    int rc = SS_OK, first = 1;
    *sparse = 0;
    while (rc == SS_OK && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (first && n >= 9 && memcmp(line, "#! sparse", 9) == 0)
            *sparse = 1;
        first = 0;
        if (n == 0 || line[0] == '#')
            continue;
        ss_buf_clear(&norm);
        if (ss_normalize(line, n, SS_NORM_DEFAULT, &norm, &scratch)) {
            rc = SS_ENOMEM;
            break;
        }
        rc = insert(sw, key_for(lang, norm.data, norm.len));
        if (rc == SS_OK && !*sparse)
            rc = insert(sw, key_any(norm.data, norm.len));
        if (rc == SS_OK && !*sparse && is_packable(norm.data, norm.len))
            rc = insert_packed(sw, pack_word(norm.data, norm.len) | (uint64_t)PACK_ANY << 56);
        if (rc == SS_OK && is_packable(norm.data, norm.len))
            rc = insert_packed(sw, pack_word(norm.data, norm.len) | (uint64_t)tag << 56);
        if (norm.len) {
            unsigned b = shape(norm.data, norm.len);
            sw->shapes[b / 64] |= 1ull << (b % 64);
        }
    }
    fclose(f);
    ss_buf_release(&norm);
    ss_buf_release(&scratch);
    return rc;
}

ss_stopwords *ss_stopwords_load(ss_error *err) { return ss_wordlist_load("stopwords", err); }

ss_stopwords *ss_wordlist_load(const char *folder, ss_error *err)
{
    char dir[1024];
    if (ss_data_path(folder, dir, sizeof dir, err))
        return NULL;
    ss_stopwords *sw = calloc(1, sizeof *sw);
    if (!sw) {
        ss_error_set(err, SS_ENOMEM, "%s: out of memory", folder);
        return NULL;
    }
    DIR *d = opendir(dir);
    if (!d) {
        ss_error_set(err, SS_ENODATA, "%s: cannot open %s: %s", folder, dir, strerror(errno));
        free(sw);
        return NULL;
    }
    struct dirent *e;
    int rc = SS_OK;
    while (rc == SS_OK && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || n > 11 || strcmp(e->d_name + n - 4, ".txt") != 0 || sw->nlangs >= 64)
            continue;
        char lang[8] = {0}; /* zero-padded: compared as one integer (lang_index) */
        memcpy(lang, e->d_name, n - 4);
        lang[n - 4] = '\0';
        char path[1300]; /* dir (1024) + "/" + a file name (256) */
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        rc = load_file(sw, path, lang, (unsigned)sw->nlangs + 1, &sw->sparse[sw->nlangs]);
        if (rc == SS_OK)
            memcpy(sw->langs[sw->nlangs++], lang, sizeof lang);
    }
    closedir(d);
    if (rc) {
        ss_error_set(err, rc, "%s: cannot load lists from %s", folder, dir);
        ss_stopwords_free(sw);
        return NULL;
    }
    return sw;
}

void ss_stopwords_free(ss_stopwords *sw)
{
    if (!sw)
        return;
    free(sw->keys.v);
    free(sw->packed.v);
    free(sw);
}

/* The index of a loaded language (its code compared as one zero-padded
 * integer: the per-language lookups ask for every word), or -1. */
static int lang_index(const ss_stopwords *sw, const char *lang)
{
    if (!sw || !lang)
        return -1;
    size_t n = strnlen(lang, 8);
    if (n >= 8)
        return -1;
    uint64_t want = 0, have;
    memcpy(&want, lang, n);
    for (int i = 0; i < sw->nlangs; i++) {
        memcpy(&have, sw->langs[i], sizeof have);
        if (have == want)
            return i;
    }
    return -1;
}

int ss_stopword(const ss_stopwords *sw, const char *lang, const char *word, size_t len)
{
    int li = lang_index(sw, lang);
    if (li < 0)
        return 0; /* no list of that language: no key of it either */
    if (is_packable(word, len))
        return has_packed(sw, pack_word(word, len) | (uint64_t)(li + 1) << 56);
    return has(sw, key_for(lang, word, len));
}

int ss_stopword_any(const ss_stopwords *sw, const char *word, size_t len)
{
    if (!sw || !len)
        return 0; /* no list holds the empty word (load_file skips blank lines) */
    unsigned b = shape(word, len);
    if (!(sw->shapes[b / 64] >> (b % 64) & 1))
        return 0;
    if (is_packable(word, len))
        return has_packed(sw, pack_word(word, len));
    return has(sw, key_any(word, len));
}

static inline char ascii_lower(char c) { return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c); }

int ss_stopword_any_ascii(const ss_stopwords *sw, const char *word, size_t len)
{
    if (!sw || !len)
        return 0;
    if (len <= PACK_MAX) {
        /* packed and lower-cased all at once (for bytes under 0x80:
         * a byte from 'A' to 'Z' gets its 0x20 bit) */
        uint64_t v = pack_word(word, len);
        const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        uint64_t used = (1ull << (8 * len)) - 1; /* len <= 7 */
        uint64_t nul = (v - ones) & ~v & highs & used;
        if ((v & highs) == 0 && nul == 0) {
            uint64_t upper = (v + ones * (0x80 - 'A')) & ~(v + ones * (0x80 - 'Z' - 1)) & highs;
            return has_packed(sw, v | upper >> 2);
        }
        /* a NUL (no listed word has one) or a byte past ASCII: as below */
    }
    char low[48];
    if (len > sizeof low)
        return 0; /* the lists' ASCII words are all shorter */
    low[0] = ascii_lower(word[0]);
    low[len - 1] = ascii_lower(word[len - 1]);
    unsigned b = shape(low, len);
    if (!(sw->shapes[b / 64] >> (b % 64) & 1))
        return 0;
    for (size_t k = 1; k + 1 < len; k++)
        low[k] = ascii_lower(word[k]);
    return has(sw, key_any(low, len));
}

uint64_t ss_stopword_salt(const char *lang) { return lang ? lang_salt(lang) : 0; }

int ss_stopword_hashed(const ss_stopwords *sw, uint64_t salt, uint64_t word_hash)
{
    return salt && has(sw, mix(word_hash, salt));
}

int ss_stopwords_has(const ss_stopwords *sw, const char *lang) { return lang_index(sw, lang) >= 0; }

int ss_stopwords_dense(const ss_stopwords *sw, const char *lang)
{
    int i = lang_index(sw, lang);
    return i >= 0 && !sw->sparse[i];
}
