/* text/datefind.c — finding dates and datelines (rules in datefind.h).
 *
 * The text is cut into tokens (normalized: case folded, "März" -> "märz"),
 * and patterns are matched over the tokens; the raw text between two
 * tokens decides whether they belong together (only spaces, commas and
 * full stops may stand inside a date, and no line break).  Month and
 * weekday names come from text/calendar.h; the words only dates need
 * (yesterday, last, next, "de" in "4 de marzo") live in one table here,
 * sorted by their bytes and searched by bisection.
 */
#include "text/datefind.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/time.h"
#include "text/calendar.h"
#include "text/token.h"
#include "text/utf8.h"

enum { L_EN = 1, L_DE = 2, L_FR = 4, L_ES = 8 };
enum { W_REL = 1, W_MOD, W_CONN };
enum {
    W_AMBIG = 2,   /* a common word in another language: needs the language hint */
    W_BEFORE = 4,  /* a modifier written before the weekday ("last Monday") */
    W_AFTER = 8    /* a modifier written after it ("lundi dernier") */
};

typedef struct dword {
    const char *w;   /* normalized: case folded */
    uint8_t type;
    int8_t value;    /* day offset (W_REL), direction (W_MOD) */
    uint8_t langs;
    uint8_t flags;
} dword;

/* Sorted by strcmp of w. */
static const dword words[] = {
    {"anteayer", W_REL, -2, L_ES, 0},
    {"aujourd'hui", W_REL, 0, L_FR, 0},
    {"ayer", W_REL, -1, L_ES, 0},
    {"de", W_CONN, 0, L_ES, 0},
    {"demain", W_REL, 1, L_FR, 0},
    {"dernier", W_MOD, -1, L_FR, W_AFTER},
    {"gestern", W_REL, -1, L_DE, 0},
    {"heute", W_REL, 0, L_DE, 0},
    {"hier", W_REL, -1, L_FR, W_AMBIG},
    {"hoy", W_REL, 0, L_ES, 0},
    {"kommenden", W_MOD, 1, L_DE, W_BEFORE},
    {"last", W_MOD, -1, L_EN, W_BEFORE},
    {"letzten", W_MOD, -1, L_DE, W_BEFORE},
    {"mañana", W_REL, 1, L_ES, W_AMBIG},
    {"morgen", W_REL, 1, L_DE, W_AMBIG},
    {"next", W_MOD, 1, L_EN, W_BEFORE},
    {"nächsten", W_MOD, 1, L_DE, W_BEFORE},
    {"of", W_CONN, 0, L_EN, 0},
    {"pasado", W_MOD, -1, L_ES, W_AFTER},
    {"prochain", W_MOD, 1, L_FR, W_AFTER},
    {"próximo", W_MOD, 1, L_ES, W_BEFORE},
    {"today", W_REL, 0, L_EN, 0},
    {"tomorrow", W_REL, 1, L_EN, 0},
    {"vergangenen", W_MOD, -1, L_DE, W_BEFORE},
    {"vorgestern", W_REL, -2, L_DE, 0},
    {"yesterday", W_REL, -1, L_EN, 0},
    {"übermorgen", W_REL, 2, L_DE, 0},
};

#define NWORDS (sizeof words / sizeof words[0])

