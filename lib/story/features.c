/* story/features.c — document to sparse vectors (see features.h).
 *
 * Counting goes through a per-featurizer open-addressing table (key ->
 * count) per field; at the end each table is dumped, sorted by key and
 * turned into 1 + ln(count) weights.
 */
#include "story/features.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/buf.h"
#include "story/entity.h"
#include "text/stem.h"
#include "text/token.h"
#include "text/utf8.h"

/* ---- vectors ------------------------------------------------------------ */

void ss_fvec_init(ss_fvec *v) { memset(v, 0, sizeof *v); }

void ss_fvec_release(ss_fvec *v)
{
    free(v->k);
    free(v->w);
    memset(v, 0, sizeof *v);
}

static int fvec_reserve(ss_fvec *v, uint32_t n)
{
    if (n <= v->cap)
        return SS_OK;
    uint32_t cap = v->cap ? v->cap : 16;
    while (cap < n)
        cap *= 2;
    uint64_t *k = realloc(v->k, cap * sizeof *k);
    if (!k)
        return SS_ENOMEM;
    v->k = k;
    float *w = realloc(v->w, cap * sizeof *w);
    if (!w)
        return SS_ENOMEM;
    v->w = w;
    v->cap = cap;
    return SS_OK;
}

int ss_fvec_add(ss_fvec *acc, const ss_fvec *v, float scale)
{
    /* merge v into acc's own buffer from the back (no new vector per add:
     * a story profile grows by one article at a time); a read position of
     * acc never falls behind the write position, and what acc keeps at
     * its front stays where it is */
    if (!v->n)
        return SS_OK;
    if (fvec_reserve(acc, acc->n + v->n))
        return SS_ENOMEM;
    int64_t i = (int64_t)acc->n - 1, j = (int64_t)v->n - 1, o = (int64_t)acc->n + v->n - 1;
    while (j >= 0) {
        if (i >= 0 && acc->k[i] > v->k[j]) {
            acc->k[o] = acc->k[i];
            acc->w[o--] = acc->w[i--];
        } else if (i >= 0 && acc->k[i] == v->k[j]) {
            acc->k[o] = acc->k[i];
            acc->w[o--] = acc->w[i--] + scale * v->w[j--];
        } else {
            acc->k[o] = v->k[j];
            acc->w[o--] = scale * v->w[j--];
        }
    }
    size_t head = (size_t)(i + 1), tail = (size_t)acc->n + v->n - 1 - (size_t)o;
    if ((size_t)(o + 1) != head) {
        memmove(acc->k + head, acc->k + o + 1, tail * sizeof *acc->k);
        memmove(acc->w + head, acc->w + o + 1, tail * sizeof *acc->w);
    }
    acc->n = (uint32_t)(head + tail);
    return SS_OK;
}

void ss_features_init(ss_features *x)
{
    memset(x, 0, sizeof *x);
    x->time = SS_TIME_NONE;
}

void ss_features_release(ss_features *x)
{
    for (int f = 0; f < SS_F_COUNT; f++)
        ss_fvec_release(&x->f[f]);
    ss_features_init(x);
}

int ss_features_copy(ss_features *dst, const ss_features *src)
{
    ss_features_release(dst);
    dst->time = src->time;
    dst->weighted = src->weighted;
    memcpy(dst->norm, src->norm, sizeof dst->norm);
    memcpy(dst->lang, src->lang, sizeof dst->lang);
    dst->words = src->words;
    dst->headline_only = src->headline_only;
    for (int f = 0; f < SS_F_COUNT; f++) {
        if (fvec_reserve(&dst->f[f], src->f[f].n))
            return SS_ENOMEM;
        if (src->f[f].n) {
            memcpy(dst->f[f].k, src->f[f].k, src->f[f].n * sizeof(uint64_t));
            memcpy(dst->f[f].w, src->f[f].w, src->f[f].n * sizeof(float));
        }
        dst->f[f].n = src->f[f].n;
    }
    return SS_OK;
}

/* ---- counting tables -------------------------------------------------------- */

typedef struct {
    uint64_t *k;
    float *c;
    size_t cap, n;
} table;

static void table_clear(table *t)
{
    if (t->k)
        memset(t->k, 0, t->cap * sizeof *t->k);
    t->n = 0;
}

