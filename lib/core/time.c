/* core/time.c — ISO 8601 (and RFC 2822) parsing and civil-calendar arithmetic.
 *
 * The day-count conversions follow the well-known era-based algorithm for
 * the proleptic Gregorian calendar (400-year eras of 146097 days), which is
 * exact for every int64 year we can meet.
 */
#include "core/time.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/error.h"

int64_t ss_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void ss_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int ss_date_valid(int64_t y, unsigned m, unsigned d)
{
    static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    unsigned lim = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        lim = 29;
    return d <= lim;
}

int ss_time_weekday(int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

void ss_time_format_date(int64_t t, char out[11])
{
    int64_t y;
    unsigned m, d;
    ss_civil_from_days(floor_div(t, 86400), &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", (int)y, m % 100, d % 100);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

void ss_time_format_iso(int64_t t, char out[21])
{
    int64_t days = floor_div(t, 86400);
    int64_t secs = t - days * 86400;
    int64_t y;
    unsigned m, d;
    ss_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = y < 0 ? 0 : 9999;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m % 100, d % 100,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    memcpy(out, tmp, 20);
    out[20] = '\0';
}

/* Read exactly n digits at s[*i]; -1 if they are not all digits. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !isdigit((unsigned char)s[*i]))
            return -1;
        v = v * 10 + (s[(*i)++] - '0');
    }
    return v;
}

/* Read one or two digits at s[*i] ("9" or "09": feeds and hand-written
 * records drop the zero); -1 if there is none. */
static int digits12(const char *s, size_t len, size_t *i)
{
    int v = digits(s, len, i, 1);
    if (v >= 0 && *i < len && isdigit((unsigned char)s[*i]))
        v = v * 10 + (s[(*i)++] - '0');
    return v;
}

/* How much of a period a parsed date names (for the end of a range). */
enum { PREC_YEAR, PREC_MONTH, PREC_DAY, PREC_TIME };

/* hh:mm[:ss[.frac]] then an optional zone (Z, +hh, +hh:mm, +hhmm, and as
 * RFC 2822 has them: a space before it, GMT, UT, UTC and the North
 * American zone names), from s[*i]; the seconds of the day in *sec and of
 * the zone east of UTC in *zone.  SS_EPARSE when malformed. */
static int parse_clock(const char *s, size_t n, size_t *i, int *sec, int64_t *zone)
{
    int hh, mm, ss = 0;
    if ((hh = digits12(s, n, i)) < 0)
        return SS_EPARSE;
    if (*i < n && s[*i] == ':')
        (*i)++;
    if ((mm = digits(s, n, i, 2)) < 0)
        return SS_EPARSE;
    if (*i < n && s[*i] == ':') {
        (*i)++;
        if ((ss = digits(s, n, i, 2)) < 0)
            return SS_EPARSE;
        if (*i < n && (s[*i] == '.' || s[*i] == ',')) {
            (*i)++;
            while (*i < n && isdigit((unsigned char)s[*i]))
                (*i)++;
        }
    }
    if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm || ss)))
        return SS_EPARSE; /* 24:00 is the day's end, nothing after it */
    *sec = hh * 3600 + mm * 60 + ss;
    *zone = 0;
    if (*i + 1 < n && s[*i] == ' ' && s[*i + 1] != ' ')
        (*i)++; /* "09:58:00 +0000", "09:58 GMT" */
    static const struct {
        const char *name;
        int hours;
    } names[] = {{"GMT", 0}, {"UTC", 0}, {"UT", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6},
                 {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t l = strlen(names[k].name);
        if (n - *i >= l && strncasecmp(s + *i, names[k].name, l) == 0 &&
            (*i + l == n || !isalpha((unsigned char)s[*i + l]))) {
            *i += l;
            *zone = (int64_t)names[k].hours * 3600;
            return SS_OK;
        }
    }
    if (*i < n && (s[*i] == 'Z' || s[*i] == 'z')) {
        (*i)++;
    } else if (*i < n && (s[*i] == '+' || s[*i] == '-')) {
        int sign = s[(*i)++] == '-' ? -1 : 1;
        int zh = digits(s, n, i, 2), zm = 0;
        if (zh < 0)
            return SS_EPARSE;
        if (*i < n && s[*i] == ':')
            (*i)++;
        if (*i < n && isdigit((unsigned char)s[*i]) && (zm = digits(s, n, i, 2)) < 0)
            return SS_EPARSE;
        if (zh > 23 || zm > 59)
            return SS_EPARSE;
        *zone = sign * (zh * 3600 + zm * 60);
    }
    return SS_OK;
}

/* RFC 2822 as RSS feeds and mail write it: [Mon, ]2 Nov 2026[ 09:58[:00]
 * [zone]]; English month names, three letters or whole. */
/* An English month name at s[*i] (three letters or whole): 1..12, or 0. */
static int month_name(const char *s, size_t n, size_t *i)
{
    static const char *const months[] = {"january", "february", "march",     "april",   "may",      "june",
                                         "july",    "august",   "september", "october", "november", "december"};
    size_t w = *i, e = w;
    while (e < n && isalpha((unsigned char)s[e]))
        e++;
    size_t l = e - w;
    if (e < n && s[e] == '.') /* "Nov." */
        e++;
    for (int k = 0; k < 12 && l >= 3; k++)
        if (strncasecmp(s + w, months[k], 3) == 0 &&
            (l == 3 || (l == 4 && k == 8 && (s[w + 3] == 't' || s[w + 3] == 'T')) || /* Sept */
             (l == strlen(months[k]) && strncasecmp(s + w, months[k], l) == 0))) {
            *i = e;
            return k + 1;
        }
    return 0;
}

/* A year of four digits, or of two as RFC 822 wrote it (26: 2026, 87:
 * 1987). */
static int year_at(const char *s, size_t n, size_t *i)
{
    size_t j = *i;
    int y = digits(s, n, &j, 4);
    if (y >= 0 && (j >= n || !isdigit((unsigned char)s[j]))) {
        *i = j;
        return y;
    }
    j = *i;
    y = digits(s, n, &j, 2);
    if (y < 0 || (j < n && isdigit((unsigned char)s[j])))
        return -1;
    *i = j;
    return y < 50 ? 2000 + y : 1900 + y;
}

/* Day d of month mo of year y, then at s[i] an optional time after a
 * space or a comma ("2 Nov 2026 09:58 GMT", "November 2, 2026, 09:58"),
 * then the end.  The date words parsers share it. */
static int date_then_clock(const char *s, size_t n, size_t i, int y, int mo, int d, int64_t *out, int *prec)
{
    if (!ss_date_valid(y, (unsigned)mo, (unsigned)d))
        return SS_EPARSE;
    int sec = 0;
    int64_t zone = 0;
    *prec = PREC_DAY;
    if (i < n && (s[i] == ' ' || s[i] == ',')) {
        i += s[i] == ',';
        while (i < n && s[i] == ' ')
            i++;
        if (parse_clock(s, n, &i, &sec, &zone))
            return SS_EPARSE;
        *prec = PREC_TIME;
    }
    if (i != n)
        return SS_EPARSE;
    *out = ss_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + sec - zone;
    return SS_OK;
}

/* Dates written with words, as feeds and pages give them: RFC 2822
 * ([Mon, ]2 Nov 2026[ 09:58[:00][ zone]], a two-digit year of RFC 822
 * too) and the month-first English form ([Monday, ]November 2, 2026[
 * 09:58]); English month names, three letters or whole. */
static int parse_words(const char *s, size_t n, size_t i, int64_t *out, int *prec)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    /* a closing comment, "+0000 (UTC)" */
    if (n > i && s[n - 1] == ')') {
        size_t o = n;
        while (o > i && s[o - 1] != '(')
            o--;
        if (o > i) {
            n = o - 1;
            while (n > i && s[n - 1] == ' ')
                n--;
        }
    }
    size_t save = i;
    int mo = isalpha((unsigned char)s[i]) ? month_name(s, n, &i) : 0;
    if (!mo && isalpha((unsigned char)s[i])) { /* the weekday, English */
        size_t w0 = i;
        while (i < n && isalpha((unsigned char)s[i]))
            i++;
        int day = 0;
        for (int k = 0; k < 7 && !day; k++)
            day = i - w0 >= 3 && strncasecmp(s + w0, days[k], 3) == 0;
        if (!day)
            return SS_EPARSE;
        if (i < n && s[i] == ',')
            i++;
        while (i < n && s[i] == ' ')
            i++;
        save = i;
        mo = i < n && isalpha((unsigned char)s[i]) ? month_name(s, n, &i) : 0;
    }
    int d, y;
    if (mo) {
        /* November 2, 2026 */
        while (i < n && s[i] == ' ')
            i++;
        d = digits12(s, n, &i);
        if (d < 0)
            return SS_EPARSE;
        if (i < n && s[i] == ',')
            i++;
        if (i >= n || s[i] != ' ')
            return SS_EPARSE;
        i++;
        if ((y = digits(s, n, &i, 4)) < 0)
            return SS_EPARSE;
    } else {
        /* 2 Nov 2026 */
        i = save;
        d = digits12(s, n, &i);
        if (d < 0 || i >= n || s[i] != ' ')
            return SS_EPARSE;
        i++;
        if (!(mo = month_name(s, n, &i)) || i >= n || s[i] != ' ')
            return SS_EPARSE;
        i++;
        if ((y = year_at(s, n, &i)) < 0)
            return SS_EPARSE;
    }
    return date_then_clock(s, n, i, y, mo, d, out, prec);
}