static const dword *lookup(const char *w, size_t n)
{
    if (n < 2 || n > 12)
        return NULL;
    size_t lo = 0, hi = NWORDS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(words[mid].w, w, n);
        if (c == 0 && words[mid].w[n] != '\0')
            c = 1;
        if (c == 0)
            return &words[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void ss_date_mentions_init(ss_date_mentions *m) { memset(m, 0, sizeof *m); }

void ss_date_mentions_release(ss_date_mentions *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}

typedef struct scan {
    const char *text;
    size_t len;
    const ss_tokens *t;
    unsigned lang;   /* L_* of the hint, 0 if none */
} scan;

static const char *norm(const scan *s, size_t k, size_t *n)
{
    *n = s->t->v[k].norm_len;
    return ss_token_norm(s->t, k);
}

static const dword *word_at(const scan *s, size_t k, int type)
{
    if (k >= s->t->n || s->t->v[k].kind != SS_TOK_WORD)
        return NULL;
    size_t n;
    const char *w = norm(s, k, &n);
    const dword *d = lookup(w, n);
    if (!d || (type && d->type != type))
        return NULL;
    if ((d->flags & W_AMBIG) && !(d->langs & s->lang))
        return NULL;
    return d;
}

/* The gap between tokens k and k + 1: only spaces (and at most one line
 * break: a paragraph's end parts two dates), commas and full stops, at
 * most 8 bytes; *dot tells whether a full stop is in it. */
static int tight_gap(const scan *s, size_t k, int *dot, int *comma)
{
    if (k + 1 >= s->t->n)
        return 0;
    size_t a = s->t->v[k].end, b = s->t->v[k + 1].start;
    if (b < a || b - a > 8)
        return 0;
    *dot = *comma = 0;
    int lines = 0; /* hard-wrapped text breaks a date at a line end ("March 30,\n1992") */
    for (size_t i = a; i < b;) {
        uint32_t cp = ss_utf8_next(s->text, b, &i);
        if (cp == '.')
            *dot = 1;
        else if (cp == ',')
            *comma = 1;
        else if (cp == '\n')
            lines++;
        else if (cp != ' ' && cp != '\t' && cp != '\r' && cp != 0xA0 && cp != 0x202F)
            return 0;
    }
    return lines <= 1; /* not across a paragraph's end */
}

/* A number token's value if it is all ASCII digits, with its digit count. */
static int number(const scan *s, size_t k, int *digits)
{
    if (k >= s->t->n || s->t->v[k].kind != SS_TOK_NUM)
        return -1;
    size_t n;
    const char *w = norm(s, k, &n);
    if (n == 0 || n > 4)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] < '0' || w[i] > '9')
            return -1;
        v = v * 10 + (w[i] - '0');
    }
    *digits = (int)n;
    return v;
}

/* A day of the month: "4", "04", or an ordinal "4th", "1er", "1st". */
static int day_at(const scan *s, size_t k)
{
    int digits;
    int v = number(s, k, &digits);
    if (v >= 1 && v <= 31 && digits <= 2)
        return v;
    if (k >= s->t->n || s->t->v[k].kind != SS_TOK_WORD)
        return -1;
    size_t n;
    const char *w = norm(s, k, &n);
    size_t i = 0;
    v = 0;
    while (i < n && i < 2 && w[i] >= '0' && w[i] <= '9')
        v = v * 10 + (w[i++] - '0');
    if (i == 0 || v < 1 || v > 31)
        return -1;
    static const char *const suffix[] = {"st", "nd", "rd", "th", "er", "re", "e", "eme", "o", "a", NULL};
    for (int x = 0; suffix[x]; x++)
        if (strlen(suffix[x]) == n - i && memcmp(w + i, suffix[x], n - i) == 0)
            return v;
    return -1;
}

static int year_at(const scan *s, size_t k)
{
    int digits;
    int v = number(s, k, &digits);
    return digits == 4 && v >= 1000 && v <= 2999 ? v : -1;
}

static int push(ss_date_mentions *m, const ss_date_mention *x)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        ss_date_mention *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n++] = *x;
    return SS_OK;
}

/* A month name at k, with the full stop an abbreviation may take.  Sets
 * *month; returns 1 if found. */
static int month_at(const scan *s, size_t k, int *month)
{
    if (k >= s->t->n || s->t->v[k].kind != SS_TOK_WORD)
        return 0;
    size_t n;
    const char *w = norm(s, k, &n);
    *month = ss_month_name(w, n);
    return *month != 0;
}

/* A weekday name at k (1 = Monday); full names only when alone (abbr is 0:
 * "Sun" and "Sat" are words too). */