static int table_add(table *t, uint64_t key, float c)
{
    if (!key)
        key = 1;
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        uint64_t *k = calloc(cap, sizeof *k);
        float *cc = calloc(cap, sizeof *cc);
        if (!k || !cc) {
            free(k);
            free(cc);
            return SS_ENOMEM;
        }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->k[i])
                continue;
            size_t j = (size_t)t->k[i] & (cap - 1);
            while (k[j])
                j = (j + 1) & (cap - 1);
            k[j] = t->k[i];
            cc[j] = t->c[i];
        }
        free(t->k);
        free(t->c);
        t->k = k;
        t->c = cc;
        t->cap = cap;
    }
    size_t j = (size_t)key & (t->cap - 1);
    while (t->k[j] && t->k[j] != key)
        j = (j + 1) & (t->cap - 1);
    if (!t->k[j]) {
        t->k[j] = key;
        t->c[j] = 0;
        t->n++;
    }
    t->c[j] += c;
    return SS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Dump a table into a sorted vector with 1 + ln(count) weights. */
static int table_to_fvec(const table *t, ss_fvec *v)
{
    v->n = 0;
    if (t->n == 0)
        return SS_OK;
    if (fvec_reserve(v, (uint32_t)t->n))
        return SS_ENOMEM;
    uint32_t n = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->k[i])
            v->k[n++] = t->k[i];
    qsort(v->k, n, sizeof *v->k, cmp_u64);
    for (uint32_t i = 0; i < n; i++) {
        size_t j = (size_t)v->k[i] & (t->cap - 1);
        while (t->k[j] != v->k[i])
            j = (j + 1) & (t->cap - 1);
        v->w[i] = 1.0f + logf(t->c[j] > 1.0f ? t->c[j] : 1.0f);
    }
    v->n = n;
    return SS_OK;
}

/* ---- the featurizer -------------------------------------------------------- */

struct ss_featurizer {
    const ss_stopwords *sw;
    ss_stemmers *stem;
    ss_tokens tok;
    ss_mentions men;
    table t[SS_F_COUNT];
};

ss_featurizer *ss_featurizer_new(const ss_stopwords *sw, ss_error *err)
{
    ss_featurizer *fz = calloc(1, sizeof *fz);
    if (!fz) {
        ss_error_set(err, SS_ENOMEM, "featurizer: out of memory");
        return NULL;
    }
    fz->sw = sw;
    if (!(fz->stem = ss_stemmers_new())) {
        free(fz);
        ss_error_set(err, SS_ENOMEM, "featurizer: out of memory");
        return NULL;
    }
    ss_tokens_init(&fz->tok);
    ss_mentions_init(&fz->men);
    return fz;
}

void ss_featurizer_free(ss_featurizer *fz)
{
    if (!fz)
        return;
    ss_stemmers_free(fz->stem);
    ss_tokens_release(&fz->tok);
    ss_mentions_release(&fz->men);
    for (int f = 0; f < SS_F_COUNT; f++) {
        free(fz->t[f].k);
        free(fz->t[f].c);
    }
    free(fz);
}

static int comma_decimal(const char *lang)
{
    static const char *const l[] = {"de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru", "uk",
                                    "cs", "sk", "sl", "hr", "sr", "bg", "ro", "hu", "da", "no",
                                    "sv", "fi", "el", "id", "vi", "ca", "lt", "lv", "et", NULL};
    for (int i = 0; lang && l[i]; i++)
        if (strcmp(l[i], lang) == 0)
            return 1;
    return 0;
}

size_t ss_number_canonical(const char *tok, size_t len, const char *lang, char out[40])
{
    char digits[40];
    size_t nd = 0, i = 0;
    int sep_pos[8], nsep = 0;
    char sep_ch[8];
    while (i < len) {
        uint32_t cp = ss_utf8_next(tok, len, &i);
        if (cp == '.' || cp == ',' || cp == 0x066B || cp == 0x066C) {
            if (nsep < 8) {
                sep_pos[nsep] = (int)nd;
                sep_ch[nsep++] = cp == 0x066B ? '.' : cp == 0x066C ? ',' : (char)cp;
            }
            continue;
        }
        int32_t v = u_charDigitValue((UChar32)cp);
        /* 38 digits at most: with a decimal point and the NUL they fill out[40] */
        if (v < 0 || v > 9 || nd >= sizeof digits - 2)
            return 0;
        digits[nd++] = (char)('0' + v);
    }
    if (nd == 0)
        return 0;
    /* decide which separator (if any) is the decimal point */
    int dec = -1; /* position in digits where the fraction starts */
    if (nsep > 0) {
        char last = sep_ch[nsep - 1];
        int mixed = 0;
        for (int s = 0; s < nsep; s++)
            mixed |= sep_ch[s] != last;
        int tail = (int)nd - sep_pos[nsep - 1];
        if (mixed) {
            dec = sep_pos[nsep - 1]; /* "1,234.5" or "1.234,5": the last one */
        } else if (nsep == 1) {
            char decimal_ch = comma_decimal(lang) ? ',' : '.';
            if (last == decimal_ch || tail != 3)
                dec = sep_pos[0];
        }
    }
    size_t n = 0;
    size_t int_end = dec >= 0 ? (size_t)dec : nd;
    size_t s = 0;
    while (s + 1 < int_end && digits[s] == '0')
        s++;
    for (size_t q = s; q < int_end; q++)
        out[n++] = digits[q];
    if (dec >= 0) {
        size_t fe = nd;
        while (fe > (size_t)dec && digits[fe - 1] == '0')
            fe--;
        if (fe > (size_t)dec) {
            out[n++] = '.';
            for (size_t q = (size_t)dec; q < fe; q++)
                out[n++] = digits[q];
        }
    }
    if (n == 0)
        out[n++] = '0';
    out[n] = '\0';
    return n;
}

