/* output/json.c — streaming JSON writer (see json.h). */
#include "output/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/num.h"

void ss_jw_init(ss_jw *w, ss_buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void put(ss_jw *w, const char *s, size_t n)
{
    if (!w->err && ss_buf_append(w->out, s, n))
        w->err = SS_ENOMEM;
}

/* Before a value: a comma if the container has items, unless after a key. */
static void sep(ss_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        uint64_t bit = 1ull << (w->depth - 1);
        if (w->has_items & bit)
            put(w, ",", 1);
        w->has_items |= bit;
    }
}

static void open_c(ss_jw *w, char c)
{
    sep(w);
    put(w, &c, 1);
    if (w->depth < 64) {
        w->depth++;
        w->has_items &= ~(1ull << (w->depth - 1));
    }
}

static void close_c(ss_jw *w, char c)
{
    put(w, &c, 1);
    if (w->depth > 0)
        w->depth--;
}

/* Length of the well-formed UTF-8 sequence that starts at u[0..n), or 0 if
 * none does (a stray continuation byte, an overlong form, an encoded
 * surrogate, a code point past U+10FFFF, or a sequence cut short). */
static size_t utf8_seq(const unsigned char *u, size_t n)
{
    unsigned c = u[0];
    if (c < 0x80)
        return 1;
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F; /* U+D800..U+DFFF are not characters */
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (u[1] < lo || u[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((u[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

void ss_jw_obj(ss_jw *w) { open_c(w, '{'); }
void ss_jw_obj_end(ss_jw *w) { close_c(w, '}'); }
void ss_jw_arr(ss_jw *w) { open_c(w, '['); }
void ss_jw_arr_end(ss_jw *w) { close_c(w, ']'); }

int ss_json_escape(ss_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (ss_buf_reserve(b, n + 2))
        return SS_ENOMEM;
    if (ss_buf_putc(b, '"'))
        return SS_ENOMEM;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4], u[5] = hex[c & 15];
            u[6] = 0;
            esc = u;
        } else if (c >= 0x80) {
            /* U+2028 and U+2029 are escaped (JavaScript before ES2019 ends a
             * string there); ill-formed bytes (the input readers repair
             * documents, but the writer is public) become one U+FFFD each,
             * so the output is always valid UTF-8 and valid JSON */
            size_t seq = utf8_seq((const unsigned char *)s + i, n - i);
            if (seq == 3 && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
                if (ss_buf_append(b, s + i - run, run) || ss_buf_puts(b, esc))
                    return SS_ENOMEM;
                run = 0;
                i += 2;
                continue;
            }
            if (seq == 0) {
                esc = "\xEF\xBF\xBD";
            } else {
                run += seq;
                i += seq - 1;
                continue;
            }
        }
        if (esc) {
            if (ss_buf_append(b, s + i - run, run) || ss_buf_puts(b, esc))
                return SS_ENOMEM;
            run = 0;
        } else {
            run++;
        }
    }
    if (ss_buf_append(b, s + n - run, run) || ss_buf_putc(b, '"'))
        return SS_ENOMEM;
    return SS_OK;
}

void ss_jw_key(ss_jw *w, const char *key)
{
    sep(w);
    if (!w->err && (ss_json_escape(w->out, key, strlen(key)) || ss_buf_putc(w->out, ':')))
        w->err = SS_ENOMEM;
    w->after_key = 1;
}

void ss_jw_strn(ss_jw *w, const char *s, size_t n)
{
    sep(w);
    if (!w->err && ss_json_escape(w->out, s, n))
        w->err = SS_ENOMEM;
}

void ss_jw_str(ss_jw *w, const char *s)
{
    if (!s) {
        ss_jw_null(w);
        return;
    }
    ss_jw_strn(w, s, strlen(s));
}

void ss_jw_int(ss_jw *w, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%" PRId64, v);
    sep(w);
    put(w, tmp, (size_t)n);
}

void ss_jw_uint(ss_jw *w, uint64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%" PRIu64, v);
    sep(w);
    put(w, tmp, (size_t)n);
}

void ss_jw_double(ss_jw *w, double v, int decimals)
{
    if (!isfinite(v)) {
        ss_jw_null(w);
        return;
    }
    char tmp[64];
    if (decimals < 0)
        decimals = 0;
    if (decimals > 17)
        decimals = 17;
    int n = ss_num_format(tmp, sizeof tmp, "%.*f", decimals, v);
    if (n < 0 || (size_t)n >= sizeof tmp)
        n = ss_num_format(tmp, sizeof tmp, "%.*g", 17, v);
    else if (memchr(tmp, '.', (size_t)n)) {
        while (n > 0 && tmp[n - 1] == '0')
            n--;
        if (n > 0 && tmp[n - 1] == '.')
            n--;
    }
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        tmp[0] = '0', n = 1;
    sep(w);
    put(w, tmp, (size_t)n);
}

void ss_jw_bool(ss_jw *w, int v)
{
    sep(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void ss_jw_null(ss_jw *w)
{
    sep(w);
    put(w, "null", 4);
}

void ss_jw_members(ss_jw *w, const char *members)
{
    if (!members || !members[0])
        return;
    sep(w);
    put(w, members, strlen(members));
}
