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
    free(s->longtok);
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
    s->cap = n;
    return SS_OK;
}

static int push_long(ss_aseq *s, uint32_t i, uint32_t cp_end)
{
    if (s->nlong == s->caplong) {
        size_t cap = s->caplong ? s->caplong * 2 : 8;
        uint32_t(*v)[2] = realloc(s->longtok, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->longtok = v;
        s->caplong = cap;
    }
    s->longtok[s->nlong][0] = i;
    s->longtok[s->nlong][1] = cp_end;
    s->nlong++;
    return SS_OK;
}

uint32_t ss_aseq_long_end(const ss_aseq *s, size_t i)
{
    size_t lo = 0, hi = s->nlong;
    while (lo < hi) { /* the table is in token order */
        size_t mid = (lo + hi) / 2;
        if (s->longtok[mid][0] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nlong && s->longtok[lo][0] == i ? s->longtok[lo][1] : s->tok[i].cp_start + 255;
}

/* Quotation marks.  Where a mark stands tells what it does: one between
 * a space (or the start, a bracket, a dash) and a word opens; one between
 * a word (or closing punctuation) and a space closes.  Marks standing
 * otherwise (inch signs, stray marks) count only by their own kind: „ «
 * and 「 open, » and 」 close, the others do nothing. */
enum { Q_NONE, Q_OPEN, Q_CLOSE, Q_EITHER };

static int quote_char(uint32_t cp)
{
    switch (cp) {
    case '"':
    case 0xFF02:               /* fullwidth quotation mark */
    case 0x201C:               /* “ opens in English, closes in German */
    case 0x201D:               /* ” */
        return Q_EITHER;
    case 0x201E:               /* „ */
    case 0x00AB:               /* « */
    case 0x300C: case 0x300E:  /* 「 『 */
        return Q_OPEN;
    case 0x00BB:               /* » */
    case 0x300D: case 0x300F:  /* 」 』 */
        return Q_CLOSE;
    default:
        return Q_NONE;
    }
}

static int opens_side(uint32_t cp)
{
    return cp == 0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           cp == '(' || cp == '[' || cp == '{' || cp == '-' || cp == 0x2013 || cp == 0x2014 ||
           cp == ':' || cp == 0x3000;
}

static int closes_side(uint32_t cp)
{
    return cp == 0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           cp == ')' || cp == ']' || cp == '}' || cp == '.' || cp == ',' || cp == ';' ||
           cp == ':' || cp == '!' || cp == '?' || cp == '-' || cp == 0x2013 || cp == 0x2014 ||
           cp == 0x3002 || cp == 0xFF0C;
}

/* What the mark at text[p..i) does, from its kind and its neighbours. */
static int quote_role(const char *text, size_t len, size_t p, size_t i, int kind)
{
    size_t b = p;
    uint32_t before = p > 0 ? ss_utf8_prev(text, &b) : 0;
    size_t n = i;
    uint32_t after = i < len ? ss_utf8_next(text, len, &n) : 0;
    int o = opens_side(before) && !closes_side(after) && quote_char(after) == Q_NONE;
    int c = !opens_side(before) && quote_char(before) == Q_NONE && closes_side(after);
    if (o && !c)
        return Q_OPEN;
    if (c && !o)
        return Q_CLOSE;
    return kind == Q_EITHER ? Q_NONE : kind;
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
           cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

/* The edge code of the punctuation text[a..b) (valid UTF-8, no spaces):
 * its length in code points (1-7) and 5 bits of hash; 0 when empty or
 * longer than 7 code points. */
static uint8_t edge_code(const char *text, size_t a, size_t b)
{
    uint32_t n = 0, h = 2166136261u;
    for (size_t i = a; i < b;) {
        uint32_t cp = ss_utf8_next(text, b, &i);
        if (++n > 7)
            return 0;
        h = (h ^ cp) * 16777619u;
    }
    if (n == 0)
        return 0;
    return (uint8_t)(n | ((h ^ (h >> 5) ^ (h >> 10) ^ (h >> 15)) & 31u) << 3);
}

/* Set the tail of the token before the gap text[a..b) and return where the
 * head of the token after it starts: the punctuation touching each side. */
static size_t edges(ss_aseq *s, const char *text, size_t a, size_t b, int has_prev)
{
    size_t i = a, tail_end = a;
    while (i < b) {
        size_t j = i;
        if (is_space(ss_utf8_next(text, b, &j)))
            break;
        i = j;
        tail_end = i;
    }
    if (has_prev)
        s->tok[s->n - 1].tail = edge_code(text, a, tail_end);
    size_t head = b;
    while (head > a) {
        size_t j = head;
        if (is_space(ss_utf8_prev(text, &j)))
            break;
        head = j;
    }
    return head;
}

/* Mark tokens [from, to) as quoted. */
static void mark_quoted(ss_aseq *s, size_t from, size_t to)
{
    if (to - from > SS_ASEQ_MAX_QUOTE)
        return; /* no quotation runs this long: a stray mark */
    for (size_t i = from; i < to; i++)
        s->tok[i].flags |= SS_ATOK_QUOTED;
}

/* The state of one pass over a text, carried from chunk to chunk. */
typedef struct pass {
    const char *text;
    size_t len;
    int wrapped;
    size_t open;      /* token where the quotation now open began, or SIZE_MAX */
    size_t prev_end;  /* byte after the last token read */
} pass;

/* Read the gap text[prev_end, gap_end) before the token about to be
 * appended (number s->n; gap_end = len after the last): quotation marks,
 * paragraph breaks, the punctuation at both edges.  Returns the token's
 * flags, and its head code in *head. */
static uint8_t read_gap(ss_aseq *s, pass *ps, size_t gap_end, uint8_t *head)
{
    const char *text = ps->text;
    size_t k = s->n;
    int newlines = 0, para = k == 0;
    size_t pending = SIZE_MAX; /* a quotation open at a paragraph break */
    size_t from = ps->prev_end < gap_end ? ps->prev_end : gap_end;
    for (size_t i = from; i < gap_end;) {
        size_t at = i;
        uint32_t cp = ss_utf8_next(text, gap_end, &i);
        if (cp == '\n') {
            newlines++;
            if ((!ps->wrapped || newlines >= 2) && !para) {
                para = 1;
                pending = ps->open;
                ps->open = SIZE_MAX;
            }
            continue;
        }
        int kind = quote_char(cp);
        if (kind == Q_NONE)
            continue;
        int role = quote_role(text, ps->len, at, i, kind);
        if (role == Q_CLOSE && ps->open != SIZE_MAX) {
            mark_quoted(s, ps->open, k); /* the quotation is tokens [open, k) */
            ps->open = SIZE_MAX;
        } else if (role == Q_OPEN) {
            if (pending != SIZE_MAX) {
                /* a quotation that goes on in a new paragraph opens it again */
                mark_quoted(s, pending, k);
                pending = SIZE_MAX;
            }
            ps->open = k; /* an open quotation never closed was a stray mark */
        }
    }
    size_t h = edges(s, text, from, gap_end, k > 0);
    *head = from < gap_end ? edge_code(text, h, gap_end) : 0;
    return (uint8_t)(para ? SS_ATOK_PARA : 0);
}

/* Texts are tokenized a chunk at a time (cut at a line break after
 * CHUNK bytes, or at a space in a very long line; no token spans either),
 * so the tokenizer's scratch stays small whatever the length of the text. */
#define CHUNK (64 * 1024)

int ss_aseq_build(ss_aseq *s, const char *text, size_t len, ss_tokens *scratch)
{
    s->n = 0;
    s->nlong = 0;
    s->cp_len = 0;
    if (len > INT32_MAX)
        return SS_ETOOBIG; /* keeps token counts and diagonals in 32 bits */
    pass ps = {text, len, ss_text_is_wrapped(text, len), SIZE_MAX, 0};
    uint32_t cp_off = 0;
    for (size_t off = 0; off < len;) {
        size_t end = off + CHUNK < len ? off + CHUNK : len;
        while (end < len && text[end - 1] != '\n' && end - off < 4 * CHUNK)
            end++;
        while (end < len && text[end - 1] != '\n' && text[end - 1] != ' ')
            end++; /* a very long line: cut at a space (where no token goes on) */
        int rc = ss_tokenize(text + off, end - off, cp_off, SS_TOKENIZE_HASH, scratch);
        if (rc)
            return rc;
        if (s->n + scratch->n > s->cap &&
            reserve(s, s->n + scratch->n > 2 * s->cap ? s->n + scratch->n : 2 * s->cap))
            return SS_ENOMEM;
        for (size_t k = 0; k < scratch->n; k++) {
            const ss_token *t = &scratch->v[k];
            uint8_t head;
            uint8_t flags = read_gap(s, &ps, off + t->start, &head);
            ss_atok *x = &s->tok[s->n];
            x->head = head;
            /* bigrams of unspaced scripts overlap: the next starts inside this one */
            ps.prev_end = off + t->end;
            if (k + 1 < scratch->n && scratch->v[k + 1].start < t->end)
                ps.prev_end = off + scratch->v[k + 1].start;
            x->hash = (uint32_t)(t->hash ^ (t->hash >> 32));
            x->cp_start = t->cp_start;
            x->flags = flags;
            x->tail = 0;
            uint32_t cps = t->cp_end - t->cp_start;
            x->len = (uint8_t)(cps < 255 ? cps : 255);
            if (cps >= 255 && push_long(s, (uint32_t)s->n, t->cp_end))
                return SS_ENOMEM;
            s->n++;
        }
        cp_off += (uint32_t)ss_utf8_count(text + off, end - off);
        off = end;
    }
    uint8_t head;
    read_gap(s, &ps, len, &head); /* the tail: closes quotations, sets the last tail */
    s->cp_len = cp_off;
    return SS_OK;
}

uint64_t ss_aseq_ngram(const ss_aseq *s, size_t i, unsigned n)
{
    /* multiply-add over the word hashes (order matters), then a final mix */
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (unsigned k = 0; k < n; k++)
        h = (h + s->tok[i + k].hash) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
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
