/* text/segment.c — paragraph and sentence splitting (rules in segment.h).
 *
 * Spans are produced in text order, so code point offsets come from a
 * cursor that only moves forward (cp_at), never from a rescan.
 */
#include "text/segment.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "core/error.h"
#include "text/calendar.h"
#include "text/utf8.h"

void ss_spans_init(ss_spans *s) { memset(s, 0, sizeof *s); }

void ss_spans_release(ss_spans *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

int ss_spans_push(ss_spans *s, ss_span sp)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        ss_span *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return SS_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = sp;
    return SS_OK;
}

typedef struct {
    const char *s;
    size_t byte;
    uint32_t cp;
} cursor;

static uint32_t cp_at(cursor *c, size_t byte)
{
    if (byte < c->byte) { /* restart (rare: only when a caller goes back) */
        c->byte = 0;
        c->cp = 0;
    }
    for (; c->byte < byte; c->byte++)
        c->cp += ((unsigned char)c->s[c->byte] & 0xC0) != 0x80;
    return c->cp;
}

static int is_space_cp(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
        cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
        cp == 0xFEFF)
        return 1;
    return 0;
}

/* Trim white space from both ends of [*a, *b). */
static void trim(const char *s, size_t *a, size_t *b)
{
    while (*a < *b) {
        size_t i = *a;
        uint32_t cp = ss_utf8_next(s, *b, &i);
        if (!is_space_cp(cp))
            break;
        *a = i;
    }
    while (*b > *a) {
        size_t i = *b;
        uint32_t cp = ss_utf8_prev(s, &i);
        if (!is_space_cp(cp))
            break;
        *b = i;
    }
}

static int push_trimmed(ss_spans *out, cursor *c, size_t a, size_t b)
{
    trim(c->s, &a, &b);
    if (a >= b)
        return SS_OK;
    ss_span sp;
    sp.start = (uint32_t)a;
    sp.end = (uint32_t)b;
    sp.cp_start = cp_at(c, a);
    sp.cp_end = cp_at(c, b);
    return ss_spans_push(out, sp);
}

/* Is line [a, b) blank? */
static int blank(const char *s, size_t a, size_t b)
{
    trim(s, &a, &b);
    return a >= b;
}

static int starts_lower(const char *s, size_t a, size_t b)
{
    trim(s, &a, &b);
    if (a >= b)
        return 0;
    size_t i = a;
    uint32_t cp = ss_utf8_next(s, b, &i);
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

int ss_text_is_wrapped(const char *text, size_t len)
{
    size_t pairs = 0, lower = 0;
    size_t a = 0;
    int prev_nonblank = 0;
    while (a < len) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - text) : len;
        int nb = !blank(text, a, b);
        if (nb && prev_nonblank) {
            pairs++;
            lower += (size_t)starts_lower(text, a, b);
        }
        prev_nonblank = nb;
        a = b + 1;
    }
    return pairs >= 3 && lower * 10 >= pairs * 3;
}

int ss_split_paragraphs(const char *text, size_t len, ss_spans *out)
{
    out->n = 0;
    cursor c = {text, 0, 0};
    int wrapped = ss_text_is_wrapped(text, len);
    size_t a = 0, para = SIZE_MAX;
    while (a <= len) {
        const char *nl = a < len ? memchr(text + a, '\n', len - a) : NULL;
        size_t b = nl ? (size_t)(nl - text) : len;
        int isblank = blank(text, a, b);
        if (!wrapped) {
            if (!isblank && push_trimmed(out, &c, a, b))
                return SS_ENOMEM;
        } else if (isblank) {
            if (para != SIZE_MAX && push_trimmed(out, &c, para, a))
                return SS_ENOMEM;
            para = SIZE_MAX;
        } else if (para == SIZE_MAX) {
            para = a;
        }
        if (!nl)
            break;
        a = b + 1;
    }
    if (wrapped && para != SIZE_MAX && push_trimmed(out, &c, para, len))
        return SS_ENOMEM;
    return SS_OK;
}

