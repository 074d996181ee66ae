/* core/num.c — locale-independent number conversions (see num.h).
 *
 * Design: one C locale object (newlocale) made on first use under
 * pthread_once, freed never (it lives as long as the process, like the
 * C library's own).  Formatting swaps the calling thread's locale with
 * uselocale around snprintf; parsing uses strtod_l, which takes the locale
 * as an argument.  If newlocale fails (no memory at start-up) the calls fall
 * back to the thread's current locale, which is the C locale unless the host
 * program changed it. */
#include "core/num.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static locale_t c_locale = (locale_t)0;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

static locale_t get_c_locale(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int ss_num_format(char *out, size_t cap, const char *fmt, int prec, double v)
{
    locale_t c = get_c_locale();
    locale_t old = c ? uselocale(c) : (locale_t)0;
    int n = snprintf(out, cap, fmt, prec, v);
    if (c)
        uselocale(old);
    return n;
}
#pragma GCC diagnostic pop

double ss_num_parse(const char *s, char **end)
{
    locale_t c = get_c_locale();
    return c ? strtod_l(s, end, c) : strtod(s, end);
}
