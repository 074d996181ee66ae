/* compare/quotes.c — quotation spans and their speakers (see quotes.h).
 *
 * Pass 1 pairs quotation marks within paragraphs.  Pass 2 attributes each
 * quotation: it looks at the tokens of its sentence after the closing mark
 * (up to 10) and then before the opening mark (up to 14) for a reporting
 * verb with a name or pronoun beside it.  Token indexes are found by binary
 * search on byte offsets.
 */
#include "compare/quotes.h"

#include <stdlib.h>
#include <string.h>

#include "text/stopwords.h"
#include "text/utf8.h"

struct ss_quoter {
    ss_stopwords *verbs;
};

void ss_quotes_init(ss_quotes *q) { memset(q, 0, sizeof *q); }

void ss_quotes_release(ss_quotes *q)
{
    free(q->v);
    memset(q, 0, sizeof *q);
}

ss_quoter *ss_quoter_new(ss_error *err)
{
    ss_quoter *q = calloc(1, sizeof *q);
    if (!q) {
        ss_error_set(err, SS_ENOMEM, "quotes: out of memory");
        return NULL;
    }
    q->verbs = ss_wordlist_load("reporting", err);
    if (!q->verbs) {
        free(q);
        return NULL;
    }
    return q;
}

void ss_quoter_free(ss_quoter *q)
{
    if (!q)
        return;
    ss_stopwords_free(q->verbs);
    free(q);
}

static int push(ss_quotes *q, const ss_quote *x)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        ss_quote *v = realloc(q->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        q->v = v;
        q->cap = cap;
    }
    q->v[q->n++] = *x;
    return SS_OK;
}

/* ---- marks ---------------------------------------------------------------------- */

static int is_letter_byte_start(const char *t, size_t i, size_t len)
{
    if (i >= len)
        return 0;
    unsigned char c = (unsigned char)t[i];
    return (c | 32) >= 'a' && (c | 32) <= 'z' ? 1 : c >= 0xC3; /* non-ASCII: assume letter-like */
}

static int space_or_start_before(const char *t, size_t i)
{
    if (i == 0)
        return 1;
    unsigned char c = (unsigned char)t[i - 1];
    return c == ' ' || c == '\n' || c == '\t' || c == '(' || c == '[' || c == '\r' ||
           c == 0xA0 || c == '-';
}

/* The closing mark for an opening one, or 0 if cp does not open a quotation
 * here. */
static uint32_t closer_for(uint32_t cp, const char *t, size_t at)
{
    switch (cp) {
    case 0x201C: return 0x201D;
    case 0x201E: return 0x201C;   /* „...“ (also accepted: „...”) */
    case 0x00AB: return 0x00BB;
    case 0x300C: return 0x300D;
    case 0x300E: return 0x300F;
    case 0x2018: return space_or_start_before(t, at) ? 0x2019 : 0;
    case '"': return space_or_start_before(t, at) ? '"' : 0;
    default: return 0;
    }
}

/* ---- attribution --------------------------------------------------------------- */

static size_t token_at_or_after(const ss_tokens *tok, uint32_t byte)
{
    size_t lo = 0, hi = tok->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tok->v[mid].start < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int ends_sentence(const char *t, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++)
        if (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == '\n')
            return 1;
    return 0;
}

static int is_pronoun(const char *w, size_t n)
{
    static const char *const p[] = {"he", "she", "they", "er", "sie", "il", "elle", "ils", "elles",
                                    "él", "ella", "ellos", "lui", "lei", "ele", "ela", "hij", "zij",
                                    "он", "она", "они", "उन्होंने", "उसने", "वह", NULL};
    for (int i = 0; p[i]; i++)
        if (strlen(p[i]) == n && memcmp(p[i], w, n) == 0)
            return 1;
    return 0;
}

static int is_verb(const ss_quoter *qt, const char *lang, const char *w, size_t n)
{
    if (lang && ss_stopwords_has(qt->verbs, lang))
        return ss_stopword(qt->verbs, lang, w, n) || ss_stopword(qt->verbs, "en", w, n);
    return ss_stopword_any(qt->verbs, w, n);
}

/* Mention covering token k, or -1. */
static long mention_covering(const ss_mentions *men, size_t k)
{
    for (size_t i = 0; i < men->n; i++)
        if (men->v[i].tok_start <= k && k < men->v[i].tok_end)
            return (long)i;
    return -1;
}

typedef struct {
    const ss_quoter *qt;
    const char *text;
    const ss_tokens *tok;
    const ss_mentions *men;
    const char *lang;
    uint8_t *speaker_like;     /* per mention: next to a reporting verb somewhere */
    uint8_t *was_speaker;      /* per mention: attributed a quotation already */
} ctx;

static int verb_at(const ctx *c, size_t k)
{
    return c->tok->v[k].kind == SS_TOK_WORD &&
           is_verb(c->qt, c->lang, ss_token_norm(c->tok, k), c->tok->v[k].norm_len);
}