static const char *const abbrev[] = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thurs", "fri", "sat", "no", "nos", "vs", "inc", "ltd", "co", "corp", "bros", "dept",
    "univ", "ave", "blvd", "rd", "fig", "approx", "est", "e.g", "i.e", "a.m", "p.m", "u.s",
    "u.k", "u.n", "z.b", "bzw", "ca", "hr", "nr", "usw", "mme", "mlle", "etc.al", "al", "op",
    "vol", "pp", "ed", "eds", "cf", NULL};

/* Does the word that ends at byte e (just before a '.') keep the full stop? */
static int is_abbrev(const char *s, size_t a, size_t e)
{
    size_t w = e;
    while (w > a && (isalpha((unsigned char)s[w - 1]) || s[w - 1] == '.'))
        w--;
    size_t n = e - w;
    if (n == 0)
        return 0;
    if (n == 1 && isupper((unsigned char)s[w]))
        return 1; /* an initial: "J. Smith" */
    if (n > 7)
        return 0;
    for (int k = 0; abbrev[k]; k++)
        if (strlen(abbrev[k]) == n && strncasecmp(abbrev[k], s + w, n) == 0)
            return 1;
    return 0;
}

/* Does the word that ends at byte e (before a '.') write a time of day
 * ("6 a.m.", "9 p.m.")?  Its full stop also ends a sentence when a
 * quotation opens after it: "shortly after 6 a.m. \"We had no warning\"". */
static int is_clock_abbrev(const char *s, size_t a, size_t e)
{
    return e >= a + 3 && (strncasecmp(s + e - 3, "a.m", 3) == 0 || strncasecmp(s + e - 3, "p.m", 3) == 0) &&
           (e == a + 3 || !isalpha((unsigned char)s[e - 4]));
}

static int opens_quotation(uint32_t cp) { return cp == '"' || cp == 0x201C || cp == 0x201E || cp == 0x00AB; }

/* Does the capitalised word at text[m..end) go on saying when, after "6
 * a.m." ("6 a.m. Monday", "9 p.m. EST", "7 a.m. March 3")?  A weekday or
 * month (text/calendar.h), a time zone, today, tomorrow, yesterday.  Any
 * other capitalised word starts a sentence: "hit the freighter at 6:40
 * a.m. Rescue boats took the injured ashore". */
static int clock_goes_on(const char *text, size_t m, size_t end)
{
    static const char *const when[] = {"et",  "est", "edt",  "ct",   "cst",  "cdt",  "mt",    "mst",
                                       "mdt", "pt",  "pst",  "pdt",  "gmt",  "utc",  "bst",   "cet",
                                       "cest", "eet", "eest", "ist", "jst",  "kst",  "aest",  "aedt",
                                       "hkt", "sgt", "wib",  "msk",  "today", "tomorrow", "yesterday",
                                       "local", NULL};
    char w[12];
    size_t n = 0;
    while (m + n < end && n < sizeof w - 1 && isalpha((unsigned char)text[m + n])) {
        w[n] = (char)tolower((unsigned char)text[m + n]);
        n++;
    }
    if (!n || (m + n < end && isalpha((unsigned char)text[m + n])))
        return 0;
    w[n] = '\0';
    if (ss_month_name(w, n) || ss_weekday_name(w, n))
        return 1;
    for (int k = 0; when[k]; k++)
        if (strcmp(when[k], w) == 0)
            return 1;
    return 0;
}

/* Is the full stop at byte e that of a day number before a month name,
 * as German, Danish, Norwegian, Czech and Polish write dates ("am 4. März
 * 2025")?  The word before it is one or two digits; the word from m
 * names a month (text/calendar.h).  A day number before any other
 * capital word stays a possible sentence end. */
