/* story/entity.c — capitalization-based name finding and name keys.
 *
 * Pass 1 marks each token: capitalized word of a cased script, acronym,
 * sentence-initial (the text between it and the previous token holds a
 * sentence end, a newline or a colon, or it is the first token), and
 * whether the line it sits on is a title-case line.  Pass 2 accepts
 * capitalized tokens (initial or title-case ones only when the same word
 * is capitalized in running text elsewhere in the document) and joins runs
 * into mentions.  Pass 3 links one-word mentions to an earlier longer
 * mention that contains the same word.
 */
#include "story/entity.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/buf.h"
#include "core/error.h"
#include "text/calendar.h"
#include "text/norm.h"
#include "text/script.h"
#include "text/utf8.h"

void ss_mentions_init(ss_mentions *m) { memset(m, 0, sizeof *m); }

void ss_mentions_release(ss_mentions *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}

static int push(ss_mentions *m, const ss_mention *x)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        ss_mention *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = *x;
    return SS_OK;
}

static int cased_script(unsigned s)
{
    return s == SS_SCRIPT_LATIN || s == SS_SCRIPT_CYRILLIC || s == SS_SCRIPT_GREEK ||
           s == SS_SCRIPT_ARMENIAN || s == SS_SCRIPT_GEORGIAN;
}

/* Lower-case words that may join two capitalized parts of one name. */
static int connector(const char *w, size_t n)
{
    static const char *const c[] = {"of", "de", "del", "della", "di", "da", "do", "dos", "das",
                                     "du", "des", "la", "le", "von", "van", "der", "den", "al",
                                     "el", "bin", "ibn", "bint", "y", "and", "für", "für", NULL};
    for (int i = 0; c[i]; i++)
        if (strlen(c[i]) == n && memcmp(c[i], w, n) == 0)
            return 1;
    return 0;
}

static int is_stop(const ss_stopwords *sw, const char *lang, const char *w, size_t n)
{
    if (!sw)
        return 0;
    if (lang && lang[0] && strcmp(lang, "und") != 0 && ss_stopwords_has(sw, lang))
        return ss_stopword(sw, lang, w, n) || (n <= 3 && ss_stopword(sw, "en", w, n));
    return ss_stopword_any(sw, w, n);
}

/* Does the gap text[a..b) between two tokens end a sentence or a line? */
static int gap_breaks(const char *t, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++) {
        char c = t[i];
        if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '"')
            return 1;
        if ((unsigned char)c == 0xE2 && i + 2 < b && (unsigned char)t[i + 1] == 0x80 &&
            ((unsigned char)t[i + 2] == 0x9C || (unsigned char)t[i + 2] == 0x9D))
            return 1; /* curly double quotes open a quoted sentence */
        if ((unsigned char)c == 0xE0 && i + 2 < b && (unsigned char)t[i + 1] == 0xA5 &&
            (unsigned char)t[i + 2] == 0xA4)
            return 1; /* danda */
    }
    return 0;
}

/* Can a name continue across the gap? Only spaces (and one hyphen for
 * double-barrelled names) may stand between two of its words. */
static int gap_joins(const char *t, uint32_t a, uint32_t b)
{
    int hyphens = 0;
    for (uint32_t i = a; i < b; i++) {
        if (t[i] == ' ')
            continue;
        if (t[i] == '-' && !hyphens) {
            hyphens++;
            continue;
        }
        if ((unsigned char)t[i] == 0xC2 && i + 1 < b && (unsigned char)t[i + 1] == 0xA0) {
            i++;
            continue;
        }
        return 0;
    }
    return 1;
}

enum { F_CAP = 1, F_ACR = 2, F_INITIAL = 4, F_TITLELINE = 8, F_STOP = 16, F_OK = 32 };

size_t ss_name_base_len(const char *word, size_t len)
{
    if (len > 3 && word[len - 2] == '\'' && (word[len - 1] == 's' || word[len - 1] == 'S'))
        return len - 2;
    if (len > 5 && (unsigned char)word[len - 4] == 0xE2 && (unsigned char)word[len - 3] == 0x80 &&
        (unsigned char)word[len - 2] == 0x99 && (word[len - 1] == 's' || word[len - 1] == 'S'))
        return len - 4;
    return len;
}

