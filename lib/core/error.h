/* core/error.h — status codes and the error record fallible calls fill.
 *
 * Every fallible library function returns an int status: SS_OK (0) or a
 * negative SS_E* code, and, when given a non-NULL ss_error*, fills it with
 * the code, a human-readable message that names the place (file, line or
 * byte offset) and the reason.  The library never prints and never exits;
 * the caller decides what to tell the user.  ss_strerror() names a code.
 */
#ifndef SS_CORE_ERROR_H
#define SS_CORE_ERROR_H

#include <stdint.h>

#include "core/api.h"

typedef enum ss_status {
    SS_OK = 0,
    SS_ENOMEM = -1,       /* out of memory */
    SS_EIO = -2,          /* a read or write failed (file missing, unreadable, ...) */
    SS_EPARSE = -3,       /* malformed input: JSON, HTML, WARC, ... */
    SS_EINVAL = -4,       /* invalid argument or option value */
    SS_ETOOBIG = -5,      /* input over a documented size cap */
    SS_EFORMAT = -6,      /* corrupt or truncated file, wrong magic or version */
    SS_ENOTFOUND = -7,    /* a named thing does not exist */
    SS_EDUPID = -8,       /* a document id seen before */
    SS_EMISSING = -9,     /* a required field is missing or of the wrong type */
    SS_ENODATA = -10,     /* a data file the library needs is not installed */
    SS_EINTERNAL = -11,   /* a bug: an invariant did not hold */
    SS_EBUSY = -12        /* a file is locked by another run */
} ss_status;

#define SS_NO_OFFSET UINT64_MAX

typedef struct ss_error {
    int code;             /* SS_OK or a negative ss_status */
    uint64_t line;        /* 1-based line of the input the error is about, 0 if none */
    uint64_t offset;      /* byte offset in the input, SS_NO_OFFSET if none */
    char msg[1024];       /* full message: "where: reason" */
} ss_error;

/* Name of a status code ("out of memory", ...); never NULL. */
SS_API const char *ss_strerror(int code);

/* Reset an error record to SS_OK with an empty message.  NULL is a no-op. */
SS_API void ss_error_clear(ss_error *err);

/* Fill err (if not NULL) with code and a printf-style message; returns code
 * so that callers can write `return ss_error_set(err, SS_EIO, ...)`. */
SS_API int ss_error_set(ss_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like ss_error_set, and records the line and byte offset as well. */
SS_API int ss_error_set_at(ss_error *err, int code, uint64_t line, uint64_t offset,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Put "prefix: " in front of an existing message (for adding a file name). */
SS_API void ss_error_prefix(ss_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
