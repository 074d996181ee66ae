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
#include "samestory/samestory.h"

/* ss_status, ss_error and ss_strerror are the public header's. */
#define SS_NO_OFFSET UINT64_MAX

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

/* err's message without the "ORIGIN:LINE: " a parser put in front of it
 * (a caller that names the place its own way: "FILE: byte N: ..."); the
 * whole message when it has no such start.  Points into err. */
SS_API const char *ss_error_text_after(const ss_error *err, const char *origin);

/* Put "prefix: " in front of an existing message (for adding a file name). */
SS_API void ss_error_prefix(ss_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