static int is_day_before_month(const char *s, size_t a, size_t e, size_t m, size_t end)
{
    size_t w = e;
    while (w > a && isdigit((unsigned char)s[w - 1]))
        w--;
    if (e - w < 1 || e - w > 2 || (w > a && !isspace((unsigned char)s[w - 1]) && s[w - 1] != '('))
        return 0;
    char buf[48];
    size_t n = 0, i = m;
    while (i < end) {
        size_t q = i;
        uint32_t cp = ss_utf8_next(s, end, &q);
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO || n + 4 > sizeof buf)
            break;
        n += (size_t)utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)cp), (utf8proc_uint8_t *)buf + n);
        i = q;
    }
    return n > 0 && ss_month_name(buf, n) > 0;
}

static int is_closer(uint32_t cp)
{
    switch (cp) {
    case '"': case '\'': case ')': case ']': case '}': case 0x201D: case 0x2019: case 0x00BB:
    case 0x203A: case 0x300D: case 0x300F: case 0xFF09: case 0x3011:
        return 1;
    default:
        return 0;
    }
}

static int is_terminator(uint32_t cp, int *cjk)
{
    *cjk = 0;
    switch (cp) {
    case '.': case '!': case '?': case 0x2026: case 0x0964: case 0x0965: case 0x061F: case 0x06D4:
    case 0x203C: case 0x2047: case 0x2048: case 0x2049:
        return 1;
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61:
        *cjk = 1;
        return 1;
    default:
        return 0;
    }
}

/* Could a sentence start with cp? */
static int starts_sentence(uint32_t cp)
{
    if (cp < 0x80)
        return isupper((int)cp) || isdigit((int)cp) || cp == '"' || cp == '\'' || cp == '(' ||
               cp == '[' || cp == '-';
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat == UTF8PROC_CATEGORY_LL)
        return 0;
    return 1; /* upper case, uncased letters (Devanagari, Arabic, CJK), quotes, dashes */
}

int ss_split_sentences_in(const char *text, size_t len, ss_span p, ss_spans *out)
{
    cursor c = {text, p.start, p.cp_start};
    size_t a = p.start, i = p.start, end = p.end < len ? p.end : len;
    while (i < end) {
        size_t t = i;
        uint32_t cp = ss_utf8_next(text, end, &i);
        int cjk;
        if (!is_terminator(cp, &cjk))
            continue;
        /* more terminators and closers go with this sentence */
        size_t j = i;
        while (j < end) {
            size_t k = j;
            uint32_t d = ss_utf8_next(text, end, &k);
            int cj2;
            if (!is_terminator(d, &cj2) && !is_closer(d))
                break;
            j = k;
        }
        if (j >= end)
            break;
        size_t k = j;
        uint32_t next = ss_utf8_next(text, end, &k);
        int boundary;
        if (cjk) {
            boundary = 1;
        } else if (!is_space_cp(next)) {
            boundary = 0;
        } else {
            size_t m = j;
            uint32_t first = next;
            while (m < end) {
                size_t q = m;
                first = ss_utf8_next(text, end, &q);
                if (!is_space_cp(first))
                    break;
                m = q;
            }
            boundary = m < end && starts_sentence(first);
            if (boundary && cp == '.' && i == j &&
                (is_abbrev(text, a, t) || is_day_before_month(text, a, t, m, end)))
                boundary = is_clock_abbrev(text, a, t) &&
                           (opens_quotation(first) || !clock_goes_on(text, m, end));
        }
        if (boundary) {
            if (push_trimmed(out, &c, a, j))
                return SS_ENOMEM;
            a = j;
        }
        i = j;
    }
    return push_trimmed(out, &c, a, end);
}

int ss_split_sentences(const char *text, size_t len, ss_spans *out)
{
    ss_spans paras;
    ss_spans_init(&paras);
    int rc = ss_split_paragraphs(text, len, &paras);
    out->n = 0;
    for (size_t k = 0; rc == SS_OK && k < paras.n; k++)
        rc = ss_split_sentences_in(text, len, paras.v[k], out);
    ss_spans_release(&paras);
    return rc;
}
