/* fingerprint/shingle.c — words, lines, exact keys and shingles (see shingle.h).
 *
 * Word hashes come from the tokenizer (XXH3 of the normalized form).  A
 * shingle hash rotates each word's hash by its place in the window, XORs
 * them and finishes with a 64-bit avalanche, so the same words in another
 * order give another shingle; windows roll in constant time (shingle_run).  Line and exact keys are XXH3 over
 * the word hashes.
 */
#include "fingerprint/shingle.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/error.h"

void ss_fp_text_init(ss_fp_text *t) { memset(t, 0, sizeof *t); }

void ss_fp_text_release(ss_fp_text *t)
{
    free(t->words);
    free(t->lines);
    free(t->seq);
    memset(t, 0, sizeof *t);
}

static int grow_u64(uint64_t **v, size_t *cap, size_t need)
{
    if (need <= *cap)
        return SS_OK;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    uint64_t *p = realloc(*v, c * sizeof *p);
    if (!p)
        return SS_ENOMEM;
    *v = p;
    *cap = c;
    return SS_OK;
}

static int push_line(ss_fp_text *t, uint32_t start, uint32_t end)
{
    if (t->nlines == t->lcap) {
        size_t c = t->lcap ? t->lcap * 2 : 64;
        ss_fp_line *p = realloc(t->lines, c * sizeof *p);
        if (!p)
            return SS_ENOMEM;
        t->lines = p;
        t->lcap = c;
    }
    ss_fp_line *l = &t->lines[t->nlines++];
    l->start = start;
    l->end = end;
    l->hash = XXH3_64bits(t->words + t->ntitle + start, (size_t)(end - start) * sizeof(uint64_t));
    return SS_OK;
}

/* Append the words of tok[from..) to t->words; with text, cut them into
 * body lines at the newlines of text.  Tokens before `body` (a byte
 * offset) are title words. */
static int take_words(ss_fp_text *t, const ss_tokens *tok, const char *text, size_t len,
                      size_t body, int is_body)
{
    if (grow_u64(&t->words, &t->wcap, t->nwords + tok->n))
        return SS_ENOMEM;
    size_t line_end = 0, line_start_word = 0;
    int open = 0;
    for (size_t k = 0; k < tok->n; k++) {
        const ss_token *w = &tok->v[k];
        if (!is_body || w->start < body) {
            t->words[t->nwords++] = w->hash;
            t->ntitle++;
            continue;
        }
        size_t bw = t->nwords - t->ntitle; /* index among body words */
        if (!open || w->start >= line_end) {
            if (open && push_line(t, (uint32_t)line_start_word, (uint32_t)bw))
                return SS_ENOMEM;
            const char *nl = memchr(text + w->start, '\n', len - w->start);
            line_end = nl ? (size_t)(nl - text) : len;
            line_start_word = bw;
            open = 1;
        }
        t->words[t->nwords++] = w->hash;
    }
    if (open && push_line(t, (uint32_t)line_start_word, (uint32_t)(t->nwords - t->ntitle)))
        return SS_ENOMEM;
    return SS_OK;
}

int ss_fp_text_scan(ss_fp_text *t, const ss_doc *d, ss_tokens *tok)
{
    t->nwords = t->ntitle = t->nlines = 0;
    t->exact = 0;
    const char *text = d->text ? d->text : "";
    size_t len = d->text ? d->text_len : 0;
    int rc;
    if (d->format == SS_FORMAT_TEXT && d->body_start > 0) {
        /* the title is the first line of the text itself */
        if ((rc = ss_tokenize(text, len, 0, SS_TOKENIZE_HASH, tok)))
            return rc;
        if ((rc = take_words(t, tok, text, len, d->body_start, 1)))
            return rc;
    } else {
        if (d->title && d->title[0]) {
            if ((rc = ss_tokenize(d->title, strlen(d->title), 0, SS_TOKENIZE_HASH, tok)))
                return rc;
            if ((rc = take_words(t, tok, NULL, 0, 0, 0)))
                return rc;
        }
        if ((rc = ss_tokenize(text, len, 0, SS_TOKENIZE_HASH, tok)))
            return rc;
        if ((rc = take_words(t, tok, text, len, 0, 1)))
            return rc;
    }
    if (t->nwords) {
        t->exact = XXH3_64bits(t->words, t->nwords * sizeof(uint64_t));
        if (!t->exact)
            t->exact = 1;
    }
    return SS_OK;
}

