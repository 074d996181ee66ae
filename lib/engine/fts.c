/* engine/fts.c — the store's full-text tokenizer and query rewriting (see
 * fts.h).
 *
 * The tokenizer wraps an instance of SQLite's own unicode61 (found through
 * the fts5_api of the connection) and looks at each token it gives: one
 * without a character of an unspaced script goes on unchanged; one with
 * such characters is cut into its runs, other runs go on as tokens, an
 * unspaced run as character pairs (document) or pairs / one character
 * (query).  Offsets: a token unicode61 did not change in length (no
 * diacritic removed) gives each piece its exact span; otherwise every
 * piece carries the whole token's span, which only snippets read.
 */
#include "engine/fts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

/* A character of a script written without spaces between words whose
 * characters unicode61 keeps together (Thai, Khmer and Myanmar it cuts at
 * their vowel marks, so pairs would not be characters there). */
static int unspaced(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) ||   /* hiragana, katakana */
           (c >= 0x31F0 && c <= 0x31FF) ||   /* katakana extensions */
           (c >= 0x3400 && c <= 0x4DBF) ||   /* Han extension A */
           (c >= 0x4E00 && c <= 0x9FFF) ||   /* Han */
           (c >= 0xF900 && c <= 0xFAFF) ||   /* Han compatibility */
           (c >= 0xFF66 && c <= 0xFF9F) ||   /* halfwidth katakana */
           (c >= 0x20000 && c <= 0x3FFFF);   /* Han extensions B.. */
}

typedef struct {
    fts5_tokenizer inner;   /* unicode61's methods */
    Fts5Tokenizer *tok;     /* its instance */
} tokenizer;

typedef struct {
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
    int query;
} pass;

/* A piece of token t[a..b) (t of n bytes, spanning text[start..end)). */
static int emit(const pass *p, int flags, const char *t, size_t a, size_t b, size_t n, int start, int end)
{
    int exact = (size_t)(end - start) == n;
    return p->token(p->ctx, flags, t + a, (int)(b - a), exact ? start + (int)a : start,
                    exact ? start + (int)b : end);
}

static int split(void *ctx, int tflags, const char *t, int nt, int start, int end)
{
    pass *p = ctx;
    size_t n = nt > 0 ? (size_t)nt : 0, i = 0;
    int any = 0;
    while (i < n && !any)
        any = unspaced(ss_utf8_next(t, n, &i));
    if (!any)
        return p->token(p->ctx, tflags, t, nt, start, end);
    int rc = SQLITE_OK;
    int first = 1; /* the first piece keeps the token's flags (a colocated synonym) */
    for (i = 0; i < n && rc == SQLITE_OK;) {
        size_t a = i, j = i;
        uint32_t c = ss_utf8_next(t, n, &j);
        if (!unspaced(c)) {
            /* a run of other characters: one token */
            size_t b = j;
            while (b < n) {
                size_t k = b;
                if (unspaced(ss_utf8_next(t, n, &k)))
                    break;
                b = k;
            }
            rc = emit(p, first ? tflags : 0, t, a, b, n, start, end);
            first = 0;
            i = b;
            continue;
        }
        /* an unspaced run from a: each character with the next */
        size_t cur = a, cend = j; /* the current character */
        for (;;) {
            size_t k = cend;
            int pair = 0;
            if (k < n) {
                size_t k2 = k;
                if (unspaced(ss_utf8_next(t, n, &k2))) {
                    pair = 1;
                    k = k2;
                }
            }
            if (pair) {
                rc = emit(p, first ? tflags : 0, t, cur, k, n, start, end);
                first = 0;
                if (rc == SQLITE_OK && !p->query)
                    rc = emit(p, FTS5_TOKEN_COLOCATED, t, cur, cend, n, start, end);
            } else if (!p->query || cur == a) {
                /* the run's last character (document), or a run of one */
                rc = emit(p, first ? tflags : 0, t, cur, cend, n, start, end);
                first = 0;
            }
            if (rc != SQLITE_OK || !pair) {
                i = cend;
                break;
            }
            cur = cend;
            cend = k;
        }
    }
    return rc;
}

static int tok_tokenize(Fts5Tokenizer *self, void *ctx, int flags, const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    tokenizer *t = (tokenizer *)self;
    pass p = {ctx, token, (flags & FTS5_TOKENIZE_QUERY) != 0};
    return t->inner.xTokenize(t->tok, &p, flags, text, n, split);
}

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)argv;
    (void)argc;
    fts5_api *api = ctx;
    tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    void *uctx = NULL;
    int rc = api->xFindTokenizer(api, "unicode61", &uctx, &t->inner);
    static const char *args[] = {"remove_diacritics", "2"};
    if (rc == SQLITE_OK)
        rc = t->inner.xCreate(uctx, args, 2, &t->tok);
    if (rc != SQLITE_OK) {
        free(t);
        return rc;
    }
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *self)
{
    tokenizer *t = (tokenizer *)self;
    if (t) {
        t->inner.xDelete(t->tok);
        free(t);
    }
}

