/* core/buf.c — growable byte buffer (see buf.h for the invariants). */
#include "core/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

void ss_buf_init(ss_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void ss_buf_release(ss_buf *b)
{
    free(b->data);
    ss_buf_init(b);
}

void ss_free(void *p) { free(p); }

int ss_buf_reserve(ss_buf *b, size_t extra)
{
    if (extra > SIZE_MAX / 2 - b->len)
        return SS_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return SS_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return SS_ENOMEM;
    b->data = p;
    b->cap = cap;
    b->data[b->len] = '\0';
    return SS_OK;
}

int ss_buf_append(ss_buf *b, const void *p, size_t n)
{
    if (ss_buf_reserve(b, n))
        return SS_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SS_OK;
}

int ss_buf_puts(ss_buf *b, const char *s) { return ss_buf_append(b, s, strlen(s)); }

int ss_buf_putc(ss_buf *b, int c)
{
    char ch = (char)c;
    return ss_buf_append(b, &ch, 1);
}

int ss_buf_printf(ss_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return SS_EINVAL;
    if (ss_buf_reserve(b, (size_t)n))
        return SS_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SS_OK;
}

char *ss_buf_detach(ss_buf *b)
{
    if (!b->data && ss_buf_reserve(b, 0))
        return NULL;
    char *p = b->data;
    ss_buf_init(b);
    return p;
}