uint64_t ss_name_key(const char *word, size_t len)
{
    len = ss_name_base_len(word, len); /* a possessive is the name */
    /* strip marks and fold case, then skeletonize ASCII letters */
    char stack[128];
    ss_buf norm = SS_BUF_INIT, scratch = SS_BUF_INIT;
    const char *w = word;
    size_t n = len;
    int ascii = 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)word[i] >= 0x80)
            ascii = 0;
    if (!ascii) {
        if (ss_normalize(word, len, SS_NORM_DEFAULT | SS_NORM_STRIP_MARKS, &norm, &scratch) == SS_OK) {
            w = norm.data;
            n = norm.len;
        }
        ascii = 1;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)w[i] >= 0x80)
                ascii = 0;
    }
    uint64_t key;
    if (!ascii || n == 0) {
        key = XXH3_64bits_withSeed(w, n, 0x4e4b);
    } else {
        size_t k = 0;
        char last = 0;
        for (size_t i = 0; i < n && k < sizeof stack - 2; i++) {
            char c = w[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (c < 'a' || c > 'z')
                continue;
            if (c == 'p' && i + 1 < n && (w[i + 1] | 32) == 'h') {
                c = 'f';
                i++;
            }
            if (c == 'c' || c == 'q')
                c = 'k';
            else if (c == 'w')
                c = 'v';
            else if (c == 'z')
                c = 's';
            if (k > 0 && (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
                          c == 'h'))
                continue;
            if (c == 'x') {
                if (last != 'k')
                    stack[k++] = 'k';
                c = 's';
            }
            if (k > 0 && c == last)
                continue;
            stack[k++] = c;
            last = c;
        }
        /* very short skeletons are too ambiguous: keep the word as written */
        if (k < 2)
            key = XXH3_64bits_withSeed(w, n, 0x4e4c);
        else
            key = XXH3_64bits_withSeed(stack, k, 0x4e4d);
    }
    ss_buf_release(&norm);
    ss_buf_release(&scratch);
    return key ? key : 1;
}

uint64_t ss_token_name_key(const ss_tokens *tok, size_t k)
{
    return ss_name_key(ss_token_norm(tok, k), tok->v[k].norm_len);
}