#define LEAD_WORDS 60

#define SEED_TERM 0x7465726dull
#define SEED_NUM 0x6e756d62ull
#define SEED_CJK 0x636a6b21ull

/* Key of a content word: stem, or first five code points. */
static uint64_t term_key(ss_featurizer *fz, const ss_token *t, const char *norm, const char *lang)
{
    if (t->kind == SS_TOK_CJK)
        return XXH3_64bits_withSeed(norm, t->norm_len, SEED_CJK);
    ss_stemmer *st = lang ? ss_stemmers_get(fz->stem, lang) : NULL;
    if (st) {
        size_t n;
        const char *s = ss_stem(st, norm, t->norm_len, &n);
        return XXH3_64bits_withSeed(s, n, SEED_TERM);
    }
    size_t cut = ss_utf8_byte_offset(norm, t->norm_len, 5);
    return XXH3_64bits_withSeed(norm, cut, SEED_TERM);
}

static int is_stop(const ss_featurizer *fz, const char *lang, const char *w, size_t n)
{
    if (!fz->sw)
        return 0;
    if (lang && ss_stopwords_has(fz->sw, lang))
        return ss_stopword(fz->sw, lang, w, n);
    return ss_stopword_any(fz->sw, w, n);
}


/* Count the terms and numbers (and title and lead terms) of tokens
 * [t0, t1) of tok; words counts the words seen so far in the document (for
 * the lead). */
static int count_tokens(ss_featurizer *fz, const ss_tokens *tok, size_t t0, size_t t1,
                        const char *lang, int is_title, uint32_t *words)
{
    for (size_t k = t0; k < t1; k++) {
        const ss_token *t = &tok->v[k];
        const char *norm = ss_token_norm(tok, k);
        if (t->kind == SS_TOK_NUM) {
            char canon[40];
            size_t n = ss_number_canonical(norm, t->norm_len, lang, canon);
            if (n && table_add(&fz->t[SS_F_NUMS], XXH3_64bits_withSeed(canon, n, SEED_NUM), 1.0f))
                return SS_ENOMEM;
            continue;
        }
        (*words)++;
        if (t->kind == SS_TOK_WORD && (t->cp_end - t->cp_start < 2 || is_stop(fz, lang, norm, t->norm_len)))
            continue;
        uint64_t key = term_key(fz, t, norm, lang);
        if (table_add(&fz->t[SS_F_TERMS], key, is_title ? 2.0f : 1.0f))
            return SS_ENOMEM;
        if (is_title && table_add(&fz->t[SS_F_TITLE], key, 1.0f))
            return SS_ENOMEM;
        if (*words <= LEAD_WORDS && table_add(&fz->t[SS_F_LEAD], key, 1.0f))
            return SS_ENOMEM;
    }
    return SS_OK;
}

/* Count the name words of the mentions lying in tokens [t0, t1). */
static int count_names(ss_featurizer *fz, const ss_tokens *tok, const ss_mentions *men, size_t t0,
                       size_t t1)
{
    for (size_t m = 0; m < men->n; m++) {
        if (men->v[m].tok_start < t0 || men->v[m].tok_end > t1)
            continue;
        const ss_mention *x = &men->v[men->v[m].canon];
        for (uint32_t q = x->tok_start; q < x->tok_end; q++) {
            const ss_token *t = &tok->v[q];
            if (!(t->flags & SS_TF_UPPER))
                continue; /* connectors */
            if (table_add(&fz->t[SS_F_ENTS], ss_token_name_key(tok, q), 1.0f))
                return SS_ENOMEM;
        }
    }
    return SS_OK;
}