int ss_fts_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    rc = sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return rc;
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    fts5_tokenizer tk = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, SS_FTS_TOKENIZER, api, &tk, NULL);
}

/* ---- queries ------------------------------------------------------------------ */

static int wordy(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_op(const char *s, size_t n)
{
    return (n == 3 && (memcmp(s, "AND", 3) == 0 || memcmp(s, "NOT", 3) == 0)) || (n == 2 && memcmp(s, "OR", 2) == 0);
}

/* Whether s[0..n) is a column filter alone ("title:", "-text:"). */
static int col_prefix(const char *s, size_t n)
{
    return (n == 6 && memcmp(s, "title:", 6) == 0) || (n == 5 && memcmp(s, "text:", 5) == 0) ||
           (n == 7 && memcmp(s, "-title:", 7) == 0) || (n == 6 && memcmp(s, "-text:", 6) == 0);
}

/* One term s[0..n) (no white space, no quote) as FTS5 wants it. */
static int put_term(ss_buf *out, const char *s, size_t n)
{
    int rc = 0;
    while (n && *s == '(') { /* opening parentheses stay */
        rc |= ss_buf_putc(out, '(');
        s++;
        n--;
    }
    size_t close = 0;
    while (close < n && s[n - 1 - close] == ')')
        close++;
    n -= close;
    static const char *const cols[] = {"title:", "text:", "-title:", "-text:", "NEAR("};
    for (int c = 0; c < 5; c++) {
        size_t l = strlen(cols[c]);
        /* a filter needs what it filters after it ("title:" alone is a
           word); "NEAR(" opens a group whose terms follow */
        if ((c == 4 ? n >= l : n > l) && memcmp(s, cols[c], l) == 0) {
            rc |= ss_buf_append(out, s, l);
            s += l;
            n -= l;
            break;
        }
    }
    while (n && *s == '(') { /* title:(a OR b) */
        rc |= ss_buf_putc(out, '(');
        s++;
        n--;
    }
    if (n > 1 && *s == '^') { /* ^word: at the start of a field */
        rc |= ss_buf_putc(out, '^');
        s++;
        n--;
    }
    size_t w = 0;
    while (w < n && wordy((unsigned char)s[w]))
        w++;
    int plain = n > 0 && (w == n || (w + 1 == n && s[w] == '*' && w > 0));
    if (plain || is_op(s, n)) {
        rc |= ss_buf_append(out, s, n);
    } else if (n) {
        rc |= ss_buf_putc(out, '"');
        for (size_t i = 0; i < n; i++)
            rc |= s[i] == '"' ? ss_buf_append(out, "\"\"", 2) : ss_buf_putc(out, s[i]);
        rc |= ss_buf_putc(out, '"');
    }
    for (size_t i = 0; i < close; i++)
        rc |= ss_buf_putc(out, ')');
    return rc;
}

int ss_fts_query(const char *q, ss_buf *out)
{
    int rc = 0;
    size_t i = 0, n = strlen(q);
    while (i < n) {
        if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
            i++;
            continue;
        }
        /* a space between terms, none after a column filter ("title:" then
           a quoted phrase) */
        if (out->len && out->data[out->len - 1] != ':')
            rc |= ss_buf_putc(out, ' ');
        size_t a = i;
        if (q[i] == '"') {
            /* a phrase as the user quoted it ("" inside is a quote) */
            size_t j = a + 1;
            int closed = 0;
            while (j < n) {
                if (q[j] == '"' && j + 1 < n && q[j + 1] == '"') {
                    j += 2;
                } else if (q[j] == '"') {
                    closed = 1;
                    j++;
                    break;
                } else {
                    j++;
                }
            }
            while (closed && j < n && (q[j] == '*' || q[j] == ')'))
                j++;
            rc |= ss_buf_append(out, q + a, j - a);
            if (!closed)
                rc |= ss_buf_putc(out, '"');
            i = j;
            continue;
        }
        while (i < n && q[i] != ' ' && q[i] != '\t' && q[i] != '\n' && q[i] != '\r' && q[i] != '"')
            i++;
        if (i < n && q[i] == '"' && col_prefix(q + a, i - a)) {
            rc |= ss_buf_append(out, q + a, i - a); /* title:"a phrase" */
            continue;
        }
        if (q[a] == '-' && i - a > 1 && !col_prefix(q + a, i - a) && q[a + 1] != '-' &&
            !(i - a > 6 && (memcmp(q + a, "-title:", 7) == 0)) && !(i - a > 5 && memcmp(q + a, "-text:", 6) == 0)) {
            /* -word: without it, as search boxes read it (FTS5 alone would
               search the word); at the start it has nothing to take from
               and stays an error */
            rc |= ss_buf_append(out, "NOT ", 4);
            a++;
        }
        rc |= put_term(out, q + a, i - a);
    }
    rc |= ss_buf_putc(out, '\0');
    if (!rc)
        out->len--;
    return rc ? SS_ENOMEM : SS_OK;
}
