/* core/error.c — status names and error-record formatting (see error.h). */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ss_strerror(int code)
{
    switch (code) {
    case SS_OK: return "success";
    case SS_ENOMEM: return "out of memory";
    case SS_EIO: return "input/output error";
    case SS_EPARSE: return "malformed input";
    case SS_EINVAL: return "invalid argument";
    case SS_ETOOBIG: return "input too large";
    case SS_EFORMAT: return "corrupt or unsupported file format";
    case SS_ENOTFOUND: return "not found";
    case SS_EDUPID: return "duplicate id";
    case SS_EMISSING: return "missing or invalid field";
    case SS_ENODATA: return "required data not installed";
    case SS_EINTERNAL: return "internal error";
    case SS_EBUSY: return "in use by another run";
    default: return "unknown error";
    }
}

void ss_error_clear(ss_error *err)
{
    if (!err)
        return;
    err->code = SS_OK;
    err->line = 0;
    err->offset = SS_NO_OFFSET;
    err->msg[0] = '\0';
}

__attribute__((format(printf, 3, 0))) static void set_v(ss_error *err, int code,
                                                      const char *fmt, va_list ap)
{
    err->code = code;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int ss_error_set(ss_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    set_v(err, code, fmt, ap);
    va_end(ap);
    err->line = 0;
    err->offset = SS_NO_OFFSET;
    return code;
}

int ss_error_set_at(ss_error *err, int code, uint64_t line, uint64_t offset, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    set_v(err, code, fmt, ap);
    va_end(ap);
    err->line = line;
    err->offset = offset;
    return code;
}

const char *ss_error_text_after(const ss_error *err, const char *origin)
{
    const char *m = err->msg;
    size_t n = origin ? strlen(origin) : 0;
    if (!n || strncmp(m, origin, n) != 0 || m[n] != ':')
        return m;
    const char *p = m + n + 1;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > m + n + 1 && p[0] == ':' && p[1] == ' ' ? p + 2 : m;
}

void ss_error_prefix(ss_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char head[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    size_t h = strlen(head), cap = sizeof err->msg;
    if (h + 2 >= cap)
        h = cap - 3;
    size_t old = strnlen(err->msg, cap - 1);
    if (h + 2 + old >= cap)
        old = cap - 1 - h - 2;
    memmove(err->msg + h + 2, err->msg, old);
    memcpy(err->msg, head, h);
    err->msg[h] = ':';
    err->msg[h + 1] = ' ';
    err->msg[h + 2 + old] = '\0';
}