/* All digits: a Unix time, in seconds (9 or 10 digits: 1973 to 2286) or
 * milliseconds (12 or 13), as scraped JSON writes it in a string. */
static int parse_unix(const char *s, size_t n, size_t i, int64_t *out, int *prec)
{
    size_t l = n - i;
    if (!(l == 9 || l == 10 || l == 12 || l == 13))
        return SS_EPARSE;
    int64_t v = 0;
    for (size_t k = i; k < n; k++) {
        if (!isdigit((unsigned char)s[k]))
            return SS_EPARSE;
        v = v * 10 + (s[k] - '0');
    }
    *out = l >= 12 ? v / 1000 : v;
    *prec = PREC_TIME;
    return SS_OK;
}

/* DD.MM.YYYY as much of Europe writes a date, then an optional time. */
static int parse_dotted(const char *s, size_t n, size_t i, int64_t *out, int *prec)
{
    int d = digits12(s, n, &i);
    if (d < 0 || i >= n || s[i] != '.')
        return SS_EPARSE;
    i++;
    int mo = digits12(s, n, &i);
    if (mo < 0 || i >= n || s[i] != '.')
        return SS_EPARSE;
    i++;
    int y = digits(s, n, &i, 4);
    if (y < 0)
        return SS_EPARSE;
    return date_then_clock(s, n, i, y, mo, d, out, prec);
}