/* Count the terms, numbers (and title terms) and names of one piece of
 * text. */
static int count_text(ss_featurizer *fz, const char *text, size_t len, const char *lang,
                      int is_title, uint32_t *words)
{
    if (ss_tokenize(text, len, 0, SS_TOKENIZE_NORM, &fz->tok))
        return SS_ENOMEM;
    if (count_tokens(fz, &fz->tok, 0, fz->tok.n, lang, is_title, words))
        return SS_ENOMEM;
    if (ss_find_mentions(text, len, &fz->tok, lang, fz->sw, &fz->men))
        return SS_ENOMEM;
    return count_names(fz, &fz->tok, &fz->men, 0, fz->tok.n);
}

uint64_t ss_featurizer_term_key(ss_featurizer *fz, const ss_tokens *tok, size_t k, const char *lang)
{
    const ss_token *t = &tok->v[k];
    const char *norm = ss_token_norm(tok, k);
    if (lang && (!lang[0] || strcmp(lang, "und") == 0))
        lang = NULL;
    if (t->kind == SS_TOK_NUM ||
        (t->kind == SS_TOK_WORD && (t->cp_end - t->cp_start < 2 || is_stop(fz, lang, norm, t->norm_len))))
        return 0;
    uint64_t key = term_key(fz, t, norm, lang);
    return key ? key : 1;
}

int ss_featurize_tokens(ss_featurizer *fz, const ss_tokens *tok, size_t t0, size_t t1,
                        const ss_mentions *men, const char *lang, ss_features *out)
{
    for (int f = 0; f < SS_F_COUNT; f++)
        table_clear(&fz->t[f]);
    if (lang && (!lang[0] || strcmp(lang, "und") == 0))
        lang = NULL;
    uint32_t words = LEAD_WORDS + 1; /* no lead for a piece */
    if (count_tokens(fz, tok, t0, t1 < tok->n ? t1 : tok->n, lang, 0, &words))
        return SS_ENOMEM;
    if (men && count_names(fz, tok, men, t0, t1))
        return SS_ENOMEM;
    for (int f = 0; f < SS_F_COUNT; f++)
        if (table_to_fvec(&fz->t[f], &out->f[f]))
            return SS_ENOMEM;
    out->time = SS_TIME_NONE;
    out->weighted = 0;
    memset(out->norm, 0, sizeof out->norm);
    snprintf(out->lang, sizeof out->lang, "%s", lang ? lang : "");
    out->words = words - (LEAD_WORDS + 1);
    out->headline_only = 0;
    return SS_OK;
}

int ss_featurize(ss_featurizer *fz, const ss_doc *d, ss_features *out)
{
    for (int f = 0; f < SS_F_COUNT; f++)
        table_clear(&fz->t[f]);
    const char *lang = d->lang[0] && strcmp(d->lang, "und") != 0 ? d->lang : NULL;
    uint32_t words = 0;
    const char *title = d->title ? d->title : "";
    size_t tlen = strlen(title);
    const char *body = d->text ? d->text + d->body_start : "";
    size_t work = ss_doc_work_len(d); /* a giant page: its first SS_DOC_WORK_MAX */
    size_t blen = work > d->body_start ? work - d->body_start : 0;
    if (tlen) {
        if (count_text(fz, title, tlen, lang, 1, &words))
            return SS_ENOMEM;
    } else if (blen) {
        /* no title given: a short first line of the text is one */
        const char *nl = memchr(body, '\n', blen);
        size_t first = nl ? (size_t)(nl - body) : 0;
        if (first > 0 && first <= 200 && first < blen) {
            if (count_text(fz, body, first, lang, 1, &words))
                return SS_ENOMEM;
            body += first;
            blen -= first;
        }
    }
    uint32_t title_words = words;
    if (blen && count_text(fz, body, blen, lang, 0, &words))
        return SS_ENOMEM;
    for (int f = 0; f < SS_F_COUNT; f++)
        if (table_to_fvec(&fz->t[f], &out->f[f]))
            return SS_ENOMEM;
    out->time = d->time;
    out->weighted = 0;
    memset(out->norm, 0, sizeof out->norm);
    snprintf(out->lang, sizeof out->lang, "%s", d->lang);
    out->words = words;
    out->headline_only = words == title_words;
    return SS_OK;
}