static int weekday_at(const scan *s, size_t k, int abbr)
{
    if (k >= s->t->n || s->t->v[k].kind != SS_TOK_WORD)
        return 0;
    size_t n;
    const char *w = norm(s, k, &n);
    if (!abbr && ss_utf8_count(w, n) < 5)
        return 0;
    int wd = ss_weekday_name(w, n);
    if (wd)
        return wd;
    /* German writes the part of the day into the weekday: "Sonntagabend",
       "Montagmorgen" */
    static const char *const part[] = {"abend", "morgen", "vormittag", "nachmittag", "mittag", "nacht",
                                       "fr\xc3\xbch"};
    for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
        size_t pl = strlen(part[i]);
        if (n > pl + 5 && memcmp(w + n - pl, part[i], pl) == 0 && (wd = ss_weekday_name(w, n - pl)))
            return wd;
    }
    return 0;
}

/* Absolute dates starting at token k.  Returns the tokens used (0: none)
 * and fills x (kind, day, month, year); *keep > 0 says that only that many
 * bytes (ASCII) of the last token belong to the date. */
static size_t absolute_at(const scan *s, size_t k, ss_date_mention *x, uint32_t *keep)
{
    *keep = 0;
    int dot, comma, month, day, year;
    /* month first: "March 4, 2025", "Jan. 11", "March 2025" */
    if (month_at(s, k, &month) && tight_gap(s, k, &dot, &comma) && !comma) {
        if ((day = day_at(s, k + 1)) > 0 && ss_date_valid(2000, (unsigned)month, (unsigned)day)) {
            x->month = (uint8_t)month;
            x->day = (uint8_t)day;
            if (tight_gap(s, k + 1, &dot, &comma) && !dot && (year = year_at(s, k + 2)) > 0) {
                x->year = year;
                x->kind = SS_DATE_FULL;
                return 3;
            }
            x->kind = SS_DATE_DAY_MONTH;
            return 2;
        }
        /* "March 2025", "marzo de 2025" */
        size_t y = k + 1;
        if (word_at(s, y, W_CONN) && tight_gap(s, y, &dot, &comma) && !dot && !comma)
            y++;
        if (!dot && (year = year_at(s, y)) > 0) {
            x->month = (uint8_t)month;
            x->year = year;
            x->kind = SS_DATE_MONTH_YEAR;
            return y - k + 1;
        }
        return 0;
    }
    /* day first: "4 March 2025", "4. März 2025", "1er mars", "4 de marzo de 2025", "4th of July" */
    if ((day = day_at(s, k)) > 0 && tight_gap(s, k, &dot, &comma) && !comma) {
        size_t m = k + 1;
        if (word_at(s, m, W_CONN) && tight_gap(s, m, &dot, &comma) && !dot && !comma)
            m++;
        /* a day no month of any year has (30 February) is no date */
        if (!month_at(s, m, &month) || !ss_date_valid(2000, (unsigned)month, (unsigned)day))
            return 0;
        x->month = (uint8_t)month;
        x->day = (uint8_t)day;
        size_t y = m + 1;
        int d2, c2;
        if (tight_gap(s, m, &d2, &c2)) {
            if (word_at(s, y, W_CONN) && tight_gap(s, y, &dot, &comma) && !dot && !comma)
                y++;
            if ((year = year_at(s, y)) > 0) {
                x->year = year;
                x->kind = SS_DATE_FULL;
                return y - k + 1;
            }
        }
        x->kind = SS_DATE_DAY_MONTH;
        return m - k + 1;
    }
    /* ISO: 2025-03-04, maybe with a time: 2025-03-04T10:00 (the tokenizer
     * reads "04T10" as one word, of which the date keeps two digits) */
    int dm, dd;
    if ((year = year_at(s, k)) > 0 && k + 2 < s->t->n) {
        int mo = number(s, k + 1, &dm), da = number(s, k + 2, &dd);
        const ss_token *t = s->t->v;
        if (da < 0 && t[k + 2].kind == SS_TOK_WORD && t[k + 2].end - t[k + 2].start > 3) {
            const char *w = s->text + t[k + 2].start;
            if (w[0] >= '0' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9' && (w[2] == 'T' || w[2] == 't')) {
                da = (w[0] - '0') * 10 + (w[1] - '0');
                dd = 2;
                *keep = 2;
            }
        }
        if (mo >= 1 && mo <= 12 && dm == 2 && da >= 1 && da <= 31 && dd == 2 &&
            t[k + 1].start == t[k].end + 1 && s->text[t[k].end] == '-' &&
            t[k + 2].start == t[k + 1].end + 1 && s->text[t[k + 1].end] == '-') {
            x->year = year;
            x->month = (uint8_t)mo;
            x->day = (uint8_t)da;
            x->kind = SS_DATE_FULL;
            return 3;
        }
    }
    /* dotted, day first: 4.3.2025 (one number token) */
    size_t n;
    if (k < s->t->n && s->t->v[k].kind == SS_TOK_NUM && (norm(s, k, &n), n <= 10)) {
        const char *w = norm(s, k, &n);
        int part[3] = {0, 0, 0}, np = 0, nd = 0, ok = 1;
        int len[3] = {0, 0, 0};
        for (size_t i = 0; i < n && ok; i++) {
            if (w[i] == '.') {
                if (nd == 0 || np == 2) {
                    ok = 0;
                    break;
                }
                len[np++] = nd;
                nd = 0;
            } else if (w[i] >= '0' && w[i] <= '9' && nd < 4) {
                part[np] = part[np] * 10 + (w[i] - '0');
                nd++;
            } else {
                ok = 0;
            }
        }
        if (ok && np == 2 && nd == 4 && len[0] <= 2 && len[1] <= 2 && part[1] >= 1 &&
            part[1] <= 12 && part[0] >= 1 && part[0] <= 31 && part[2] >= 1000 && part[2] <= 2999) {
            x->day = (uint8_t)part[0];
            x->month = (uint8_t)part[1];
            x->year = part[2];
            x->kind = SS_DATE_FULL;
            return 1;
        }
    }
    return 0;
}