static int parse_time(const char *s, size_t n, int64_t *out, int *prec)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    size_t start = i;
    if (start < n && isalpha((unsigned char)s[start]))
        return parse_words(s, n, start, out, prec);
    if (parse_unix(s, n, start, out, prec) == SS_OK)
        return SS_OK;
    size_t k = start;
    while (k < n && isdigit((unsigned char)s[k]))
        k++;
    if (k < n && s[k] == '.' && k - start <= 2)
        return parse_dotted(s, n, start, out, prec);
    if (k < n && s[k] == ' ' && k - start <= 2)
        return parse_words(s, n, start, out, prec);
    int y = digits(s, n, &i, 4);
    if (y < 0)
        return SS_EPARSE;
    unsigned mo = 1, d = 1;
    int sec = 0;
    int64_t zone = 0;
    *prec = PREC_YEAR;
    char sep = i < n && (s[i] == '-' || s[i] == '/') ? s[i] : 0; /* 2026-11-02, 2026/11/02 */
    if (sep) {
        i++;
        int v = digits12(s, n, &i);
        if (v < 0)
            return SS_EPARSE;
        mo = (unsigned)v;
        *prec = PREC_MONTH;
        if (i < n && s[i] == sep) {
            i++;
            if ((v = digits12(s, n, &i)) < 0)
                return SS_EPARSE;
            d = (unsigned)v;
            *prec = PREC_DAY;
        }
    } else if (n - i >= 4 && isdigit((unsigned char)s[i])) {
        int v = digits(s, n, &i, 2), w = digits(s, n, &i, 2);
        if (v < 0 || w < 0)
            return SS_EPARSE;
        mo = (unsigned)v;
        d = (unsigned)w;
        *prec = PREC_DAY;
    }
    if (!ss_date_valid(y, mo, d))
        return SS_EPARSE;
    if (*prec == PREC_DAY && i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        if (parse_clock(s, n, &i, &sec, &zone))
            return SS_EPARSE;
        *prec = PREC_TIME;
    }
    if (i != n)
        return SS_EPARSE;
    *out = ss_days_from_civil(y, mo, d) * 86400 + sec - zone;
    return SS_OK;
}

int ss_time_parse(const char *s, size_t n, int64_t *out)
{
    int prec;
    return parse_time(s, n, out, &prec);
}

int ss_time_parse_end(const char *s, size_t n, int64_t *out)
{
    int64_t t;
    int prec;
    if (parse_time(s, n, &t, &prec) != SS_OK)
        return SS_EPARSE;
    int64_t y;
    unsigned m, d;
    ss_civil_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &y, &m, &d);
    if (prec == PREC_DAY)
        t += 86399;
    else if (prec == PREC_MONTH)
        t = ss_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) * 86400 - 1;
    else if (prec == PREC_YEAR)
        t = ss_days_from_civil(y + 1, 1, 1) * 86400 - 1;
    *out = t;
    return SS_OK;
}