int ss_find_mentions(const char *text, size_t len, const ss_tokens *tok, const char *lang,
                     const ss_stopwords *sw, ss_mentions *out)
{
    out->n = 0;
    size_t n = tok->n;
    if (n == 0)
        return SS_OK;
    uint8_t *f = calloc(n, 1);
    uint64_t *h = calloc(n, sizeof *h);
    if (!f || !h) {
        free(f);
        free(h);
        return SS_ENOMEM;
    }
    /* pass 1: token marks; line-level title case detection */
    size_t line_start = 0;
    for (size_t k = 0; k <= n; k++) {
        /* tokens may overlap (Han bigrams): only a gap can hold a newline */
        int new_line = k == n || (k > 0 && tok->v[k].start > tok->v[k - 1].end &&
                                  memchr(text + tok->v[k - 1].end, '\n',
                                         tok->v[k].start - tok->v[k - 1].end));
        if (new_line && k > line_start) {
            size_t words = 0, caps = 0;
            for (size_t j = line_start; j < k; j++) {
                if (tok->v[j].kind != SS_TOK_WORD || (f[j] & F_STOP))
                    continue;
                words++;
                caps += (f[j] & F_CAP) != 0;
            }
            /* a headline: short, mostly capitalized, no final full stop */
            uint32_t le = tok->v[k - 1].end;
            while (le < len && (text[le] == ' ' || text[le] == '"' || text[le] == ')'))
                le++;
            int ends_stop = le < len && text[le] == '.';
            if (words >= 3 && words <= 20 && caps * 10 >= words * 7 && !ends_stop)
                for (size_t j = line_start; j < k; j++)
                    f[j] |= F_TITLELINE;
            line_start = k;
        }
        if (k == n)
            break;
        const ss_token *t = &tok->v[k];
        const char *norm = ss_token_norm(tok, k);
        h[k] = XXH3_64bits(norm, t->norm_len);
        if (t->kind == SS_TOK_WORD && (is_stop(sw, lang, norm, t->norm_len) ||
                                       ss_month_name(norm, t->norm_len) ||
                                       ss_weekday_name(norm, t->norm_len)))
            f[k] |= F_STOP; /* function words and calendar names are not names */
        if (t->kind == SS_TOK_WORD && cased_script(t->script) && (t->flags & SS_TF_UPPER)) {
            f[k] |= F_CAP;
            if ((t->flags & SS_TF_ALLUPPER) && t->cp_end - t->cp_start <= 6)
                f[k] |= F_ACR;
        }
        if (k == 0 || gap_breaks(text, tok->v[k - 1].end, t->start))
            f[k] |= F_INITIAL;
    }
    /* words capitalized in running text somewhere in the document */
    size_t cap = 64;
    while (cap < n * 2)
        cap *= 2;
    uint64_t *seen = calloc(cap, sizeof *seen);
    if (!seen) {
        free(f);
        free(h);
        return SS_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        if ((f[k] & F_CAP) && !(f[k] & (F_INITIAL | F_TITLELINE))) {
            size_t j = (size_t)h[k] & (cap - 1);
            while (seen[j] && seen[j] != h[k])
                j = (j + 1) & (cap - 1);
            seen[j] = h[k];
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (!(f[k] & F_CAP))
            continue;
        int ok = !(f[k] & (F_INITIAL | F_TITLELINE)) || (f[k] & F_ACR);
        if (!ok) {
            size_t j = (size_t)h[k] & (cap - 1);
            while (seen[j] && seen[j] != h[k])
                j = (j + 1) & (cap - 1);
            ok = seen[j] == h[k];
        }
        if (ok && !(f[k] & F_STOP))
            f[k] |= F_OK;
    }
    free(seen);
    /* pass 2: join runs of accepted tokens (an initial capitalized word joins
       an accepted word that follows it directly) */
    int rc = SS_OK;
    size_t k = 0;
    while (k < n && rc == SS_OK) {
        int starts = (f[k] & F_OK) ||
                     ((f[k] & F_CAP) && (f[k] & F_INITIAL) && !(f[k] & (F_STOP | F_TITLELINE)) &&
                      k + 1 < n && (f[k + 1] & F_OK) &&
                      !(f[k + 1] & F_INITIAL) && gap_joins(text, tok->v[k].end, tok->v[k + 1].start));
        if (!starts) {
            k++;
            continue;
        }
        size_t e = k + 1;
        while (e < n) {
            if ((f[e] & F_OK) && !(f[e] & F_INITIAL) && gap_joins(text, tok->v[e - 1].end, tok->v[e].start)) {
                e++;
                continue;
            }
            /* a connector between two capitalized parts ("Bank of Norland"), only
               after a one-word part: "Tomas Brandt of Halden University" is a
               person and a place */
            if (e == k + 1 && e + 1 < n && !(f[e] & F_CAP) && tok->v[e].kind == SS_TOK_WORD &&
                connector(ss_token_norm(tok, e), tok->v[e].norm_len) && (f[e + 1] & F_OK) &&
                gap_joins(text, tok->v[e - 1].end, tok->v[e].start) &&
                gap_joins(text, tok->v[e].end, tok->v[e + 1].start)) {
                e += 2;
                continue;
            }
            break;
        }
        ss_mention m;
        memset(&m, 0, sizeof m);
        m.tok_start = (uint32_t)k;
        m.tok_end = (uint32_t)e;
        m.start = tok->v[k].start;
        m.end = tok->v[e - 1].end;
        m.cp_start = tok->v[k].cp_start;
        m.cp_end = tok->v[e - 1].cp_end;
        m.acronym = e == k + 1 && (f[k] & F_ACR);
        uint64_t key = 0x9E3779B97F4A7C15ull;
        for (size_t j = k; j < e; j++) {
            if (!(f[j] & F_CAP))
                continue; /* connectors do not count */
            key = (key ^ ss_token_name_key(tok, j)) * 0x100000001B3ull;
        }
        m.key = key ? key : 1;
        m.canon = (uint32_t)out->n;
        rc = push(out, &m);
        k = e;
    }
    /* pass 3: a one-word mention stands for a longer mention containing the word */
    for (size_t i = 0; i < out->n && rc == SS_OK; i++) {
        ss_mention *m = &out->v[i];
        if (m->tok_end - m->tok_start != 1)
            continue;
        uint64_t w = ss_token_name_key(tok, m->tok_start);
        for (size_t j = 0; j < out->n; j++) {
            const ss_mention *l = &out->v[j];
            if (j == i || l->tok_end - l->tok_start < 2)
                continue;
            int found = 0;
            for (uint32_t q = l->tok_start; q < l->tok_end && !found; q++)
                found = (f[q] & F_CAP) && ss_token_name_key(tok, q) == w;
            if (found) {
                m->canon = (uint32_t)j;
                break;
            }
        }
    }
    free(f);
    free(h);
    return rc;
}