size_t ss_fp_countable_lines(const ss_fp_text *t, int n, uint64_t **out, size_t *cap)
{
    size_t k = 0;
    for (size_t i = 0; i < t->nlines; i++) {
        const ss_fp_line *l = &t->lines[i];
        if (l->end - l->start < (uint32_t)n || l->end - l->start > SS_FP_COMMON_MAX_WORDS)
            continue;
        if (grow_u64(out, cap, k + 1))
            return (size_t)-1;
        (*out)[k++] = l->hash;
    }
    return k;
}

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
    r &= 63;
    return r ? (x << r) | (x >> (64 - r)) : x;
}

static inline uint64_t avalanche(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

#define ROT 13 /* odd: k * ROT is a multiple of 64 only for k a multiple of 64 */

/* Shingles of one run of words, appended at *count.  The hash of the
 * window w[i..i+m) is the avalanche of XOR_j rotl(w[i+j], (m-1-j) * ROT)
 * (mixed with m): each word's place in the window counts, and the next
 * window follows from this one in constant time. */
static int shingle_run(const uint64_t *w, size_t len, size_t n, uint64_t **out, size_t *cap,
                       size_t *count)
{
    if (len == 0)
        return SS_OK;
    size_t m = len >= n ? n : len, windows = len - m + 1;
    if (grow_u64(out, cap, *count + windows))
        return SS_ENOMEM;
    uint64_t *o = *out + *count;
    const uint64_t seed = 0x9E3779B97F4A7C15ull * (uint64_t)m;
    uint64_t h = 0;
    for (size_t j = 0; j < m; j++)
        h = rotl64(h, ROT) ^ w[j];
    o[0] = avalanche(h ^ seed);
    const unsigned out_rot = (unsigned)((m * ROT) & 63);
    for (size_t i = 1; i < windows; i++) {
        h = rotl64(h, ROT) ^ rotl64(w[i - 1], out_rot) ^ w[i + m - 1];
        o[i] = avalanche(h ^ seed);
    }
    *count += windows;
    return SS_OK;
}

int ss_fp_shingles(ss_fp_text *t, int n, const ss_linefreq *freq, uint32_t common_docs,
                   uint64_t **out, size_t *cap, size_t *count, ss_fp_shingle_info *info)
{
    *count = 0;
    if (info)
        memset(info, 0, sizeof *info);
    size_t nn = n > 0 ? (size_t)n : 1;
    if (shingle_run(t->words, t->ntitle, nn, out, cap, count))
        return SS_ENOMEM;
    const uint64_t *body = t->words + t->ntitle;
    size_t total = t->nwords - t->ntitle;
    if (total == 0)
        return SS_OK;
    /* which lines to leave out */
    size_t short_words = 0, common_words = 0;
    for (size_t i = 0; i < t->nlines; i++) {
        uint32_t len = t->lines[i].end - t->lines[i].start;
        if (len < nn)
            short_words += len;
    }
    int drop_short = short_words > 0 && short_words * 2 <= total;
    if (freq && common_docs > 0) {
        for (size_t i = 0; i < t->nlines; i++) {
            uint32_t len = t->lines[i].end - t->lines[i].start;
            if (len >= nn && len <= SS_FP_COMMON_MAX_WORDS &&
                ss_linefreq_count(freq, t->lines[i].hash) >= common_docs)
                common_words += len;
        }
    }
    size_t rest = total - (drop_short ? short_words : 0);
    int drop_common = common_words > 0 && common_words * 2 <= rest;
    if (!drop_short && !drop_common)
        return shingle_run(body, total, nn, out, cap, count);
    ss_fp_text *tt = t;
    if (grow_u64(&tt->seq, &tt->scap, total))
        return SS_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < t->nlines; i++) {
        const ss_fp_line *l = &t->lines[i];
        uint32_t len = l->end - l->start;
        if (drop_short && len < nn)
            continue;
        if (drop_common && len >= nn && len <= SS_FP_COMMON_MAX_WORDS &&
            ss_linefreq_count(freq, l->hash) >= common_docs)
            continue;
        memcpy(tt->seq + k, body + l->start, len * sizeof *body);
        k += len;
    }
    if (info) {
        info->short_words = drop_short ? short_words : 0;
        info->common_words = drop_common ? common_words : 0;
    }
    return shingle_run(tt->seq, k, nn, out, cap, count);
}
