/* align/aseq.c — token sequences and winnowed n-gram fingerprints.
 *
 * The sequence is cut by the project tokenizer; between two tokens lies
 * only punctuation and white space, which is where quotation marks and
 * paragraph breaks are read (one forward pass, no rescans).  Invariant:
 * tokens are in text order and their code point spans do not overlap,
 * except for the overlapping bigrams of unspaced scripts.
 */
#include "align/aseq.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "text/segment.h"
#include "text/utf8.h"

void ss_aseq_init(ss_aseq *s) { memset(s, 0, sizeof *s); }

void ss_aseq_release(ss_aseq *s)
{
    free(s->tok);
    free(s->flags);
    memset(s, 0, sizeof *s);
}

static int reserve(ss_aseq *s, size_t n)
{
    if (n <= s->cap)
        return SS_OK;
    ss_atok *t = realloc(s->tok, n * sizeof *t);
    if (!t)
        return SS_ENOMEM;
    s->tok = t;
    uint8_t *f = realloc(s->flags, n);
    if (!f)
        return SS_ENOMEM;
    s->flags = f;
    s->cap = n;
    return SS_OK;
}

/* Quotation marks: what a character does to the quote state. */
enum { Q_NONE, Q_OPEN, Q_CLOSE, Q_TOGGLE, Q_OPEN_OR_CLOSE };

static int quote_kind(uint32_t cp)
{
    switch (cp) {
    case '"':
    case 0xFF02:               /* fullwidth quotation mark */
        return Q_TOGGLE;
    case 0x201E:               /* „ German/Polish opening */
    case 0x00AB:               /* « */
    case 0x300C: case 0x300E:  /* 「 『 */
        return Q_OPEN;
    case 0x201D:               /* ” */
    case 0x00BB:               /* » */
    case 0x300D: case 0x300F:  /* 」 』 */
        return Q_CLOSE;
    case 0x201C:               /* “ opens in English, closes after „ in German */
        return Q_OPEN_OR_CLOSE;
    default:
        return Q_NONE;
    }
}

int ss_aseq_build(ss_aseq *s, const char *text, size_t len, ss_tokens *scratch)
{
    s->n = 0;
    s->cp_len = 0;
    int rc = ss_tokenize(text, len, 0, SS_TOKENIZE_HASH, scratch);
    if (rc)
        return rc;
    if (reserve(s, scratch->n ? scratch->n : 1))
        return SS_ENOMEM;
    int wrapped = ss_text_is_wrapped(text, len);
    int quoted = 0;
    size_t prev_end = 0;
    for (size_t k = 0; k <= scratch->n; k++) {
        /* read the gap before token k (or the tail after the last token) */
        size_t gap_end = k < scratch->n ? scratch->v[k].start : len;
        int newlines = 0, para = k == 0;
        for (size_t i = prev_end; i < gap_end;) {
            uint32_t cp = ss_utf8_next(text, gap_end, &i);
            if (cp == '\n') {
                newlines++;
                if (!wrapped || newlines >= 2) {
                    para = 1;
                    quoted = 0;
                }
                continue;
            }
            switch (quote_kind(cp)) {
            case Q_OPEN:
                quoted = 1;
                break;
            case Q_CLOSE:
                quoted = 0;
                break;
            case Q_TOGGLE:
            case Q_OPEN_OR_CLOSE:
                quoted = !quoted;
                break;
            default:
                break;
            }
        }
        if (k == scratch->n)
            break;
        const ss_token *t = &scratch->v[k];
        /* bigrams of unspaced scripts overlap: the next starts inside this one */
        prev_end = t->end;
        if (k + 1 < scratch->n && scratch->v[k + 1].start < t->end)
            prev_end = scratch->v[k + 1].start;
        s->tok[s->n].hash = (uint32_t)(t->hash ^ (t->hash >> 32));
        s->tok[s->n].cp_start = t->cp_start;
        s->tok[s->n].cp_end = t->cp_end;
        s->flags[s->n] = (uint8_t)((quoted ? SS_ATOK_QUOTED : 0) | (para ? SS_ATOK_PARA : 0));
        s->n++;
    }
    s->cp_len = (uint32_t)ss_utf8_count(text, len);
    return SS_OK;
}

static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

uint64_t ss_aseq_ngram(const ss_aseq *s, size_t i, unsigned n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (unsigned k = 0; k < n; k++)
        h = mix64(h ^ (s->tok[i + k].hash + ((uint64_t)k << 32)));
    return h ? h : 1;
}

void ss_fps_init(ss_fps *f) { memset(f, 0, sizeof *f); }

void ss_fps_release(ss_fps *f)
{
    free(f->v);
    memset(f, 0, sizeof *f);
}

static int fps_push(ss_fps *f, uint64_t hash, uint32_t pos)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        ss_fp *v = realloc(f->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n].hash = hash;
    f->v[f->n].pos = pos;
    f->n++;
    return SS_OK;
}

int ss_aseq_fingerprints(const ss_aseq *s, unsigned n, unsigned w, ss_fps *out)
{
    out->n = 0;
    if (n == 0 || w == 0 || s->n < n)
        return SS_OK;
    size_t m = s->n - n + 1; /* n-grams */
    enum { RING = 64 };
    if (w > RING)
        w = RING;
    uint64_t ring[RING];
    size_t win = m < w ? m : w;
    size_t last = SIZE_MAX;  /* position of the last fingerprint recorded */
    for (size_t i = 0; i < m; i++) {
        ring[i % RING] = ss_aseq_ngram(s, i, n);
        if (i + 1 < win)
            continue;
        /* window [i - win + 1, i]: the rightmost smallest hash */
        size_t lo = i + 1 - win, best = i;
        for (size_t j = i; j + 1 > lo; j--) {
            if (ring[j % RING] < ring[best % RING])
                best = j;
            if (j == lo)
                break;
        }
        if (best != last) {
            if (fps_push(out, ring[best % RING], (uint32_t)best))
                return SS_ENOMEM;
            last = best;
        }
    }
    return SS_OK;
}
