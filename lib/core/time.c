/* core/time.c — ISO 8601 parsing and civil-calendar arithmetic.
 *
 * The day-count conversions follow the well-known era-based algorithm for
 * the proleptic Gregorian calendar (400-year eras of 146097 days), which is
 * exact for every int64 year we can meet.
 */
#include "core/time.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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

int ss_time_parse(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    int y = digits(s, n, &i, 4);
    if (y < 0)
        return SS_EPARSE;
    unsigned mo = 1, d = 1;
    int hh = 0, mm = 0, ss = 0;
    int64_t zone = 0;
    if (i < n && s[i] == '-') {
        i++;
        int v = digits(s, n, &i, 2);
        if (v < 0)
            return SS_EPARSE;
        mo = (unsigned)v;
        if (i < n && s[i] == '-') {
            i++;
            if ((v = digits(s, n, &i, 2)) < 0)
                return SS_EPARSE;
            d = (unsigned)v;
        }
    } else if (n - i >= 4 && isdigit((unsigned char)s[i])) {
        int v = digits(s, n, &i, 2), w = digits(s, n, &i, 2);
        if (v < 0 || w < 0)
            return SS_EPARSE;
        mo = (unsigned)v;
        d = (unsigned)w;
    }
    if (!ss_date_valid(y, mo, d))
        return SS_EPARSE;
    if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        if ((hh = digits(s, n, &i, 2)) < 0)
            return SS_EPARSE;
        if (i < n && s[i] == ':')
            i++;
        if ((mm = digits(s, n, &i, 2)) < 0)
            return SS_EPARSE;
        if (i < n && s[i] == ':') {
            i++;
            if ((ss = digits(s, n, &i, 2)) < 0)
                return SS_EPARSE;
            if (i < n && (s[i] == '.' || s[i] == ',')) {
                i++;
                while (i < n && isdigit((unsigned char)s[i]))
                    i++;
            }
        }
        if (hh > 24 || mm > 59 || ss > 60)
            return SS_EPARSE;
        if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i++] == '-' ? -1 : 1;
            int zh = digits(s, n, &i, 2), zm = 0;
            if (zh < 0)
                return SS_EPARSE;
            if (i < n && s[i] == ':')
                i++;
            if (i < n && isdigit((unsigned char)s[i]) && (zm = digits(s, n, &i, 2)) < 0)
                return SS_EPARSE;
            if (zh > 23 || zm > 59)
                return SS_EPARSE;
            zone = sign * (zh * 3600 + zm * 60);
        }
    }
    if (i != n)
        return SS_EPARSE;
    *out = ss_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss - zone;
    return SS_OK;
}

int ss_time_parse_end(const char *s, size_t n, int64_t *out)
{
    int64_t t;
    if (ss_time_parse(s, n, &t) != SS_OK)
        return SS_EPARSE;
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    size_t len = n - i;
    int64_t y;
    unsigned m, d;
    ss_civil_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &y, &m, &d);
    if (len == 10 || len == 8) /* YYYY-MM-DD, YYYYMMDD */
        t += 86399;
    else if (len == 7) /* YYYY-MM */
        t = ss_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) * 86400 - 1;
    else if (len == 4) /* YYYY */
        t = ss_days_from_civil(y + 1, 1, 1) * 86400 - 1;
    *out = t;
    return SS_OK;
}