static void set_span(const scan *s, ss_date_mention *x, size_t k0, size_t k1)
{
    const ss_token *t = s->t->v;
    x->start = t[k0].start;
    x->end = t[k1].end;
    x->cp_start = t[k0].cp_start;
    x->cp_end = t[k1].cp_end;
}

static int is_upper_ascii_or_letter(const char *text, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (c >= 'A' && c <= 'Z')
        return 1;
    return c >= 0xC0; /* a non-ASCII letter: accept (capitals of other scripts) */
}

/* A line that is a date stamp: "Updated: November 11, 2011 20:09 IST",
 * "Jan 05, 2011", "Published on 3 March 2025, 10:30 GMT".  Beside the full
 * date the line holds at most DATE_LINE_REST bytes, and every word there
 * is capitalized (a label, a time zone) or one of a few small words of a
 * stamp ("on", "at", "am", "pm", "um"): a sentence that mentions a date
 * has lower-case words around it. */
#define DATE_LINE_REST 48

static int stamp_word(const char *w, size_t n)
{
    static const char *const t[] = {"on", "at", "am", "pm", "um", "le", "el", "a.m", "p.m", NULL};
    for (size_t i = 0; t[i]; i++)
        if (strlen(t[i]) == n && memcmp(t[i], w, n) == 0)
            return 1;
    return 0;
}

static int date_line(const char *text, size_t len, const ss_date_mention *x)
{
    if (x->kind != SS_DATE_FULL)
        return 0;
    size_t ls = x->start, le = x->end;
    while (ls > 0 && text[ls - 1] != '\n')
        ls--;
    while (le < len && text[le] != '\n')
        le++;
    if ((x->start - ls) + (le - x->end) > DATE_LINE_REST)
        return 0;
    for (int side = 0; side < 2; side++) {
        size_t i = side ? x->end : ls, end = side ? le : x->start;
        while (i < end) {
            unsigned char c = (unsigned char)text[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)) {
                i++;
                continue;
            }
            size_t w = i;
            while (i < end && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                               text[i] == '.' || (unsigned char)text[i] >= 0x80))
                i++;
            size_t n = i - w;
            while (n > 0 && text[w + n - 1] == '.')
                n--;
            if (!is_upper_ascii_or_letter(text, w) && !stamp_word(text + w, n))
                return 0;
        }
    }
    return 1;
}