/* "according to X": the speaker follows the word. */
static int introduces_source(const ctx *c, size_t k)
{
    static const char *const w[] = {"according", "laut", "selon", "según", "secondo", "segundo",
                                    "अनुसार", "словам", NULL};
    const char *n = ss_token_norm(c->tok, k);
    for (int i = 0; w[i]; i++)
        if (strlen(w[i]) == c->tok->v[k].norm_len && memcmp(w[i], n, c->tok->v[k].norm_len) == 0)
            return 1;
    return 0;
}

/* A participle ("saying", "adding"): its subject is the sentence's first name. */
static int participle(const ctx *c, size_t k)
{
    size_t n = c->tok->v[k].norm_len;
    const char *w = ss_token_norm(c->tok, k);
    return n > 4 && memcmp(w + n - 3, "ing", 3) == 0;
}

static int pronoun_at(const ctx *c, size_t k)
{
    return c->tok->v[k].kind == SS_TOK_WORD &&
           is_pronoun(ss_token_norm(c->tok, k), c->tok->v[k].norm_len);
}

/* The person a pronoun at token k stands for: the latest earlier name that
 * stood next to a reporting verb, else the latest earlier name of two or
 * more words. */
static int32_t resolve_pronoun(const ctx *c, size_t k)
{
    int32_t best = -1, multi = -1;
    for (size_t i = 0; i < c->men->n && c->men->v[i].tok_end <= k; i++) {
        uint32_t canon = c->men->v[i].canon;
        if (c->speaker_like[i] || c->was_speaker[canon])
            best = (int32_t)canon;
        const ss_mention *m = &c->men->v[canon];
        if (m->tok_end - m->tok_start >= 2)
            multi = (int32_t)canon;
    }
    return best >= 0 ? best : multi;
}

/* Who stands at token k: a name (its canonical mention) or a resolved
 * pronoun; -1 if neither. */
static int32_t who_at(const ctx *c, size_t k, int *pron)
{
    long m = mention_covering(c->men, k);
    if (m >= 0) {
        *pron = 0;
        return (int32_t)c->men->v[m].canon;
    }
    if (pronoun_at(c, k)) {
        int32_t r = resolve_pronoun(c, k);
        if (r >= 0)
            *pron = 1;
        return r;
    }
    return -1;
}

/* After a quotation, tokens [a, b) of its sentence: "..., Wang said",
 * "..., said Wang", "..., he said", "..., according to Wang". */
static int32_t speaker_after(const ctx *c, size_t a, size_t b, int *pron)
{
    for (size_t v = a; v < b; v++) {
        if (!verb_at(c, v))
            continue;
        if (introduces_source(c, v)) {
            for (size_t k = v + 1; k < b && k < v + 4; k++) {
                int32_t w = who_at(c, k, pron);
                if (w >= 0)
                    return w;
            }
            continue;
        }
        for (size_t d = 1; d <= 3; d++) { /* the name before the verb first, then after */
            if (v >= a + d) {
                int32_t w = who_at(c, v - d, pron);
                if (w >= 0)
                    return w;
            }
        }
        for (size_t k = v + 1; k < b && k <= v + 3; k++) {
            int32_t w = who_at(c, k, pron);
            if (w >= 0)
                return w;
        }
        return -1;
    }
    return -1;
}

/* Before a quotation, tokens [s, e) back to its sentence start: "Wang said:
 * ...", "Wang told Lavrov that ...", "according to Wang, ...", "Yi
 * reiterated ..., saying, ...". */
static int32_t speaker_before(const ctx *c, size_t s, size_t e, int *pron)
{
    size_t lim = e > 14 ? e - 14 : 0;
    for (size_t v = e; v-- > s && v >= lim;) {
        if (!verb_at(c, v))
            continue;
        if (introduces_source(c, v)) {
            for (size_t k = v + 1; k < e && k < v + 4; k++) {
                int32_t w = who_at(c, k, pron);
                if (w >= 0)
                    return w;
            }
            return -1;
        }
        if (participle(c, v)) {
            for (size_t k = s; k < v; k++) {
                int32_t w = who_at(c, k, pron);
                if (w >= 0)
                    return w;
            }
            return -1;
        }
        for (size_t k = v; k-- > s;) { /* the subject: the nearest name before the verb */
            int32_t w = who_at(c, k, pron);
            if (w >= 0)
                return w;
        }
        return -1;
    }
    return -1;
}