/* Is the mention a dateline (rules in datefind.h)? */
static int dateline(const char *text, size_t len, const ss_date_mention *x)
{
    if (x->start >= SS_DATELINE_WINDOW)
        return 0;
    if (date_line(text, len, x))
        return 1;
    size_t ls = x->start;
    while (ls > 0 && text[ls - 1] != '\n')
        ls--;
    /* before: "... Word," then spaces */
    size_t i = x->start;
    while (i > ls && (text[i - 1] == ' ' || text[i - 1] == '\t'))
        i--;
    if (i == ls || text[i - 1] != ',')
        return 0;
    i--;
    size_t we = i;
    while (i > ls && text[i - 1] != ' ' && text[i - 1] != '\t' && text[i - 1] != ',')
        i--;
    if (i == we || !is_upper_ascii_or_letter(text, i))
        return 0;
    /* after: spaces, an optional "(Agency)", spaces, then a dash, a colon or the line end */
    size_t j = x->end;
    while (j < len && (text[j] == ' ' || text[j] == '\t'))
        j++;
    if (j < len && text[j] == '(') {
        size_t c = j + 1;
        while (c < len && c - j < 60 && text[c] != ')' && text[c] != '\n')
            c++;
        if (c >= len || text[c] != ')')
            return 0;
        j = c + 1;
        while (j < len && (text[j] == ' ' || text[j] == '\t'))
            j++;
    }
    if (j >= len || text[j] == '\n' || text[j] == '\r' || text[j] == '-' || text[j] == ':')
        return 1;
    /* en dash, em dash */
    return len - j >= 3 && (unsigned char)text[j] == 0xE2 && (unsigned char)text[j + 1] == 0x80 &&
           ((unsigned char)text[j + 2] == 0x93 || (unsigned char)text[j + 2] == 0x94);
}

/* Is token k preceded by an article or demonstrative ("la", "esta", "der")? */
static int after_article(const scan *s, size_t k)
{
    static const char *const art[] = {"la", "esta", "cada", "el", "der", "den", "am", "le", "ce",
                                      "the", "this", NULL};
    if (k == 0 || s->t->v[k - 1].kind != SS_TOK_WORD)
        return 0;
    size_t n;
    const char *w = norm(s, k - 1, &n);
    for (int i = 0; art[i]; i++)
        if (strlen(art[i]) == n && memcmp(art[i], w, n) == 0)
            return 1;
    return 0;
}

/* ---- dates written with CJK unit signs: 2025年3月5日, 2025년 3월 5일 ---- */

/* A run of digits (ASCII or fullwidth) at text[*i]: its value, the bytes
 * and code points it took; -1 when none or longer than 4 digits. */
static int cjk_number(const char *text, size_t len, size_t *i, uint32_t *cp)
{
    int v = 0, digits = 0;
    size_t j = *i;
    while (j < len) {
        unsigned char c = (unsigned char)text[j];
        if (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            j++;
        } else if (j + 2 < len && c == 0xEF && (unsigned char)text[j + 1] == 0xBC &&
                   (unsigned char)text[j + 2] >= 0x90 && (unsigned char)text[j + 2] <= 0x99) {
            v = v * 10 + ((unsigned char)text[j + 2] - 0x90); /* ０-９ */
            j += 3;
        } else {
            break;
        }
        if (++digits > 4)
            return -1;
    }
    if (!digits)
        return -1;
    *i = j;
    *cp += (uint32_t)digits;
    return v;
}

/* The unit sign at text[*i] after optional spaces (Korean writes
 * "2025년 3월"): 1 year, 2 month, 3 day, 0 none. */
static int cjk_unit(const char *text, size_t len, size_t *i, uint32_t *cp)
{
    size_t j = *i;
    uint32_t c = *cp;
    while (j < len && text[j] == ' ' && j - *i < 2) {
        j++;
        c++;
    }
    static const struct { const char *sign; int unit; } units[] = {
        {"\xe5\xb9\xb4", 1}, /* 年 */
        {"\xeb\x85\x84", 1}, /* 년 */
        {"\xe6\x9c\x88", 2}, /* 月 */
        {"\xec\x9b\x94", 2}, /* 월 */
        {"\xe6\x97\xa5", 3}, /* 日 */
        {"\xe5\x8f\xb7", 3}, /* 号 */
        {"\xec\x9d\xbc", 3}, /* 일 */
    };
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (j + 3 <= len && memcmp(text + j, units[u].sign, 3) == 0) {
            *i = j + 3;
            *cp = c + 1;
            return units[u].unit;
        }
    return 0;
}

/* A dateline of a date with unit signs: before 电 or 電 (a Chinese
 * agency's "北京2025年3月5日电"), or opening a line of at most
 * DATE_LINE_REST more bytes (a stamp: "2025年03月05日 10:15 来源：东海日报"; the
 * capitals that tell a stamp from a sentence in Latin script do not
 * exist here, so a sentence must not come before the date). */
static int cjk_dateline(const char *text, size_t len, const ss_date_mention *x)
{
    size_t end = x->end;
    if (end + 3 <= len && (memcmp(text + end, "\xe7\x94\xb5", 3) == 0 || memcmp(text + end, "\xe9\x9b\xbb", 3) == 0))
        return 1;
    size_t ls = x->start;
    while (ls > 0 && (text[ls - 1] == ' ' || text[ls - 1] == '\t'))
        ls--;
    if (ls > 0 && text[ls - 1] != '\n')
        return 0;
    size_t le = end;
    while (le < len && text[le] != '\n')
        le++;
    return le - end <= DATE_LINE_REST;
}

/* Dates written with unit signs, appended to out in text order: year,
 * month and day (SS_DATE_FULL), month and day, or year and month; none
 * that overlaps a mention out holds already.  Only texts holding a month
 * sign are walked. */
static int cjk_dates(const char *text, size_t len, ss_date_mentions *out)
{
    size_t words_found = out->n; /* mentions of the word scan, kept */
    if (!memmem(text, len, "\xe6\x9c\x88", 3) && !memmem(text, len, "\xec\x9b\x94", 3))
        return SS_OK;
    uint32_t cp = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        int digit = (c >= '0' && c <= '9') || (c == 0xEF && i + 2 < len && (unsigned char)text[i + 1] == 0xBC &&
                                               (unsigned char)text[i + 2] >= 0x90 &&
                                               (unsigned char)text[i + 2] <= 0x99);
        int after_digit = i > 0 && (((unsigned char)text[i - 1] >= '0' && (unsigned char)text[i - 1] <= '9'));
        if (!digit || after_digit) {
            ss_utf8_next(text, len, &i);
            cp++;
            continue;
        }
        size_t at = i;
        uint32_t cp_at = cp;
        int part[3] = {0, 0, 0}; /* year, month, day as written */
        int last = 0;
        size_t j = i, end = i;
        uint32_t cj = cp, cp_end = cp;
        for (int step = 0; step < 3; step++) {
            size_t k = j;
            uint32_t ck = cj;
            int v = cjk_number(text, len, &k, &ck);
            int unit = v >= 0 ? cjk_unit(text, len, &k, &ck) : 0;
            if (!unit || unit <= last || part[unit - 1])
                break;
            part[unit - 1] = v;
            last = unit;
            j = end = k;
            cj = cp_end = ck;
            while (j < len && text[j] == ' ' && j - end < 2) {
                j++;
                cj++;
            }
        }
        ss_date_mention x;
        memset(&x, 0, sizeof x);
        x.day_number = SS_DAY_NONE;
        int y = part[0], m = part[1], d = part[2];
        if (m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1000 && y <= 2999 && ss_date_valid(y, m, d)) {
            x.kind = SS_DATE_FULL;
            x.day_number = ss_days_from_civil(y, (unsigned)m, (unsigned)d);
        } else if (m >= 1 && m <= 12 && d >= 1 && !y && ss_date_valid(2000, (unsigned)m, (unsigned)d)) {
            x.kind = SS_DATE_DAY_MONTH;
        } else if (m >= 1 && m <= 12 && !d && y >= 1000 && y <= 2999) {
            x.kind = SS_DATE_MONTH_YEAR;
        }
        if (!x.kind) {
            /* go on from the next character (the rest of a run of ASCII
               digits is skipped above) */
            i = at;
            cp = cp_at;
            ss_utf8_next(text, len, &i);
            cp++;
            continue;
        }
        x.year = y;
        x.month = (uint8_t)m;
        x.day = (uint8_t)d;
        x.start = (uint32_t)at;
        x.end = (uint32_t)end;
        x.cp_start = cp_at;
        x.cp_end = cp_end;
        x.dateline = (uint8_t)(x.kind == SS_DATE_FULL && at < SS_DATELINE_WINDOW && cjk_dateline(text, len, &x));
        /* a date the word scan found there already ("Feb 3月5日") stands */
        int overlaps = 0;
        for (size_t o = 0; o < words_found && !overlaps; o++)
            overlaps = out->v[o].start < x.end && x.start < out->v[o].end;
        if (!overlaps && push(out, &x))
            return SS_ENOMEM;
        i = end;
        cp = cp_end;
    }
    return SS_OK;
}