int ss_find_quotes(const ss_quoter *qt, const char *text, size_t len, const ss_tokens *tok,
                   const ss_mentions *men, const char *lang, ss_quotes *out)
{
    out->n = 0;
    ctx c = {qt, text, tok, men, lang, NULL, NULL};
    c.was_speaker = calloc(men->n ? men->n : 1, 1);
    c.speaker_like = calloc(men->n ? men->n : 1, 1);
    if (!c.was_speaker || !c.speaker_like) {
        free(c.was_speaker);
        free(c.speaker_like);
        return SS_ENOMEM;
    }
    for (size_t m = 0; m < men->n; m++) {
        size_t a = men->v[m].tok_start, e = men->v[m].tok_end;
        for (size_t k = a > 2 ? a - 2 : 0; k < e + 2 && k < tok->n; k++)
            if ((k < a || k >= e) && verb_at(&c, k))
                c.speaker_like[m] = 1;
    }
    int rc = SS_OK;
    size_t i = 0;
    uint32_t cp = 0;
    uint32_t prev_end = 0;          /* byte after the previous quotation's attribution */
    int32_t prev_speaker = -1;
    while (i < len && rc == SS_OK) {
        size_t at = i;
        uint32_t ch = ss_utf8_next(text, len, &i);
        cp++;
        uint32_t closer = closer_for(ch, text, at);
        if (!closer)
            continue;
        /* find the closing mark in the same paragraph */
        size_t j = i, qend = 0, after = 0;
        uint32_t ccp = cp, qcp_end = 0;
        while (j < len && text[j] != '\n') {
            size_t k = j;
            uint32_t d = ss_utf8_next(text, len, &j);
            ccp++;
            int closes = d == closer || (ch == 0x201E && d == 0x201D);
            if (closes && (closer != 0x2019 || !is_letter_byte_start(text, j, len))) {
                qend = k;
                after = j;
                qcp_end = ccp - 1;
                break;
            }
        }
        if (!after)
            continue; /* unmatched: not a quotation */
        size_t q0 = token_at_or_after(tok, (uint32_t)i), q1 = token_at_or_after(tok, (uint32_t)qend);
        size_t words = q1 - q0;
        ss_quote q;
        memset(&q, 0, sizeof q);
        q.start = (uint32_t)i;
        q.end = (uint32_t)qend;
        q.cp_start = cp;
        q.cp_end = qcp_end;
        q.speaker = -1;
        /* after the quotation: to the end of its sentence, at most 10 tokens */
        size_t a = q1, b = a;
        while (b < tok->n && b < a + 10) {
            uint32_t gap_from = b == a ? (uint32_t)after : tok->v[b - 1].end;
            if (b > a && ends_sentence(text, gap_from, tok->v[b].start))
                break;
            if (b == a && ends_sentence(text, (uint32_t)after, tok->v[b].start) &&
                !(after > 0 && (text[after - 1] == '.' || text[after - 1] == '!' || text[after - 1] == '?')))
                break;
            b++;
        }
        /* a quote ending in '.' inside the marks usually ends its sentence,
           but "...," said X and "..." X said still attribute after */
        int pron = 0;
        q.speaker = speaker_after(&c, a, b, &pron);
        size_t attr_end = b < tok->n ? tok->v[b > 0 ? b - 1 : 0].end : (uint32_t)len;
        if (q.speaker < 0) {
            /* before the quotation: back to the start of its sentence (40 tokens
               at most); the verb must be among the last 14 */
            size_t e = q0 > 0 ? token_at_or_after(tok, (uint32_t)at) : 0, s = e;
            while (s > 0 && e - s < 40 &&
                   !ends_sentence(text, tok->v[s - 1].end, s < e ? tok->v[s].start : (uint32_t)at))
                s--;
            q.speaker = speaker_before(&c, s, e, &pron);
            attr_end = after;
        }
        if (q.speaker < 0 && prev_speaker >= 0 && prev_end > 0) {
            /* a continuation: only space, punctuation or a line break since the last one */
            int only_gap = 1;
            for (size_t k = prev_end; k < at && only_gap; k++) {
                unsigned char ch2 = (unsigned char)text[k];
                only_gap = ch2 == ' ' || ch2 == '\n' || ch2 == '\r' || ch2 == '\t' || ch2 == '.' ||
                           ch2 == ',' || ch2 == ':' || ch2 == ';';
            }
            if (only_gap) {
                q.speaker = prev_speaker;
                q.continued = 1;
            }
        }
        q.by_pronoun = (uint8_t)pron;
        /* scare quotes: a few words (or a few more, unattributed) */
        if (words < 4 || (q.speaker < 0 && words < 6))
            continue;
        if (q.speaker >= 0) {
            c.was_speaker[q.speaker] = 1;
            prev_speaker = q.speaker;
            prev_end = (uint32_t)(attr_end > after ? attr_end : after);
            /* step over the attribution's final punctuation */
            while (prev_end < len && (text[prev_end] == '.' || text[prev_end] == ','))
                prev_end++;
        } else {
            prev_speaker = -1;
            prev_end = 0;
        }
        if (words == 0)
            continue;
        rc = push(out, &q);
        /* continue scanning after the closing mark */
        i = after;
        cp = qcp_end + 1;
    }
    free(c.was_speaker);
    free(c.speaker_like);
    return rc;
}