static int cmp_mention(const void *a, const void *b)
{
    const ss_date_mention *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static unsigned lang_bit(const char *lang)
{
    if (!lang)
        return 0;
    if (strcmp(lang, "en") == 0)
        return L_EN;
    if (strcmp(lang, "de") == 0)
        return L_DE;
    if (strcmp(lang, "fr") == 0)
        return L_FR;
    if (strcmp(lang, "es") == 0)
        return L_ES;
    return 0;
}

int ss_dates_find(const char *text, size_t len, const char *lang, ss_date_mentions *out)
{
    out->n = 0;
    ss_tokens t;
    ss_tokens_init(&t);
    int rc = ss_tokenize(text, len, 0, SS_TOKENIZE_NORM | SS_TOKENIZE_NO_CJK,
                         &t);
    if (rc) {
        ss_tokens_release(&t);
        return rc;
    }
    scan s = {text, len, &t, lang_bit(lang)};
    for (size_t k = 0; k < t.n;) {
        ss_date_mention x;
        memset(&x, 0, sizeof x);
        x.day_number = SS_DAY_NONE;
        uint32_t keep;
        size_t used = absolute_at(&s, k, &x, &keep);
        size_t k0 = k;
        int wd = used ? 0 : weekday_at(&s, k, 1);
        if (wd) {
            /* "Tuesday, March 4, 2025", "mardi 4 mars" */
            int dot, comma;
            if (tight_gap(&s, k, &dot, &comma) && !dot && (used = absolute_at(&s, k + 1, &x, &keep)) > 0 &&
                x.kind != SS_DATE_MONTH_YEAR) {
                x.weekday = (uint8_t)wd;
                used++;
            } else {
                memset(&x, 0, sizeof x);
                x.day_number = SS_DAY_NONE;
                used = 0;
            }
        }
        if (used) {
            set_span(&s, &x, k0, k0 + used - 1);
            if (keep) {
                x.end = t.v[k0 + used - 1].start + keep;
                x.cp_end = t.v[k0 + used - 1].cp_start + keep;
            }
            if (x.kind == SS_DATE_FULL) {
                if (!ss_date_valid(x.year, x.month, x.day)) {
                    k++;
                    continue;
                }
                x.day_number = ss_days_from_civil(x.year, x.month, x.day);
            }
            x.dateline = (uint8_t)dateline(text, len, &x);
            if (push(out, &x))
                goto oom;
            k += used;
            continue;
        }
        if (wd && weekday_at(&s, k, 0)) {
            /* a weekday alone, with "last"/"next" before or after it */
            size_t a = k, b = k;
            int dot, comma;
            const dword *mod = k > 0 ? word_at(&s, k - 1, W_MOD) : NULL;
            if (mod && (mod->flags & W_BEFORE) && tight_gap(&s, k - 1, &dot, &comma) && !dot && !comma) {
                x.offset = mod->value;
                a = k - 1;
            } else if ((mod = word_at(&s, k + 1, W_MOD)) && (mod->flags & W_AFTER) &&
                       tight_gap(&s, k, &dot, &comma) && !dot && !comma) {
                x.offset = mod->value;
                b = k + 1;
            }
            x.kind = SS_DATE_WEEKDAY;
            x.weekday = (uint8_t)wd;
            set_span(&s, &x, a, b);
            if (push(out, &x))
                goto oom;
            k = b + 1;
            continue;
        }
        const dword *rel = word_at(&s, k, W_REL);
        /* an ambiguous word is the noun in capitals ("Morgen" is morning) or
         * after an article ("por la mañana", "esta mañana": the morning) */
        if (rel && (rel->flags & W_AMBIG) &&
            ((text[t.v[k].start] >= 'A' && text[t.v[k].start] <= 'Z') || after_article(&s, k)))
            rel = NULL;
        if (rel) {
            x.kind = SS_DATE_RELATIVE;
            x.offset = rel->value;
            set_span(&s, &x, k, k);
            if (push(out, &x))
                goto oom;
        }
        k++;
    }
    ss_tokens_release(&t);
    size_t before = out->n;
    if (cjk_dates(text, len, out))
        return SS_ENOMEM;
    if (out->n > before)
        qsort(out->v, out->n, sizeof *out->v, cmp_mention);
    return SS_OK;
oom:
    ss_tokens_release(&t);
    return SS_ENOMEM;
}

static int64_t nearest_year_day(int64_t ref, unsigned month, unsigned day)
{
    int64_t y;
    unsigned m, d;
    ss_civil_from_days(ref, &y, &m, &d);
    int64_t best = SS_DAY_NONE, bestdist = 0;
    for (int64_t yy = y - 4; yy <= y + 4; yy++) { /* 29 February needs a leap year */
        if (!ss_date_valid(yy, month, day))
            continue;
        int64_t c = ss_days_from_civil(yy, month, day);
        int64_t dist = c > ref ? c - ref : ref - c;
        if (best == SS_DAY_NONE || dist < bestdist) {
            best = c;
            bestdist = dist;
        }
    }
    return best;
}

void ss_dates_resolve(ss_date_mentions *m, int64_t ref)
{
    if (ref == SS_DAY_NONE)
        return;
    int wref = ss_time_weekday(ref * 86400) + 1; /* 1 = Monday */
    for (size_t i = 0; i < m->n; i++) {
        ss_date_mention *x = &m->v[i];
        if (x->day_number != SS_DAY_NONE)
            continue;
        switch (x->kind) {
        case SS_DATE_DAY_MONTH:
            x->day_number = nearest_year_day(ref, x->month, x->day);
            break;
        case SS_DATE_WEEKDAY: {
            int back = (wref - x->weekday + 7) % 7; /* days back to the latest such day */
            if (x->offset < 0)
                x->day_number = ref - (back ? back : 7);
            else if (x->offset > 0)
                x->day_number = ref + (back ? 7 - back : 7);
            else
                x->day_number = ref - back;
            break;
        }
        case SS_DATE_RELATIVE:
            x->day_number = ref + x->offset;
            break;
        default:
            break;
        }
    }
}

int64_t ss_dates_dateline_day(const ss_date_mentions *m)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i].dateline && m->v[i].kind == SS_DATE_FULL)
            return m->v[i].day_number;
    return SS_DAY_NONE;
}
